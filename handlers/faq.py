"""The FAQ flow: a question outside any flow gets an answer, a short list, or the offer of a person.

Below the answer band the bot offers its best guesses and a person. Only a
question it has no answer for counts as a miss (a list of guesses the
customer ignores does not); after a second miss in a row the bot offers a
person with one tap, and a ticket opens only when the customer takes it.
"""

from __future__ import annotations

from handlers import actions, question_log
from handlers.answer_facts import rendered_answer
from handlers.choice_data import parse_id
from handlers.context import FlowContext
from handlers.escalation import HUMAN_CHOICE, Reason
from handlers.menus import Action
from handlers.types import Choice
from knowledge import Band, MatchResult
from knowledge.service import question_language
from storage import knowledge_base as kb
from storage.questions import Outcome

FAQ_CHOICE = "faq"
FEEDBACK_CHOICE = "fb"
SUGGESTIONS = 3
MISSES_BEFORE_PERSON = 2


def person_button(ctx: FlowContext, reason: Reason = Reason.ASKED) -> tuple[Choice, ...]:
    """The one-tap offer of a person; its value says why the ticket would open."""
    return (Choice(ctx._("🙋 Talk to a person"), f"{HUMAN_CHOICE}:{reason}"),)


async def answer_question(ctx: FlowContext) -> bool:
    """Answer any text message; other kinds of input (a photo, a contact) are not questions."""
    text = (ctx.incoming.text or "").strip()
    if not text:
        if ctx.incoming.other is not None:
            ctx.say(ctx._("I can only read text and photos here — please type your question."))
            return True
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
    best = result.best
    if result.band is Band.ANSWER and best is not None:
        ctx.state.data.pop("misses", None)
        await give_answer(ctx, best.entry_id, question=text)
        await question_log.log(ctx, text, result, Outcome.ANSWERED, best.entry_id)
        return True
    await _missed(ctx, text, result)
    return True


async def _missed(ctx: FlowContext, text: str, result: MatchResult) -> None:
    """Below the answer band: offer the best guesses and a person; after the second miss in a row, the person."""
    ctx.state.data["last"] = {"question": text, "answer": None}
    if result.band is Band.SUGGEST:
        await question_log.log(ctx, text, result, Outcome.SUGGESTED)
    else:
        ctx.state.data["misses"] = int(ctx.state.data.get("misses", 0)) + 1
        await question_log.log(ctx, text, result, Outcome.MISSED)
        await kb.log_unanswered(
            ctx.session, language=question_language(text, ctx.language), normalized=result.normalized, text=text
        )
    if int(ctx.state.data.get("misses", 0)) >= MISSES_BEFORE_PERSON:
        ctx.say(
            ctx._("I'm sorry, I still can't find an answer to that. Would you like a colleague to help? One tap:"),
            choices=(person_button(ctx, Reason.NOT_UNDERSTOOD),),
        )
        return
    if result.band is Band.SUGGEST:
        ctx.say(
            ctx._("I'm not sure I understood. Did you mean one of these?"),
            choices=(*suggestions(ctx, result), person_button(ctx)),
        )
        return
    ctx.say(
        ctx._(
            "Sorry, I don't know the answer to that yet. I have noted your question so our staff can add it. "
            "Please try other words, or talk to a colleague."
        ),
        choices=(person_button(ctx),),
    )


def suggestions(ctx: FlowContext, result: MatchResult, *, exclude: int | None = None) -> tuple[tuple[Choice, ...], ...]:
    """The best entries (up to three) as buttons, one per row."""
    rows: list[tuple[Choice, ...]] = []
    for candidate in result.candidates:
        entry = ctx.services.knowledge.entry(candidate.entry_id)
        if entry is None or entry.id == exclude:
            continue
        rows.append((Choice(entry.question, f"{FAQ_CHOICE}:{entry.id}"),))
        if len(rows) == SUGGESTIONS:
            break
    return tuple(rows)


async def on_choice(ctx: FlowContext, value: str) -> None:
    """A "did you mean" button was pressed: give that entry's answer."""
    entry_id = parse_id(value)
    entry = ctx.services.knowledge.entry(entry_id) if entry_id is not None else None
    if entry is None:
        ctx.say(ctx._("That answer is no longer available. Please ask your question again."))
        return
    ctx.state.data.pop("misses", None)
    await question_log.picked(ctx, entry.id)
    question = ctx.state.data.get("last", {}).get("question") or entry.question
    await give_answer(ctx, entry.id, question=question)


async def give_answer(ctx: FlowContext, entry_id: int, *, question: str) -> None:
    """Send an entry's answer with 👍 / 👎 under it, and remember the exchange for a hand-off."""
    entry = ctx.services.knowledge.entry(entry_id)
    assert entry is not None
    await kb.record_hit(ctx.session, entry.id)
    answer = await rendered_answer(ctx, entry)
    ctx.state.data["last"] = {"question": question, "answer": answer, "entry_id": entry.id}
    feedback = (Choice("👍", f"{FEEDBACK_CHOICE}:up:{entry.id}"), Choice("👎", f"{FEEDBACK_CHOICE}:down:{entry.id}"))
    wanted = tuple(Action(name) for name in entry.actions.split() if name in Action.__members__.values())
    ctx.say(answer, choices=((actions.buttons(ctx, wanted), feedback) if wanted else (feedback,)))
