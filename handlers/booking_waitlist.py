"""The waitlist of a full day: join it, and when room frees, offer it to the first in line, then the next.

An offer holds the freed capacity for ``waitlist_offer_minutes`` so nobody
else can take it while the customer decides; accepting turns the hold into a
booking, declining or letting it expire (a job) gives it back and offers it
to the next in line. Offers reach the customer in the chat they joined from.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from handlers import booking_actions as actions
from handlers.booking_actions import Effects
from handlers.booking_catalogue import ServiceSpec
from handlers.booking_replies import confirmation, plate_of, service_name
from handlers.booking_schedule import Schedule, free_starts
from handlers.booking_text import day_label, time_label
from handlers.choice_data import parse_id
from handlers.context import FlowContext
from handlers.i18n import N_
from handlers.jobs import JobContext
from handlers.types import Choice, Reply
from storage import capacity, jobs, waitlist
from storage.waitlist import WaitlistEntry, WaitStatus

WAITLIST_CHOICE = "wl"
EXPIRE_KIND = "waitlist.expire"

OFFER = N_("Good news: {time} on {day} has become free for {service}. I am holding it for you for {minutes} minutes.")
EXPIRED = N_("The time I was holding for you on {day} was not taken in time, so I offered it to the next person.")
GONE = N_("Sorry, this offer is no longer available.")


def _expiry_key(entry: WaitlistEntry) -> str:
    assert entry.offer_start is not None
    return f"waitlist:{entry.id}:offer:{entry.offer_start.isoformat()}"


async def join(
    fx: FlowContext,
    sched: Schedule,
    *,
    customer_id: int,
    service: ServiceSpec,
    day: date,
    vehicle_id: int | None,
    where: tuple[str, str],
    language: str,
) -> int:
    """Add the customer to the day's line; returns their place in it (1 = next to be offered)."""
    entry = await waitlist.add(
        fx.session,
        customer_id=customer_id,
        service_code=service.code,
        vehicle_id=vehicle_id,
        day=day,
        channel=where[0],
        chat_id=where[1],
        language=language,
        created_at=fx.now(),
    )
    place = await waitlist.position(fx.session, entry)
    await offer_freed(fx, sched, day)
    return place


def _holding(entry: WaitlistEntry) -> dict[capacity.SlotKey, int]:
    assert entry.offer_bay_kind is not None
    slots = [datetime.fromisoformat(slot) for slot in entry.offer_slots]
    return capacity.taking(entry.offer_bay_kind, slots, -entry.offer_bays)


async def _offer(fx: Effects, sched: Schedule, entry: WaitlistEntry, service: ServiceSpec, start: datetime) -> bool:
    """Hold ``start`` for the entry and tell them; False when the slot or the entry changed meanwhile."""
    slots = sched.span(service, start)
    assert slots is not None
    expires = fx.now() + timedelta(minutes=sched.catalogue.rules.waitlist_offer_minutes)
    try:
        async with fx.session.begin_nested():
            await capacity.apply(
                fx.session, capacity.taking(service.bay_kind, slots, service.bays_needed), sched.catalogue.bays
            )
            if not await waitlist.change_status(
                fx.session,
                entry.id,
                was=WaitStatus.WAITING,
                to=WaitStatus.OFFERED,
                offer_start=start,
                offer_end=sched.end_of(slots),
                offer_slots=[slot.isoformat() for slot in slots],
                offer_bay_kind=service.bay_kind,
                offer_bays=service.bays_needed,
                offer_expires_at=expires,
            ):
                raise capacity.SlotTaken(service.bay_kind, start)
    except capacity.SlotTaken:
        return False
    await fx.session.refresh(entry)
    await jobs.schedule(
        fx.session, EXPIRE_KIND, due_at=expires, payload={"entry_id": entry.id}, dedupe_key=_expiry_key(entry)
    )
    gettext, language = fx.services.translator.gettext, entry.language
    text = gettext(
        language,
        OFFER,
        time=time_label(start, sched.tz),
        day=day_label(entry.day, language, sched.local_day(fx.now())),
        service=service.name(language),
        minutes=sched.catalogue.rules.waitlist_offer_minutes,
    )
    buttons = (
        (
            Choice(
                gettext(language, N_("Book {time}"), time=time_label(start, sched.tz)),
                f"{WAITLIST_CHOICE}:take:{entry.id}",
            ),
            Choice(gettext(language, N_("No, thanks")), f"{WAITLIST_CHOICE}:pass:{entry.id}"),
        ),
    )
    fx.send(entry.channel, entry.chat_id, Reply(text=text, choices=buttons))
    return True


