"""Booking: capacity counters, the catalogue document, the waitlist, and what a booking holds.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 23:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "slot_load",
        sa.Column("bay_kind", sa.String(length=32), nullable=False),
        sa.Column("slot_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.CheckConstraint("used >= 0", name=op.f("ck_slot_load_used_not_negative")),
        sa.PrimaryKeyConstraint("bay_kind", "slot_at", name=op.f("pk_slot_load")),
    )
    op.create_table(
        "booking_catalogue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document", JSON_DOC, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_catalogue")),
    )
    with op.batch_alter_table("service_type", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bay_kind", sa.String(length=32), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("bays", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("slots", JSON_DOC, nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("cancel_reason", sa.Text(), nullable=True))
    op.create_table(
        "waitlist_entry",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("customer_id", BIGINT, nullable=False),
        sa.Column("service_code", sa.String(length=32), nullable=False),
        sa.Column("vehicle_id", BIGINT, nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("offer_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offer_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("offer_slots", JSON_DOC, nullable=False),
        sa.Column("offer_bay_kind", sa.String(length=32), nullable=True),
        sa.Column("offer_bays", sa.Integer(), nullable=False),
        sa.Column("offer_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("booking_id", BIGINT, nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_waitlist_entry_customer_id_customer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["service_code"], ["service_type.code"], name=op.f("fk_waitlist_entry_service_code_service_type")
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicle.id"], name=op.f("fk_waitlist_entry_vehicle_id_vehicle"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["booking.id"], name=op.f("fk_waitlist_entry_booking_id_booking"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entry")),
    )
    with op.batch_alter_table("waitlist_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_waitlist_entry_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_waitlist_entry_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_waitlist_entry_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("waitlist_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_waitlist_entry_status"))
        batch_op.drop_index(batch_op.f("ix_waitlist_entry_day"))
        batch_op.drop_index(batch_op.f("ix_waitlist_entry_customer_id"))
    op.drop_table("waitlist_entry")
    with op.batch_alter_table("booking", schema=None) as batch_op:
        for column in ("cancel_reason", "cancelled_at", "arrived_at", "confirmed_at", "slots", "bays", "bay_kind"):
            batch_op.drop_column(column)
    with op.batch_alter_table("service_type", schema=None) as batch_op:
        batch_op.drop_column("position")
    op.drop_table("booking_catalogue")
    op.drop_table("slot_load")
