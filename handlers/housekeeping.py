"""The nightly housekeeping job: forget update ids, handled inbox rows and delivered messages nobody needs.

``processed_update`` only has to outlive a channel's redeliveries (Telegram
gives up after a day), and a sent or dead outbox row has done its work, yet
its payload may carry whole files; both would otherwise grow for ever. The
job runs at :data:`RUN_AT` store time. Every bot plans it when its job runner
starts (``handlers.registry.PERIODIC``) and each run plans the next night;
the dedupe key names the night, so however many workers plan it, one row
exists per night and one runner runs it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.context import Services
from handlers.jobs import JobContext
from storage import conversations, inbox, jobs, outbox

__all__ = ["KIND", "RUN_AT", "plan", "tidy"]

logger = logging.getLogger(__name__)

KIND = "housekeeping"
RUN_AT = time(3, 0)  # store time: the quietest hour of a dealership's chat


def next_run(services: Services, after: datetime) -> datetime:
    """The first :data:`RUN_AT` in the store's time zone strictly after ``after``."""
    tz = ZoneInfo(services.config.timezone)
    day = after.astimezone(tz).date()
    run = datetime.combine(day, RUN_AT, tz)
    if run <= after:
        run = datetime.combine(day + timedelta(days=1), RUN_AT, tz)
    return run.astimezone(UTC)


async def plan(session: AsyncSession, services: Services) -> None:
    """Plan the next night's run, once per night whoever asks (every worker at start, and each run)."""
    due = next_run(services, services.clock())
    night = due.astimezone(ZoneInfo(services.config.timezone)).date()
    await jobs.schedule(session, KIND, due_at=due, dedupe_key=f"{KIND}:{night.isoformat()}")


async def tidy(ctx: JobContext) -> None:
    """The job: delete update ids and settled outbox rows older than their settings keep, then plan the next night."""
    config = ctx.services.config
    now = ctx.now()
    updates = await conversations.forget_processed_updates(ctx.session, before=now - config.processed_update_retention)
    # A handled inbox row holds what the person wrote; it is kept as long as the update id it stands for.
    handled = await inbox.purge_done(ctx.session, before=now - config.processed_update_retention)
    messages = await outbox.purge_settled(ctx.session, before=now - config.outbox_retention)
    logger.info(
        "housekeeping: forgot %d processed updates, %d handled inbox rows and %d delivered messages",
        updates,
        handled,
        messages,
    )
    await plan(ctx.session, ctx.services)