async def offer_freed(fx: Effects, sched: Schedule, day: date) -> None:
    """Offer whatever room ``day`` has to the people waiting for it, first come first."""
    for entry in await waitlist.waiting_on(fx.session, day):
        service = sched.catalogue.service(entry.service_code)
        if service is None or not service.active:
            continue
        free = (await free_starts(fx.session, sched, service, [day], fx.now()))[day]
        if free:
            await _offer(fx, sched, entry, service, free[0])


async def _release(fx: Effects, sched: Schedule, entry: WaitlistEntry, to: WaitStatus) -> bool:
    """End an offer (declined, expired, left) and give its hold back; False if it had already ended."""
    if not await waitlist.change_status(fx.session, entry.id, was=WaitStatus.OFFERED, to=to):
        return False
    await capacity.apply(fx.session, _holding(entry), sched.catalogue.bays)
    await jobs.cancel(fx.session, _expiry_key(entry))
    return True


async def leave(fx: FlowContext, sched: Schedule, entry: WaitlistEntry) -> bool:
    """Take a customer off a waitlist (giving back an offer they hold); False when they were not on it any more."""
    if entry.status == WaitStatus.OFFERED:
        if not await _release(fx, sched, entry, WaitStatus.LEFT):
            return False
        await offer_freed(fx, sched, entry.day)
        return True
    return await waitlist.change_status(fx.session, entry.id, was=WaitStatus.WAITING, to=WaitStatus.LEFT)


async def expire_offer(job: JobContext) -> None:
    """The job: an offer nobody took in time goes to the next in line."""
    entry = await waitlist.get(job.session, int(job.payload["entry_id"]))
    if entry is None or entry.status != WaitStatus.OFFERED:
        return
    sched = await actions.schedule_of(job.session, job.services)
    if await _release(job, sched, entry, WaitStatus.EXPIRED):
        day = day_label(entry.day, entry.language, sched.local_day(job.now()))
        job.send(entry.channel, entry.chat_id, Reply(text=job._(entry.language, EXPIRED, day=day)))
        await offer_freed(job, sched, entry.day)


async def on_choice(ctx: FlowContext, value: str) -> None:
    """Book it / No, thanks, on an offer."""
    action, _, raw_id = value.partition(":")
    entry_id = parse_id(raw_id)
    entry = await waitlist.get(ctx.session, entry_id) if entry_id is not None else None
    if entry is None or entry.customer_id != ctx.customer.id or entry.status != WaitStatus.OFFERED:
        ctx.say(ctx._(GONE), edit=True)
        return
    sched = await actions.schedule_of(ctx.session, ctx.services)
    if action == "pass" or (entry.offer_expires_at is not None and entry.offer_expires_at <= ctx.now()):
        await _release(ctx, sched, entry, WaitStatus.DECLINED if action == "pass" else WaitStatus.EXPIRED)
        await offer_freed(ctx, sched, entry.day)
        ctx.say(ctx._("All right, I passed it on.") if action == "pass" else ctx._(GONE), edit=True)
        return
    if not await waitlist.change_status(ctx.session, entry.id, was=WaitStatus.OFFERED, to=WaitStatus.BOOKED):
        ctx.say(ctx._(GONE), edit=True)
        return
    await jobs.cancel(ctx.session, _expiry_key(entry))
    assert entry.offer_bay_kind is not None
    booking = await actions.book_held(
        ctx,
        sched,
        customer_id=entry.customer_id,
        service_code=entry.service_code,
        vehicle_id=entry.vehicle_id,
        slots=[datetime.fromisoformat(slot) for slot in entry.offer_slots],
        bay_kind=entry.offer_bay_kind,
        bays=entry.offer_bays,
        language=entry.language,
    )
    entry.booking_id = booking.id
    reply = confirmation(
        ctx.services, sched.catalogue, booking, await plate_of(ctx.session, booking), ctx.language, ctx.now()
    )
    ctx.say(reply.text, attachments=reply.attachments)


def waitlist_line(ctx: FlowContext, sched: Schedule, entry: WaitlistEntry) -> str:
    """``Waitlist: 12月5日周六 · 小保养``."""
    day = day_label(entry.day, ctx.language, sched.local_day(ctx.now()))
    return ctx._(
        "Waitlist: {day} · {service}", day=day, service=service_name(sched.catalogue, entry.service_code, ctx.language)
    )
