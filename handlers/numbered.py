"""Numbered options: how a text-only channel shows a reply's buttons and reads the answer typed back.

One rule for every channel without buttons (the console, WeChat): a reply's
choices are numbered from 1 in reading order (rows, then columns); typed text
that is an option's label (after normalization) picks that option, else a number
picks by position, and a short number with no option is answered. The
always-there menu (``Reply.menu``) is not numbered: its labels are requests
the intents understand when typed, so a number only ever means a choice.

The numbers a chat was last shown are kept in the database
(:mod:`storage.chat_options`), written with the reply in the update's
transaction, so a restart or another worker reads "2" (or the label
"确认预约" for "✅ 确认预约") as the same button press.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.i18n import N_
from handlers.types import Choice, Incoming, Reply
from knowledge.text import normalize
from storage import chat_options

__all__ = ["OUT_OF_RANGE", "Typed", "numbered", "read_typed", "remember_shown"]

OUT_OF_RANGE = N_("Please type a number from 1 to {count}.")

# A longer number is an answer in its own right (mileage, a phone number, a ticket), never a pick.
_PICK_DIGITS = 2


def numbered(reply: Reply) -> list[Choice]:
    """The reply's choices in number order: the first is 1."""
    return [choice for row in reply.choices for choice in row]


@dataclass(frozen=True, slots=True)
class Typed:
    """What typed text on a text-only channel stands for: the update to route, or a number with no option."""

    incoming: Incoming
    options: int = 0
    out_of_range: bool = False


async def read_typed(session: AsyncSession, incoming: Incoming, text_only: frozenset[str]) -> Typed:
    """Turn a typed number or label into the choice it names, as if its button had been pressed."""
    if incoming.channel not in text_only or incoming.text is None or incoming.command is not None:
        return Typed(incoming)
    shown = await chat_options.recall(session, incoming.channel, incoming.chat_id)
    if shown is None or not shown.options:
        return Typed(incoming)
    typed = incoming.text.strip()
    # The label first: where the options are numbers themselves (0–10, "5⭐"), "8" means the one that says 8.
    wanted = normalize(typed)
    for option in shown.options:
        if wanted and normalize(option["label"]) == wanted:
            return Typed(_pressed(incoming, option["data"], shown.message_id))
    if not typed.isdecimal():
        return Typed(incoming)
    number = int(typed)
    if 1 <= number <= len(shown.options):
        return Typed(_pressed(incoming, shown.options[number - 1]["data"], shown.message_id))
    if len(typed) <= _PICK_DIGITS:
        return Typed(incoming, options=len(shown.options), out_of_range=True)
    return Typed(incoming)


def _pressed(incoming: Incoming, data: str, message_id: str | None) -> Incoming:
    return dataclasses.replace(incoming, text=None, choice=data, message_id=message_id)


async def remember_shown(
    session: AsyncSession, sent: Iterable[tuple[str, str, Reply, int]], text_only: frozenset[str], *, now: datetime
) -> None:
    """Keep the options of each ``(channel, chat, reply, outbox id)`` with choices on a text-only channel."""
    for channel, chat_id, reply, outbox_id in sent:
        options = numbered(reply)
        if channel in text_only and options:
            shown = [{"label": option.label, "data": option.data} for option in options]
            await chat_options.remember(session, channel, chat_id, shown, outbox_id=outbox_id, now=now)
