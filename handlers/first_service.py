"""A new car's first service: due after ``first_service_months`` or at ``first_service_km``, whichever first.

The bot cannot read the odometer, so it asks: ``mileage_check_days`` after
delivery the owner taps roughly how far the car has gone, and the reminder
(due ``first_service_notice_days`` before the first service) moves earlier
if that pace reaches the mileage before the months are up. Both are jobs
keyed by delivery (``newcar:<id>:…``), sent once, at a time the store is open.
"""

from __future__ import annotations

import calendar
import math
from datetime import date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import booking_flow
from handlers.booking_replies import customer_chats, language_of, zone
from handlers.booking_state import FLOW, MODE, SERVICE, SOURCE, Mode, Step
from handlers.choice_data import parse_id, parse_small
from handlers.context import FlowContext, Services
from handlers.i18n import N_
from handlers.jobs import JobContext
from handlers.types import Choice, Reply
from storage import jobs, new_cars
from storage.bookings import BookingSource
from storage.new_cars import CarDelivery

NEWCAR_CHOICE = "newcar"
MILEAGE_KIND = "newcar.mileage"
REMINDER_KIND = "newcar.first_service"
FIRST_SERVICE_CODE = "first_service"
SEND_AT = time(10, 0)

ASK_MILEAGE = N_("How far has your {plate} gone since delivery? A rough figure is fine.")
REMINDER = N_(
    "Your {plate} is due for its first service by {day}, or at {km} km if that comes first. "
    "Book it now, or call {hotline}."
)
BOOK = N_("📅 Book the first service")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def due_day(services: Services, delivery: CarDelivery) -> date:
    """The first service is due by this day on time alone."""
    return add_months(delivery.delivered_on, services.config.aftercare.first_service_months)


def _send_time(services: Services, day: date) -> datetime:
    """10:00 on ``day`` (or now, if that has passed), moved into the store's hours."""
    moment = max(datetime.combine(day, SEND_AT, zone(services)), services.clock())
    return services.config.desk_hours.next_opening(moment)


def mileage_bands(limit: int) -> list[tuple[str, int]]:
    """The mileage buttons: below a fifth of the first-service mileage, to three fifths, to all of it, beyond.

    Each stands for the middle of its band (the limit itself for the last).
    """
    fifth = limit // 5
    return [
        (f"< {fifth:,} km", fifth // 2),
        (f"{fifth:,}–{3 * fifth:,} km", 2 * fifth),
        (f"{3 * fifth:,}–{limit:,} km", 4 * fifth),
        (f"> {limit:,} km", limit),
    ]


def book_button(services: Services, delivery: CarDelivery, language: str) -> tuple[Choice, ...]:
    return (Choice(services.translator.gettext(language, BOOK), f"{NEWCAR_CHOICE}:book:{delivery.id}"),)


async def plan(session: AsyncSession, services: Services, delivery: CarDelivery) -> None:
    """After the letter: the mileage question and the first-service reminder."""
    aftercare = services.config.aftercare
    check = delivery.delivered_on + timedelta(days=aftercare.mileage_check_days)
    await jobs.schedule(
        session,
        MILEAGE_KIND,
        due_at=_send_time(services, check),
        payload={"delivery_id": delivery.id},
        dedupe_key=f"newcar:{delivery.id}:mileage",
    )
    await _plan_reminder(session, services, delivery, due_day(services, delivery))


async def _plan_reminder(session: AsyncSession, services: Services, delivery: CarDelivery, due: date) -> None:
    notice = timedelta(days=services.config.aftercare.first_service_notice_days)
    await jobs.schedule(
        session,
        REMINDER_KIND,
        due_at=_send_time(services, due - notice),
        payload={"delivery_id": delivery.id, "due": due.isoformat()},
        dedupe_key=f"newcar:{delivery.id}:first_service",
    )


async def _owner_chat(job: JobContext) -> tuple[CarDelivery, str, str, str] | None:
    delivery = await new_cars.get(job.session, int(job.payload["delivery_id"]))
    if delivery is None or delivery.customer_id is None:
        return None
    chats = await customer_chats(job.session, delivery.customer_id)
    if not chats:
        return None
    language = await language_of(job.session, job.services, delivery.customer_id)
    return delivery, chats[0][0], chats[0][1], language


async def ask_mileage(job: JobContext) -> None:
    """The job: ask roughly how far the car has gone, by buttons."""
    found = await _owner_chat(job)
    if found is None:
        return
    delivery, channel, chat_id, language = found
    buttons = [
        Choice(label, f"{NEWCAR_CHOICE}:km:{delivery.id}:{km}")
        for label, km in mileage_bands(job.services.config.aftercare.first_service_km)
    ]
    text = job._(language, ASK_MILEAGE, plate=delivery.plate)
    job.send(channel, chat_id, Reply(text=text, choices=(tuple(buttons[:2]), tuple(buttons[2:]))))


async def remind(job: JobContext) -> None:
    """The job: the first service is coming up; offer to book it."""
    found = await _owner_chat(job)
    if found is None:
        return
    delivery, channel, chat_id, language = found
    services = job.services
    text = job._(
        language,
        REMINDER,
        plate=delivery.plate,
        day=job.payload["due"],
        km=f"{services.config.aftercare.first_service_km:,}",
        hotline=services.config.hotline,
    )
    job.send(channel, chat_id, Reply(text=text, choices=(book_button(services, delivery, language),)))


async def on_choice(ctx: FlowContext, value: str) -> None:
    """``book:<delivery>`` starts booking the first service; ``km:<delivery>:<km>`` takes the mileage."""
    action, _, rest = value.partition(":")
    number, _, km = rest.partition(":")
    delivery_id = parse_id(number)
    delivery = await new_cars.get(ctx.session, delivery_id) if delivery_id is not None else None
    if delivery is None or delivery.customer_id != ctx.customer.id:
        ctx.say(ctx._("That button has expired. Please start again."))
        return
    if action == "book":
        ctx.start_flow(FLOW, Step.SERVICE, {MODE: Mode.NEW, SOURCE: BookingSource.CHAT, SERVICE: FIRST_SERVICE_CODE})
        await booking_flow.advance(ctx)
    elif action == "km" and (mileage := parse_small(km, ctx.services.config.aftercare.first_service_km)) is not None:
        await _took_mileage(ctx, delivery, mileage)


async def _took_mileage(ctx: FlowContext, delivery: CarDelivery, km: int) -> None:
    """Store the mileage; if that pace reaches the first-service mileage first, remind earlier."""
    services = ctx.services
    await new_cars.record_mileage(ctx.session, delivery, km, ctx.now())
    today = ctx.now().astimezone(zone(services)).date()
    due = due_day(services, delivery)
    days = max((today - delivery.delivered_on).days, 1)
    limit = services.config.aftercare.first_service_km
    if km >= limit:
        due = today
    elif km > 0:
        due = min(due, delivery.delivered_on + timedelta(days=math.ceil(limit * days / km)))
    await _plan_reminder(ctx.session, services, delivery, due)
    ctx.say(
        ctx._("Thank you! At this pace the first service is due by {day}; we will remind you before.", day=due),
        edit=True,
    )
