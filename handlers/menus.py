"""The menus: what a chat's "/" menu lists (customers, staff desk), and the menu of actions that is always there.

A channel that has such a menu (Telegram) publishes these in every language,
with each description taken from the catalog. Every command listed here is
registered in :data:`handlers.registry.COMMANDS` (a test checks); a flow that
adds a command people should find adds it here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from handlers.i18n import N_

__all__ = ["CUSTOMER_MENU", "LABELS", "MAIN_MENU", "STAFF_MENU", "Action", "MenuEntry"]


class Action(StrEnum):
    """What a button can start (:mod:`handlers.actions`); also the names curators write in an entry's ``actions``."""

    BOOK = "book"
    MY_BOOKINGS = "my_bookings"
    PERSON = "person"
    HOTLINE = "hotline"


LABELS: dict[Action, str] = {
    Action.BOOK: N_("Book a service"),
    Action.MY_BOOKINGS: N_("My bookings"),
    Action.PERSON: N_("A person"),
    Action.HOTLINE: N_("Call the hotline"),
}

# Always at hand (Telegram: the keyboard under the text box; elsewhere numbered options under a greeting).
# Tapping one sends its label, which the intents read as the same request.
MAIN_MENU: tuple[Action, ...] = (Action.BOOK, Action.MY_BOOKINGS, Action.PERSON)


@dataclass(frozen=True, slots=True)
class MenuEntry:
    """A command and its one-line description (a catalog message id)."""

    command: str
    description: str


# Private chats with customers.
CUSTOMER_MENU: tuple[MenuEntry, ...] = (
    MenuEntry("start", N_("Start over and see what I can do")),
    MenuEntry("help", N_("How to ask, and the commands")),
    MenuEntry("book", N_("Book a service visit")),
    MenuEntry("mybookings", N_("Your bookings: move or cancel")),
    MenuEntry("profile", N_("Your name, phone and vehicles")),
    MenuEntry("language", N_("Switch between Chinese and English")),
    MenuEntry("cancel", N_("Stop what we are doing")),
)

# The staff desk group; the desk's own commands join this list.
STAFF_MENU: tuple[MenuEntry, ...] = (
    MenuEntry("help", N_("The desk's commands for your role")),
    MenuEntry("queue", N_("Open tickets, oldest first")),
    MenuEntry("mine", N_("The open tickets you have taken")),
    MenuEntry("ticket", N_("A ticket's transcript: /ticket 12")),
    MenuEntry("today", N_("Today's bookings by bay")),
    MenuEntry("day", N_("A day's bookings: /day 明天")),
    MenuEntry("book_for", N_("Book for a caller: /book_for PHONE")),
    MenuEntry("cancel", N_("Stop what we are doing")),
)
