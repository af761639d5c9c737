"""Persistence: typed SQLAlchemy models, one module per aggregate with its queries.

Query functions take an ``AsyncSession`` and never commit: the router owns the
transaction, so a domain change, the chat's state and the outgoing messages
land together or not at all.
"""

from storage.base import Base
from storage.engine import create_engine, create_session_factory
from storage.migrate import upgrade

__all__ = ["Base", "create_engine", "create_session_factory", "upgrade"]
