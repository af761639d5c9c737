"""What a booking looks like to the person reading it: one line, a confirmation, an ``.ics`` file.

Also where a customer is reached outside the chat they are typing in: each
channel identity's private chat (on Telegram, WeChat and the console a
person's private chat id is their user id).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.booking_catalogue import Catalogue
from handlers.booking_text import when_label
from handlers.context import Services
from handlers.i18n import N_
from handlers.types import Attachment, Choice, Reply
from storage import customers
from storage.bookings import Booking
from storage.customers import Customer, Vehicle

# Buttons on a customer's own bookings (lists, reminders): "mybk:<action>:<booking id>".
MINE_CHOICE = "mybk"

CONFIRMED = N_(
    "Booked: {service}, {when}, {plate}.\nReference: {reference}\n"
    "Please bring your car a few minutes early. /mybookings shows, moves or cancels your bookings."
)


def zone(services: Services) -> ZoneInfo:
    """The store's time zone, from the TIMEZONE setting."""
    return ZoneInfo(services.config.timezone)


def service_name(catalogue: Catalogue, code: str, language: str) -> str:
    spec = catalogue.service(code)
    return spec.name(language) if spec is not None else code


def booking_line(services: Services, catalogue: Catalogue, booking: Booking, plate: str | None, language: str) -> str:
    """``12月3日周四 10:00 · 小保养 · 粤B12345 · K7Q2MX``."""
    parts = [
        when_label(booking.start_at, zone(services), language),
        service_name(catalogue, booking.service_code, language),
    ]
    if plate:
        parts.append(plate)
    parts.append(booking.reference)
    return " · ".join(parts)


def calendar_file(
    services: Services, catalogue: Catalogue, booking: Booking, plate: str | None, now: datetime
) -> Attachment:
    """An ``.ics`` event for the customer's calendar."""
    cal = Calendar()
    cal.add("prodid", "-//dealerbot//booking//EN")
    cal.add("version", "2.0")
    event = Event()
    name = service_name(catalogue, booking.service_code, "zh-CN")
    event.add("uid", f"{booking.reference}@dealerbot")
    event.add("dtstamp", now)
    event.add("dtstart", booking.start_at)
    event.add("dtend", booking.end_at)
    event.add("summary", f"{services.config.store_name}: {name}")
    event.add("description", " / ".join(filter(None, [booking.reference, plate])))
    event.add("location", services.config.store_name)
    cal.add_component(event)
    return Attachment(kind="document", filename="booking.ics", content=cal.to_ical(), mime_type="text/calendar")


def confirmation(
    services: Services, catalogue: Catalogue, booking: Booking, plate: str | None, language: str, now: datetime
) -> Reply:
    """The message that closes a booking: what, when, the reference, and the calendar file."""
    text = services.translator.gettext(
        language,
        CONFIRMED,
        service=service_name(catalogue, booking.service_code, language),
        when=when_label(booking.start_at, zone(services), language),
        plate=plate or "-",
        reference=booking.reference,
    )
    return Reply(text=text, attachments=(calendar_file(services, catalogue, booking, plate, now),))


def change_buttons(services: Services, booking_id: int, language: str) -> tuple[tuple[Choice, ...], ...]:
    """Confirm / Move / Cancel, as on a reminder."""
    gettext = services.translator.gettext
    return (
        (
            Choice(gettext(language, N_("Confirm")), f"{MINE_CHOICE}:confirm:{booking_id}"),
            Choice(gettext(language, N_("Move")), f"{MINE_CHOICE}:move:{booking_id}"),
            Choice(gettext(language, N_("Cancel")), f"{MINE_CHOICE}:cancel:{booking_id}"),
        ),
    )


async def plate_of(session: AsyncSession, booking: Booking) -> str | None:
    if booking.vehicle_id is None:
        return None
    vehicle = await session.get(Vehicle, booking.vehicle_id)
    return vehicle.plate if vehicle is not None else None


async def customer_chats(session: AsyncSession, customer_id: int) -> list[tuple[str, str]]:
    """Where to reach a customer: the private chat of each identity that has not blocked the bot."""
    return [
        (identity.channel, identity.external_id)
        for identity in await customers.identities_of(session, customer_id)
        if not identity.blocked_bot
    ]


async def language_of(session: AsyncSession, services: Services, customer_id: int) -> str:
    customer = await session.get(Customer, customer_id)
    return (customer.language if customer is not None else None) or services.config.default_language
