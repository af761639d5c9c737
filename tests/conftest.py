"""Fixtures shared by the whole suite: a database per test on each backend, a clock, a bot."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.runtime import Runtime, start_runtime
from bot.settings import Settings
from handlers.context import DeskAddress
from tests import databases
from tests.harness import CHANNEL, FakeClock


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return databases.create_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    url = databases.create_postgres_database()
    if url is None and os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL does not answer at {databases.postgres_server_url()} and CI=true")
    yield url
    if url is not None:
        databases.drop_postgres_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path, postgres_url: str | None
) -> str:
    """A migrated, empty database of each kind; the test runs once per kind."""
    if request.param == "sqlite":
        return databases.sqlite_copy(sqlite_template, tmp_path)
    if postgres_url is None:
        pytest.skip("PostgreSQL does not answer")
    await databases.empty_postgres(postgres_url)
    return postgres_url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(_env_file=None, database_url=database_url, default_language="zh-CN")  # type: ignore[call-arg]


DESK = DeskAddress(CHANNEL, "desk")


@pytest.fixture
async def runtime(settings: Settings, clock: FakeClock) -> AsyncIterator[Runtime]:
    """The bot on a fresh database, with the staff desk in the chat ``desk`` of the test channel."""
    runtime = await start_runtime(settings, clock=clock, desk=DESK)
    yield runtime
    await runtime.close()
