"""The first-response SLA: an unanswered ticket pings the desk again, then the managers.

The clock counts business minutes only (:class:`BusinessHours`), so a ticket
opened at night is not "late" before the desk opens. Each ping is a job in
the database, keyed by ticket and level, so it fires once however many
runners there are.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.context import HandlerConfig
from handlers.i18n import N_
from handlers.jobs import JobContext
from handlers.types import Reply
from storage import jobs, staff
from storage.staff import Role
from storage.tickets import Ticket, TicketStatus

SLA_JOB = "ticket_sla"
DESK_PING = N_("⏰ Ticket #{id} has waited {minutes} minutes without an answer.")
MANAGER_PING = N_("⏰ Ticket #{id} has waited {minutes} minutes and the desk has not answered. /ticket {id}")
DESK_LEVEL = 1
MANAGER_LEVEL = 2


async def schedule_ping(
    session: AsyncSession, config: HandlerConfig, ticket: Ticket, *, level: int, after: datetime
) -> None:
    """Plan the ping of ``level`` for when ``first_response_minutes`` of desk time have passed after ``after``."""
    await jobs.schedule(
        session,
        SLA_JOB,
        due_at=config.desk_hours.add_business_minutes(after, config.first_response_minutes),
        payload={"ticket_id": ticket.id, "level": level},
        dedupe_key=f"{SLA_JOB}:{ticket.id}:{level}",
    )


async def ping(ctx: JobContext) -> None:
    """Remind the desk (level 1) or the managers (level 2) of a ticket nobody has answered."""
    ticket = await ctx.session.get(Ticket, int(ctx.payload["ticket_id"]))
    if ticket is None or ticket.status == TicketStatus.CLOSED or ticket.first_response_at is not None:
        return
    config = ctx.services.config
    level = int(ctx.payload["level"])
    waited = int((ctx.now() - ticket.opened_at).total_seconds() // 60)
    ticket.sla_pings = max(ticket.sla_pings, level)
    if level == DESK_LEVEL:
        if config.desk is not None:
            ctx.send(
                config.desk.channel,
                config.desk.chat_id,
                Reply(
                    text=ctx._(
                        config.desk_language,
                        DESK_PING,
                        id=ticket.id,
                        minutes=waited,
                    ),
                    thread_id=ticket.desk_thread_id,
                    meta={"relay": {"ticket_id": ticket.id}},
                ),
            )
        await schedule_ping(ctx.session, config, ticket, level=MANAGER_LEVEL, after=ctx.now())
        return
    for manager in await staff.with_role_at_least(ctx.session, Role.MANAGER):
        ctx.send(
            manager.channel,
            manager.external_id,
            Reply(
                text=ctx._(
                    config.desk_language,
                    MANAGER_PING,
                    id=ticket.id,
                    minutes=waited,
                )
            ),
        )
