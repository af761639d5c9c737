"""The follow-up survey's questions and the customer's answers, one button press at a time.

Usage: the job in :mod:`handlers.followup` sends :func:`first_question`;
every press (``svy:<visit>:<question>:<value>``) stores that answer and
replaces the message with the next question. The survey's progress lives on
its row (``storage.surveys``), not in the chat's flow state: the customer may
be booking or asking questions meanwhile, and an old survey's buttons still
know which visit they belong to. An overall score at or below the recovery
threshold opens a manager's ticket at once (:mod:`handlers.service_recovery`).
"""

from __future__ import annotations

from handlers import service_recovery
from handlers.choice_data import parse_id, parse_small
from handlers.context import FlowContext, Services
from handlers.i18n import N_
from handlers.types import Choice, Reply
from storage import feedback, surveys, visits
from storage.feedback import FeedbackKind
from storage.surveys import Question, VisitSurvey

SURVEY_CHOICE = "svy"
YES, NO = 1, 0

INTRO = N_(
    "Thank you for visiting {store} on {day} ({service}). Could you answer five short questions "
    "about it? It takes a minute."
)
REMINDER = N_("A gentle reminder: we would love to hear how your visit to {store} on {day} went.")
TEXTS = {
    Question.OVERALL: N_(
        "1/5 Overall, how satisfied are you with this visit? (1 = very dissatisfied, 5 = very satisfied)"
    ),
    Question.ADVISOR: N_("2/5 How would you rate your service advisor? (1–5)"),
    Question.QUALITY: N_("3/5 How would you rate the quality of the work on your car? (1–5)"),
    Question.ON_TIME: N_("4/5 Was your car ready at the time we promised?"),
    Question.RECOMMEND: N_("5/5 How likely are you to recommend us to a friend? (0 = not at all, 10 = certainly)"),
}
RANGES = {
    Question.OVERALL: range(1, 6),
    Question.ADVISOR: range(1, 6),
    Question.QUALITY: range(1, 6),
    Question.ON_TIME: range(0, 2),
    Question.RECOMMEND: range(0, 11),
}


def _buttons(services: Services, visit_id: int, question: Question, language: str) -> tuple[tuple[Choice, ...], ...]:
    def choice(label: str, value: int) -> Choice:
        return Choice(label, f"{SURVEY_CHOICE}:{visit_id}:{question}:{value}")

    if question is Question.ON_TIME:
        gettext = services.translator.gettext
        return ((choice(gettext(language, N_("Yes")), YES), choice(gettext(language, N_("No")), NO)),)
    values = list(RANGES[question])
    if question is Question.RECOMMEND:
        return (tuple(choice(str(v), v) for v in values[:6]), tuple(choice(str(v), v) for v in values[6:]))
    return (tuple(choice(f"{v}⭐", v) for v in values),)


def question_reply(
    services: Services, visit_id: int, question: Question, language: str, *, intro: str | None = None
) -> Reply:
    """One question with its buttons, after ``intro`` if given."""
    text = services.translator.gettext(language, TEXTS[question])
    return Reply(text=f"{intro}\n\n{text}" if intro else text, choices=_buttons(services, visit_id, question, language))


async def on_choice(ctx: FlowContext, value: str) -> None:
    """``<visit>:<question>:<value>``: store the answer, then ask the next question or say thanks."""
    raw_visit, _, rest = value.partition(":")
    raw_question, _, raw_answer = rest.partition(":")
    visit_id, answer = parse_id(raw_visit), parse_small(raw_answer, max(RANGES[Question.RECOMMEND]))
    survey = None
    if visit_id is not None and raw_question in set(Question):
        survey = await surveys.get(ctx.session, visit_id)
    if survey is None or (survey.channel, survey.chat_id) != (ctx.incoming.channel, ctx.incoming.chat_id):
        ctx.say(ctx._("That button has expired. Please start again."))
        return
    question = Question(raw_question)
    if answer is None or answer not in RANGES[question]:
        ctx.say(ctx._("That button has expired. Please start again."))
        return
    stored = answer == YES if question is Question.ON_TIME else answer
    fresh = await surveys.answer(ctx.session, survey.visit_id, question, stored, now=ctx.now())
    survey = await surveys.get(ctx.session, survey.visit_id)  # read back, with this answer in it
    assert survey is not None
    if fresh:
        await _took(ctx, survey, question, answer)
    await _next(ctx, survey)


async def _took(ctx: FlowContext, survey: VisitSurvey, question: Question, answer: int) -> None:
    """What a fresh answer sets off: the overall score is the visit's CSAT, and a low one calls a manager."""
    if question is not Question.OVERALL:
        return
    await feedback.record_once(
        ctx.session,
        kind=FeedbackKind.SERVICE,
        subject_id=survey.visit_id,
        customer_id=survey.customer_id,
        score=answer,
        at=ctx.now(),
    )
    if answer <= ctx.services.config.aftercare.recovery_max_score:
        visit = await visits.get(ctx.session, survey.visit_id)
        assert visit is not None
        await service_recovery.open_ticket(ctx, visit, survey)


async def _next(ctx: FlowContext, survey: VisitSurvey) -> None:
    question = survey.next_question()
    if question is not None:
        reply = question_reply(ctx.services, survey.visit_id, question, ctx.language)
        ctx.say(reply.text, choices=reply.choices, edit=True)
        return
    if survey.completed_at is None:
        survey.completed_at = ctx.now()
        await service_recovery.survey_complete(ctx, survey)
    ctx.say(ctx._("Thank you for your answers! They help us serve you better."), edit=True)
