"""A day's bookings as an Excel sheet, for the workshop's planning board."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font

from handlers.booking_catalogue import Catalogue
from handlers.booking_replies import service_name
from handlers.types import Attachment
from storage.bookings import Booking
from storage.customers import Customer, Vehicle

COLUMNS = (
    "start", "end", "bay kind", "service", "reference", "status", "customer", "phone", "plate", "model",
    "mileage km", "source", "confirmed", "arrived",
)  # fmt: skip

Row = tuple[Booking, Customer, Vehicle | None]


def day_workbook(day: date, rows: list[Row], catalogue: Catalogue, tz: ZoneInfo, language: str) -> Attachment:
    """One sheet, one booking per line, in start order; times in the store's time zone."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = day.isoformat()
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for booking, customer, vehicle in rows:
        sheet.append(
            (
                booking.start_at.astimezone(tz).strftime("%H:%M"),
                booking.end_at.astimezone(tz).strftime("%H:%M"),
                booking.bay_kind,
                service_name(catalogue, booking.service_code, language),
                booking.reference,
                booking.status,
                customer.name or "",
                customer.phone or "",
                vehicle.plate if vehicle else "",
                (vehicle.model or "") if vehicle else "",
                vehicle.mileage_km if vehicle and vehicle.mileage_km is not None else "",
                booking.source,
                "yes" if booking.confirmed_at else "",
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
