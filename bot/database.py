"""The database a command works on: opened from the settings, migrated, and always closed again.

Usage::

    async with database(settings) as sessions:
        async with sessions() as session, session.begin():
            ...
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.settings import Settings
from storage import SessionFactory, create_engine, create_session_factory, upgrade

__all__ = ["database"]


@asynccontextmanager
async def database(settings: Settings, *, migrate: bool = True) -> AsyncIterator[SessionFactory]:
    """Sessions on ``DATABASE_URL``, the schema upgraded first unless ``migrate`` is False; the pool closes on exit."""
    engine = create_engine(settings.database_url)
    try:
        if migrate:
            await upgrade(engine)
        yield create_session_factory(engine)
    finally:
        await engine.dispose()
