"""Service recovery: a low score becomes a manager's ticket at once, with what was scored attached.

A low follow-up score (:func:`open_ticket`) and a low ticket rating
(:mod:`handlers.ticket_rating`) both go through :func:`open_recovery`.

The ticket is an ordinary one (reason ``service_recovery``) for the
customer's chat, so the desk answers it the usual way and the customer's
messages reach the desk; its card carries the visit and the answers so far,
every manager is told in private, and the rest of the answers follow on the
ticket's thread when the survey is complete. Exactly one ticket per visit:
only the press that stores the overall score can open it, and that store is
a conditional update; likewise one per rated ticket, which is rated once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.booking_catalogue import current
from handlers.context import FlowContext
from handlers.desk_cards import customer_label, desk_text, reason_label, relay_meta, tell_desk, ticket_buttons
from handlers.i18n import N_
from handlers.types import Reply
from storage import customers, staff, tickets
from storage.staff import Role
from storage.surveys import VisitSurvey
from storage.tickets import Author, Ticket
from storage.visits import Visit

REASON = "service_recovery"
NOT_ANSWERED = "—"
SORRY = N_(
    "We are sorry your visit did not go as it should have. A manager will contact you today; "
    "you can also write to them here."
)


async def service_label(session: AsyncSession, visit: Visit, language: str) -> str:
    """The catalogue's name for a booked visit's service code; an imported order's own wording otherwise."""
    spec = (await current(session)).service(visit.service)
    return spec.name(language) if spec is not None else visit.service


def answers_line(ctx: FlowContext, survey: VisitSurvey) -> str:
    """``Overall 2/5 · Advisor 3/5 · Work 2/5 · On time: no · Recommend 4/10`` in the desk's language."""

    def score(value: int | None, out_of: int) -> str:
        return NOT_ANSWERED if value is None else f"{value}/{out_of}"

    on_time = NOT_ANSWERED
    if survey.on_time is not None:
        on_time = desk_text(ctx, "yes") if survey.on_time else desk_text(ctx, "no")
    return desk_text(
        ctx,
        "Overall {overall} · Advisor {advisor} · Work {quality} · On time: {on_time} · Recommend {recommend}",
        overall=score(survey.overall, 5),
        advisor=score(survey.advisor, 5),
        quality=score(survey.quality, 5),
        on_time=on_time,
        recommend=score(survey.recommend, 10),
    )


def _answers(survey: VisitSurvey) -> dict[str, int | bool | None]:
    return {
        "overall": survey.overall,
        "advisor": survey.advisor,
        "quality": survey.quality,
        "on_time": survey.on_time,
        "recommend": survey.recommend,
    }


async def open_recovery(
    ctx: FlowContext,
    *,
    context: dict[str, Any],
    details: Sequence[str],
    page: Callable[[int], str],
    sorry: str,
) -> Ticket:
    """Open a manager's ticket for a low score: a note, the desk card, a page to every manager, a word to the customer.

    ``details`` say what was scored (on the ticket and its card); ``page`` words the managers' message for the
    new ticket's number; ``sorry`` is the catalog id of what the customer reads.
    """
    now = ctx.now()
    ticket = Ticket(
        customer_id=ctx.customer.id,
        channel=ctx.incoming.channel,
        chat_id=ctx.incoming.chat_id,
        reason=REASON,
        opened_at=now,
        language=ctx.language,
        context=context,
    )
    ctx.session.add(ticket)
    await ctx.session.flush()
    await tickets.add_message(ctx.session, ticket, Author.BOT, text="\n".join(details), at=now)
    desk = ctx.services.config.desk
    if desk is not None:
        lines = [
            desk_text(ctx, "🆘 Ticket #{id}: {reason}", id=ticket.id, reason=reason_label(ctx, REASON)),
            desk_text(ctx, "Customer: {who}", who=customer_label(ctx.customer)),
            *details,
            desk_text(ctx, "A manager should call or write to the customer today."),
            desk_text(ctx, "Reply to any message of this ticket to answer the customer."),
        ]
        card = Reply(text="\n".join(lines), choices=ticket_buttons(ctx, ticket), meta=relay_meta(ticket, topic=True))
        ctx.send(desk.channel, desk.chat_id, card)
    for manager in await staff.with_role_at_least(ctx.session, Role.MANAGER):
        ctx.send(manager.channel, manager.external_id, Reply(text=page(ticket.id)))
    ctx.say(ctx._(sorry))
    return ticket


async def open_ticket(ctx: FlowContext, visit: Visit, survey: VisitSurvey) -> Ticket:
    """The recovery ticket for a low follow-up score, with the visit and the answers so far."""
    plate = visit.plate
    if plate is None and visit.vehicle_id is not None:
        vehicle = await ctx.session.get(customers.Vehicle, visit.vehicle_id)
        plate = vehicle.plate if vehicle is not None else None
    visit_line = desk_text(
        ctx,
        "Visit: {day} · {service} · {plate} · advisor {advisor} · order {order}",
        day=visit.visit_date.isoformat(),
        service=await service_label(ctx.session, visit, ctx.services.config.desk_language),
        plate=plate or NOT_ANSWERED,
        advisor=visit.advisor or NOT_ANSWERED,
        order=visit.order_no or NOT_ANSWERED,
    )

    def page(ticket_id: int) -> str:
        return desk_text(
            ctx,
            "🆘 {who} scored their visit {score}/5. Ticket #{id} is waiting for a manager: /ticket {id}",
            who=customer_label(ctx.customer),
            score=survey.overall,
            id=ticket_id,
        )

    ticket = await open_recovery(
        ctx,
        context={"visit_id": visit.id, "survey": _answers(survey)},
        details=(visit_line, answers_line(ctx, survey)),
        page=page,
        sorry=SORRY,
    )
    survey.ticket_id = ticket.id
    return ticket


async def survey_complete(ctx: FlowContext, survey: VisitSurvey) -> None:
    """Put the full answers on the recovery ticket (if the survey opened one) and its desk thread."""
    if survey.ticket_id is None:
        return
    ticket = await ctx.session.get(Ticket, survey.ticket_id)
    if ticket is None:
        return
    ticket.context = {**ticket.context, "survey": _answers(survey)}
    answers = answers_line(ctx, survey)
    await tickets.add_message(ctx.session, ticket, Author.BOT, text=answers, at=ctx.now())
    tell_desk(ctx, ticket, desk_text(ctx, "#{id} all answers: {answers}", id=ticket.id, answers=answers))
