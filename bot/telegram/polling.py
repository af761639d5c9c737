"""Long polling that acknowledges an update only once it is stored.

python-telegram-bot's ``Updater`` advances the offset itself and retries a
batch it cannot parse forever; this loop asks ``getUpdates`` for the raw JSON,
skips what cannot be read, stores the rest (``Intake``), and only then moves
the offset past them. While the database refuses, the offset stays and the
same updates come again after a backoff; Telegram keeps them meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from telegram import Bot
from telegram.error import Conflict, InvalidToken, TelegramError

from bot.telegram.intake import Intake, read_update, update_id_of

__all__ = ["poll"]

logger = logging.getLogger(__name__)

RETRY_SECONDS = (1.0, 30.0)  # first and longest wait after a failed getUpdates or store
READ_MARGIN = 10.0  # seconds the HTTP read may take beyond the long-poll timeout


async def poll(bot: Bot, intake: Intake, *, long_poll: float, allowed_updates: Sequence[str]) -> None:
    """Fetch, store, acknowledge; until cancelled."""
    offset: int | None = None
    delay = RETRY_SECONDS[0]
    while True:
        try:
            batch = await _get_updates(bot, offset, long_poll, allowed_updates)
            updates = [update for raw in batch if (update := read_update(raw, bot)) is not None]
            await intake.store(updates)
        except InvalidToken:
            raise
        except Exception as error:  # the network, Telegram or the database: all pass; the offset stays
            if isinstance(error, Conflict):
                logger.error("getUpdates conflicts: is another bot polling with this token? (%s)", error.message)
            elif isinstance(error, TelegramError):
                logger.warning("getUpdates failed (%s); trying again in %.0f s", error.message, delay)
            else:
                logger.warning("could not store updates (%s); Telegram keeps them; again in %.0f s", error, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, RETRY_SECONDS[1])
            continue
        delay = RETRY_SECONDS[0]
        ids = [update_id for raw in batch if (update_id := update_id_of(raw)) is not None]
        if ids:
            offset = max(ids) + 1


async def _get_updates(bot: Bot, offset: int | None, long_poll: float, allowed_updates: Sequence[str]) -> list[Any]:
    """The raw batch: ``Bot.get_updates`` parses all or nothing, so one bad update would wedge polling."""
    data: dict[str, Any] = {"offset": offset, "timeout": long_poll, "allowed_updates": list(allowed_updates)}
    batch = await bot._post("getUpdates", data, read_timeout=long_poll + READ_MARGIN)
    return list(batch) if isinstance(batch, list) else []
