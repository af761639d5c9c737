"""The real Telegram bot, started against the local Bot API server, and what a test asks of it.

``running_bot`` starts :class:`bot.telegram.TelegramBot` the way
``dealerbot run`` does (``start``, and ``stop`` at the end), but inside the
test's event loop. :class:`BotUnderTest` gives a test the handles it needs:
the fake clock (``advance`` wakes the outbox), the updates the router saw,
and a wait for the outbox to go quiet.

Usage::

    async with running_bot(settings, clock) as bot:        # or the ``telegram_bot`` fixture
        await alice.send("/start")
        await bot.handled(update_id)                        # the router has seen it
        await bot.settled()                                 # and everything due is sent
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from pydantic import SecretStr
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from bot.runtime import Runtime
from bot.settings import Settings
from bot.telegram import CHANNEL, TelegramBot
from handlers.types import Incoming
from storage import outbox
from storage.customers import ChannelIdentity
from storage.outbox import OutboxMessage
from tests.e2e.botapi import TOKEN, BotApiServer
from tests.harness import FakeClock

# getUpdates long-polls this long; a new update still arrives at once (the server answers early).
POLL_TIMEOUT = 2


@dataclass
class BotUnderTest:
    """A running bot and the handles a test needs on it."""

    bot: TelegramBot
    api: BotApiServer
    clock: FakeClock
    seen: list[Incoming] = field(default_factory=list)
    _delivering: int = 0

    @property
    def runtime(self) -> Runtime:
        assert self.bot.runtime is not None
        return self.bot.runtime

    async def advance(self, **delta: float) -> None:
        """Move the fake clock on and let the outbox send whatever that made due."""
        self.clock.advance(**delta)
        assert self.bot.dispatcher is not None
        self.bot.dispatcher.notify()
        await self.settled()

    async def handled(self, update_id: int, times: int = 1, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the router has handled update ``update_id`` (``times`` times, for redeliveries)."""
        await self.api.wait_until(
            lambda: sum(i.update_id == str(update_id) for i in self.seen) >= times or None, timeout
        )

    async def settled(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until the outbox is quiet: no delivery running, nothing due (sent, dropped or retrying later)."""
        async with asyncio.timeout(timeout):
            while True:
                # Due rows first: a delivery that claims in between is counted in ``_delivering``.
                if not await self._due() and not self._delivering:
                    return
                await asyncio.sleep(0.02)

    async def _due(self) -> int:
        async with self.runtime.sessions() as session:
            query = select(func.count()).where(outbox.claimable(self.clock()))
            return await session.scalar(query) or 0

    async def outbox(self) -> list[OutboxMessage]:
        """Every outbox row, oldest first."""
        async with self.runtime.sessions() as session:
            return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

    async def identity(self, user_id: int) -> ChannelIdentity | None:
        async with self.runtime.sessions() as session:
            return await session.scalar(
                select(ChannelIdentity).where(
                    ChannelIdentity.channel == CHANNEL, ChannelIdentity.external_id == str(user_id)
                )
            )

    def fail_next_insert(self, into: str = "") -> list[int]:
        """The database refuses the next INSERT (into the table ``into``, if given), as in an outage;
        the list gets the count of ``getUpdates`` calls made by then (what the bot had acknowledged)."""
        struck: list[int] = []
        prefix = f"INSERT INTO {into}".strip()

        def refuse(_conn: object, _cursor: object, statement: str, parameters: object, *_: object) -> None:
            if not struck and statement.lstrip().upper().startswith(prefix.upper()):
                struck.append(len(self.api.offsets()))
                raise OperationalError(statement, parameters, ConnectionError("the database is unavailable"))

        engine = self.runtime.sessions.kw["bind"]  # the runtime's engine, behind its session factory
        event.listen(engine.sync_engine, "before_cursor_execute", refuse)
        return struck

    def _watch_delivery(self) -> None:
        """Count deliveries in progress (test seam: wraps the dispatcher's ``deliver_due``)."""
        dispatcher = self.bot.dispatcher
        assert dispatcher is not None
        deliver_due = dispatcher.deliver_due

        async def watched(limit: int = 50) -> int:
            self._delivering += 1
            try:
                return await deliver_due(limit)
            finally:
                self._delivering -= 1

        dispatcher.deliver_due = watched  # type: ignore[method-assign]

    def _watch_router(self) -> None:
        """Record every update the router finishes (test seam: wraps the runtime's router)."""
        router = self.runtime.router
        handle = router.handle

        async def watched(incoming: Incoming) -> list[int]:
            try:
                return await handle(incoming)
            finally:
                self.seen.append(incoming)
                await self.api.changed()

        router.handle = watched  # type: ignore[method-assign]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def telegram_settings(settings: Settings, api: BotApiServer, **changes: object) -> Settings:
    """``settings`` pointed at the local Bot API server."""
    return settings.model_copy(
        update={
            "telegram_token": SecretStr(TOKEN),
            "telegram_base_url": api.base_url,
            "telegram_base_file_url": api.base_file_url,
            **changes,
        }
    )


@asynccontextmanager
async def running_bot(api: BotApiServer, settings: Settings, clock: FakeClock) -> AsyncIterator[BotUnderTest]:
    """The bot, polling — or on its webhook when ``settings.webhook_url`` is set — until the block ends."""
    bot = TelegramBot(settings, clock=clock, poll_timeout=POLL_TIMEOUT)
    try:
        await bot.start()
        under_test = BotUnderTest(bot, api, clock)
        under_test._watch_router()
        under_test._watch_delivery()
        yield under_test
        # Stopping cancels the outbox dispatcher; a message cancelled between its send and its
        # record would go again after a restart, so a test's last replies are settled first.
        await under_test.settled()
    finally:
        await bot.stop()
