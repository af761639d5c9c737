"""A day's bookings as an Excel sheet, for the workshop's planning board."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font

from handlers.booking_catalogue import Catalogue
from handlers.booking_replies import service_name
from handlers.i18n import N_
from handlers.types import Attachment
from storage.bookings import Booking, BookingSource, BookingStatus
from storage.customers import Customer, Vehicle

COLUMNS = (
    N_("Start"), N_("End"), N_("Bay"), N_("Service"), N_("Reference"), N_("Status"), N_("Customer"), N_("Phone"),
    N_("Plate"), N_("Model"), N_("Mileage (km)"), N_("Source"), N_("Confirmed"), N_("Arrived at"),
)  # fmt: skip
STATUSES: dict[str, str] = {
    BookingStatus.BOOKED: N_("booked"),
    BookingStatus.CANCELLED: N_("cancelled"),
    BookingStatus.DONE: N_("done"),
    BookingStatus.NO_SHOW: N_("no-show"),
}
SOURCES: dict[str, str] = {
    BookingSource.CHAT: N_("chat"),
    BookingSource.PHONE: N_("phone"),
    BookingSource.STAFF: N_("staff"),
}

Row = tuple[Booking, Customer, Vehicle | None]


def day_workbook(
    day: date, rows: list[Row], catalogue: Catalogue, tz: ZoneInfo, language: str, _: Callable[[str], str]
) -> Attachment:
    """One sheet, one booking per line, in start order; times in the store's time zone, words in ``language``.

    ``_`` translates into ``language``: the heads, statuses and sources are catalog messages.
    """
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = day.isoformat()
    sheet.append([_(column) for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for booking, customer, vehicle in rows:
        sheet.append(
            (
                booking.start_at.astimezone(tz).strftime("%H:%M"),
                booking.end_at.astimezone(tz).strftime("%H:%M"),
                catalogue.bay_name(booking.bay_kind, language),
                service_name(catalogue, booking.service_code, language),
                booking.reference,
                _(STATUSES.get(booking.status, booking.status)),
                customer.name or "",
                customer.phone or "",
                vehicle.plate if vehicle else "",
                (vehicle.model or "") if vehicle else "",
                vehicle.mileage_km if vehicle and vehicle.mileage_km is not None else "",
                _(SOURCES.get(booking.source, booking.source)),
                _("yes") if booking.confirmed_at else "",
                booking.arrived_at.astimezone(tz).strftime("%H:%M") if booking.arrived_at else "",
            )
        )
    for column, width in zip("ABCDEFGHIJKLMN", (7, 7, 10, 16, 10, 10, 16, 16, 12, 14, 11, 8, 10, 8), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    return Attachment(
        kind="document",
        filename=f"bookings-{day.isoformat()}.xlsx",
        content=buffer.getvalue(),
        mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
