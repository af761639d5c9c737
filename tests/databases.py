"""The databases the suite runs on: a SQLite file per test, and PostgreSQL where it answers.

PostgreSQL is found at ``TEST_DATABASE_URL`` or 127.0.0.1:5432 (database
``test``). The suite makes its own database there for the run and empties its
tables between tests. Under ``CI=true`` a PostgreSQL that does not answer
fails the run instead of skipping its half.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage import create_engine, upgrade
from storage.models import metadata

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def postgres_server_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG)


async def _connect(url: str, seconds: float) -> asyncpg.Connection:
    parsed = make_url(url)
    return await asyncpg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database=parsed.database,
        timeout=seconds,
    )


async def _postgres_answers(url: str) -> bool:
    try:
        connection = await _connect(url, seconds=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True


async def _admin(url: str, statement: str) -> None:
    connection = await _connect(url, seconds=10)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


def create_postgres_database() -> str | None:
    """A new, migrated database for this run; None when no PostgreSQL answers."""
    server = postgres_server_url()
    if not asyncio.run(_postgres_answers(server)):
        return None
    name = f"dealerbot_test_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(server, f'CREATE DATABASE "{name}"'))
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_migrate(url))
    return url


def drop_postgres_database(url: str) -> None:
    name = make_url(url).database
    asyncio.run(_admin(postgres_server_url(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def empty_postgres(url: str) -> None:
    """Remove every row between tests; far faster than a new database each time."""
    tables = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


def create_sqlite_template(folder: Path) -> Path:
    """A migrated SQLite file that each test copies instead of migrating again."""
    path = folder / "template.sqlite"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


def sqlite_copy(template: Path, folder: Path) -> str:
    path = folder / "db.sqlite"
    shutil.copyfile(template, path)
    return f"sqlite+aiosqlite:///{path}"
