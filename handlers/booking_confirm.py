"""The booking flow's last tap: book, move, or join the waitlist, then say so with the calendar file.

If the database says the time was taken meanwhile (another customer
confirmed first), nothing is booked and the free times of that day are
shown again.
"""

from __future__ import annotations

from handlers import booking_actions as actions
from handlers import booking_waitlist
from handlers.booking_details import save_vehicle
from handlers.booking_replies import confirmation, customer_chats, language_of, plate_of
from handlers.booking_schedule import Schedule
from handlers.booking_state import BOOKING, DAY, MODE, SOURCE, START, Mode, day_of, mode_of, owner, service_of, start_of
from handlers.booking_text import day_label
from handlers.booking_when import ask_day, ask_time, refuse_waitlist
from handlers.context import FlowContext
from handlers.errors import InputError
from handlers.i18n import N_
from handlers.types import Reply
from storage import bookings
from storage.bookings import BookingSource
from storage.capacity import SlotTaken

BOOKED_FOR_YOU = N_("Our staff booked this visit for you:")
MOVED_FOR_YOU = N_("Our staff moved your booking:")
TAKEN = N_("Sorry, someone booked that time just before you.")


async def _car_busy(ctx: FlowContext, busy: actions.CarBusy) -> None:
    """Name the car's visit that day and go back to choosing a day (the rest of the booking is kept)."""
    for key in (START, DAY):
        ctx.state.data.pop(key, None)
    if mode_of(ctx) is Mode.WAITLIST:
        ctx.state.data[MODE] = Mode.NEW
    await ask_day(ctx, note=ctx._(busy.message, **busy.params))


async def confirm(ctx: FlowContext, sched: Schedule) -> None:
    mode = mode_of(ctx)
    service = service_of(ctx, sched)
    assert service is not None
    who = await owner(ctx)
    vehicle_id = await save_vehicle(ctx)
    if mode is Mode.WAITLIST:
        day = day_of(ctx)
        assert day is not None
        if await refuse_waitlist(ctx, sched, service, day):
            return
        try:
            await actions.one_visit_a_day(ctx, sched, vehicle_id, day, ctx.language)
        except actions.CarBusy as busy:
            await _car_busy(ctx, busy)
            return
        where = (ctx.incoming.channel, ctx.incoming.chat_id)
        if who.id != ctx.customer.id:
            where = next(iter(await customer_chats(ctx.session, who.id)), where)
        place = await booking_waitlist.join(
            ctx, sched, customer_id=who.id, service=service, day=day, vehicle_id=vehicle_id, where=where,
            language=who.language or ctx.language,
        )  # fmt: skip
        ctx.end_flow()
        ctx.say(
            ctx._(
                "You are number {place} on the waitlist for {day}. If a time frees up I will offer it here; "
                "you will have {minutes} minutes to take it.",
                place=place,
                day=day_label(day, ctx.language, sched.local_day(ctx.now())),
                minutes=sched.catalogue.rules.waitlist_offer_minutes,
            )
        )
        return
    start = start_of(ctx)
    assert start is not None
    try:
        if mode is Mode.MOVE:
            booking = await bookings.get(ctx.session, int(ctx.state.data[BOOKING]))
            if booking is None or booking.customer_id != who.id:
                raise InputError(actions.CHANGED)
            freed = await actions.move(
                ctx, sched, booking, service=service, start=start, vehicle_id=vehicle_id, language=ctx.language
            )
            await booking_waitlist.offer_freed(ctx, sched, freed.day)
        else:
            booking = await actions.book(
                ctx,
                sched,
                customer_id=who.id,
                service=service,
                start=start,
                vehicle_id=vehicle_id,
                source=BookingSource(ctx.state.data.get(SOURCE, BookingSource.CHAT)),
                language=ctx.language,
                remind_in=ctx.language if who.id == ctx.customer.id else who.language,
            )
    except SlotTaken:
        await ask_time(ctx, sched.local_day(start), note=ctx._(TAKEN))
        return
    except actions.CarBusy as busy:
        await _car_busy(ctx, busy)
        return
    ctx.end_flow()
    plate = await plate_of(ctx.session, booking)
    reply = confirmation(ctx.services, sched.catalogue, booking, plate, ctx.language, ctx.now())
    if mode is Mode.MOVE:
        ctx.say(ctx._("Your booking has been moved.") if who.id == ctx.customer.id else ctx._("The booking is moved."))
    ctx.say(reply.text, attachments=reply.attachments)
    if who.id != ctx.customer.id:
        language = await language_of(ctx.session, ctx.services, who.id)
        theirs = confirmation(ctx.services, sched.catalogue, booking, plate, language, ctx.now())
        heading = MOVED_FOR_YOU if mode is Mode.MOVE else BOOKED_FOR_YOU
        text = f"{ctx.in_language(language, heading)}\n{theirs.text}"
        for channel, chat_id in await customer_chats(ctx.session, who.id):
            ctx.send(channel, chat_id, Reply(text=text, attachments=theirs.attachments))
