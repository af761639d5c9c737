"""Timed work as data: reminders, follow-up surveys and SLA pings are rows with ``due_at``."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, BigIntPK, JsonDoc, UtcDateTime, utcnow


class JobStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


class Job(Base):
    """One piece of timed work; ``dedupe_key`` keeps the same job from being scheduled twice."""

    __tablename__ = "job"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    status: Mapped[str] = mapped_column(String(12), default=JobStatus.PENDING, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
