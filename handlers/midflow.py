"""Leaving a flow in the owner's own words: a request for a person, a menu label, "算了", another request.

Inside a flow the next message normally answers the step's question. When it
does not, what the owner says wins, before the step's parser sees it: a
request for a person or a complaint opens a ticket, a menu label starts its
flow, "算了" or "never mind" stops the flow with the flow's own sentence, and
another confident request (book with new details, my bookings) leaves the flow
and is done. A step that takes any text (a name, a reason, a comment) is left
only for a menu label or a plain request for a person. A flow may give an
intent its own meaning first (booking: "换个时间" asks the day again).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from handlers import intents
from handlers.context import FlowContext
from handlers.i18n import N_
from handlers.types import ChatKind
from knowledge.intents import SMALL_TALK, Intent, explicit, recognise, stops

__all__ = ["STOPPED", "Fit", "Flow", "any_text", "leave"]

STOPPED = N_("Cancelled. Ask me a question any time, or type /help.")


class Fit(StrEnum):
    """How a typed text relates to the step's question."""

    ANSWER = "answer"  # it answers the step: the flow takes it
    ANY_TEXT = "any_text"  # the step takes any text: only a menu label or a plain request for a person leaves it
    OTHER = "other"  # no answer: "stop" or any confident request leaves the flow


Fitter = Callable[[FlowContext, str], Awaitable[Fit]]
FlowHandler = Callable[[FlowContext], Awaitable[None]]
OwnIntent = Callable[[FlowContext, Intent], Awaitable[bool]]


async def any_text(_ctx: FlowContext, _text: str) -> Fit:
    """For flows whose every step takes free text (a reason, a comment)."""
    return Fit.ANY_TEXT


@dataclass(frozen=True, slots=True)
class Flow:
    """A flow as the router sees it: how it goes on, and how the owner leaves it in words."""

    go_on: FlowHandler
    fits: Fitter = any_text
    stopped: str = STOPPED  # said when "算了" leaves it
    own: OwnIntent | None = None  # an intent that means something inside the flow; True when handled


async def leave(ctx: FlowContext, flow: Flow) -> bool:
    """True when the message left the flow (or the flow gave it its own meaning); False: the step takes it."""
    text = (ctx.incoming.text or "").strip()
    if not text or ctx.incoming.chat_kind is not ChatKind.PRIVATE:
        return False
    fit = await flow.fits(ctx, text)
    if fit is Fit.ANSWER:
        return False
    if fit is Fit.ANY_TEXT:
        intent = explicit(text)
    elif stops(text):
        ctx.end_flow()
        ctx.say(ctx._(flow.stopped))
        return True
    else:
        intent = recognise(text)
    if intent is None or intent in SMALL_TALK:
        return False
    if flow.own is not None and await flow.own(ctx, intent):
        return True
    ctx.end_flow()
    await intents.act(ctx, intent, text)
    return True
