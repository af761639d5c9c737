"""The commands menus list only commands the router knows, each described in both languages."""

from __future__ import annotations

import pytest

from handlers.i18n import CHINESE, ENGLISH, Translator
from handlers.menus import CUSTOMER_MENU, STAFF_MENU, MenuEntry
from handlers.registry import COMMANDS


@pytest.mark.parametrize("menu", [CUSTOMER_MENU, STAFF_MENU], ids=["customers", "staff"])
def test_every_menu_command_is_registered_and_translated(menu: tuple[MenuEntry, ...]) -> None:
    translator = Translator()
    for entry in menu:
        assert entry.command in COMMANDS
        assert translator.gettext(CHINESE, entry.description) != translator.gettext(ENGLISH, entry.description)
