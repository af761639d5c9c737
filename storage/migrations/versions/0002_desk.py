"""The staff desk: ticket context, forum topics, relayed desk messages, knowledge drafts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 23:17:52.275904
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "knowledge_draft",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("ticket_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("similar_entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("author", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(
            ["published_entry_id"],
            ["knowledge_entry.id"],
            name=op.f("fk_knowledge_draft_published_entry_id_knowledge_entry"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["similar_entry_id"],
            ["knowledge_entry.id"],
            name=op.f("fk_knowledge_draft_similar_entry_id_knowledge_entry"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_knowledge_draft_ticket_id_ticket"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_draft")),
    )
    with op.batch_alter_table("knowledge_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_knowledge_draft_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "relay_message",
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("chat_id", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=False),
        sa.Column("ticket_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("draft_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("purpose", sa.String(length=24), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["knowledge_draft.id"],
            name=op.f("fk_relay_message_draft_id_knowledge_draft"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_relay_message_ticket_id_ticket"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("channel", "chat_id", "message_id", name=op.f("pk_relay_message")),
    )
    with op.batch_alter_table("relay_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relay_message_ticket_id"), ["ticket_id"], unique=False)

    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=False, server_default="zh-CN"))
        batch_op.add_column(
            sa.Column(
                "context",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=False,
                server_default="{}",
            )
        )
        batch_op.add_column(sa.Column("desk_thread_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("callback_phone", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("sla_pings", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_column("sla_pings")
        batch_op.drop_column("callback_phone")
        batch_op.drop_column("desk_thread_id")
        batch_op.drop_column("context")
        batch_op.drop_column("language")

    with op.batch_alter_table("relay_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_relay_message_ticket_id"))

    op.drop_table("relay_message")
    with op.batch_alter_table("knowledge_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_knowledge_draft_ticket_id"))

    op.drop_table("knowledge_draft")
