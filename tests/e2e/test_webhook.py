"""Webhook mode: Telegram's requests carry the secret and are answered; anyone else gets 403."""

from __future__ import annotations

import json

import aiohttp
from pydantic import SecretStr

from bot.settings import Settings
from tests.e2e.botapi import BotApiServer
from tests.e2e.harness import free_port, running_bot, telegram_settings
from tests.e2e.people import TelegramUser
from tests.harness import FakeClock

SECRET = "s3cret-from_settings"


async def test_a_webhook_answers_telegram_and_refuses_requests_without_the_secret(
    settings: Settings, api: BotApiServer, clock: FakeClock, customer: TelegramUser
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    hooked = telegram_settings(
        settings, api, webhook_url=url, webhook_secret=SecretStr(SECRET), webhook_listen="127.0.0.1", webhook_port=port
    )
    async with running_bot(api, hooked, clock) as bot:
        assert api.webhook == {"url": url, "secret_token": SECRET}

        await customer.send("/cancel")  # the server POSTs it with the secret, as Telegram does
        await customer.receive()

        forged = {"update_id": 999, "message": {**customer_message(customer), "text": "/help"}}
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guess"}):
                body = json.dumps(forged)
                async with http.post(url, data=body, headers={"Content-Type": "application/json", **headers}) as answer:
                    assert answer.status == 403

        await customer.send("/cancel")  # a genuine update after the forged ones, handled in order
        await customer.receive()
        await bot.settled()
        assert "999" not in {incoming.update_id for incoming in bot.seen}
        assert len(customer.messages) == 2


def customer_message(customer: TelegramUser) -> dict[str, object]:
    return {
        "message_id": 1,
        "date": 1_800_000_000,
        "chat": {"id": customer.chat_id, "type": "private"},
        "from": customer.to_json(),
    }


async def test_a_webhook_answers_200_only_for_a_stored_update(
    settings: Settings, api: BotApiServer, clock: FakeClock, customer: TelegramUser
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    hooked = telegram_settings(
        settings, api, webhook_url=url, webhook_secret=SecretStr(SECRET), webhook_listen="127.0.0.1", webhook_port=port
    )
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    unreadable = {"update_id": 900, "message": {"message_id": 1, "text": "no chat, no date"}}
    genuine = {"update_id": 901, "message": {**customer_message(customer), "text": "/cancel"}}
    async with running_bot(api, hooked, clock) as bot, aiohttp.ClientSession() as http:
        for body in ("{not json", json.dumps(unreadable)):
            async with http.post(url, data=body, headers=headers) as answer:
                assert answer.status == 400

        bot.fail_next_insert(into="inbox_update")  # the store itself, not a job planned meanwhile
        async with http.post(url, data=json.dumps(genuine), headers=headers) as answer:
            assert answer.status >= 500  # Telegram will send it again
        async with http.post(url, data=json.dumps(genuine), headers=headers) as answer:
            assert answer.status == 200

        assert (await customer.receive()).text == "当前没有需要取消的操作。随时可以向我提问。"
        await bot.settled()
        assert len(customer.messages) == 1
