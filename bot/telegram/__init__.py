"""The Telegram channel, on python-telegram-bot.

This package is the only code that imports ``telegram``: nothing outside
``bot/telegram/`` does (an import-linter contract in ``pyproject.toml``
checks it in ``make test``). Its modules, one job each:

- :mod:`bot.telegram.app` — the bot's lifecycle: receiving, the inbox processor, the error handler;
- :mod:`bot.telegram.intake` — raw updates read and stored in the inbox before they are acknowledged;
- :mod:`bot.telegram.polling` — ``getUpdates`` whose offset moves only past stored updates;
- :mod:`bot.telegram.webhook` — the webhook server, answering 200 only once an update is stored;
- :mod:`bot.telegram.convert` — a Telegram ``Update`` as an ``Incoming``;
- :mod:`bot.telegram.sender` — a ``Reply`` as Bot API calls, for the outbox;
- :mod:`bot.telegram.split` — long texts cut at Telegram's limits;
- :mod:`bot.telegram.menus` — the "/" commands menus in Chinese and English.
"""

from __future__ import annotations

import os

# Opt in to python-telegram-bot's coming behaviour (time periods as timedelta, e.g.
# RetryAfter.retry_after) instead of a deprecation warning on every flood-control error.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from bot.telegram.app import ALLOWED_UPDATES, TelegramBot, run
from bot.telegram.convert import CHANNEL

__all__ = ["ALLOWED_UPDATES", "CHANNEL", "TelegramBot", "run"]
