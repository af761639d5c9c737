"""Timed work, channel-neutral: what a job handler gets, and how flows schedule jobs.

The runner (``bot/jobs.py``) claims a due job, builds a :class:`JobContext`
on the job's own transaction, and calls the handler registered for the job's
kind in ``handlers.registry.JOBS``. Whatever the handler changes and every
reply it sends (written to the outbox) commit together with the job being
marked done; if the handler raises, all of it rolls back and the job is
tried again later.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.context import Services
from handlers.types import Reply
from storage import outbox

__all__ = ["JobContext", "JobHandler"]


@dataclass(slots=True)
class JobContext:
    """One due job being run: its payload, the session of its transaction, and the services."""

    session: AsyncSession
    services: Services
    kind: str
    payload: dict[str, Any]
    dedupe_key: str | None = None
    sent: int = 0

    def now(self) -> datetime:
        return self.services.clock()

    def send(self, channel: str, chat_id: str, reply: Reply) -> None:
        """Queue a message in the outbox, in this job's transaction."""
        outbox.enqueue(self.session, channel, chat_id, reply.to_json(), now=self.now())
        self.sent += 1

    def _(self, language: str, message: str, **params: Any) -> str:
        """``message`` from the catalog in ``language`` (a job has no one person to speak to)."""
        return self.services.translator.gettext(language, message, **params)


JobHandler = Callable[[JobContext], Awaitable[None]]
