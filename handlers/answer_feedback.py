"""👍 / 👎 under an answer: counted on the entry, and a 👎 offers the next-best entries and a person."""

from __future__ import annotations

from handlers.choice_data import parse_id
from handlers.context import FlowContext
from handlers.escalation import Reason
from handlers.faq import person_button, suggestions
from knowledge.service import question_language
from knowledge.text import normalize
from storage import feedback
from storage import knowledge_base as kb

HELPFUL_SCORE = 5
UNHELPFUL_SCORE = 1


async def on_choice(ctx: FlowContext, value: str) -> None:
    """``up:<entry>`` or ``down:<entry>``; one vote per answer message."""
    vote, _, number = value.partition(":")
    entry_id = parse_id(number)
    entry = ctx.services.knowledge.entry(entry_id) if entry_id is not None else None
    if entry is None or vote not in ("up", "down"):
        ctx.say(ctx._("That answer is no longer available. Please ask your question again."))
        return
    voted = set(ctx.state.data.get("voted", []))
    key = f"{ctx.incoming.message_id}:{entry.id}"
    if key in voted:
        ctx.say(ctx._("Thanks, we already have your feedback on this answer."))
        return
    ctx.state.data["voted"] = sorted(voted | {key})[-20:]
    helpful = vote == "up"
    await kb.count_feedback(ctx.session, entry.id, helpful=helpful)
    await feedback.record(
        ctx.session,
        kind=feedback.FeedbackKind.ANSWER,
        subject_id=entry.id,
        customer_id=ctx.customer.id,
        score=HELPFUL_SCORE if helpful else UNHELPFUL_SCORE,
        at=ctx.now(),
    )
    if helpful:
        ctx.say(ctx._("Thanks for the feedback! Anything else I can help with?"))
        return
    question = ctx.state.data.get("last", {}).get("question") or entry.question
    await kb.log_unanswered(
        ctx.session, language=question_language(question, ctx.language), normalized=normalize(question), text=question
    )
    result = ctx.services.knowledge.match(question, ctx.language)
    ctx.say(
        ctx._("Sorry that did not help. Is it one of these, or shall I get a colleague?"),
        choices=(*suggestions(ctx, result, exclude=entry.id), person_button(ctx, Reason.UNHELPFUL)),
    )
