"""Customer phones: every number a customer gave, so an older one still finds them.

The existing contact numbers are copied in, dated when the customer was created.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "customer_phone",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("customer_id", BIGINT, nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
            name=op.f("fk_customer_phone_customer_id_customer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_phone")),
        sa.UniqueConstraint("customer_id", "phone", name=op.f("uq_customer_phone_customer_id_phone")),
    )
    with op.batch_alter_table("customer_phone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_phone_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_customer_phone_phone"), ["phone"], unique=False)
    op.execute(
        "INSERT INTO customer_phone (customer_id, phone, added_at) "
        "SELECT id, phone, created_at FROM customer WHERE phone IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_table("customer_phone")
