"""What a button can start from anywhere: book, my bookings, a person, the hotline.

The same actions sit under a knowledge entry's answer (its ``actions``), in
the menu that is always there (:mod:`handlers.menus`) and under a greeting;
a channel without buttons shows them as numbered options.
"""

from __future__ import annotations

from handlers import booking_flow, booking_mine, escalation
from handlers.context import FlowContext
from handlers.escalation import Reason
from handlers.menus import LABELS, Action
from handlers.types import Choice

__all__ = ["ACTION_CHOICE", "LABELS", "Action", "buttons", "on_choice", "start"]

ACTION_CHOICE = "do"


def buttons(ctx: FlowContext, actions: tuple[Action, ...]) -> tuple[Choice, ...]:
    """One row of buttons, one per action, labelled in the person's language."""
    return tuple(Choice(ctx._(LABELS[action]), f"{ACTION_CHOICE}:{action}") for action in actions)


async def start(ctx: FlowContext, action: Action) -> None:
    """Start what the action names, as if the person had asked for it in words."""
    if action is Action.BOOK:
        await booking_flow.start(ctx)
    elif action is Action.MY_BOOKINGS:
        await booking_mine.show(ctx)
    elif action is Action.PERSON:
        await escalation.open_ticket(ctx, Reason.ASKED)
    else:
        ctx.say(ctx._("Our service hotline is {hotline}.", hotline=ctx.services.config.hotline))


async def on_choice(ctx: FlowContext, value: str) -> None:
    """An action button was pressed."""
    if value not in {action.value for action in Action}:
        ctx.say(ctx._("That button has expired. Please start again."))
        return
    await start(ctx, Action(value))
