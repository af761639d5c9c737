"""Requests in the owner's own words: a recognised intent starts its flow with the slots it heard.

"明天下午3点做小保养" goes to tomorrow afternoon's free times for a minor
service (or straight on, when 15:00 is free); "I'd like to cancel my booking"
shows the bookings to cancel; "谢谢" gets a friendly word. Registered before
the FAQ, so a confident intent wins; a question *about* booking is not an
intent (see :mod:`knowledge.intents`) and gets its FAQ answer.
"""

from __future__ import annotations

import re

from handlers import booking_details as details
from handlers import booking_flow, booking_mine, escalation, small_talk
from handlers import booking_when as when
from handlers.actions import buttons
from handlers.booking_schedule import Schedule
from handlers.booking_state import DAY, FLOW, MODE, PART, SERVICE, SOURCE, START, Mode, Step, schedule
from handlers.context import FlowContext
from handlers.dates import When, parse_when
from handlers.errors import InputError
from handlers.escalation import Reason
from handlers.menus import Action
from handlers.plates import PROVINCES, parse_plate
from handlers.types import ChatKind
from knowledge.intents import SMALL_TALK, Intent, recognise, service_code
from storage import bookings
from storage.bookings import BookingSource

__all__ = ["act", "answer_intent"]

_PLATE_LIKE = re.compile(rf"[{PROVINCES}]\s*[A-Za-z][\s·.]?[A-Za-z0-9]{{5,6}}")


def find_plate(text: str) -> tuple[str | None, str]:
    """The first valid plate in the text, and the text without it (so its digits are not read as a date)."""
    for match in _PLATE_LIKE.finditer(text):
        try:
            plate = parse_plate(match.group())
        except InputError:
            continue
        return plate, text[: match.start()] + " " + text[match.end() :]
    return None, text


async def answer_intent(ctx: FlowContext) -> bool:
    """Take a private text message whose intent is confident; anything else goes on to the FAQ."""
    text = (ctx.incoming.text or "").strip()
    if not text or ctx.incoming.chat_kind is not ChatKind.PRIVATE:
        return False
    intent = recognise(text)
    if intent is None:
        return False
    await act(ctx, intent, text)
    return True


async def act(ctx: FlowContext, intent: Intent, text: str) -> None:
    """Do what the intent asks, with what the text says; also how a flow is left for another request."""
    if intent in SMALL_TALK:
        small_talk.answer(ctx, intent)
    elif intent is Intent.BOOK:
        await _book(ctx, text)
    elif intent is Intent.MY_BOOKINGS:
        await booking_mine.show(ctx)
    elif intent in (Intent.CANCEL, Intent.MOVE):
        await _change(ctx, intent, text)
    else:
        await escalation.open_ticket(ctx, Reason.COMPLAINT if intent is Intent.COMPLAIN else Reason.ASKED)


async def _book(ctx: FlowContext, text: str) -> None:
    """A new booking with what was said already filled in: service, plate, day and time."""
    sched = await schedule(ctx)
    plate, rest = find_plate(text)
    code = service_code(rest)
    service = sched.catalogue.service(code) if code else None
    ctx.start_flow(FLOW, Step.SERVICE, {MODE: Mode.NEW, SOURCE: BookingSource.CHAT})
    if service is not None:
        ctx.state.data[SERVICE] = service.code
    if plate is not None:
        await details.use_plate(ctx, plate)
    said = parse_when(rest, sched.local_day(ctx.now()))
    if said is None or len(said.days) != 1:
        await booking_flow.advance(ctx)
        return
    if service is None:
        _remember_when(ctx, sched, said)
        await booking_flow.advance(ctx)
        return
    if await when.take_day(ctx, said.days[0], list(said.times), said.part):
        await booking_flow.advance(ctx)


def _remember_when(ctx: FlowContext, sched: Schedule, said: When) -> None:
    """Keep the day (and the one time, or the part of the day) until the service is chosen."""
    ctx.state.data[DAY] = said.days[0].isoformat()
    if len(said.times) == 1:
        ctx.state.data[START] = sched.at(said.days[0], said.times[0]).isoformat()
    elif said.part is not None:
        ctx.state.data[PART] = said.part


async def _change(ctx: FlowContext, intent: Intent, text: str) -> None:
    """Move or cancel: the one coming booking directly (moving to the time said), else the list to pick from."""
    upcoming = await bookings.upcoming_for(ctx.session, ctx.customer.id, ctx.now())
    if not upcoming:
        ctx.say(
            ctx._("You have no upcoming bookings. Would you like to book a visit?"),
            choices=(buttons(ctx, (Action.BOOK,)),),
        )
        return
    if intent is Intent.MOVE and len(upcoming) == 1:
        await booking_mine.move(ctx, upcoming[0])
        sched = await schedule(ctx)
        said = parse_when(find_plate(text)[1], sched.local_day(ctx.now()))
        moving = ctx.state.flow == FLOW and said is not None and len(said.days) == 1
        if moving and said is not None and await when.take_day(ctx, said.days[0], list(said.times), said.part):
            await booking_flow.advance(ctx)
        return
    ctx.say(
        ctx._("Which booking would you like to cancel?")
        if intent is Intent.CANCEL
        else ctx._("Which booking would you like to move?")
    )
    await booking_mine.show(ctx)
