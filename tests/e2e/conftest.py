"""Fixtures for end-to-end tests: the local Bot API server, the bot running against it, people.

- ``api`` — a :class:`~tests.e2e.botapi.BotApiServer`, fresh per test;
- ``telegram_settings`` — the suite's settings (each database) pointed at it, with a staff
  group (``STAFF_CHAT``) and an admin chat (``ADMIN_CHAT``);
- ``telegram_bot`` — the real bot, long polling, as a :class:`~tests.e2e.harness.BotUnderTest`;
- ``customer`` — a person whose Telegram speaks Chinese, in a private chat with the bot.

A test that needs other settings (webhook mode, say) builds them with
:func:`~tests.e2e.harness.telegram_settings` and starts :func:`~tests.e2e.harness.running_bot`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.settings import Settings
from tests.e2e.botapi import BotApiServer
from tests.e2e.harness import BotUnderTest, running_bot
from tests.e2e.harness import telegram_settings as pointed_at
from tests.e2e.people import TelegramUser
from tests.harness import FakeClock

STAFF_CHAT = -1001000000001
ADMIN_CHAT = 900001


@pytest.fixture
async def api() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as server:
        yield server


@pytest.fixture
def telegram_settings(settings: Settings, api: BotApiServer) -> Settings:
    return pointed_at(settings, api, staff_chat_id=STAFF_CHAT, admin_chat_id=ADMIN_CHAT)


@pytest.fixture
async def telegram_bot(api: BotApiServer, telegram_settings: Settings, clock: FakeClock) -> AsyncIterator[BotUnderTest]:
    async with running_bot(api, telegram_settings, clock) as bot:
        yield bot


@pytest.fixture
def customer(api: BotApiServer) -> TelegramUser:
    return TelegramUser(api, user_id=10001, first_name="小明", last_name="王", language_code="zh-hans")
