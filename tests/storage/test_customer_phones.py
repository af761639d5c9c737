"""Migration 0006: the phone numbers customers already gave keep finding them."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage import create_engine, create_session_factory, customers
from storage.migrate import alembic_config, upgrade


async def test_existing_phones_are_copied_into_the_customer_phones(database_url: str) -> None:
    engine = create_engine(database_url)

    def downgrade(connection: Connection) -> None:
        config = alembic_config(database_url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")

    try:
        async with engine.begin() as connection:
            await connection.run_sync(downgrade)
            await connection.execute(
                text(
                    "INSERT INTO customer (name, phone, language, created_at) VALUES "
                    "('Wang', '+8613812345678', 'zh-CN', CURRENT_TIMESTAMP), ('Li', NULL, 'en', CURRENT_TIMESTAMP)"
                )
            )
    finally:
        await upgrade(engine)
    try:
        async with create_session_factory(engine)() as session:
            [found] = await customers.find_by_phone(session, "+8613812345678")
            assert found.name == "Wang"
            assert await customers.phones_of(session, found.id) == ["+8613812345678"]
    finally:
        await engine.dispose()
