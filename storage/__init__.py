"""Persistence: typed SQLAlchemy models, one module per aggregate with its queries.

Query functions take an ``AsyncSession`` and never commit: the router owns the
transaction, so a domain change, the chat's state and the outgoing messages
land together or not at all.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import Base
from storage.engine import SessionFactory, create_engine, create_session_factory
from storage.migrate import upgrade

__all__ = ["AsyncSession", "Base", "SessionFactory", "create_engine", "create_session_factory", "upgrade"]
