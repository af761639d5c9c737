"""The inbox processor: stored updates handed to the router, each chat's in order.

Channel adapters store every update in the inbox (``storage.inbox``) before
acknowledging it; this loop claims pending rows, hands each to ``handle``
(the router) and marks it done after. A crash between the router's commit and
the mark re-runs the update, which the router recognises as a duplicate. When
the database cannot be reached the rows stay pending and are tried again with
backoff; any other failure goes to ``on_error`` (log, tell the admin,
apologise) and the update is done, so one bad update never blocks its chat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from handlers.types import Incoming
from storage import SessionFactory, inbox
from storage.base import utcnow
from storage.engine import database_unavailable

__all__ = ["InboxProcessor"]

logger = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)  # a claimed update another processor may take once this passes
IDLE_SECONDS = 1.0  # how often to look for updates stored by other workers when not woken
RETRY_SECONDS = (1.0, 30.0)  # first and longest wait while the database is unavailable


class InboxProcessor:
    """Claims pending inbox rows and hands them to the router; one per bot process."""

    def __init__(
        self,
        sessions: SessionFactory,
        handle: Callable[[Incoming], Awaitable[object]],
        *,
        on_error: Callable[[Incoming, Exception], Awaitable[None]],
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.handle = handle
        self.on_error = on_error
        self.clock = clock
        self._wake = asyncio.Event()
        self._closing = False

    def notify(self) -> None:
        """Look at the inbox now: an update was just stored."""
        self._wake.set()

    def close(self) -> None:
        """Finish the update in hand, give the rest of the round back, and leave ``run``."""
        self._closing = True
        self._wake.set()

    async def run(self) -> None:
        """Process until closed or cancelled; wait with backoff while the database is unavailable."""
        delay = RETRY_SECONDS[0]
        while not self._closing:
            try:
                handled = await self.process_pending()
            except Exception as error:  # the loop must outlive any one failure: updates keep arriving
                if database_unavailable(error):
                    logger.warning("inbox: the database is unavailable (%s); trying again in %.0f s", error, delay)
                else:
                    logger.exception("inbox: unexpected failure; trying again in %.0f s", delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_SECONDS[1])
                continue
            delay = RETRY_SECONDS[0]
            if not handled:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), IDLE_SECONDS)
                self._wake.clear()

    async def process_pending(self) -> int:
        """Claim and handle one round of pending updates (the oldest of each chat); returns how many."""
        self._wake.clear()
        async with self.sessions() as session, session.begin():
            rows = await inbox.claim(session, now=self.clock(), lease=LEASE)
        for index, row in enumerate(rows):
            if self._closing:
                await self._release([r.id for r in rows[index:]])
                break
            incoming = Incoming.from_json(row.payload)
            try:
                await self.handle(incoming)
            except Exception as error:
                if database_unavailable(error):
                    await self._release([r.id for r in rows[index:]])
                    raise
                await self.on_error(incoming, error)
            async with self.sessions() as session, session.begin():
                await inbox.mark_done(session, row.id)
        return len(rows)

    async def _release(self, row_ids: list[int]) -> None:
        """Let the unhandled rows be claimed again at once when the database is back (else their lease ends)."""
        with contextlib.suppress(Exception):
            async with self.sessions() as session, session.begin():
                await inbox.release(session, row_ids, at=self.clock())
