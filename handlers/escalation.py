"""Hand-off to a person, the customer's side: opening a ticket and relaying while it is open.

A ticket opens when the customer asks for a person (``/human``, "人工",
"agent", the button under an uncertain answer or the one offered after two
misses in a row), complains, or presses 🙋 after a 👎. While it is open, everything the customer sends goes to
the desk and the bot stays quiet; when staff close it, the bot says so.
"""

from __future__ import annotations

from enum import StrEnum

from handlers import desk_cards, sla
from handlers.context import FlowContext
from handlers.errors import InputError
from handlers.types import ChatKind
from handlers.validate import parse_phone
from storage import tickets
from storage.tickets import Author, Ticket

HUMAN_CHOICE = "human"
CALLBACK_FLOW = "callback"
CALLBACK_STEP = "phone"


class Reason(StrEnum):
    ASKED = "asked"
    NOT_UNDERSTOOD = "not_understood"
    UNHELPFUL = "unhelpful"
    COMPLAINT = "complaint"


async def human_command(ctx: FlowContext, _argument: str) -> None:
    """``/human``: talk to a person."""
    await open_ticket(ctx, Reason.ASKED)


async def on_choice(ctx: FlowContext, value: str) -> None:
    """The "talk to a person" button; its value says why (asked, or after an unhelpful answer)."""
    await open_ticket(ctx, Reason(value) if value in Reason.__members__.values() else Reason.ASKED)


async def open_ticket(ctx: FlowContext, reason: Reason) -> Ticket | None:
    """Open a ticket for this chat (or point to the open one) and tell the customer what happens next."""
    if ctx.incoming.chat_kind is not ChatKind.PRIVATE:
        return None
    existing = await tickets.open_ticket_of_chat(ctx.session, ctx.incoming.channel, ctx.incoming.chat_id)
    if existing is not None:
        ctx.say(ctx._("You are already waiting for a colleague (ticket #{id}). Just write here.", id=existing.id))
        return existing
    config = ctx.services.config
    now = ctx.now()
    last = dict(ctx.state.data.get("last", {}))
    ticket = Ticket(
        customer_id=ctx.customer.id,
        channel=ctx.incoming.channel,
        chat_id=ctx.incoming.chat_id,
        reason=reason,
        opened_at=now,
        language=ctx.language,
        context=last,
    )
    ctx.session.add(ticket)
    await ctx.session.flush()
    if last.get("question"):
        await tickets.add_message(ctx.session, ticket, Author.CUSTOMER, text=last["question"], at=now)
    ctx.state.data.pop("misses", None)
    if config.desk is not None:
        ctx.send(config.desk.channel, config.desk.chat_id, await desk_cards.new_ticket_card(ctx, ticket))
    await sla.schedule_ping(ctx.session, config, ticket, level=sla.DESK_LEVEL, after=now)
    hours = config.desk_hours
    if hours.is_open(now):
        ctx.say(
            ctx._(
                "I have asked a colleague to help (ticket #{id}). They will answer here, "
                "usually within {minutes} minutes. Everything you send now goes to them; /cancel withdraws.",
                id=ticket.id,
                minutes=config.first_response_minutes,
            )
        )
    else:
        opens = hours.next_opening(now).astimezone(hours.timezone)
        ctx.start_flow(CALLBACK_FLOW, CALLBACK_STEP)
        ctx.say(
            ctx._(
                "Our service desk is closed now and opens {when}. I have passed your message on "
                "(ticket #{id}) and a colleague will answer here then. If you would like a call back, "
                "share or type your phone number.",
                when=opens.strftime("%Y-%m-%d %H:%M"),
                id=ticket.id,
            ),
            request_contact=ctx._("Share my phone number"),
        )
    return ticket


async def relay_to_desk(ctx: FlowContext) -> bool:
    """While the chat has an open ticket, whatever the customer sends goes to the desk."""
    if ctx.incoming.chat_kind is not ChatKind.PRIVATE or ctx.incoming.choice is not None:
        return False
    ticket = await tickets.open_ticket_of_chat(ctx.session, ctx.incoming.channel, ctx.incoming.chat_id)
    if ticket is None:
        return False
    if ctx.state.flow == CALLBACK_FLOW and await _took_callback_number(ctx, ticket):
        return True
    incoming = ctx.incoming
    attachments = [a.to_json() for a in incoming.attachments]
    await tickets.add_message(
        ctx.session,
        ticket,
        Author.CUSTOMER,
        text=incoming.text if incoming.text is not None or incoming.other is None else desk_cards.customer_sent(ctx),
        identity_id=ctx.identity.id,
        attachments=attachments,
        at=ctx.now(),
    )
    desk = ctx.services.config.desk
    if desk is not None:
        ctx.send(desk.channel, desk.chat_id, desk_cards.customer_message(ctx, ticket))
    return True


async def _took_callback_number(ctx: FlowContext, ticket: Ticket) -> bool:
    """In the call-back step, a phone number (typed or shared) is kept on the ticket; other text is relayed."""
    raw = ctx.incoming.contact_phone or ctx.incoming.text or ""
    try:
        phone = parse_phone(raw)
    except InputError:
        if ctx.incoming.contact_phone:
            raise
        return False
    ticket.callback_phone = phone
    ctx.end_flow()
    ctx.say(ctx._("Thank you. A colleague will call {phone} when the desk opens.", phone=phone))
    desk_cards.tell_desk(
        ctx, ticket, desk_cards.desk_text(ctx, "Ticket #{id}: please call back {phone}.", id=ticket.id, phone=phone)
    )
    return True


async def withdraw(ctx: FlowContext) -> bool:
    """``/cancel`` with an open ticket withdraws it; False when there was none."""
    if ctx.incoming.chat_kind is not ChatKind.PRIVATE:
        return False
    ticket = await tickets.open_ticket_of_chat(ctx.session, ctx.incoming.channel, ctx.incoming.chat_id)
    if ticket is None:
        return False
    await desk_cards.close(ctx, ticket, by_customer=True)
    ctx.end_flow()
    ctx.say(ctx._("Your request for a colleague is withdrawn. Ask me a question any time."))
    return True
