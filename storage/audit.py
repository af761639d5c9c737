"""The audit log: who did what to whom, for the actions staff and admins take."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, JsonDoc, UtcDateTime, utcnow


class AuditLog(Base):
    """One recorded action."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(48), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


def record(session: AsyncSession, actor: str, action: str, **detail: Any) -> None:
    """Add an audit row to the current transaction."""
    session.add(AuditLog(actor=actor, action=action, detail=detail))
