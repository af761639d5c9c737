"""The booking flow in the owner's words: which typed text answers the step; what "cancel" and "another time" mean.

Used by :mod:`handlers.midflow`: a text that answers the step (a plate at the
plate step, "明天下午3点" at the day step) always goes to the step; anything
else may leave the flow. Inside a booking, "I'd like to cancel" stops it, and
"换个时间" / "another time" asks the day again.
"""

from __future__ import annotations

from collections.abc import Callable

from handlers import booking_flow
from handlers.booking_details import parse_mileage
from handlers.booking_state import DAY, PART, PENDING_TIMES, START, Step, schedule
from handlers.booking_when import service_named
from handlers.context import FlowContext
from handlers.dates import parse_when
from handlers.errors import InputError
from handlers.midflow import Fit
from handlers.plates import parse_plate
from handlers.validate import parse_phone
from knowledge.intents import Intent

__all__ = ["fits", "own"]

_PARSERS: dict[str, Callable[[str], object]] = {
    Step.VEHICLE: parse_plate,
    Step.PLATE: parse_plate,
    Step.MILEAGE: parse_mileage,
    Step.PHONE: parse_phone,
}


async def fits(ctx: FlowContext, text: str) -> Fit:
    """Whether the text answers the booking step it was typed at."""
    step = ctx.state.step
    if step == Step.MODEL:
        return Fit.ANY_TEXT
    if step == Step.SERVICE:
        return Fit.ANSWER if service_named(await schedule(ctx), text) is not None else Fit.OTHER
    if step in (Step.DAY, Step.TIME):
        today = (await schedule(ctx)).local_day(ctx.now())
        return Fit.ANSWER if parse_when(text, today) is not None else Fit.OTHER
    parser = _PARSERS.get(step or "")
    if parser is None:
        return Fit.OTHER
    try:
        parser(text)
    except InputError:
        return Fit.OTHER
    return Fit.ANSWER


async def own(ctx: FlowContext, intent: Intent) -> bool:
    """Cancelling inside a booking stops it; moving asks the day again; True when handled here."""
    if intent is Intent.CANCEL:
        ctx.end_flow()
        ctx.say(ctx._(booking_flow.STOPPED))
        return True
    if intent is Intent.MOVE:
        for key in (DAY, START, PART, PENDING_TIMES):
            ctx.state.data.pop(key, None)
        await booking_flow.advance(ctx)
        return True
    return False
