"""Timed work as data: reminders, follow-up surveys and SLA pings are rows with ``due_at``.

A runner claims one due job at a time inside the transaction that runs it
(docs/architecture.md, "Timed work is rows"): on PostgreSQL the claim skips rows another worker holds
(``FOR UPDATE SKIP LOCKED``); on SQLite the claim is a single UPDATE, and
SQLite lets one writer at a time, so two workers never run the same job. A
worker that dies mid-job rolls back, and the job is due again.

``dedupe_key`` names a piece of work (``booking:12:reminder:day_before:…``):
scheduling it again reschedules the pending job instead of adding a second,
and a job that already ran is never scheduled again under the same key.
Keys are grouped by prefix so everything about one subject can be cancelled
at once (``booking:12:``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, String, Text, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
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


def _is_postgres(session: AsyncSession) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


async def schedule(
    session: AsyncSession,
    kind: str,
    *,
    due_at: datetime,
    payload: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> None:
    """Add a job, or reschedule the pending (or cancelled) one with the same ``dedupe_key``.

    A job with that key that is done or failed stays as it is: work that ran
    once is not scheduled again.
    """
    values: dict[str, Any] = {
        "kind": kind,
        "dedupe_key": dedupe_key,
        "payload": payload or {},
        "due_at": due_at,
        "status": JobStatus.PENDING,
        "attempts": 0,
        "created_at": utcnow(),
    }
    if dedupe_key is None:
        session.add(Job(**values))
        await session.flush()
        return
    revivable = Job.__table__.c.status.in_((JobStatus.PENDING, JobStatus.CANCELLED))
    again = {"kind": kind, "payload": values["payload"], "due_at": due_at, "status": JobStatus.PENDING}
    if _is_postgres(session):
        pg = postgresql.insert(Job).values(values)
        await session.execute(pg.on_conflict_do_update(index_elements=["dedupe_key"], set_=again, where=revivable))
    else:
        lite = sqlite.insert(Job).values(values)
        await session.execute(lite.on_conflict_do_update(index_elements=["dedupe_key"], set_=again, where=revivable))


async def claim_next(session: AsyncSession, *, now: datetime) -> Job | None:
    """Take the most overdue job for this transaction, or None when nothing is due.

    The job stays pending until :func:`complete` in the same transaction; a
    rollback leaves it due again.
    """
    due = select(Job.id).where(Job.status == JobStatus.PENDING, Job.due_at <= now).order_by(Job.due_at, Job.id).limit(1)
    if _is_postgres(session):
        due = due.with_for_update(skip_locked=True)
    result = await session.execute(
        update(Job)
        .where(Job.id == due.scalar_subquery(), Job.status == JobStatus.PENDING)
        .values(attempts=Job.attempts + 1)
        .returning(Job)
        .execution_options(synchronize_session=False)
    )
    return result.scalar_one_or_none()


async def complete(session: AsyncSession, job_id: int, *, now: datetime) -> None:
    await session.execute(
        update(Job).where(Job.id == job_id).values(status=JobStatus.DONE, finished_at=now, last_error=None)
    )


async def record_failure(
    session: AsyncSession, job_id: int, *, retry_at: datetime, error: str, max_attempts: int, now: datetime
) -> bool:
    """Count a failed run and schedule the next try; True when it has now failed for good."""
    job = await session.get(Job, job_id, populate_existing=True)
    if job is None or job.status != JobStatus.PENDING:
        return False
    job.attempts += 1
    job.last_error = error[:2000]
    if job.attempts >= max_attempts:
        job.status, job.finished_at = JobStatus.FAILED, now
    else:
        job.due_at = retry_at
    await session.flush()
    return job.status == JobStatus.FAILED


async def cancel(session: AsyncSession, dedupe_key: str) -> int:
    """Cancel the pending job with this key; returns how many were cancelled (0 or 1)."""
    result = await session.execute(
        update(Job)
        .where(Job.dedupe_key == dedupe_key, Job.status == JobStatus.PENDING)
        .values(status=JobStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


async def cancel_prefix(session: AsyncSession, prefix: str) -> int:
    """Cancel every pending job whose key starts with ``prefix`` (all of one booking's reminders)."""
    result = await session.execute(
        update(Job)
        .where(Job.dedupe_key.startswith(prefix, autoescape=True), Job.status == JobStatus.PENDING)
        .values(status=JobStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0))


async def with_prefix(session: AsyncSession, prefix: str) -> list[Job]:
    """Every job whose key starts with ``prefix``, in due order (for staff views and tests)."""
    result = await session.scalars(
        select(Job).where(Job.dedupe_key.startswith(prefix, autoescape=True)).order_by(Job.due_at, Job.id)
    )
    return list(result)
