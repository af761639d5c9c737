"""The job runner and the job queries: run once, retry with backoff, dedupe, cancel by prefix."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.jobs import JobRunner
from handlers.jobs import JobContext
from handlers.registry import JOBS
from handlers.types import Reply
from storage import jobs
from storage.jobs import Job, JobStatus
from storage.outbox import OutboxMessage


async def _jobs(runtime) -> list[Job]:
    async with runtime.sessions() as session:
        return list(await session.scalars(select(Job).order_by(Job.id)))


async def _schedule(runtime, kind: str, count: int, *, key: str | None = None, due=None) -> None:
    async with runtime.sessions() as session, session.begin():
        for n in range(count):
            await jobs.schedule(
                session, kind, due_at=due or runtime.services.clock(), payload={"n": n},
                dedupe_key=f"{key}{n}" if key else None,
            )  # fmt: skip


async def test_two_runners_run_each_due_job_exactly_once(runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[int] = []

    async def count(job: JobContext) -> None:
        await asyncio.sleep(0)
        ran.append(job.payload["n"])
        job.send("test", "someone", Reply(text=f"job {job.payload['n']}"))

    monkeypatch.setitem(JOBS, "test.count", count)
    await _schedule(runtime, "test.count", 30)
    runners = [JobRunner(runtime.sessions, runtime.services) for _ in range(2)]
    done = await asyncio.gather(*(runner.run_due() for runner in runners))
    assert sum(done) == 30
    assert sorted(ran) == list(range(30))
    async with runtime.sessions() as session:
        assert len(list(await session.scalars(select(OutboxMessage)))) == 30
    assert {job.status for job in await _jobs(runtime)} == {JobStatus.DONE}


async def test_a_job_not_yet_due_waits(runtime, clock, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[int] = []

    async def count(job: JobContext) -> None:
        ran.append(job.payload["n"])

    monkeypatch.setitem(JOBS, "test.count", count)
    await _schedule(runtime, "test.count", 1, due=clock() + timedelta(minutes=10))
    runner = JobRunner(runtime.sessions, runtime.services)
    assert await runner.run_due() == 0
    clock.advance(minutes=10)
    assert await runner.run_due() == 1
    assert ran == [0]


async def test_a_failing_job_rolls_back_its_messages_retries_and_then_fails(
    runtime, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(job: JobContext) -> None:
        job.send("test", "someone", Reply(text="half done"))
        raise RuntimeError("boom")

    monkeypatch.setitem(JOBS, "test.broken", broken)
    await _schedule(runtime, "test.broken", 1)
    runner = JobRunner(runtime.sessions, runtime.services, max_attempts=3)
    for _ in range(3):
        assert await runner.run_due() == 1
        assert await runner.run_due() == 0  # backing off
        clock.advance(minutes=10)
    [job] = await _jobs(runtime)
    assert (job.status, job.attempts) == (JobStatus.FAILED, 3)
    assert "boom" in (job.last_error or "")
    async with runtime.sessions() as session:
        assert not list(await session.scalars(select(OutboxMessage)))


async def test_an_unknown_kind_fails_at_once(runtime) -> None:
    await _schedule(runtime, "no.such.kind", 1)
    await JobRunner(runtime.sessions, runtime.services).run_due()
    [job] = await _jobs(runtime)
    assert job.status == JobStatus.FAILED


async def test_scheduling_a_key_again_reschedules_but_never_repeats_done_work(runtime, clock) -> None:
    later = clock() + timedelta(hours=1)
    async with runtime.sessions() as session, session.begin():
        await jobs.schedule(session, "k", due_at=clock(), dedupe_key="a:1")
        await jobs.schedule(session, "k", due_at=later, dedupe_key="a:1")
    [job] = await _jobs(runtime)
    assert job.due_at == later
    async with runtime.sessions() as session, session.begin():
        await jobs.complete(session, job.id, now=clock())
        await jobs.schedule(session, "k", due_at=later, dedupe_key="a:1")
    [job] = await _jobs(runtime)
    assert job.status == JobStatus.DONE


async def test_cancel_by_prefix_takes_literal_prefixes_only(runtime, clock) -> None:
    async with runtime.sessions() as session, session.begin():
        for key in ("booking:1:x", "booking:1:y", "booking:10:x", "booking_1:x"):
            await jobs.schedule(session, "k", due_at=clock(), dedupe_key=key)
        assert await jobs.cancel_prefix(session, "booking:1:") == 2
        assert await jobs.cancel(session, "booking:10:x") == 1
    statuses = {job.dedupe_key: job.status for job in await _jobs(runtime)}
    assert statuses == {
        "booking:1:x": JobStatus.CANCELLED,
        "booking:1:y": JobStatus.CANCELLED,
        "booking:10:x": JobStatus.CANCELLED,
        "booking_1:x": JobStatus.PENDING,
    }
