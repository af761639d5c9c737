"""The staff desk: the queue, taking and closing tickets, and relaying staff replies to customers.

Staff work from the desk group (a reply to any message of a ticket, or a
message in its forum topic, reaches the customer) or from a private chat with
the bot. Every command and button here checks the role first.
"""

from __future__ import annotations

from datetime import timedelta

from handlers import curation, kb_correction
from handlers.booking_replies import zone
from handlers.choice_data import parse_id, parse_small
from handlers.context import FlowContext
from handlers.desk_cards import DESK_CHOICE, close, customer_label, desk_text, relay_meta, ticket_buttons
from handlers.staff_access import in_desk, is_staff
from handlers.ticket_labels import AUTHORS, STATUSES, label
from handlers.types import Attachment, Choice, Reply
from storage import customers, staff, tickets
from storage.tickets import Author, Ticket, TicketStatus

MAX_QUEUE_LINES = 30
QUESTION_CHARS = 40


async def route_desk_message(ctx: FlowContext) -> bool:
    """Anything said in the desk group: a staff answer for a ticket, the next step of the speaker's flow, or talk.

    A staff member booking for a caller (or moving or cancelling a booking) types that flow's answers here;
    other staff talk the bot stays out of.
    """
    if not in_desk(ctx):
        return False
    incoming = ctx.incoming
    if ctx.role is None or (incoming.text is None and not incoming.attachments):
        return True
    if incoming.reply_to_message_id is not None:
        relay = await tickets.relay_of(ctx.session, incoming.channel, incoming.chat_id, incoming.reply_to_message_id)
        if relay is not None and relay.draft_id is not None:
            await curation.take_edit(ctx, relay.draft_id, relay.purpose)
            return True
        if relay is not None and relay.purpose in kb_correction.PURPOSES:
            await kb_correction.take_reply(ctx, relay.ticket_id, relay.purpose)
            return True
    ticket = await tickets.ticket_for_desk_message(
        ctx.session,
        incoming.channel,
        incoming.chat_id,
        message_id=incoming.reply_to_message_id,
        thread_id=incoming.thread_id,
    )
    if ticket is not None:
        await answer_customer(ctx, ticket, incoming.text, incoming.attachments)
        return True
    return ctx.state.flow is None


async def answer_customer(
    ctx: FlowContext, ticket: Ticket, text: str | None, attachments: tuple[Attachment, ...] = ()
) -> None:
    """Send a staff member's words to the ticket's customer and record them; the first answer takes the ticket."""
    if ticket.status == TicketStatus.CLOSED:
        ctx.say(desk_text(ctx, "Ticket #{id} is closed; the customer did not get this.", id=ticket.id))
        return
    member = await staff.member_of(ctx.session, ctx.identity.id)
    now = ctx.now()
    if ticket.assignee_id is None and member is not None:
        ticket.assignee_id = member.id
        ticket.status = TicketStatus.ASSIGNED
    if ticket.first_response_at is None:
        ticket.first_response_at = now
    await tickets.add_message(
        ctx.session,
        ticket,
        Author.STAFF,
        text=text,
        identity_id=ctx.identity.id,
        attachments=[a.to_json() for a in attachments],
        at=now,
    )
    name = ctx.identity.display_name or ctx.in_language(ticket.language, "Service desk")
    ctx.send(
        ticket.channel,
        ticket.chat_id,
        Reply(
            text=ctx.in_language(ticket.language, "{name} (service desk): {text}", name=name, text=text or ""),
            attachments=tuple(Attachment(kind=a.kind, file_id=a.file_id) for a in attachments if a.file_id),
        ),
    )


async def _ticket(ctx: FlowContext, raw: str) -> Ticket | None:
    ticket_id = parse_id(raw.strip().lstrip("#"))
    ticket = await ctx.session.get(Ticket, ticket_id) if ticket_id is not None else None
    if ticket is None:
        ctx.say(ctx._("There is no ticket {number}. /queue lists the open ones.", number=raw.strip() or "?"))
    return ticket


async def _context_ticket(ctx: FlowContext, argument: str) -> Ticket | None:
    """The ticket a command means: its argument, or the topic / replied-to message it was sent in."""
    if argument.strip():
        return await _ticket(ctx, argument)
    found = await tickets.ticket_for_desk_message(
        ctx.session,
        ctx.incoming.channel,
        ctx.incoming.chat_id,
        message_id=ctx.incoming.reply_to_message_id,
        thread_id=ctx.incoming.thread_id,
    )
    if found is None:
        ctx.say(ctx._("Which ticket? Add its number, e.g. /ticket 12, or send the command in its thread."))
    return found


async def queue(ctx: FlowContext, _argument: str) -> None:
    """``/queue``: open tickets, oldest first, with how long each has waited and what it is about."""
    if is_staff(ctx):
        await _list(ctx, await tickets.open_tickets(ctx.session), desk_text(ctx, "No open tickets. 🎉"))


async def mine(ctx: FlowContext, _argument: str) -> None:
    """``/mine``: the open tickets assigned to me."""
    if not is_staff(ctx):
        return
    member = await staff.member_of(ctx.session, ctx.identity.id)
    assert member is not None
    await _list(
        ctx, await tickets.open_tickets(ctx.session, assignee_id=member.id), desk_text(ctx, "You have no open tickets.")
    )


