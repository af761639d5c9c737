"""The FAQ flow: a question outside any flow gets an answer, a short list, or an honest "I don't know"."""

from __future__ import annotations

from handlers.context import FlowContext
from handlers.types import Choice
from knowledge import Band
from knowledge.service import question_language
from storage import knowledge_base as kb

FAQ_CHOICE = "faq"
SUGGESTIONS = 3


async def answer_question(ctx: FlowContext) -> bool:
    """Answer any text message; other kinds of input (a photo, a contact) are not questions."""
    text = (ctx.incoming.text or "").strip()
    if not text:
        if ctx.incoming.attachments or ctx.incoming.contact_phone:
            ctx.say(ctx._("Thanks, I received it. If you have a question, please type it."))
            return True
        return False
    if len(text) > ctx.services.config.max_question_chars:
        ctx.say(
            ctx._(
                "That message is too long for me ({length} characters). Please ask one question in a sentence or two.",
                length=len(text),
            )
        )
        return True
    result = ctx.services.knowledge.match(text, ctx.language)
    language = question_language(text, ctx.language)
    best = result.best
    if result.band is Band.ANSWER and best is not None:
        await _give_answer(ctx, best.entry_id)
        return True
    if result.band is Band.SUGGEST:
        choices = tuple(
            (Choice(entry.question, f"{FAQ_CHOICE}:{entry.id}"),)
            for candidate in result.candidates[:SUGGESTIONS]
            if (entry := ctx.services.knowledge.entry(candidate.entry_id)) is not None
        )
        ctx.say(ctx._("I'm not sure I understood. Did you mean one of these?"), choices=choices)
        return True
    await kb.log_unanswered(ctx.session, language=language, normalized=result.normalized, text=text)
    ctx.say(
        ctx._(
            "Sorry, I don't know the answer to that yet. I have noted your question so our staff can add it. "
            "Please try other words, or call our service hotline."
        )
    )
    return True


async def on_choice(ctx: FlowContext, value: str) -> None:
    """A "did you mean" button was pressed: give that entry's answer."""
    try:
        entry_id = int(value)
    except ValueError:
        entry_id = -1
    if ctx.services.knowledge.entry(entry_id) is None:
        ctx.say(ctx._("That answer is no longer available. Please ask your question again."))
        return
    await _give_answer(ctx, entry_id)


async def _give_answer(ctx: FlowContext, entry_id: int) -> None:
    entry = ctx.services.knowledge.entry(entry_id)
    assert entry is not None
    await kb.record_hit(ctx.session, entry.id)
    ctx.say(entry.answer)
