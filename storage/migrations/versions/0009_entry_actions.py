"""Entry actions: buttons under a knowledge entry's answer that start a flow (book, my bookings, a person, hotline).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("knowledge_entry") as batch:
        batch.add_column(sa.Column("actions", sa.String(length=120), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("knowledge_entry") as batch:
        batch.drop_column("actions")
