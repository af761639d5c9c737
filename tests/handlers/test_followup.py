"""The follow-up visit (回访): a survey after service, within opening hours, once, with one reminder.

The clock starts on Tuesday 2026-12-01 at 10:00 in Shanghai; the customer's
visit is on Wednesday at 10:00 and the advisor marks it done at 11:00.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.runtime import start_runtime
from storage import jobs
from storage.feedback import Feedback
from storage.tickets import Author, TicketMessage, TicketStatus
from tests.conftest import DESK
from tests.handlers.aftercare_helpers import Workshop, rows, surveys_of, tickets_of, visits_of, workshop
from tests.harness import texts

SURVEY_START = "Thank you for visiting"


async def _done_visit(shop: Workshop, clock) -> int:
    booking = await shop.book()
    clock.advance(hours=25)  # Wednesday 11:00
    await shop.mark(booking, "done")
    [visit] = await visits_of(shop.runtime)
    return visit.id


async def _survey_arrives(shop: Workshop, clock) -> int:
    visit_id = await _done_visit(shop, clock)
    clock.advance(hours=24)
    await shop.run_jobs()
    return visit_id


async def test_the_survey_arrives_after_the_delay_and_takes_the_answers_one_at_a_time(runtime, clock) -> None:
    shop = await workshop(runtime)
    visit_id = await _done_visit(shop, clock)
    clock.advance(hours=23, minutes=59)
    await shop.run_jobs()
    assert not any(SURVEY_START in text for text in shop.to("cust-1")), "too early"
    clock.advance(minutes=1)
    await shop.run_jobs()
    [survey_message] = [text for text in shop.to("cust-1") if SURVEY_START in text]
    assert "on 2026-12-02 (Minor service)" in survey_message
    assert "1/5 Overall" in survey_message

    for data, next_question in (
        (f"svy:{visit_id}:o:5", "2/5"),
        (f"svy:{visit_id}:a:4", "3/5"),
        (f"svy:{visit_id}:q:5", "4/5"),
        (f"svy:{visit_id}:t:1", "5/5"),
    ):
        [reply] = await shop.customer.press(data, message_id="77")
        assert reply.text.startswith(next_question)
        assert reply.edit_message_id == "77"
    [thanks] = await shop.customer.press(f"svy:{visit_id}:r:9", message_id="77")
    assert "Thank you for your answers" in thanks.text

    [survey] = await surveys_of(runtime)
    answers = (survey.overall, survey.advisor, survey.quality, survey.on_time, survey.recommend)
    assert answers == (5, 4, 5, True, 9)
    assert survey.completed_at is not None
    [csat] = await rows(runtime, Feedback)
    assert (csat.kind, csat.subject_id, csat.score) == ("service", visit_id, 5)
    assert await tickets_of(runtime) == [], "a good score calls nobody"

    clock.advance(days=5)
    await shop.run_jobs()
    assert not any("reminder" in text for text in shop.to("cust-1")), "an answered survey is not chased"


async def test_a_survey_due_at_night_waits_for_the_store_to_open(settings, clock) -> None:
    runtime = await start_runtime(settings.model_copy(update={"followup_delay_hours": 8}), clock=clock, desk=DESK)
    try:
        shop = await workshop(runtime)
        await _done_visit(shop, clock)  # marked done on Wednesday 11:00; +8 hours is 19:00, after closing
        async with runtime.sessions() as session:
            [job] = await jobs.with_prefix(session, "followup:")
        assert job.due_at.isoformat() == "2026-12-03T00:30:00+00:00"  # Thursday 08:30 in Shanghai
    finally:
        await runtime.close()


async def test_an_unanswered_survey_is_reminded_once_and_then_left_alone(runtime, clock) -> None:
    shop = await workshop(runtime)
    visit_id = await _survey_arrives(shop, clock)
    clock.advance(hours=47)
    await shop.run_jobs()
    assert not any("gentle reminder" in text for text in shop.to("cust-1"))
    clock.advance(hours=1)
    await shop.run_jobs()
    [reminder] = [text for text in shop.to("cust-1") if "gentle reminder" in text]
    assert "1/5 Overall" in reminder
    clock.advance(days=30)
    await shop.run_jobs()
    assert sum("gentle reminder" in text for text in shop.to("cust-1")) == 1
    assert sum(SURVEY_START in text for text in shop.to("cust-1")) == 1
    [reply] = await shop.customer.press(f"svy:{visit_id}:o:4")
    assert reply.text.startswith("2/5"), "a late answer still counts"


async def test_marking_done_twice_or_pressing_twice_surveys_and_counts_once(runtime, clock) -> None:
    shop = await workshop(runtime)
    booking = await shop.book()
    clock.advance(hours=25)
    await shop.mark(booking, "done")
    await shop.mark(booking, "done")
    clock.advance(hours=24)
    await shop.run_jobs()
    [visit] = await visits_of(runtime)
    assert sum(SURVEY_START in text for text in shop.to("cust-1")) == 1
    await shop.customer.press(f"svy:{visit.id}:o:5")
    [again] = await shop.customer.press(f"svy:{visit.id}:o:1")
    assert again.text.startswith("2/5")
    [survey] = await surveys_of(runtime)
    assert survey.overall == 5
    assert [f.score for f in await rows(runtime, Feedback)] == [5]
    assert await tickets_of(runtime) == []


async def test_a_no_show_correction_cancels_the_follow_up(runtime, clock) -> None:
    shop = await workshop(runtime)
    booking = await shop.book()
    clock.advance(hours=25)
    await shop.mark(booking, "done")
    await shop.mark(booking, "no_show")
    clock.advance(days=3)
    await shop.run_jobs()
    assert await visits_of(runtime) == []
    assert not any(SURVEY_START in text for text in shop.to("cust-1"))


async def test_someone_else_cannot_answer_a_customers_survey(runtime, clock) -> None:
    shop = await workshop(runtime)
    visit_id = await _survey_arrives(shop, clock)
    replies = await shop.manager.press(f"svy:{visit_id}:o:1")
    assert texts(replies) == "That button has expired. Please start again."
    [survey] = await surveys_of(runtime)
    assert survey.overall is None


async def test_a_low_overall_score_opens_exactly_one_ticket_for_the_managers_with_the_answers(runtime, clock) -> None:
    shop = await workshop(runtime)
    visit_id = await _survey_arrives(shop, clock)
    replies = await shop.customer.press(f"svy:{visit_id}:o:2")
    assert "A manager will contact you today" in texts(replies)
    await shop.customer.press(f"svy:{visit_id}:o:2")  # a double tap
    [ticket] = await tickets_of(runtime)
    assert (ticket.reason, ticket.status, ticket.chat_id) == ("service_recovery", TicketStatus.OPEN, "cust-1")
    [card] = [
        text for text in shop.to("desk") if f"🆘 工单 #{ticket.id}：服务补救：客户低分" in text
    ]  # the desk reads Chinese
    assert "到店：2026-12-02 · 小保养 · 粤B12345" in card
    assert "总体 2/5 · 服务顾问 — · 维修质量 — · 按时交车：— · 推荐意愿 —" in card
    [note] = shop.to("manager-1")[-1:]
    assert f"/ticket {ticket.id}" in note
    assert "2/5" in note
    assert not any(f"#{ticket.id}" in text for text in shop.to("advisor-1")), "agents are not paged"

    for data in (f"svy:{visit_id}:a:1", f"svy:{visit_id}:q:2", f"svy:{visit_id}:t:0", f"svy:{visit_id}:r:3"):
        await shop.customer.press(data)
    assert len(await tickets_of(runtime)) == 1
    assert any("总体 2/5 · 服务顾问 1/5 · 维修质量 2/5 · 按时交车：否 · 推荐意愿 3/10" in t for t in shop.to("desk"))
    async with runtime.sessions() as session:
        notes = list(await session.scalars(select(TicketMessage).where(TicketMessage.ticket_id == ticket.id)))
    assert [n.author_kind for n in notes] == [Author.BOT, Author.BOT]
    words = await shop.customer.say("The car still rattles")
    assert words == [], "the customer is talking to a manager now"
    assert shop.to("desk")[-1].endswith(": The car still rattles")
