"""The menus: commands the router knows, described in both languages; the always-there menu's labels read back."""

from __future__ import annotations

import pytest

from handlers.i18n import CHINESE, ENGLISH, Translator
from handlers.menus import CUSTOMER_MENU, LABELS, MAIN_MENU, STAFF_MENU, Action, MenuEntry
from handlers.registry import COMMANDS
from knowledge.intents import Intent, recognise
from knowledge.transfer import ACTIONS


@pytest.mark.parametrize("menu", [CUSTOMER_MENU, STAFF_MENU], ids=["customers", "staff"])
def test_every_menu_command_is_registered_and_translated(menu: tuple[MenuEntry, ...]) -> None:
    translator = Translator()
    for entry in menu:
        assert entry.command in COMMANDS
        assert translator.gettext(CHINESE, entry.description) != translator.gettext(ENGLISH, entry.description)


def test_curators_action_names_are_the_actions_buttons_start() -> None:
    assert tuple(action.value for action in Action) == ACTIONS


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_each_menu_label_is_read_back_as_its_request(language: str) -> None:
    translator = Translator()
    expected = {Action.BOOK: Intent.BOOK, Action.MY_BOOKINGS: Intent.MY_BOOKINGS, Action.PERSON: Intent.PERSON}
    for action in MAIN_MENU:
        assert recognise(translator.gettext(language, LABELS[action])) is expected[action]
