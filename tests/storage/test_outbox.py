"""Claiming outbox rows, where a chat's order is decided: only the oldest unsent row of a chat is taken."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import create_engine, create_session_factory, outbox

NOW = datetime(2026, 12, 1, tzinfo=UTC)
LEASE = timedelta(minutes=2)


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url)
    yield create_session_factory(engine)
    await engine.dispose()


async def _enqueue(sessions: async_sessionmaker[AsyncSession], chat_id: str, text: str, *, due: datetime) -> int:
    async with sessions() as session, session.begin():
        message = outbox.enqueue(session, "telegram", chat_id, {"text": text}, now=due)
        await session.flush()
        return message.id


async def _claim(sessions: async_sessionmaker[AsyncSession], at: datetime) -> list[tuple[str, str]]:
    async with sessions() as session, session.begin():
        claimed = await outbox.claim_due(session, now=at, channels={"telegram"}, lease=LEASE)
        return [(message.chat_id, message.payload["text"]) for message in claimed]


async def test_a_chats_message_waits_while_its_earlier_one_is_not_due(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _enqueue(sessions, "alice", "first", due=NOW + timedelta(seconds=30))
    await _enqueue(sessions, "alice", "second", due=NOW)
    await _enqueue(sessions, "bob", "other chat", due=NOW)

    assert await _claim(sessions, NOW) == [("bob", "other chat")]
    assert await _claim(sessions, NOW + timedelta(seconds=30)) == [("alice", "first")]


async def test_a_claimed_message_holds_its_chat_until_it_is_settled(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    first = await _enqueue(sessions, "alice", "first", due=NOW)
    second = await _enqueue(sessions, "alice", "second", due=NOW)
    await _enqueue(sessions, "alice", "third", due=NOW)

    assert await _claim(sessions, NOW) == [("alice", "first")]
    assert await _claim(sessions, NOW) == [], "the next waits while the first is being sent"
    async with sessions() as session, session.begin():
        await outbox.mark_sent(session, first, sent_message_id="1", now=NOW)
    assert await _claim(sessions, NOW) == [("alice", "second")]
    async with sessions() as session, session.begin():
        await outbox.mark_dead(session, second, error="refused")
    assert await _claim(sessions, NOW) == [("alice", "third")], "a message given up on holds nothing back"
