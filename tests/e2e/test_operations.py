"""Running the bot: its commands menus, surviving an unexpected error, and ``dealerbot run`` itself."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

from handlers.context import FlowContext
from handlers.menus import CUSTOMER_MENU, STAFF_MENU
from tests.e2e.botapi import TOKEN, BotApiServer
from tests.e2e.conftest import ADMIN_CHAT, STAFF_CHAT
from tests.e2e.harness import BotUnderTest
from tests.e2e.people import TelegramUser

DEALERBOT = Path(sys.executable).with_name("dealerbot")
PRIVATE = json.dumps({"type": "all_private_chats"}, sort_keys=True)
STAFF = json.dumps({"type": "chat", "chat_id": STAFF_CHAT}, sort_keys=True)


async def test_the_commands_menus_are_set_in_chinese_and_english_for_customers_and_the_staff_group(
    telegram_bot: BotUnderTest, api: BotApiServer
) -> None:
    def names(scope: str, language: str) -> list[str]:
        return [command["command"] for command in api.commands[(scope, language)]]

    def descriptions(scope: str, language: str) -> dict[str, str]:
        return {command["command"]: command["description"] for command in api.commands[(scope, language)]}

    for language in ("zh", "en", ""):
        assert names(PRIVATE, language) == [entry.command for entry in CUSTOMER_MENU]
        assert names(STAFF, language) == [entry.command for entry in STAFF_MENU]
    assert {"start", "help", "profile", "language", "cancel"} <= set(names(PRIVATE, "zh"))
    assert descriptions(PRIVATE, "zh")["cancel"] == "取消当前操作"
    assert descriptions(PRIVATE, "en")["cancel"] == "Stop what we are doing"
    assert descriptions(PRIVATE, "") == descriptions(PRIVATE, "zh")  # the store's default language


async def test_an_unexpected_error_is_reported_to_the_admin_and_the_bot_carries_on(
    telegram_bot: BotUnderTest, api: BotApiServer, customer: TelegramUser
) -> None:
    router = telegram_bot.runtime.router

    async def explode(ctx: FlowContext) -> bool:
        if ctx.incoming.text == "💥":
            raise RuntimeError("the disk is on fire")
        return False

    router.routes = (explode, *router.routes)

    await customer.send("💥")
    apology = await customer.receive()
    assert apology.text == "抱歉，系统出了点问题，请稍后再试。"
    notice = await api.wait_for_message(ADMIN_CHAT)
    assert "RuntimeError: the disk is on fire" in (notice.text or "")

    await customer.send("/cancel")
    assert "取消" in ((await customer.receive()).text or "")


async def test_dealerbot_run_serves_telegram_when_a_token_is_set_and_stops_on_sigterm(
    api: BotApiServer, customer: TelegramUser, tmp_path: Path
) -> None:
    """The command-line path (polling, signals); once, on SQLite: the database plays no part here."""
    env = {
        **os.environ,
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": api.base_url,
        "TELEGRAM_BASE_FILE_URL": api.base_file_url,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
    }
    for unset in ("WEBHOOK_URL", "STAFF_CHAT_ID", "ADMIN_CHAT_ID"):
        env.pop(unset, None)
    process = await asyncio.create_subprocess_exec(
        str(DEALERBOT), "run", env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    try:
        await customer.send("/cancel")
        reply = await customer.receive(timeout=60)
        assert "取消" in (reply.text or "")
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        output = (await asyncio.wait_for(process.communicate(), timeout=30))[0].decode()
        print(output)  # shown when the test fails
    assert process.returncode == 0
    assert TOKEN not in output, "the token leaked into the log"
