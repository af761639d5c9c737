"""No follow-up survey is sent twice, whatever runs at once: two job runners, or two sends of one visit.

On PostgreSQL the runners really overlap (a runner's first job waits, on an
event, until the other runner holds a job too); on SQLite writers queue, and
the result must be the same.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from bot.jobs import JobRunner
from handlers import followup
from handlers.jobs import JobContext
from handlers.registry import JOBS
from storage import customers, jobs, surveys
from storage.outbox import OutboxMessage
from storage.surveys import VisitSurvey
from storage.visits import Visit

VISITS = 12
OVERLAP_TIMEOUT = 10.0  # seconds; only reached if the two never overlap, which fails the test


async def _closed_visits(runtime, count: int) -> list[int]:
    """``count`` closed visits of customers who chat on the test channel, each with its survey planned."""
    ids = []
    async with runtime.sessions() as session, session.begin():
        for number in range(count):
            _, customer = await customers.identify(session, "test", f"owner-{number}")
            visit = Visit(source="import", order_no=f"RO-{number}", customer_id=customer.id,
                          visit_date=date(2026, 12, 1), service="保养", closed=True)  # fmt: skip
            session.add(visit)
            await session.flush()
            assert await followup.schedule(session, runtime.services, visit)
            ids.append(visit.id)
    return ids


async def _surveys_sent(runtime) -> Counter[str]:
    async with runtime.sessions() as session:
        messages = await session.scalars(select(OutboxMessage))
        return Counter(m.chat_id for m in messages if "1/5" in m.payload["text"])


async def test_two_runners_at_once_send_each_visit_s_survey_once(
    runtime, clock, monkeypatch, database_url: str
) -> None:
    await _closed_visits(runtime, VISITS)
    send_survey = JOBS[followup.SURVEY_KIND]
    postgres = database_url.startswith("postgresql")
    holding = 0
    both_hold_a_job = asyncio.Event()

    async def side_by_side(job: JobContext) -> None:
        nonlocal holding
        holding += 1
        if holding == 2:
            both_hold_a_job.set()
        if postgres:  # SQLite lets one writer in at a time: waiting there for the other would deadlock
            async with asyncio.timeout(OVERLAP_TIMEOUT):
                await both_hold_a_job.wait()  # hold the claimed job until the other runner claims one too
        await send_survey(job)

    monkeypatch.setitem(JOBS, followup.SURVEY_KIND, side_by_side)
    clock.advance(days=1)
    runners = [JobRunner(runtime.sessions, runtime.services) for _ in range(2)]
    ran = await asyncio.gather(*(runner.run_due() for runner in runners))

    assert sum(ran) == VISITS
    if postgres:
        assert min(ran) > 0, "both runners worked at the same time"
    sent = await _surveys_sent(runtime)
    assert sorted(sent) == sorted(f"owner-{n}" for n in range(VISITS))
    assert set(sent.values()) == {1}
    async with runtime.sessions() as session:
        assert len(list(await session.scalars(select(VisitSurvey)))) == VISITS


async def test_two_sends_of_the_same_visit_at_once_survey_it_once(
    runtime, clock, monkeypatch, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite runs one writer at a time; the race needs two")
    [visit_id] = await _closed_visits(runtime, 1)
    start = surveys.start
    starting = 0
    both_starting = asyncio.Event()

    async def start_side_by_side(*args, **kwargs):
        nonlocal starting
        starting += 1
        if starting == 2:
            both_starting.set()
        return await start(*args, **kwargs)

    monkeypatch.setattr(surveys, "start", start_side_by_side)

    async def send() -> int:
        async with runtime.sessions() as session, session.begin():
            job = JobContext(session, runtime.services, followup.SURVEY_KIND, {"visit_id": visit_id})
            await followup.send_survey(job)
            async with asyncio.timeout(OVERLAP_TIMEOUT):
                await both_starting.wait()  # commit only once the other send has also checked and is starting one
            return job.sent

    assert sorted(await asyncio.gather(send(), send())) == [0, 1]
    assert await _surveys_sent(runtime) == Counter({"owner-0": 1})
    async with runtime.sessions() as session:
        [reminder] = await jobs.with_prefix(session, f"followup:{visit_id}:reminder")
    assert reminder.status == "pending"
