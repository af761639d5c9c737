"""Repair orders from the dealer management system (DMS), imported as visits.

Usage: ``dealerbot visits import orders.csv`` (the file format is in the
README, "Importing visits"). :func:`parse` checks every row and reports the
bad ones by line number without touching the database; :func:`import_rows`
then stores the good rows in the caller's one transaction. Each order is
matched to a customer (by phone, then by plate) and to that customer's or
vehicle's booking on the same day, so a booked car is one visit — the one
staff may already have marked done — and a walk-in is a visit without a
booking. ``order_no`` is unique, so a second import of the same file changes
nothing; an order imported open and later exported closed is closed then.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import followup
from handlers.booking_replies import zone
from handlers.context import Services
from handlers.errors import InputError
from handlers.plates import parse_plate
from handlers.validate import parse_phone
from storage import bookings, customers, visits
from storage.bookings import BookingStatus
from storage.visits import Visit, VisitSource

COLUMNS = ("order_no", "plate", "phone", "date", "service", "advisor", "closed")
REQUIRED = ("order_no", "date", "service", "closed")
YES = {"yes", "y", "true", "1", "是", "已结算", "closed"}
NO = {"no", "n", "false", "0", "否", "未结算", "open"}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d")


class ImportFileError(ValueError):
    """A file that cannot be read as repair orders at all (no header, missing columns)."""


@dataclass(frozen=True, slots=True)
class OrderRow:
    """One repair order as the DMS exported it, checked."""

    line: int
    order_no: str
    plate: str | None
    phone: str | None
    day: date
    service: str
    advisor: str | None
    closed: bool


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int
    reason: str


@dataclass(slots=True)
class ImportReport:
    """What an import did: counts by outcome, and the follow-ups it planned."""

    created: int = 0
    closed: int = 0
    unchanged: int = 0
    booked: int = 0
    surveys: int = 0
    visit_ids: list[int] = field(default_factory=list)


def parse(text: str) -> tuple[list[OrderRow], list[BadRow]]:
    """The file's good rows and its bad rows, by line number (the header is line 1; a row quoted over
    several lines is numbered by its last line)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ImportFileError(f"the header must name the columns {', '.join(COLUMNS)}; missing: {', '.join(missing)}")
    reader.fieldnames = header
    good: list[OrderRow] = []
    bad: list[BadRow] = []
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        values = {key: (value or "").strip() for key, value in raw.items() if key is not None}
        if not any(values.values()):
            continue
        try:
            row = _row(line, values)
        except ValueError as error:
            bad.append(BadRow(line, str(error)))
            continue
        if row.order_no in seen:
            bad.append(BadRow(line, f"order {row.order_no} is already on line {seen[row.order_no]}"))
            continue
        seen[row.order_no] = line
        good.append(row)
    return good, bad


def _row(line: int, values: dict[str, str]) -> OrderRow:
    for column in REQUIRED:
        if not values.get(column):
            raise ValueError(f"{column} is empty")
    if not values.get("phone") and not values.get("plate"):
        raise ValueError("give a phone or a plate (or both)")
    return OrderRow(
        line=line,
        order_no=_limited(values["order_no"], 40, "order_no"),
        plate=_checked(parse_plate, values.get("plate"), "plate"),
        phone=_checked(parse_phone, values.get("phone"), "phone"),
        day=_day(values["date"]),
        service=_limited(values["service"], 80, "service"),
        advisor=_limited(values.get("advisor", ""), 80, "advisor") or None,
        closed=_closed(values["closed"]),
    )


def _limited(value: str, length: int, column: str) -> str:
    if len(value) > length:
        raise ValueError(f"{column} is longer than {length} characters")
    return value


def _checked(parser: Callable[[str], str], value: str | None, column: str) -> str | None:
    if not value:
        return None
    try:
        return parser(value)
    except InputError as error:
        raise ValueError(f"{column} {value!r} is not valid") from error


def _day(value: str) -> date:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"date {value!r} is not a date like 2026-12-02")


def _closed(value: str) -> bool:
    lowered = value.lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise ValueError(f"closed {value!r} should be yes or no")


async def import_rows(session: AsyncSession, services: Services, rows: list[OrderRow]) -> ImportReport:
    """Store the rows as visits in the session's transaction; the caller commits once (or not at all)."""
    report = ImportReport()
    now = services.clock()
    for row in rows:
        existing = await visits.by_order_no(session, row.order_no)
        if existing is not None:
            if row.closed and not existing.closed:
                existing.closed, existing.closed_at = True, now
                report.closed += 1
                await _follow_up(session, services, existing, report)
            else:
                report.unchanged += 1
            continue
        visit = await _store(session, services, row, now)
        report.created += 1
        report.booked += visit.booking_id is not None
        await _follow_up(session, services, visit, report)
    return report


async def _store(session: AsyncSession, services: Services, row: OrderRow, now: datetime) -> Visit:
    """A new order: attach it to the booked visit staff marked done, or add a visit of its own."""
    customer_id, vehicle_id = await _owner(session, row)
    tz = zone(services)
    start = datetime.combine(row.day, time(0), tz)
    booking = await visits.booking_on(
        session, customer_id=customer_id, vehicle_id=vehicle_id, start=start, end=start + timedelta(days=1)
    )
    if booking is not None:
        customer_id = customer_id or booking.customer_id
        vehicle_id = vehicle_id or booking.vehicle_id
        if row.closed and booking.status == BookingStatus.BOOKED:
            await bookings.set_status(session, booking.id, BookingStatus.DONE)
    visit = await visits.of_booking(session, booking.id) if booking is not None else None
    fields = {
        "order_no": row.order_no,
        "plate": row.plate,
        "phone": row.phone,
        "customer_id": customer_id,
        "vehicle_id": vehicle_id,
        "visit_date": row.day,
        "service": row.service,
        "advisor": row.advisor,
    }
    if visit is None:
        booking_id = booking.id if booking else None
        visit = Visit(source=VisitSource.IMPORT, booking_id=booking_id, closed=False, created_at=now, **fields)
        session.add(visit)
    else:
        for name, value in fields.items():
            setattr(visit, name, value)
    if row.closed and not visit.closed:
        visit.closed, visit.closed_at = True, now
    await session.flush()
    return visit


async def _owner(session: AsyncSession, row: OrderRow) -> tuple[int | None, int | None]:
    """The customer (by phone, then by the plate's owner) and the vehicle (by plate) of an order."""
    vehicle = await customers.find_vehicle(session, row.plate) if row.plate else None
    by_phone = await customers.find_by_phone(session, row.phone) if row.phone else []
    customer_id = by_phone[0].id if by_phone else (vehicle.customer_id if vehicle else None)
    return customer_id, vehicle.id if vehicle else None


async def _follow_up(session: AsyncSession, services: Services, visit: Visit, report: ImportReport) -> None:
    report.visit_ids.append(visit.id)
    if await followup.schedule(session, services, visit):
        report.surveys += 1
