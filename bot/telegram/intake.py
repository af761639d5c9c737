"""Telegram updates into the inbox: read, stored, and only then acknowledged by the caller.

Polling and the webhook both hand the raw JSON here. An update the client
library cannot read is logged once (its id and the error's type, nothing a
person wrote) and skipped; the rest are converted to ``Incoming`` and stored
in one transaction. If storing raises, the caller must not acknowledge: the
polling offset stays put, the webhook answers 500, and Telegram delivers the
updates again. Button presses are answered after the commit, so the button
stops spinning even while the router is busy with earlier updates.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.telegram.convert import CHANNEL, to_incoming
from storage import SessionFactory, inbox

__all__ = ["Intake", "read_update", "update_id_of"]

logger = logging.getLogger(__name__)


def update_id_of(raw: Any) -> int | None:
    """The ``update_id`` of a raw update, if it has a usable one."""
    update_id = raw.get("update_id") if isinstance(raw, dict) else None
    return update_id if isinstance(update_id, int) and not isinstance(update_id, bool) else None


def read_update(raw: object, bot: Bot) -> Update | None:
    """The update as python-telegram-bot reads it; None (logged, without its content) when it cannot."""
    update_id = update_id_of(raw)
    try:
        if not isinstance(raw, dict):
            raise TypeError("an update must be a JSON object")
        return Update.de_json(raw, bot)
    except Exception as error:  # the library raises whatever its constructors do on odd input
        logger.warning("update %s could not be read (%s); skipped", update_id, type(error).__name__)
        return None


class Intake:
    """Stores Telegram updates in the inbox and wakes the processor."""

    def __init__(
        self,
        bot: Bot,
        sessions: SessionFactory,
        *,
        clock: Callable[[], datetime],
        stored: Callable[[], None],
    ) -> None:
        self.bot = bot
        self.sessions = sessions
        self.clock = clock
        self.stored = stored
        self._answering: set[asyncio.Task[None]] = set()

    async def store(self, updates: Sequence[Update]) -> None:
        """Store the updates there is something in for a flow; raises if the database refuses (do not acknowledge)."""
        events = [(update, to_incoming(update, self.bot.username)) for update in updates]
        if any(incoming is not None for _, incoming in events):
            now = self.clock()
            async with self.sessions() as session, session.begin():
                for update, incoming in events:
                    if incoming is None:
                        continue
                    await inbox.store(
                        session,
                        channel=CHANNEL,
                        update_id=str(update.update_id),
                        chat_id=incoming.chat_id,
                        payload=incoming.to_json(),
                        now=now,
                    )
            self.stored()
        for update, _ in events:
            if update.callback_query is not None:
                task = asyncio.create_task(self._answer_button(update), name="answer-callback-query")
                self._answering.add(task)
                task.add_done_callback(self._answering.discard)

    async def _answer_button(self, update: Update) -> None:
        query = update.callback_query
        assert query is not None
        try:
            await query.answer()
        except TelegramError as error:  # too old to answer, or the network hiccuped: the press still counts
            logger.info("callback query %s not answered: %s", query.id, error.message)

    async def close(self) -> None:
        """Let the button answers in flight finish."""
        if self._answering:
            await asyncio.gather(*self._answering, return_exceptions=True)
