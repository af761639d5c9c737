"""Rating a ticket: when staff close it, the customer scores it 1–5 and may add a comment.

The score buttons (:mod:`handlers.rating_request`) ride on the "our colleague
has closed this conversation" message (:func:`handlers.desk_cards.close`). A ticket is rated once
(``feedback.record_once``: the database refuses a second score); after the
score the chat waits for one comment, which ``/skip`` passes over. A low
score (at or below the follow-up's recovery threshold) instead opens service
recovery for a manager (:mod:`handlers.service_recovery`); what the customer
writes next goes to that manager.
"""

from __future__ import annotations

from enum import StrEnum

from handlers import service_recovery
from handlers.choice_data import parse_id, parse_small
from handlers.context import FlowContext
from handlers.desk_cards import customer_label, desk_text
from handlers.i18n import N_
from handlers.rating_request import SCORES
from storage import feedback
from storage.feedback import Feedback, FeedbackKind
from storage.tickets import Ticket, TicketStatus

FLOW = "ticket_rating"
MAX_COMMENT_CHARS = 1000
SORRY = N_(
    "We are sorry our colleague could not help you as they should have. A manager will contact you today; "
    "you can also write to them here."
)


class Step(StrEnum):
    COMMENT = "comment"


async def on_choice(ctx: FlowContext, value: str) -> None:
    """``<ticket>:<score>``: store the score (once), then ask for a comment."""
    number, _, raw_score = value.partition(":")
    ticket_id = parse_id(number)
    ticket = await ctx.session.get(Ticket, ticket_id) if ticket_id is not None else None
    score = parse_small(raw_score, max(SCORES)) or 0
    mine = ticket is not None and (ticket.channel, ticket.chat_id) == (ctx.incoming.channel, ctx.incoming.chat_id)
    if ticket is None or not mine or ticket.status != TicketStatus.CLOSED or score not in SCORES:
        ctx.say(ctx._("That button has expired. Please start again."))
        return
    row = await feedback.record_once(
        ctx.session,
        kind=FeedbackKind.TICKET,
        subject_id=ticket.id,
        customer_id=ctx.customer.id,
        score=score,
        at=ctx.now(),
    )
    if row is None:
        ctx.say(ctx._("Thanks, we already have your rating for this conversation."))
        return
    if score <= ctx.services.config.aftercare.recovery_max_score:
        ctx.say(ctx._("Thank you for your rating."), edit=True)
        await _recover(ctx, ticket, score)
        return
    ctx.start_flow(FLOW, Step.COMMENT, {"feedback_id": row.id})
    ctx.say(
        ctx._("Thank you: {score} out of 5. Would you like to add a comment? Write it here, or /skip.", score=score),
        edit=True,
    )


async def _recover(ctx: FlowContext, rated: Ticket, score: int) -> None:
    """A low rating: a manager's ticket, paged to every manager, that the customer can write to at once."""
    details = (desk_text(ctx, "The customer rated ticket #{rated} {score}/5.", rated=rated.id, score=score),)

    def page(ticket_id: int) -> str:
        return desk_text(
            ctx,
            "🆘 {who} rated ticket #{rated} {score}/5. Ticket #{id} is waiting for a manager: /ticket {id}",
            who=customer_label(ctx.customer),
            rated=rated.id,
            score=score,
            id=ticket_id,
        )

    await service_recovery.open_recovery(
        ctx, context={"rated_ticket_id": rated.id, "score": score}, details=details, page=page, sorry=SORRY
    )


async def continue_flow(ctx: FlowContext) -> None:
    """The comment after a score."""
    text = (ctx.incoming.text or "").strip()
    if not text:
        ctx.say(ctx._("Please write your comment as text, or /skip."))
        return
    row = await ctx.session.get(Feedback, int(ctx.state.data.get("feedback_id", 0)))
    if row is not None:
        row.comment = text[:MAX_COMMENT_CHARS]
    ctx.end_flow()
    ctx.say(ctx._("Thank you, your comment helps us improve."))


async def skip(ctx: FlowContext, _argument: str) -> None:
    """``/skip``: no comment."""
    if ctx.state.flow != FLOW:
        ctx.say(ctx._("There is nothing to skip."))
        return
    ctx.end_flow()
    ctx.say(ctx._("Thank you for your rating."))
