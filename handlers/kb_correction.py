"""Correcting a wrong bot answer from a solved ticket: a new answer for the entry, or the wording moved.

When the customer escalated after a bot answer, the closed ticket's desk card
offers two fixes. ✏️ replaces the entry's answer (the old text is kept as a
revision, and ↩ puts it back). ➡️ says the question belongs to another entry:
staff pick one of the best matches or reply with its key, and the customer's
wording leaves the wrong entry (if it was one of its phrasings) and joins the
right one. Every worker uses the change from its next question on.
"""

from __future__ import annotations

from handlers.choice_data import parse_id
from handlers.context import FlowContext
from handlers.desk_cards import CORRECTION_CHOICE, answered_entry, desk_text
from handlers.staff_access import is_staff
from handlers.types import Choice
from knowledge.text import normalize
from storage import knowledge_base as kb
from storage import knowledge_edits
from storage.knowledge_base import KnowledgeEntry
from storage.tickets import Ticket, TicketStatus

ANSWER = "kb_answer"
MOVE = "kb_move"
PURPOSES = (ANSWER, MOVE)
MATCHES = 3


def _author(ctx: FlowContext) -> str:
    return ctx.identity.display_name or ctx.identity.external_id


async def _ticket_and_entry(ctx: FlowContext, number: str) -> tuple[Ticket, KnowledgeEntry] | None:
    """The closed ticket and the entry its bot answer came from, or None after telling staff why not."""
    ticket_id = parse_id(number)
    ticket = await ctx.session.get(Ticket, ticket_id) if ticket_id is not None else None
    if ticket is None or ticket.status != TicketStatus.CLOSED:
        ctx.say(desk_text(ctx, "Only a closed ticket's bot answer can be corrected."))
        return None
    entry = answered_entry(ctx, ticket)
    if entry is None:
        ctx.say(desk_text(ctx, "The entry the bot answered ticket #{id} with no longer exists.", id=ticket.id))
        return None
    return ticket, entry


async def on_choice(ctx: FlowContext, value: str) -> None:
    """``answer:<ticket>``, ``move:<ticket>``, ``to:<ticket>:<entry>`` and ``restore:<revision>``."""
    if not is_staff(ctx):
        return
    action, _, rest = value.partition(":")
    number, _, target = rest.partition(":")
    if action == "restore" and (revision := parse_id(number)) is not None:
        await _restore(ctx, revision)
        return
    found = await _ticket_and_entry(ctx, number)
    if found is None:
        return
    ticket, entry = found
    if action == "answer":
        ctx.say(
            desk_text(
                ctx, "{key} ({lang}) now answers:\n{answer}", key=entry.key, lang=entry.language, answer=entry.answer
            )
            + "\n\n"
            + desk_text(ctx, "Reply to this message with the corrected answer."),
            force_reply=True,
            meta={"relay": {"ticket_id": ticket.id, "purpose": ANSWER}},
        )
    elif action == "move":
        _offer_entries(ctx, ticket, entry)
    elif action == "to" and (target_id := parse_id(target)) and (chosen := ctx.services.knowledge.entry(target_id)):
        await _move(ctx, ticket, entry, chosen)


def _offer_entries(ctx: FlowContext, ticket: Ticket, entry: KnowledgeEntry) -> None:
    """The best matches for the customer's question besides the wrong entry, and a prompt for a key."""
    question = str(ticket.context.get("question") or "")
    result = ctx.services.knowledge.match(question, entry.language)
    rows: list[tuple[Choice, ...]] = []
    for candidate in result.candidates:
        other = ctx.services.knowledge.entry(candidate.entry_id)
        if other is not None and other.id != entry.id and len(rows) < MATCHES:
            label = f"{other.key}: {other.question}"
            rows.append((Choice(label, f"{CORRECTION_CHOICE}:to:{ticket.id}:{other.id}"),))
    ctx.say(desk_text(ctx, "Which entry should answer “{question}”?", question=question), choices=tuple(rows))
    ctx.say(
        desk_text(ctx, "Or reply to this message with the entry's key (as in kb export)."),
        force_reply=True,
        meta={"relay": {"ticket_id": ticket.id, "purpose": MOVE}},
    )


async def take_reply(ctx: FlowContext, ticket_id: int | None, purpose: str | None) -> None:
    """A staff reply to a correction prompt: the new answer, or the key of the entry the question belongs to."""
    text = (ctx.incoming.text or "").strip()
    found = await _ticket_and_entry(ctx, str(ticket_id)) if text else None
    if found is None:
        return
    ticket, entry = found
    if purpose == MOVE:
        target = ctx.services.knowledge.entry_by_key(text, entry.language)
        if target is None or target.id == entry.id:
            ctx.say(desk_text(ctx, "No other entry has the key {key} in {lang}.", key=text, lang=entry.language))
            return
        await _move(ctx, ticket, entry, target)
        return
    revision = await knowledge_edits.replace_answer(ctx.session, entry.id, text, author=_author(ctx))
    if revision is None:
        return
    ctx.say(
        desk_text(ctx, "Saved. From the next question on, {key} answers:\n{answer}", key=entry.key, answer=text),
        choices=((Choice(desk_text(ctx, "↩ Restore previous answer"), f"{CORRECTION_CHOICE}:restore:{revision.id}"),),),
    )


async def _move(ctx: FlowContext, ticket: Ticket, wrong: KnowledgeEntry, right: KnowledgeEntry) -> None:
    question = str(ticket.context.get("question") or "")
    stored = await kb.get_entry(ctx.session, wrong.id)
    wording = normalize(question)
    remove = [p.id for p in (stored.phrasings if stored else []) if normalize(p.text) == wording]
    await knowledge_edits.move_wording(
        ctx.session, question, from_entry_id=wrong.id, to_entry_id=right.id, remove=remove, author=_author(ctx)
    )
    await kb.resolve_unanswered(ctx.session, language=right.language, normalized=wording, entry_id=right.id)
    ctx.say(
        desk_text(ctx, "Moved. “{question}” is now answered by {key}.", question=question, key=right.key),
        edit=True,
    )


async def _restore(ctx: FlowContext, revision_id: int) -> None:
    entry = await knowledge_edits.restore_revision(ctx.session, revision_id, author=_author(ctx))
    if entry is None:
        ctx.say(desk_text(ctx, "That earlier answer no longer exists."))
        return
    ctx.say(
        desk_text(ctx, "Restored. {key} answers again:\n{answer}", key=entry.key, answer=entry.answer),
        edit=True,
    )
