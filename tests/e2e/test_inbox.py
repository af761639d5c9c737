"""Every update is stored before Telegram is told it arrived: a crash or an outage delays, never loses."""

from __future__ import annotations

import logging

import pytest

from bot.settings import Settings
from tests.e2e.botapi import BotApiServer
from tests.e2e.harness import BotUnderTest, running_bot
from tests.e2e.people import TelegramUser
from tests.harness import FakeClock

CANCELLED = "当前没有需要取消的操作。随时可以向我提问。"


async def test_an_update_stored_but_never_processed_is_answered_after_a_restart(
    api: BotApiServer, telegram_settings: Settings, clock: FakeClock, customer: TelegramUser
) -> None:
    async with running_bot(api, telegram_settings, clock) as crashing:
        assert crashing.bot.processor is not None
        crashing.bot.processor.close()  # it handles nothing more, as if the process had died
        update = await customer.send("/cancel")
        await api.wait_until(lambda: any(offset > update["update_id"] for offset in api.offsets()) or None)
    assert customer.messages == []  # acknowledged to Telegram, not answered: Telegram will not send it again

    async with running_bot(api, telegram_settings, clock) as restarted:
        assert (await customer.receive()).text == CANCELLED
        await restarted.settled()
    assert len(customer.messages) == 1


async def test_an_update_the_database_could_not_store_is_not_acknowledged_and_is_answered_later(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    struck = telegram_bot.fail_next_insert(into="inbox_update")  # not a job the runner plans meanwhile
    update = await customer.send("/cancel")

    assert (await customer.receive(timeout=10)).text == CANCELLED
    assert struck, "the outage never struck"
    after_failure = api.offsets()[struck[0]]
    assert after_failure <= update["update_id"], "the offset moved past an update that was not stored"
    await telegram_bot.settled()
    assert len(customer.messages) == 1, "nothing else (an apology) was sent"


async def test_an_update_the_client_cannot_read_is_skipped_once_and_the_next_customer_is_served(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    # A message without its chat or date: python-telegram-bot cannot build an Update from it.
    broken = await api.push({"message": {"message_id": 77, "text": "我的电话 13812345678"}})

    await customer.send("/cancel")

    assert (await customer.receive()).text == CANCELLED
    assert any(offset > broken["update_id"] for offset in api.offsets())
    assert len(api.calls_of("getUpdates")) < 10, "polling spun on the broken update"
    about_it = [r.getMessage() for r in caplog.records if f"update {broken['update_id']} " in r.getMessage()]
    assert len(about_it) == 1, about_it
    assert "13812345678" not in caplog.text, "a person's words reached the log"


async def test_an_update_stored_before_the_database_failed_is_answered_when_it_is_back_without_an_apology(
    telegram_bot: BotUnderTest, customer: TelegramUser
) -> None:
    struck = telegram_bot.fail_next_insert(into="processed_update")  # the router's first write

    await customer.send("/cancel")

    assert (await customer.receive(timeout=10)).text == CANCELLED
    assert struck, "the outage never struck"
    await telegram_bot.settled()
    assert len(customer.messages) == 1, "nothing else (an apology) was sent"
