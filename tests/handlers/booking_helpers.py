"""Helpers for booking tests: find and tap buttons by label, read bookings and capacity back."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from bot.runtime import Runtime
from handlers import booking_actions as actions
from handlers.types import Reply
from storage import capacity
from storage.bookings import Booking
from storage.capacity import SlotLoad
from tests.harness import Chat, texts


def buttons(replies: list[Reply]) -> dict[str, str]:
    """Label → data of every button in the replies (later replies win)."""
    return {choice.label: choice.data for reply in replies for row in reply.choices for choice in row}


def labels(replies: list[Reply]) -> list[str]:
    return [choice.label for reply in replies for row in reply.choices for choice in row]


async def tap(chat: Chat, replies: list[Reply], label: str) -> list[Reply]:
    """Press the button whose label contains ``label``."""
    found = [data for text, data in buttons(replies).items() if label in text]
    assert found, f"no button {label!r} in {labels(replies)}"
    return await chat.press(found[0])


async def all_bookings(runtime: Runtime) -> list[Booking]:
    async with runtime.sessions() as session:
        return list(await session.scalars(select(Booking).order_by(Booking.id)))


async def used_total(runtime: Runtime) -> int:
    async with runtime.sessions() as session:
        return int(await session.scalar(select(func.coalesce(func.sum(SlotLoad.used), 0))) or 0)


async def fill_day(runtime: Runtime, day: date, kind: str) -> None:
    """Every bay of ``kind`` left free on ``day`` is taken (by walk-ins, say)."""
    async with runtime.sessions() as session, session.begin():
        sched = await actions.schedule_of(session, runtime.services)
        start, room = sched.day_bounds(day)[0], sched.catalogue.bays[kind]
        used = await capacity.used_between(session, kind, start, start + timedelta(days=1))
        change = {(kind, slot): room - used.get(slot, 0) for slot in sched.slots(day)}
        await capacity.apply(session, change, sched.catalogue.bays)


async def book_via_chat(chat: Chat, when: str, *, service: str = "minor", plate: str = "粤B12345") -> list[Reply]:
    """A whole booking typed in one go; returns the confirmation."""
    await chat.say("/book")
    await chat.say(service)
    await chat.say(when)
    replies = await chat.say(plate)
    if "model" in texts(replies) or "车型" in texts(replies):
        await chat.say("Corolla")
        replies = await chat.press("bk:skip:")
    if any(reply.request_contact for reply in replies):
        replies = await chat.share_contact("+8613812345678")
    return await tap(chat, replies, "✅")
