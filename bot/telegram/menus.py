"""The "/" commands menus on Telegram: customers' in private chats, the desk's in the staff group.

Each menu is published three times per scope: for clients in Chinese
(``language_code="zh"``), in English (``"en"``), and for every other client in
the store's default language.
"""

from __future__ import annotations

from telegram import Bot, BotCommand, BotCommandScope, BotCommandScopeAllPrivateChats, BotCommandScopeChat

from handlers.i18n import CHINESE, ENGLISH, Translator
from handlers.menus import CUSTOMER_MENU, STAFF_MENU, MenuEntry

__all__ = ["publish_menus"]

# Telegram's language code for a client → the catalog it reads ("" is everyone else).
TELEGRAM_LANGUAGES = {"zh": CHINESE, "en": ENGLISH}


async def publish_menus(bot: Bot, translator: Translator, *, default_language: str, staff_chat_id: int | None) -> None:
    """Set the menus; raises ``TelegramError`` (say, a staff chat the bot is not in)."""
    scopes: list[tuple[BotCommandScope, tuple[MenuEntry, ...]]] = [(BotCommandScopeAllPrivateChats(), CUSTOMER_MENU)]
    if staff_chat_id is not None:
        scopes.append((BotCommandScopeChat(staff_chat_id), STAFF_MENU))
    for scope, menu in scopes:
        for code, language in (*TELEGRAM_LANGUAGES.items(), ("", default_language)):
            commands = [BotCommand(entry.command, translator.gettext(language, entry.description)) for entry in menu]
            await bot.set_my_commands(commands, scope=scope, language_code=code or None)
