"""Booking benchmark: availability over the horizon, and booking throughput under concurrency.

Usage::

    .venv/bin/python bench/booking.py                       # SQLite (a temporary file)
    .venv/bin/python bench/booking.py --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test

Set-up: the packaged catalogue with its 10 bays pooled as one kind and the
workshop open every day 08:00-12:00 and 13:00-18:00, 2,000 bookings spread
over the 30-day horizon (about 80 % of the bay-slots taken). Then:

1. availability: the free start times of one service on every day of the
   horizon (one read of the capacity counters plus the calendar), repeated;
   prints p50/p99 in milliseconds (target: p99 <= 20 ms);
2. throughput: 100 customers at once, each with its own session, read the
   free times and book one at random (retrying when the database says
   someone was faster); prints bookings per second and the conflicts.

On PostgreSQL a database ``dealerbot_bench`` is created next to the one in
the URL and dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.booking_actions import book, schedule_of
from handlers.booking_catalogue import DEFAULT_FILE, install, parse, read_file
from handlers.booking_schedule import Schedule, bookable_days, free_starts
from handlers.context import Services
from handlers.i18n import Translator
from handlers.types import Reply
from knowledge import KnowledgeBase
from storage import create_engine, create_session_factory, upgrade
from storage.bookings import BookingSource
from storage.capacity import SlotTaken
from storage.customers import Customer

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
EXISTING = 2_000
CONCURRENT = 100
AVAILABILITY_RUNS = 300
HOURS = ["08:00-12:00", "13:00-18:00"]


@dataclass
class Effects:
    session: AsyncSession
    services: Services
    sent: list[Reply] = field(default_factory=list)

    def now(self) -> datetime:
        return NOW

    def send(self, channel: str, chat_id: str, reply: Reply) -> None:
        self.sent.append(reply)


def bench_catalogue() -> Any:
    document = read_file(DEFAULT_FILE).to_document()
    document["bays"] = {"general": 10}
    for service in document["services"]:
        service["bay_kind"] = "general"
    document["opening_hours"] = {day: HOURS for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    return parse(document)


async def prepare(sessions: async_sessionmaker[AsyncSession], services: Services) -> Schedule:
    async with sessions() as session, session.begin():
        await install(session, bench_catalogue(), by="bench", now=NOW)
    async with sessions() as session:
        sched = await schedule_of(session, services)
    rng = random.Random(6)
    short = [s for s in sched.catalogue.services if s.duration_minutes <= 90]
    made = 0
    async with sessions() as session, session.begin():
        people = [Customer(name=f"bench {n}") for n in range(EXISTING + CONCURRENT)]
        session.add_all(people)
        await session.flush()
        days = bookable_days(sched, NOW)
        while made < EXISTING:
            service = rng.choice(short)
            free = (await free_starts(session, sched, service, [rng.choice(days)], NOW)).popitem()[1]
            if not free:
                continue
            await book(
                Effects(session, services), sched, customer_id=people[made].id, service=service,
                start=rng.choice(free), vehicle_id=None, source=BookingSource.CHAT, language="en",
            )  # fmt: skip
            made += 1
    return sched


async def availability(sessions: async_sessionmaker[AsyncSession], sched: Schedule) -> list[float]:
    rng = random.Random(7)
    timings: list[float] = []
    days = bookable_days(sched, NOW)
    async with sessions() as session:
        for _ in range(AVAILABILITY_RUNS):
            service = rng.choice(sched.catalogue.services)
            began = time.perf_counter()
            await free_starts(session, sched, service, days, NOW)
            timings.append((time.perf_counter() - began) * 1000)
    return timings


async def throughput(
    sessions: async_sessionmaker[AsyncSession], services: Services, sched: Schedule
) -> tuple[float, int, int]:
    async with sessions() as session:
        people = list(await session.scalars(select(Customer.id).order_by(Customer.id.desc()).limit(CONCURRENT)))
    minor = sched.catalogue.service("minor")
    assert minor is not None
    conflicts = 0
    booked = 0

    async def customer(customer_id: int, seed: int) -> None:
        nonlocal conflicts, booked
        rng = random.Random(seed)
        for _ in range(5):
            async with sessions() as session, session.begin():
                free = await free_starts(session, sched, minor, bookable_days(sched, NOW), NOW)
                starts = [start for day_starts in free.values() for start in day_starts]
                if not starts:
                    return
                try:
                    await book(
                        Effects(session, services), sched, customer_id=customer_id, service=minor,
                        start=rng.choice(starts), vehicle_id=None, source=BookingSource.CHAT, language="en",
                    )  # fmt: skip
                except SlotTaken:
                    conflicts += 1
                    continue
                booked += 1
                return

    began = time.perf_counter()
    await asyncio.gather(*(customer(customer_id, n) for n, customer_id in enumerate(people)))
    return time.perf_counter() - began, booked, conflicts


async def run(url: str, label: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        sessions = create_session_factory(engine)
        services = Services(knowledge=KnowledgeBase(), translator=Translator(), clock=lambda: NOW)
        began = time.perf_counter()
        sched = await prepare(sessions, services)
        print(f"[{label}] {EXISTING} bookings made in {time.perf_counter() - began:.1f} s")
        timings = sorted(await availability(sessions, sched))
        p99 = timings[int(len(timings) * 0.99) - 1]
        print(
            f"[{label}] availability, 30 days x 10 bays: p50 {statistics.median(timings):.2f} ms, "
            f"p99 {p99:.2f} ms, max {timings[-1]:.2f} ms ({len(timings)} runs)"
        )
        seconds, booked, conflicts = await throughput(sessions, services, sched)
        print(
            f"[{label}] {CONCURRENT} concurrent customers: {booked} booked in {seconds:.2f} s "
            f"({booked / seconds:.0f} bookings/s), {conflicts} lost a race and retried"
        )
    finally:
        await engine.dispose()


async def _admin(server: str, statement: str) -> None:
    parsed = make_url(server)
    connection = await asyncpg.connect(
        host=parsed.host, port=parsed.port or 5432, user=parsed.username, password=parsed.password,
        database=parsed.database,
    )  # fmt: skip
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", help="also run on PostgreSQL, reached at this SQLAlchemy URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        await run(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}", "sqlite")
    if args.postgres:
        await _admin(args.postgres, 'DROP DATABASE IF EXISTS "dealerbot_bench" WITH (FORCE)')
        await _admin(args.postgres, 'CREATE DATABASE "dealerbot_bench"')
        try:
            await run(make_url(args.postgres).set(database="dealerbot_bench").render_as_string(False), "postgresql")
        finally:
            await _admin(args.postgres, 'DROP DATABASE IF EXISTS "dealerbot_bench" WITH (FORCE)')


if __name__ == "__main__":
    asyncio.run(main())
