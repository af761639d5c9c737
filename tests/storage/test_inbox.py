"""The inbox at the storage level: stored once, claimed in order one chat at a time, purged when done."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import create_engine, create_session_factory, inbox

NOW = datetime(2026, 12, 1, tzinfo=UTC)
LEASE = timedelta(seconds=60)


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url)
    yield create_session_factory(engine)
    await engine.dispose()


async def _store(sessions: async_sessionmaker[AsyncSession], update_id: str, chat_id: str) -> bool:
    async with sessions() as session, session.begin():
        payload = {"chat_id": chat_id, "text": f"update {update_id}"}
        return await inbox.store(
            session, channel="telegram", update_id=update_id, chat_id=chat_id, payload=payload, now=NOW
        )


async def _claim(sessions: async_sessionmaker[AsyncSession], now: datetime = NOW) -> list[str]:
    async with sessions() as session, session.begin():
        return [row.update_id for row in await inbox.claim(session, now=now, lease=LEASE)]


async def _done(sessions: async_sessionmaker[AsyncSession], update_id: str) -> None:
    async with sessions() as session, session.begin():
        row = await session.scalar(select(inbox.InboxUpdate).where(inbox.InboxUpdate.update_id == update_id))
        assert row is not None
        await inbox.mark_done(session, row.id)


async def test_a_redelivered_update_is_stored_once(sessions: async_sessionmaker[AsyncSession]) -> None:
    assert await _store(sessions, "1", "alice")
    assert not await _store(sessions, "1", "alice")
    assert await _claim(sessions) == ["1"]
    assert await _claim(sessions) == []


async def test_a_chat_s_updates_are_claimed_one_at_a_time_in_order(sessions: async_sessionmaker[AsyncSession]) -> None:
    for update_id, chat in (("1", "alice"), ("2", "alice"), ("3", "bob"), ("4", "alice")):
        await _store(sessions, update_id, chat)

    assert await _claim(sessions) == ["1", "3"], "the oldest of each chat"
    assert await _claim(sessions) == [], "alice's next waits while her first is in hand"
    await _done(sessions, "1")
    assert await _claim(sessions) == ["2"]
    await _done(sessions, "2")
    await _done(sessions, "3")
    assert await _claim(sessions) == ["4"]


async def test_an_update_whose_processor_died_is_claimed_again_when_the_lease_ends(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _store(sessions, "1", "alice")
    assert await _claim(sessions) == ["1"]
    assert await _claim(sessions, NOW + LEASE - timedelta(seconds=1)) == []
    assert await _claim(sessions, NOW + LEASE) == ["1"]


async def test_purge_deletes_only_handled_updates_received_before_the_cutoff(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _store(sessions, "1", "alice")
    await _store(sessions, "2", "bob")
    await _claim(sessions)
    await _done(sessions, "1")
    async with sessions() as session, session.begin():
        assert await inbox.purge_done(session, NOW) == 0
        assert await inbox.purge_done(session, NOW + timedelta(days=1)) == 1
    async with sessions() as session:
        left = await session.scalars(select(inbox.InboxUpdate.update_id))
        assert list(left) == ["2"]
