"""The follow-up visit (回访): after service, a survey at a good hour, one reminder, then silence.

When staff mark a booking done, or a repair order is imported as closed,
:func:`schedule` plans the survey for ``followup_delay`` later, moved into
the store's opening hours (``desk_hours``). Each job is keyed by visit
(``followup:<visit>:survey`` / ``:reminder``), a survey row per visit is
created before anything is sent, and the runner claims each job once: so a
visit is surveyed once, whatever number of runners, imports or taps. If the
overall question is still unanswered ``followup_reminder_after`` later, one
reminder goes; nothing follows it.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.booking_replies import customer_chats, language_of, zone
from handlers.context import FlowContext, Services
from handlers.followup_survey import INTRO, REMINDER, question_reply
from handlers.jobs import JobContext
from handlers.service_recovery import service_label
from storage import jobs, surveys, visits
from storage.bookings import Booking, BookingStatus
from storage.surveys import Question
from storage.visits import Visit

SURVEY_KIND = "followup.survey"
REMINDER_KIND = "followup.reminder"


def job_key(visit_id: int, which: str) -> str:
    return f"followup:{visit_id}:{which}"


async def schedule(session: AsyncSession, services: Services, visit: Visit) -> bool:
    """Plan the survey of a closed visit; False when there is no one to ask or the visit is too old to ask about."""
    if not visit.closed or visit.customer_id is None:
        return False
    aftercare = services.config.aftercare
    now = services.clock()
    if visit.visit_date < now.astimezone(zone(services)).date() - aftercare.followup_max_age:
        return False
    due = services.config.desk_hours.next_opening(now + aftercare.followup_delay)
    await jobs.schedule(
        session, SURVEY_KIND, due_at=due, payload={"visit_id": visit.id}, dedupe_key=job_key(visit.id, "survey")
    )
    return True


async def booking_marked(ctx: FlowContext, booking: Booking, status: BookingStatus) -> None:
    """Staff marked a booking done (a visit to follow up) or, correcting themselves, no-show (none after all)."""
    if status == BookingStatus.DONE:
        day = booking.start_at.astimezone(zone(ctx.services)).date()
        visit = await visits.for_done_booking(ctx.session, booking, day=day, now=ctx.now())
        await schedule(ctx.session, ctx.services, visit)
        return
    existing = await visits.of_booking(ctx.session, booking.id)
    if existing is None or await surveys.get(ctx.session, existing.id) is not None:
        return
    removed = await visits.remove_unconfirmed(ctx.session, booking.id)
    if removed is not None:
        await jobs.cancel_prefix(ctx.session, f"followup:{removed}:")


async def send_survey(job: JobContext) -> None:
    """The job: send the first question to the customer's chat, once, and plan the reminder."""
    visit = await visits.get(job.session, int(job.payload["visit_id"]))
    if visit is None or visit.customer_id is None:
        return
    chats = await customer_chats(job.session, visit.customer_id)
    if not chats:
        return
    channel, chat_id = chats[0]
    language = await language_of(job.session, job.services, visit.customer_id)
    now = job.now()
    survey = await surveys.start(
        job.session,
        visit_id=visit.id,
        customer_id=visit.customer_id,
        channel=channel,
        chat_id=chat_id,
        language=language,
        now=now,
    )
    if survey is None:
        return
    intro = job._(
        language,
        INTRO,
        store=job.services.config.store_name,
        day=visit.visit_date.isoformat(),
        service=await service_label(job.session, visit, language),
    )
    job.send(channel, chat_id, question_reply(job.services, visit.id, Question.OVERALL, language, intro=intro))
    config = job.services.config
    await jobs.schedule(
        job.session,
        REMINDER_KIND,
        due_at=config.desk_hours.next_opening(now + config.aftercare.followup_reminder_after),
        payload={"visit_id": visit.id},
        dedupe_key=job_key(visit.id, "reminder"),
    )


async def send_reminder(job: JobContext) -> None:
    """The job: if the overall question is still open, ask it once more; then stop for good."""
    visit_id = int(job.payload["visit_id"])
    survey = await surveys.get(job.session, visit_id)
    visit = await visits.get(job.session, visit_id)
    if survey is None or visit is None or not await surveys.mark_reminded(job.session, visit_id, job.now()):
        return
    intro = job._(survey.language, REMINDER, store=job.services.config.store_name, day=visit.visit_date.isoformat())
    reply = question_reply(job.services, visit_id, Question.OVERALL, survey.language, intro=intro)
    job.send(survey.channel, survey.chat_id, reply)
