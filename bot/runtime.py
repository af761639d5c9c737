"""Wiring: from settings to a migrated database, a loaded knowledge base and a router."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import datetime

from bot.database import database
from bot.settings import Settings
from handlers.booking_catalogue import install_if_missing
from handlers.context import DeskAddress, Services
from handlers.i18n import Translator
from handlers.registry import ROUTES
from handlers.router import Router
from knowledge import KnowledgeBase, Thresholds
from knowledge.service import semantic_stage
from knowledge.transfer import seed_samples_if_empty
from storage import SessionFactory, staff
from storage.base import utcnow

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Runtime:
    """Everything a channel needs to serve updates; close it on the way out."""

    settings: Settings
    sessions: SessionFactory
    services: Services
    router: Router
    resources: AsyncExitStack

    async def close(self) -> None:
        await self.resources.aclose()


TELEGRAM = "telegram"
# Channels that show buttons as numbered options (handlers/numbered.py); WeChat joins when it arrives.
TEXT_ONLY_CHANNELS = frozenset({"console"})


async def start_runtime(
    settings: Settings, *, clock: Callable[[], datetime] = utcnow, desk: DeskAddress | None = None
) -> Runtime:
    """Upgrade the schema, seed the sample knowledge and the booking catalogue, make the admins, build the router.

    ``desk`` is where the serving channel keeps the staff desk (none: hand-offs are recorded but
    nobody is told).
    """
    resources = AsyncExitStack()
    try:
        sessions = await resources.enter_async_context(database(settings))
        async with sessions() as session, session.begin():
            seeded = await seed_samples_if_empty(session)
            await staff.bootstrap_admins(session, TELEGRAM, [str(user_id) for user_id in settings.admin_ids])
            if await install_if_missing(session, settings.booking_catalogue, now=clock()):
                logger.info("installed the booking catalogue into the database")
    except BaseException:
        await resources.aclose()
        raise
    if seeded:
        logger.info("loaded %d sample knowledge entries into the empty database", seeded)
    services = Services(
        knowledge=KnowledgeBase(
            Thresholds(settings.match_answer_threshold, settings.match_suggest_threshold),
            semantic_stage(settings.semantic_matching),
        ),
        translator=Translator(),
        config=settings.handler_config(desk, TEXT_ONLY_CHANNELS),
        clock=clock,
    )
    return Runtime(settings, sessions, services, Router(sessions, services, ROUTES), resources)
