"""Small talk: a greeting, thanks, "ok" or a goodbye gets a short friendly reply, and is never a question or a miss."""

from __future__ import annotations

from handlers import actions
from handlers.context import FlowContext
from handlers.i18n import N_
from handlers.menus import MAIN_MENU
from knowledge.intents import Intent

__all__ = ["REPLIES", "answer"]

REPLIES: dict[Intent, str] = {
    Intent.GREETING: N_(
        "Hello! Ask me anything about your car or our service. I can also book a service visit "
        "(just say what and when), show, move or cancel your bookings, or get you a person."
    ),
    Intent.THANKS: N_("You're welcome! If there is anything else, just ask."),
    Intent.OK: N_("👍 If there is anything else, just ask."),
    Intent.GOODBYE: N_("Goodbye, and safe driving!"),
}


def answer(ctx: FlowContext, intent: Intent) -> None:
    """Reply to small talk; a greeting also shows what the bot can do, one tap each."""
    choices = (actions.buttons(ctx, MAIN_MENU),) if intent is Intent.GREETING else ()
    ctx.say(ctx._(REPLIES[intent]), choices=choices)
