"""The nightly housekeeping job: old update ids and settled outbox rows go, recent and unsent ones stay."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.jobs import JobRunner
from bot.runtime import start_runtime
from bot.settings import Settings
from handlers.errors import Undeliverable
from handlers.types import Incoming
from storage import inbox, jobs, outbox
from storage.conversations import ProcessedUpdate
from storage.jobs import JobStatus
from storage.outbox import OutboxMessage, OutboxStatus
from tests.harness import Chat, FakeClock

PLAN_TIMEOUT = 10.0  # seconds; only reached if the runner never plans, which fails the test


async def _update_ids(runtime) -> set[str]:
    async with runtime.sessions() as session:
        return set(await session.scalars(select(ProcessedUpdate.update_id)))


async def _outbox(runtime) -> list[tuple[str, str]]:
    async with runtime.sessions() as session:
        rows = await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        return [(row.chat_id, row.status) for row in rows]


async def _inbox_updates(runtime) -> set[tuple[str, str]]:
    async with runtime.sessions() as session:
        return {(row.update_id, row.status) for row in await session.scalars(select(inbox.InboxUpdate))}


async def _store_in_inbox(runtime, clock: FakeClock, update_id: str, *, handled: bool) -> None:
    async with runtime.sessions() as session, session.begin():
        await inbox.store(session, channel="telegram", update_id=update_id, chat_id="c", payload={}, now=clock())
        if handled:
            [row] = await inbox.claim(session, now=clock(), lease=timedelta(minutes=1))
            await inbox.mark_done(session, row.id)


async def _housekeeping_jobs(runtime) -> list[jobs.Job]:
    async with runtime.sessions() as session:
        return await jobs.with_prefix(session, "housekeeping:")


async def _old_and_recent_traffic(runtime, clock: FakeClock) -> tuple[Incoming, Chat, Incoming]:
    """A month-old conversation (sent, dead and never-sent messages), then one today; the updates and today's chat."""
    old = Chat(runtime, chat_id="old")
    old_update = old.incoming(text="/help")
    await old.send(old_update)
    await _store_in_inbox(runtime, clock, "old-handled", handled=True)
    await _store_in_inbox(runtime, clock, "old-waiting", handled=False)
    blocked = Chat(runtime, chat_id="blocked")
    blocked.sender.failures.append(Undeliverable("Forbidden: bot was blocked by the user"))
    await blocked.say("/help")
    async with runtime.sessions() as session, session.begin():
        outbox.enqueue(session, "wechat", "not-served-here", {"text": "waiting for its channel"}, now=clock())
    clock.advance(days=31)
    recent = Chat(runtime, chat_id="recent")
    recent_update = recent.incoming(text="/help")
    await recent.send(recent_update)
    return old_update, recent, recent_update


async def test_the_nightly_run_forgets_old_update_ids_and_settled_messages_and_keeps_the_rest(
    runtime, clock: FakeClock
) -> None:
    _, recent, recent_update = await _old_and_recent_traffic(runtime, clock)
    assert ("old", OutboxStatus.SENT) in await _outbox(runtime)
    assert ("blocked", OutboxStatus.DEAD) in await _outbox(runtime)
    runner = JobRunner(runtime.sessions, runtime.services)
    await runner.plan_periodic()
    clock.advance(days=1)

    assert await runner.run_due() == 1

    assert await _update_ids(runtime) == {recent_update.update_id}
    assert await _inbox_updates(runtime) == {("old-waiting", inbox.InboxStatus.PENDING)}, "never an unhandled one"
    assert {chat for chat, _ in await _outbox(runtime)} == {"not-served-here", "recent"}
    assert await recent.send(recent_update) == [], "a recent update is still recognised when it comes again"
    [done, planned] = await _housekeeping_jobs(runtime)
    assert (done.status, planned.status) == (JobStatus.DONE, JobStatus.PENDING)
    assert planned.due_at == datetime(2027, 1, 2, 19, 0, tzinfo=UTC), "03:00 the next night, store time"


async def test_the_kept_days_are_settings(settings: Settings, clock: FakeClock) -> None:
    keeping = settings.model_copy(update={"outbox_retention_days": 60, "processed_update_retention_days": 60})
    runtime = await start_runtime(keeping, clock=clock)
    try:
        old_update, _, _ = await _old_and_recent_traffic(runtime, clock)
        runner = JobRunner(runtime.sessions, runtime.services)
        await runner.plan_periodic()
        clock.advance(days=1)
        assert await runner.run_due() == 1
        assert old_update.update_id in await _update_ids(runtime)
        assert ("old", OutboxStatus.SENT) in await _outbox(runtime)
    finally:
        await runtime.close()


async def test_two_workers_plan_one_nightly_run_and_run_it_once(runtime, clock: FakeClock) -> None:
    runners = [JobRunner(runtime.sessions, runtime.services) for _ in range(2)]
    await asyncio.gather(*(runner.plan_periodic() for runner in runners))
    [planned] = await _housekeeping_jobs(runtime)
    assert planned.status == JobStatus.PENDING
    clock.advance(days=1)
    assert sorted(await asyncio.gather(*(runner.run_due() for runner in runners))) == [0, 1]
    assert [job.status for job in await _housekeeping_jobs(runtime)] == [JobStatus.DONE, JobStatus.PENDING]


async def test_the_background_runner_plans_the_nightly_run_when_it_starts(runtime) -> None:
    runner = JobRunner(runtime.sessions, runtime.services)
    first_pass = asyncio.Event()
    run_due = runner.run_due

    async def watched(limit: int = 100) -> int:
        ran = await run_due(limit)
        first_pass.set()
        return ran

    runner.run_due = watched  # type: ignore[method-assign]
    loop = asyncio.create_task(runner.run(interval=3600))
    try:
        async with asyncio.timeout(PLAN_TIMEOUT):
            await first_pass.wait()
    finally:
        loop.cancel()
    [planned] = await _housekeeping_jobs(runtime)
    assert planned.status == JobStatus.PENDING
