"""Chat state and processed updates at the storage level, where the races are decided."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage import conversations, create_engine, create_session_factory
from storage.conversations import StaleStateError

NOW = datetime(2026, 12, 1, tzinfo=UTC)


async def test_claiming_an_update_twice_fails_the_second_time(database_url: str) -> None:
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    try:
        async with sessions() as session, session.begin():
            assert await conversations.claim_update(session, "telegram", "42", now=NOW)
        async with sessions() as session, session.begin():
            assert not await conversations.claim_update(session, "telegram", "42", now=NOW)
            assert await conversations.claim_update(session, "wechat", "42", now=NOW), "ids are per channel"
    finally:
        await engine.dispose()


async def test_a_state_written_by_someone_else_since_reading_is_not_overwritten(database_url: str) -> None:
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    try:
        async with sessions() as session, session.begin():
            await conversations.save_state(session, "t", "c", flow="f", step="a", data={}, read_version=None, now=NOW)
        async with sessions() as session, session.begin():
            await conversations.save_state(session, "t", "c", flow="f", step="b", data={}, read_version=1, now=NOW)
        with pytest.raises(StaleStateError):
            async with sessions() as session, session.begin():
                await conversations.save_state(session, "t", "c", flow="f", step="c", data={}, read_version=1, now=NOW)
        with pytest.raises(StaleStateError):
            async with sessions() as session, session.begin():
                await conversations.save_state(
                    session, "t", "c", flow="f", step="c", data={}, read_version=None, now=NOW
                )
        async with sessions() as session:
            state = await conversations.load_state(session, "t", "c")
            assert state is not None
            assert (state.step, state.version) == ("b", 2)
    finally:
        await engine.dispose()