async def _list(ctx: FlowContext, open_tickets: list[Ticket], empty: str) -> None:
    if not open_tickets:
        ctx.say(empty)
        return
    now = ctx.now()
    shown = open_tickets[:MAX_QUEUE_LINES]
    questions = await tickets.first_questions(ctx.session, [ticket.id for ticket in shown])
    lines, buttons = [], []
    for ticket in shown:
        owner = desk_text(ctx, label(STATUSES, ticket.status))
        question = shortened(questions.get(ticket.id) or ticket.context.get("question") or "—")
        waited = waiting_time(ctx, now - ticket.opened_at)
        lines.append(
            desk_text(
                ctx,
                "#{id} · {owner} · {waited} · {question}",
                id=ticket.id,
                owner=owner,
                waited=waited,
                question=question,
            )
        )
        buttons.append((Choice(f"#{ticket.id}", f"{DESK_CHOICE}:open:{ticket.id}"),))
    ctx.say("\n".join(lines), choices=tuple(buttons))


def shortened(text: str) -> str:
    """One line of at most QUESTION_CHARS characters, so a queue of thirty stays readable on a phone."""
    line = " ".join(text.split())
    return line if len(line) <= QUESTION_CHARS else line[: QUESTION_CHARS - 1].rstrip() + "…"


def waiting_time(ctx: FlowContext, waited: timedelta) -> str:
    """``15 min`` or ``2 h 5 min``, in the desk's language."""
    hours, minutes = divmod(int(waited.total_seconds() // 60), 60)
    if hours:
        return desk_text(ctx, "{hours} h {minutes} min", hours=hours, minutes=minutes)
    return desk_text(ctx, "{minutes} min", minutes=minutes)


async def show_ticket(ctx: FlowContext, argument: str) -> None:
    """``/ticket N``: the whole transcript, with the buttons that fit its state."""
    if is_staff(ctx) and (ticket := await _context_ticket(ctx, argument)) is not None:
        await _show(ctx, ticket)


async def _show(ctx: FlowContext, ticket: Ticket) -> None:
    """The transcript in the desk's language, each message at the store's local time."""
    customer = await ctx.session.get(customers.Customer, ticket.customer_id)
    assert customer is not None
    status = desk_text(ctx, label(STATUSES, ticket.status))
    lines = [
        desk_text(ctx, "Ticket #{id} ({status}), {who}", id=ticket.id, status=status, who=customer_label(customer))
    ]
    store = zone(ctx.services)
    for message in await tickets.transcript(ctx.session, ticket.id):
        photo = " 📷" if message.attachments else ""
        lines.append(
            desk_text(
                ctx,
                "[{time}] {who}: {text}",
                time=f"{message.created_at.astimezone(store):%m-%d %H:%M}",
                who=desk_text(ctx, label(AUTHORS, message.author_kind)),
                text=f"{message.text or ''}{photo}",
            )
        )
    ctx.say("\n".join(lines), choices=ticket_buttons(ctx, ticket))


async def close_command(ctx: FlowContext, argument: str) -> None:
    """``/close N`` (or in the ticket's thread)."""
    if is_staff(ctx) and (ticket := await _context_ticket(ctx, argument)) is not None:
        await _close(ctx, ticket)


async def _close(ctx: FlowContext, ticket: Ticket) -> None:
    if ticket.status == TicketStatus.CLOSED:
        ctx.say(ctx._("Ticket #{id} is already closed.", id=ticket.id))
        return
    await close(ctx, ticket, by_customer=False)


async def reply_templates(ctx: FlowContext, argument: str) -> None:
    """``/reply_templates``: canned replies for a ticket, each sent to the customer with one tap."""
    if not is_staff(ctx) or (ticket := await _context_ticket(ctx, argument)) is None:
        return
    templates = ctx.services.config.reply_templates
    if not templates:
        ctx.say(ctx._("No reply templates are configured."))
        return
    ctx.say(
        ctx._("Tap a reply to send it to the customer of ticket #{id}:", id=ticket.id),
        choices=tuple(
            (Choice(t.title, f"{DESK_CHOICE}:tpl:{ticket.id}:{index}"),) for index, t in enumerate(templates)
        ),
    )


async def on_choice(ctx: FlowContext, value: str) -> None:
    """Desk buttons: open, take, close, template, save as FAQ."""
    if not is_staff(ctx):
        return
    action, _, rest = value.partition(":")
    number, _, extra = rest.partition(":")
    ticket = await _ticket(ctx, number)
    if ticket is None:
        return
    if action == "open":
        await _show(ctx, ticket)
    elif action == "take":
        await _take(ctx, ticket)
    elif action == "close":
        await _close(ctx, ticket)
    elif action == "faq":
        await curation.start_draft(ctx, ticket)
    elif action == "tpl" and (index := parse_small(extra, len(ctx.services.config.reply_templates) - 1)) is not None:
        template = ctx.services.config.reply_templates[index]
        await answer_customer(ctx, ticket, template.text(ticket.language))
        ctx.say(ctx._("Sent to the customer of ticket #{id}.", id=ticket.id))


async def _take(ctx: FlowContext, ticket: Ticket) -> None:
    if ticket.status == TicketStatus.CLOSED:
        ctx.say(ctx._("Ticket #{id} is already closed.", id=ticket.id))
        return
    member = await staff.member_of(ctx.session, ctx.identity.id)
    assert member is not None
    ticket.assignee_id = member.id
    ticket.status = TicketStatus.ASSIGNED
    name = ctx.identity.display_name or ctx._("a colleague")
    ctx.say(
        ctx._("Ticket #{id} taken by {name}.", id=ticket.id, name=name),
        choices=ticket_buttons(ctx, ticket),
        meta=relay_meta(ticket),
    )
    ctx.send(
        ticket.channel,
        ticket.chat_id,
        Reply(
            text=ctx.in_language(ticket.language, "{name} from our service desk is looking at your message.", name=name)
        ),
    )
