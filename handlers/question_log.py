"""What the FAQ did with each question, logged for the self-service rate (see the README's Reports)."""

from __future__ import annotations

from handlers.context import FlowContext
from knowledge import MatchResult
from knowledge.service import question_language
from storage import questions
from storage.questions import Outcome


async def log(ctx: FlowContext, text: str, result: MatchResult, outcome: Outcome, entry_id: int | None = None) -> None:
    """Record one question this chat asked and how the bot handled it."""
    await questions.record(
        ctx.session,
        channel=ctx.incoming.channel,
        chat_id=ctx.incoming.chat_id,
        customer_id=ctx.customer.id,
        language=question_language(text, ctx.language),
        normalized=result.normalized,
        text=text,
        outcome=outcome,
        entry_id=entry_id,
        at=ctx.now(),
    )


async def picked(ctx: FlowContext, entry_id: int) -> None:
    """A "did you mean" button was tapped: the chat's last question was answered after all."""
    await questions.mark_picked(ctx.session, ctx.incoming.channel, ctx.incoming.chat_id, entry_id)
