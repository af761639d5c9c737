"""Aftercare: service visits, follow-up surveys, the question log, new-car deliveries, one rating per ticket.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
RATED_ONCE = sa.text("kind IN ('ticket', 'service')")


def upgrade() -> None:
    op.create_table(
        "visit",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("order_no", sa.String(length=40), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("customer_id", BIGINT, nullable=True),
        sa.Column("vehicle_id", BIGINT, nullable=True),
        sa.Column("booking_id", BIGINT, nullable=True),
        sa.Column("plate", sa.String(length=16), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("service", sa.String(length=80), nullable=False),
        sa.Column("advisor", sa.String(length=80), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"], ["booking.id"], name=op.f("fk_visit_booking_id_booking"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_visit_customer_id_customer"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["vehicle_id"], ["vehicle.id"], name=op.f("fk_visit_vehicle_id_vehicle"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_visit_booking_id")),
        sa.UniqueConstraint("order_no", name=op.f("uq_visit_order_no")),
    )
    op.create_index(op.f("ix_visit_customer_id"), "visit", ["customer_id"], unique=False)
    op.create_index(op.f("ix_visit_visit_date"), "visit", ["visit_date"], unique=False)
    op.create_table(
        "visit_survey",
        sa.Column("visit_id", BIGINT, nullable=False),
        sa.Column("customer_id", BIGINT, nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("overall", sa.Integer(), nullable=True),
        sa.Column("advisor", sa.Integer(), nullable=True),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("on_time", sa.Boolean(), nullable=True),
        sa.Column("recommend", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ticket_id", BIGINT, nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_visit_survey_customer_id_customer"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_visit_survey_ticket_id_ticket"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"], ["visit.id"], name=op.f("fk_visit_survey_visit_id_visit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("visit_id", name=op.f("pk_visit_survey")),
    )
    op.create_table(
        "question_event",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", BIGINT, nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("normalized", sa.String(length=512), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("entry_id", BIGINT, nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_question_event_customer_id_customer"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["knowledge_entry.id"],
            name=op.f("fk_question_event_entry_id_knowledge_entry"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_event")),
    )
    op.create_index(op.f("ix_question_event_asked_at"), "question_event", ["asked_at"], unique=False)
    op.create_index("ix_question_event_chat", "question_event", ["channel", "chat_id"], unique=False)
    op.create_table(
        "car_delivery",
        sa.Column("id", BIGINT, nullable=False),
        sa.Column("plate", sa.String(length=16), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=True),
        sa.Column("customer_id", BIGINT, nullable=True),
        sa.Column("letter_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mileage_km", sa.Integer(), nullable=True),
        sa.Column("mileage_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customer.id"], name=op.f("fk_car_delivery_customer_id_customer"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_car_delivery")),
        sa.UniqueConstraint("plate", name=op.f("uq_car_delivery_plate")),
    )
    op.create_index(op.f("ix_car_delivery_phone"), "car_delivery", ["phone"], unique=False)
    op.create_index(
        "uq_feedback_rated_once",
        "feedback",
        ["kind", "subject_id"],
        unique=True,
        sqlite_where=RATED_ONCE,
        postgresql_where=RATED_ONCE,
    )


def downgrade() -> None:
    op.drop_index("uq_feedback_rated_once", table_name="feedback")
    op.drop_index(op.f("ix_car_delivery_phone"), table_name="car_delivery")
    op.drop_table("car_delivery")
    op.drop_index("ix_question_event_chat", table_name="question_event")
    op.drop_index(op.f("ix_question_event_asked_at"), table_name="question_event")
    op.drop_table("question_event")
    op.drop_table("visit_survey")
    op.drop_index(op.f("ix_visit_visit_date"), table_name="visit")
    op.drop_index(op.f("ix_visit_customer_id"), table_name="visit")
    op.drop_table("visit")
