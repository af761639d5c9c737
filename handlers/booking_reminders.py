"""Booking reminders as jobs: the day before at a set hour, and a few hours before.

Each reminder is a job keyed ``booking:<id>:reminder:<which>:<start>``, so
moving a booking schedules new ones (and a reminder that was sent is never
sent again); cancelling or moving cancels the booking's pending jobs, and the
handler checks again at send time that the booking is still booked for that
start.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.booking_catalogue import Catalogue, current
from handlers.booking_replies import (
    booking_line,
    change_buttons,
    customer_chats,
    plate_of,
    zone,
)
from handlers.context import Services
from handlers.i18n import N_
from handlers.jobs import JobContext
from handlers.types import Reply
from storage import bookings, jobs
from storage.bookings import Booking, BookingStatus
from storage.customers import Customer

KIND = "booking.reminder"
DAY_BEFORE = "day_before"
HOURS_BEFORE = "hours_before"

TOMORROW = N_("Reminder: your visit to {store} is tomorrow.\n{booking}\nWill you come?")
SOON = N_("Reminder: your visit to {store} is in {hours} hours.\n{booking}\nWill you come?")


def job_prefix(booking_id: int) -> str:
    """Every job about one booking has a key starting with this."""
    return f"booking:{booking_id}:"


def due_times(catalogue: Catalogue, services: Services, start: datetime, now: datetime) -> dict[str, datetime]:
    """When each reminder of a visit at ``start`` is due; reminders whose time has passed are left out."""
    tz = zone(services)
    local_day = start.astimezone(tz).date()
    due = {DAY_BEFORE: datetime.combine(local_day - timedelta(days=1), catalogue.reminders.day_before_at, tz)}
    if catalogue.reminders.hours_before:
        due[HOURS_BEFORE] = start - timedelta(hours=catalogue.reminders.hours_before)
    return {which: at for which, at in due.items() if now < at < start}


async def schedule(
    session: AsyncSession, services: Services, catalogue: Catalogue, booking: Booking, language: str | None
) -> None:
    """Schedule the reminders of a booking at its current start, in the language the customer booked in."""
    start = booking.start_at.isoformat()
    for which, at in due_times(catalogue, services, booking.start_at, services.clock()).items():
        await jobs.schedule(
            session,
            KIND,
            due_at=at,
            payload={"booking_id": booking.id, "start": start, "which": which, "language": language},
            dedupe_key=f"{job_prefix(booking.id)}reminder:{which}:{start}",
        )


async def cancel(session: AsyncSession, booking_id: int) -> None:
    """Drop a booking's pending reminders (it was cancelled, or moved and rescheduled)."""
    await jobs.cancel_prefix(session, job_prefix(booking_id))


async def send_reminder(job: JobContext) -> None:
    """The job: remind the customer, with Confirm / Move / Cancel, if the visit is still as it was."""
    booking = await bookings.get(job.session, int(job.payload["booking_id"]))
    if (
        booking is None
        or booking.status != BookingStatus.BOOKED
        or booking.start_at.isoformat() != job.payload["start"]
    ):
        return
    catalogue = await current(job.session)
    customer = await job.session.get(Customer, booking.customer_id)
    chosen = customer.language if customer is not None else None
    language = chosen or job.payload.get("language") or job.services.config.default_language
    line = booking_line(job.services, catalogue, booking, await plate_of(job.session, booking), language)
    store = job.services.config.store_name
    if job.payload["which"] == DAY_BEFORE:
        text = job._(language, TOMORROW, store=store, booking=line)
    else:
        text = job._(language, SOON, store=store, hours=catalogue.reminders.hours_before, booking=line)
    reply = Reply(text=text, choices=change_buttons(job.services, booking.id, language))
    for channel, chat_id in await customer_chats(job.session, booking.customer_id):
        job.send(channel, chat_id, reply)
