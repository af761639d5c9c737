"""The commands that work anywhere: /start, /help, /language, /cancel."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from handlers import booking_flow, escalation
from handlers.context import FlowContext
from handlers.i18n import LANGUAGE_NAMES, LANGUAGES
from handlers.staff_help import staff_help
from handlers.types import Choice

Command = Callable[[FlowContext, str], Awaitable[None]]

LANGUAGE_CHOICE = "lang"
# Deep links (t.me/<bot>?start=<payload>) that open a flow directly.
DEEP_LINKS: dict[str, Command] = {"book": booking_flow.start}


async def start(ctx: FlowContext, argument: str) -> None:
    """Greet, and say in one breath what the bot can do; a deep link's payload opens its flow instead."""
    ctx.say(
        ctx._(
            "Welcome to {store}! Ask me anything about your car or our service.", store=ctx.services.config.store_name
        )
    )
    deep_link = DEEP_LINKS.get(argument.strip())
    if deep_link is not None:
        await deep_link(ctx, "")
        return
    await help_(ctx, argument)


async def help_(ctx: FlowContext, _argument: str) -> None:
    """List the commands this person can use: staff get the desk's (by role), customers their own."""
    if ctx.role is not None:
        ctx.say(staff_help(ctx))
        return
    ctx.say(
        ctx._(
            "Type your question in your own words, or use a command:\n"
            "/book: book a service visit\n"
            "/mybookings: your bookings (move or cancel)\n"
            "/profile: your name, phone and vehicles\n"
            "/human: talk to a person\n"
            "/language: switch between 中文 and English\n"
            "/cancel: stop what we are doing\n"
            "/help: show this list"
        )
    )


async def language(ctx: FlowContext, argument: str) -> None:
    """Offer the two languages as choices; ``/language en`` switches directly."""
    wanted = argument.strip()
    if wanted in LANGUAGES:
        await _switch_language(ctx, wanted)
        return
    ctx.say(
        ctx._("Which language would you like?"),
        choices=(tuple(Choice(LANGUAGE_NAMES[code], f"{LANGUAGE_CHOICE}:{code}") for code in LANGUAGES),),
    )


async def on_language_choice(ctx: FlowContext, value: str) -> None:
    """A language button was pressed."""
    if value in LANGUAGES:
        await _switch_language(ctx, value, edit=True)
    else:
        await language(ctx, "")


async def _switch_language(ctx: FlowContext, code: str, *, edit: bool = False) -> None:
    ctx.customer.language = code
    ctx.language = code
    ctx.say(ctx._("I will speak English with you from now on."), edit=edit)


async def cancel(ctx: FlowContext, _argument: str) -> None:
    """Leave whatever flow the chat is in (or withdraw a request for a person), and say so."""
    if await escalation.withdraw(ctx):
        return
    if ctx.state.flow is None:
        ctx.say(ctx._("There is nothing to cancel. Ask me a question any time."))
        return
    ctx.end_flow()
    ctx.say(ctx._("Cancelled. Ask me a question any time, or type /help."))


async def unknown(ctx: FlowContext, _argument: str) -> None:
    """A command nobody registered."""
    ctx.say(ctx._("I don't know that command. /help lists what I can do."))
