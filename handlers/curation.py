"""Save as FAQ: a solved ticket becomes knowledge with one tap, after a person checks the text.

The draft takes the customer's question and the staff answer. If the matcher
finds a close entry, the draft offers to add the customer's wording to it
instead of creating a near-duplicate. Staff may correct either text by
replying to the prompt; nothing goes live until they publish.
"""

from __future__ import annotations

from handlers.choice_data import parse_id
from handlers.context import FlowContext
from handlers.desk_cards import desk_text
from handlers.staff_access import is_staff
from handlers.types import Choice
from knowledge import Band
from knowledge.service import question_language
from knowledge.text import normalize
from storage import knowledge_base as kb
from storage import tickets
from storage.drafts import DraftStatus, KnowledgeDraft
from storage.tickets import Author, Ticket, TicketStatus

DRAFT_CHOICE = "draft"
EDIT_QUESTION = "edit_question"
EDIT_ANSWER = "edit_answer"


async def start_draft(ctx: FlowContext, ticket: Ticket) -> None:
    """Turn a closed ticket's exchange into a draft entry and show it for checking."""
    if ticket.status != TicketStatus.CLOSED:
        ctx.say(desk_text(ctx, "Close ticket #{id} first, then save it as an FAQ.", id=ticket.id))
        return
    messages = await tickets.transcript(ctx.session, ticket.id)
    question = ticket.context.get("question") or next(
        (m.text for m in messages if m.author_kind == Author.CUSTOMER and m.text), None
    )
    answer = "\n".join(m.text for m in messages if m.author_kind == Author.STAFF and m.text)
    if not question or not answer:
        ctx.say(desk_text(ctx, "Ticket #{id} has no question and staff answer to save.", id=ticket.id))
        return
    language = question_language(question, ticket.language)
    result = ctx.services.knowledge.match(question, language)
    similar = result.best.entry_id if result.best is not None and result.band is not Band.ESCALATE else None
    draft = KnowledgeDraft(
        ticket_id=ticket.id,
        language=language,
        question=question,
        answer=answer,
        similar_entry_id=similar,
        author=ctx.identity.display_name or ctx.identity.external_id,
        created_at=ctx.now(),
    )
    ctx.session.add(draft)
    await ctx.session.flush()
    _show(ctx, draft)


def _show(ctx: FlowContext, draft: KnowledgeDraft, *, edit: bool = False) -> None:
    lines = [
        desk_text(ctx, "📝 FAQ draft from ticket #{id} ({lang})", id=draft.ticket_id, lang=draft.language),
        desk_text(ctx, "Q: {text}", text=draft.question),
        desk_text(ctx, "A: {text}", text=draft.answer),
    ]
    buttons: list[tuple[Choice, ...]] = [
        (Choice(desk_text(ctx, "✅ Publish as a new entry"), f"{DRAFT_CHOICE}:new:{draft.id}"),)
    ]
    similar = ctx.services.knowledge.entry(draft.similar_entry_id) if draft.similar_entry_id else None
    if similar is not None:
        lines.append(desk_text(ctx, "A close entry exists: {question}", question=similar.question))
        buttons.append(
            (Choice(desk_text(ctx, "➕ Add the wording to that entry"), f"{DRAFT_CHOICE}:phrase:{draft.id}"),)
        )
    buttons.append(
        (
            Choice(desk_text(ctx, "✏️ Question"), f"{DRAFT_CHOICE}:{EDIT_QUESTION}:{draft.id}"),
            Choice(desk_text(ctx, "✏️ Answer"), f"{DRAFT_CHOICE}:{EDIT_ANSWER}:{draft.id}"),
            Choice(desk_text(ctx, "🗑 Discard"), f"{DRAFT_CHOICE}:discard:{draft.id}"),
        )
    )
    ctx.say("\n".join(lines), choices=tuple(buttons), edit=edit, meta={"relay": {"draft_id": draft.id}})


async def on_choice(ctx: FlowContext, value: str) -> None:
    """Draft buttons: publish, add as a phrasing, edit, discard."""
    if not is_staff(ctx):
        return
    action, _, number = value.partition(":")
    draft_id = parse_id(number)
    draft = await ctx.session.get(KnowledgeDraft, draft_id) if draft_id is not None else None
    if draft is None or draft.status != DraftStatus.PENDING:
        ctx.say(desk_text(ctx, "This draft is no longer pending."))
        return
    if action in (EDIT_QUESTION, EDIT_ANSWER):
        prompt = (
            desk_text(ctx, "Reply to this message with the corrected question.")
            if action == EDIT_QUESTION
            else desk_text(ctx, "Reply to this message with the corrected answer.")
        )
        ctx.say(
            prompt,
            force_reply=True,
            meta={"relay": {"draft_id": draft.id, "purpose": action}},
        )
    elif action == "discard":
        draft.status = DraftStatus.DISCARDED
        ctx.say(desk_text(ctx, "Draft discarded."), edit=True)
    elif action == "new":
        await _publish_new(ctx, draft)
    elif action == "phrase" and draft.similar_entry_id is not None:
        await kb.add_phrasing(ctx.session, draft.similar_entry_id, draft.question, author=draft.author)
        draft.status = DraftStatus.PUBLISHED
        draft.published_entry_id = draft.similar_entry_id
        await _resolve(ctx, draft)
        ctx.say(desk_text(ctx, "Added. The bot now answers this wording with that entry."), edit=True)


async def _publish_new(ctx: FlowContext, draft: KnowledgeDraft) -> None:
    author = ctx.identity.display_name or draft.author
    entry = await kb.upsert_entry(
        ctx.session,
        kb.EntryDraft(
            key=f"ticket-{draft.ticket_id}",
            language=draft.language,
            category="learned",
            question=draft.question,
            answer=draft.answer,
            phrasings=(),
        ),
        author=author,
    )
    entry.source_ticket_id = draft.ticket_id
    draft.status = DraftStatus.PUBLISHED
    draft.published_entry_id = entry.id
    await _resolve(ctx, draft)
    ctx.say(desk_text(ctx, "Published. The bot now answers this question itself."), edit=True)


async def _resolve(ctx: FlowContext, draft: KnowledgeDraft) -> None:
    assert draft.published_entry_id is not None
    await kb.resolve_unanswered(
        ctx.session, language=draft.language, normalized=normalize(draft.question), entry_id=draft.published_entry_id
    )


async def take_edit(ctx: FlowContext, draft_id: int, purpose: str | None) -> None:
    """A staff reply to an edit prompt: replace the draft's question or answer and show it again."""
    draft = await ctx.session.get(KnowledgeDraft, draft_id)
    text = (ctx.incoming.text or "").strip()
    if draft is None or draft.status != DraftStatus.PENDING or not text:
        ctx.say(desk_text(ctx, "This draft is no longer pending."))
        return
    if purpose == EDIT_QUESTION:
        draft.question = text
    elif purpose == EDIT_ANSWER:
        draft.answer = text
    else:
        return
    _show(ctx, draft)
