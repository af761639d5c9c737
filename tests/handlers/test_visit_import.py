"""Importing repair orders: checked rows with line numbers, matched to customers and bookings, idempotent.

The clock starts on Tuesday 2026-12-01 at 10:00 in Shanghai; the booked
customer's visit is on Wednesday 2 December.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from handlers import visit_import
from handlers.visit_import import ImportFileError, parse
from storage import jobs
from storage.bookings import Booking, BookingStatus
from storage.visits import Visit, VisitSource
from tests.handlers.aftercare_helpers import rows, visits_of, workshop

DEALERBOT = Path(sys.executable).with_name("dealerbot")
HEADER = "order_no,plate,phone,date,service,advisor,closed\n"
THREE_BAD = (
    HEADER
    + "RO-1001,粤B12345,13812345678,2026-12-02,小保养,王工,yes\n"
    + "RO-1002,粤B66666,13900000000,2026-12-02,钣金喷漆,李工,是\n"
    + "RO-1003,,13800000000,2026-12-02,轮胎更换,,no\n"
    + "RO-1004,粤X1,13812345678,2026-12-02,保养,王工,yes\n"
    + "RO-1005,粤B22222,12345,2026-12-03,保养,,yes\n"
    + ",粤B33333,13711112222,2026-12-03,保养,,yes\n"
)


def test_bad_rows_are_reported_by_line_and_the_good_ones_kept() -> None:
    good, bad = parse(THREE_BAD)
    assert [row.order_no for row in good] == ["RO-1001", "RO-1002", "RO-1003"]
    assert [(row.line, row.reason) for row in bad] == [
        (5, "plate '粤X1' is not valid"),
        (6, "phone '12345' is not valid"),
        (7, "order_no is empty"),
    ]
    first = good[0]
    assert (first.plate, first.phone, first.day.isoformat(), first.closed) == (
        "粤B12345",
        "+8613812345678",
        "2026-12-02",
        True,
    )
    assert (good[1].closed, good[2].closed, good[2].plate) == (True, False, None)


def test_other_mistakes_are_named_and_the_header_is_checked() -> None:
    text = (
        "\ufeff"
        + HEADER.upper()
        + "RO-1,,,2026-12-02,保养,,yes\n"
        + "RO-2,粤B12345,,2026-13-40,保养,,yes\n"
        + "RO-3,粤B12345,,2026/12/02,保养,,maybe\n"
        + "RO-4,粤B12345,,20261202,保养,,Y\n"
        + "RO-4,粤B12345,,2026-12-02,保养,,yes\n"
    )
    good, bad = parse(text)
    assert [row.order_no for row in good] == ["RO-4"]
    assert [(row.line, row.reason) for row in bad] == [
        (2, "give a phone or a plate (or both)"),
        (3, "date '2026-13-40' is not a date like 2026-12-02"),
        (4, "closed 'maybe' should be yes or no"),
        (6, "order RO-4 is already on line 5"),
    ]
    with pytest.raises(ImportFileError, match="missing: advisor, closed"):
        parse("order_no,plate,phone,date,service\n")


async def _import(runtime, text: str) -> visit_import.ImportReport:
    good, _ = parse(text)
    async with runtime.sessions() as session, session.begin():
        return await visit_import.import_rows(session, runtime.services, good)


async def test_orders_are_matched_to_customers_and_bookings_and_a_second_import_changes_nothing(runtime, clock) -> None:
    shop = await workshop(runtime)
    booking = await shop.book()
    clock.advance(hours=30)  # Wednesday 16:00: the orders of the day come in

    report = await _import(runtime, THREE_BAD)
    assert (report.created, report.booked, report.closed, report.unchanged) == (3, 1, 0, 0)
    assert report.surveys == 1, "only the known customer can be asked; the open order is not finished"
    by_order = {visit.order_no: visit for visit in await visits_of(runtime)}
    booked, walk_in, still_open = by_order["RO-1001"], by_order["RO-1002"], by_order["RO-1003"]
    assert booked.booking_id == booking.id
    assert booked.customer_id == booking.customer_id
    assert (booked.advisor, booked.service, booked.source) == ("王工", "小保养", VisitSource.IMPORT)
    assert (walk_in.booking_id, walk_in.customer_id, walk_in.closed) == (None, None, True)
    assert (still_open.closed, still_open.plate, still_open.phone) == (False, None, "+8613800000000")
    [stored] = await rows(runtime, Booking)
    assert stored.status == BookingStatus.DONE, "a car with a closed repair order came: not a no-show"

    again = await _import(runtime, THREE_BAD)
    assert (again.created, again.closed, again.unchanged, again.surveys) == (0, 0, 3, 0)
    assert len(await visits_of(runtime)) == 3

    closed_later = THREE_BAD.replace(
        "RO-1003,,13800000000,2026-12-02,轮胎更换,,no", "RO-1003,,13800000000,2026-12-02,轮胎更换,,yes"
    )
    report = await _import(runtime, closed_later)
    assert (report.created, report.closed, report.unchanged) == (0, 1, 2)
    assert all(visit.closed for visit in await visits_of(runtime))


async def test_an_order_for_a_visit_staff_marked_done_fills_that_visit_in(runtime, clock) -> None:
    shop = await workshop(runtime)
    booking = await shop.book()
    clock.advance(hours=25)
    await shop.mark(booking, "done")
    report = await _import(runtime, HEADER + "RO-9,粤B12345,,2026-12-02,首保,王工,yes\n")
    assert (report.created, report.booked) == (1, 1)
    [visit] = await visits_of(runtime)
    assert (visit.order_no, visit.booking_id, visit.source, visit.advisor) == ("RO-9", booking.id, "booking", "王工")
    async with runtime.sessions() as session:
        assert len(await jobs.with_prefix(session, f"followup:{visit.id}:")) == 1, "one survey per visit"


async def test_a_failure_half_way_leaves_nothing_imported(runtime, clock, monkeypatch) -> None:
    calls = 0

    async def failing(session, services, visit) -> bool:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("the disk is full")
        return False

    monkeypatch.setattr(visit_import.followup, "schedule", failing)
    with pytest.raises(RuntimeError):
        await _import(runtime, THREE_BAD)
    assert await visits_of(runtime) == []


async def _cli(database_url: str, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    process = await asyncio.create_subprocess_exec(
        str(DEALERBOT),
        "visits",
        "import",
        *args,
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_the_command_imports_nothing_when_strict_and_the_good_rows_when_lenient(
    runtime, database_url: str, tmp_path: Path
) -> None:
    orders = tmp_path / "orders.csv"
    orders.write_text(THREE_BAD, encoding="utf-8")

    code, out, err = await _cli(database_url, tmp_path, str(orders), "--strict")
    assert code == 1
    assert [line.split(": ", 1)[0] for line in err.splitlines()[:3]] == [f"{orders}:{n}" for n in (5, 6, 7)]
    assert "3 bad rows; nothing imported (strict)" in err
    assert await visits_of(runtime) == []

    code, out, err = await _cli(database_url, tmp_path, str(orders), "--lenient")
    assert code == 0, err
    assert out.startswith("3 new visits (0 booked in advance), 0 closed, 0 unchanged")
    assert out.rstrip().endswith("3 bad rows skipped")
    assert len(err.splitlines()) == 3
    assert sorted(visit.order_no or "" for visit in await rows(runtime, Visit)) == ["RO-1001", "RO-1002", "RO-1003"]

    code, out, _ = await _cli(database_url, tmp_path, str(orders), "--lenient")
    assert out.startswith("0 new visits (0 booked in advance), 0 closed, 3 unchanged")
    async with runtime.sessions() as session:
        assert len(list(await session.scalars(select(Visit)))) == 3
