"""What the desk sees of a ticket: its card, the customer's relayed messages, and closing it."""

from __future__ import annotations

from typing import Any

from handlers import other_content, rating_request
from handlers.context import FlowContext
from handlers.ticket_labels import REASONS, label
from handlers.types import Attachment, Choice, Reply
from storage import customers
from storage.customers import Customer
from storage.knowledge_base import KnowledgeEntry
from storage.tickets import Ticket, TicketStatus

DESK_CHOICE = "desk"
# Corrections of the entry the bot answered a ticket's question with (handlers/kb_correction.py).
CORRECTION_CHOICE = "kbfix"


def desk_text(ctx: FlowContext, message: str, **params: Any) -> str:
    """A sentence in the desk's language."""
    return ctx.in_language(ctx.services.config.desk_language, message, **params)


def reason_label(ctx: FlowContext, code: str) -> str:
    """Why a ticket opened, in the desk's language."""
    return desk_text(ctx, label(REASONS, code))


def relay_meta(ticket: Ticket, *, topic: bool = False) -> dict[str, Any]:
    """Marks a desk message as the ticket's, so replies to it reach the customer."""
    meta: dict[str, Any] = {"relay": {"ticket_id": ticket.id}}
    if topic:
        meta["topic"] = {"ticket_id": ticket.id, "title": f"#{ticket.id}"}
    return meta


def tell_desk(ctx: FlowContext, ticket: Ticket, text: str, *, choices: tuple[tuple[Choice, ...], ...] = ()) -> None:
    """Post a note about the ticket in its desk thread; a reply to the note reaches the customer."""
    desk = ctx.services.config.desk
    if desk is not None:
        ctx.send(
            desk.channel,
            desk.chat_id,
            Reply(text=text, choices=choices, thread_id=ticket.desk_thread_id, meta=relay_meta(ticket)),
        )


def answered_entry(ctx: FlowContext, ticket: Ticket) -> KnowledgeEntry | None:
    """The entry the bot answered with just before the customer asked for a person, if it still exists."""
    entry_id = ticket.context.get("entry_id")
    return ctx.services.knowledge.entry(entry_id) if isinstance(entry_id, int) else None


def ticket_buttons(ctx: FlowContext, ticket: Ticket) -> tuple[tuple[Choice, ...], ...]:
    """Take and Close while open; once closed, Save as FAQ and, after a bot answer, correcting that entry."""
    if ticket.status == TicketStatus.CLOSED:
        rows: list[tuple[Choice, ...]] = [(Choice(desk_text(ctx, "💡 Save as FAQ"), f"{DESK_CHOICE}:faq:{ticket.id}"),)]
        entry = answered_entry(ctx, ticket)
        if entry is not None:
            correct = desk_text(ctx, "✏️ Correct {key}'s answer", key=entry.key)
            move = desk_text(ctx, "➡️ This question belongs to another entry")
            rows.append((Choice(correct, f"{CORRECTION_CHOICE}:answer:{ticket.id}"),))
            rows.append((Choice(move, f"{CORRECTION_CHOICE}:move:{ticket.id}"),))
        return tuple(rows)
    row = [Choice(desk_text(ctx, "✋ Take"), f"{DESK_CHOICE}:take:{ticket.id}")]
    row.append(Choice(desk_text(ctx, "✅ Close"), f"{DESK_CHOICE}:close:{ticket.id}"))
    return (tuple(row),)


def customer_label(customer: Customer) -> str:
    return " · ".join(part for part in (customer.name, customer.phone) if part) or f"#{customer.id}"


async def new_ticket_card(ctx: FlowContext, ticket: Ticket) -> Reply:
    """The card a new ticket gets on the desk: who, which cars, why, and the last exchange."""
    customer = ctx.customer
    vehicles = await customers.vehicles_of(ctx.session, customer.id)
    cars = ", ".join(f"{v.plate} {v.model or ''}".strip() for v in vehicles) or "—"
    last = ticket.context
    lines = [
        desk_text(ctx, "🆕 Ticket #{id}: {reason}", id=ticket.id, reason=reason_label(ctx, ticket.reason)),
        desk_text(ctx, "Customer: {who}", who=customer_label(customer)),
        desk_text(ctx, "Vehicles: {cars}", cars=cars),
    ]
    if last.get("question"):
        lines.append(desk_text(ctx, "Asked: {text}", text=last["question"]))
        lines.append(desk_text(ctx, "Bot answered: {text}", text=last.get("answer") or "—"))
    lines.append(desk_text(ctx, "Reply to any message of this ticket to answer the customer."))
    return Reply(
        text="\n".join(lines),
        choices=ticket_buttons(ctx, ticket),
        meta=relay_meta(ticket, topic=True),
    )


def customer_sent(ctx: FlowContext) -> str:
    """What a message without text was, in the desk's language: "(photo)", "(voice message)", a sticker's emoji…"""
    if ctx.incoming.other is not None:
        return other_content.describe(ctx, ctx.incoming.other)
    return desk_text(ctx, "(photo)") if ctx.incoming.attachments else desk_text(ctx, "(message)")


def customer_message(ctx: FlowContext, ticket: Ticket) -> Reply:
    """A customer's message as it appears on the desk, in the ticket's thread."""
    incoming = ctx.incoming
    text = incoming.text or customer_sent(ctx)
    return Reply(
        text=f"#{ticket.id} {customer_label(ctx.customer)}: {text}",
        attachments=tuple(Attachment(kind=a.kind, file_id=a.file_id) for a in incoming.attachments if a.file_id),
        thread_id=ticket.desk_thread_id,
        meta=relay_meta(ticket),
    )


async def close(ctx: FlowContext, ticket: Ticket, *, by_customer: bool) -> None:
    """Close the ticket, tell the other side (asking the customer to rate it), and offer Save as FAQ on the desk."""
    ticket.status = TicketStatus.CLOSED
    ticket.closed_at = ctx.now()
    if by_customer:
        note = desk_text(ctx, "Ticket #{id} was withdrawn by the customer.", id=ticket.id)
    else:
        note = desk_text(ctx, "Ticket #{id} is closed.", id=ticket.id)
        ctx.send(
            ticket.channel,
            ticket.chat_id,
            Reply(
                text=ctx.in_language(
                    ticket.language,
                    "Our colleague has closed this conversation. I am the bot again: ask me anything, "
                    "or type /human to reach a person.",
                )
                + "\n\n"
                + ctx.in_language(ticket.language, rating_request.QUESTION),
                choices=rating_request.score_buttons(ticket),
            ),
        )
    tell_desk(ctx, ticket, note, choices=ticket_buttons(ctx, ticket))
