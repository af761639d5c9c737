"""The job runner: claims due jobs from the database and runs them, one transaction per job.

Usage: ``await JobRunner(sessions, services).run_due()`` runs everything due
now (the console does this between lines); ``asyncio.create_task(runner.run(
interval=5))`` keeps doing it in the background (the Telegram adapter), after
planning the recurring jobs of ``handlers.registry.PERIODIC``. Any
number of runners may share a database: a job is claimed inside the
transaction that runs it (``storage.jobs.claim_next``), so it runs once. A
job whose handler raises is rolled back, retried with backoff, and marked
failed after ``max_attempts``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from handlers.context import Services
from handlers.jobs import JobContext
from handlers.registry import JOBS, PERIODIC
from storage import SessionFactory, jobs

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
MAX_BACKOFF = timedelta(hours=1)


class UnknownJobKind(Exception):
    """A job whose kind no handler is registered for (a newer worker scheduled it, or a typo)."""


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes between tries, at most an hour."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


class JobRunner:
    """Runs due jobs; ``on_sent`` is called after a job queued messages (wake the outbox)."""

    def __init__(
        self,
        sessions: SessionFactory,
        services: Services,
        clock: Callable[[], datetime] | None = None,
        *,
        on_sent: Callable[[], None] | None = None,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        self.sessions = sessions
        self.services = services
        self.clock = clock or services.clock
        self.on_sent = on_sent
        self.max_attempts = max_attempts

    async def run_due(self, limit: int = 100) -> int:
        """Run jobs due now until none is left (or ``limit``); returns how many ran (failed ones included)."""
        ran = 0
        while ran < limit and await self._run_one():
            ran += 1
        return ran

    async def _run_one(self) -> bool:
        now = self.clock()
        claimed: tuple[int, int] | None = None
        sent = 0
        try:
            async with self.sessions() as session, session.begin():
                job = await jobs.claim_next(session, now=now)
                if job is None:
                    return False
                claimed = (job.id, job.attempts)
                handler = JOBS.get(job.kind)
                if handler is None:
                    raise UnknownJobKind(job.kind)
                context = JobContext(session, self.services, job.kind, dict(job.payload), job.dedupe_key)
                await handler(context)
                await context.remember_options()
                await jobs.complete(session, job.id, now=now)
                sent = context.sent
        except Exception as error:
            if claimed is None:
                raise
            job_id, attempts = claimed
            logger.exception("job %s failed (attempt %s)", job_id, attempts)
            async with self.sessions() as session, session.begin():
                failed = await jobs.record_failure(
                    session,
                    job_id,
                    retry_at=now + backoff(attempts),
                    error=repr(error),
                    max_attempts=1 if isinstance(error, UnknownJobKind) else self.max_attempts,
                    now=now,
                )
            if failed:
                logger.error("job %s failed for good: %r", job_id, error)
            return True
        if sent and self.on_sent is not None:
            self.on_sent()
        return True

    async def plan_periodic(self) -> None:
        """Plan the next run of each recurring job; every worker may do this, each run is scheduled once."""
        async with self.sessions() as session, session.begin():
            for plan in PERIODIC:
                await plan(session, self.services)

    async def run(self, interval: float = 5.0) -> None:
        """Plan the recurring jobs, then run due jobs every ``interval`` seconds until cancelled.

        A failing database is logged, not fatal: planning is tried again until it succeeds.
        """
        planned = False
        while True:
            try:
                if not planned:
                    await self.plan_periodic()
                    planned = True
                await self.run_due()
            except Exception:
                logger.exception("job runner could not reach the database; will try again")
            await asyncio.sleep(interval)
