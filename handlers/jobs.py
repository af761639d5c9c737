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
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.context import Services
from handlers.numbered import remember_shown
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
    queued: list[tuple[str, str, Reply, outbox.OutboxMessage]] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return len(self.queued)

    def now(self) -> datetime:
        return self.services.clock()

    def send(self, channel: str, chat_id: str, reply: Reply) -> None:
        """Queue a message in the outbox, in this job's transaction."""
        message = outbox.enqueue(self.session, channel, chat_id, reply.to_json(), now=self.now())
        self.queued.append((channel, chat_id, reply, message))

    async def remember_options(self) -> None:
        """Keep the numbered options of what was queued, as the router does (a reminder's buttons on the console)."""
        await self.session.flush()
        shown = [(channel, chat_id, reply, message.id) for channel, chat_id, reply, message in self.queued]
        await remember_shown(self.session, shown, self.services.config.text_only_channels, now=self.now())

    def _(self, language: str, message: str, **params: Any) -> str:
        """``message`` from the catalog in ``language`` (a job has no one person to speak to)."""
        return self.services.translator.gettext(language, message, **params)


JobHandler = Callable[[JobContext], Awaitable[None]]
