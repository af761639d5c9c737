"""Match tuning: the FAQ matcher's thresholds and confidence model, shared by every worker.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 00:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "match_tuning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_threshold", sa.Float(), nullable=False),
        sa.Column("suggest_threshold", sa.Float(), nullable=False),
        sa.Column("calibration", sa.Text(), nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.Column("tuned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tuned_by", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_tuning")),
    )


def downgrade() -> None:
    op.drop_table("match_tuning")
