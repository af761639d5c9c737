"""Questions outside any flow: answered from the knowledge base in their own language, or honestly not."""

from __future__ import annotations

from sqlalchemy import select

from handlers import booking_catalogue
from storage import knowledge_base as kb
from storage.knowledge_base import KnowledgeEntry, UnansweredQuery
from tests.handlers.booking_helpers import labels, tap
from tests.harness import Chat, texts


async def _entry(runtime, key: str, language: str) -> KnowledgeEntry:
    async with runtime.sessions() as session:
        entry = await session.scalar(
            select(KnowledgeEntry).where(KnowledgeEntry.key == key, KnowledgeEntry.language == language)
        )
        assert entry is not None
        return entry


async def test_opening_hours_are_answered_in_the_language_of_the_question(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    chinese = await chat.say("你们几点开门？")
    english = await chat.say("What are your opening hours?")
    assert "营业" in texts(chinese)
    assert "open" not in texts(chinese)
    assert "open" in texts(english)
    assert "营业" not in texts(english)
    assert (await _entry(runtime, "opening-hours", "en")).hits == 1


async def test_opening_hours_answers_show_the_booking_calendar(runtime) -> None:
    chinese = texts(await Chat(runtime, chat_id="zh").say("你们几点开门？"))
    english = texts(await Chat(runtime, chat_id="en", language_code="en").say("What are your opening hours?"))
    for expected in ("周一至周五 08:30–17:30", "周六 09:00–16:00", "周日休息", "12:00–13:30"):
        assert expected in chinese
    for expected in ("Monday–Friday 08:30–17:30", "Saturday 09:00–16:00", "Sunday closed", "12:00–13:30"):
        assert expected in english
    assert "18:00" not in chinese + english


async def test_changing_the_calendar_changes_the_hours_the_faq_gives(runtime, clock) -> None:
    changed = booking_catalogue.read_file(booking_catalogue.DEFAULT_FILE).to_document()
    changed["opening_hours"]["sat"] = ["09:00-12:00", "13:00-18:00"]
    changed["opening_hours"]["sun"] = ["10:00-14:00"]
    async with runtime.sessions() as session, session.begin():
        await booking_catalogue.install(session, booking_catalogue.parse(changed), by="test", now=clock())
    english = texts(await Chat(runtime, language_code="en").say("What are your opening hours?"))
    assert "Saturday 09:00–18:00" in english
    assert "Sunday 10:00–14:00" in english
    assert "Saturday 12:00–13:00" in english
    assert "Sunday closed" not in english


async def test_an_unknown_question_is_admitted_and_logged(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    replies = await chat.say("qwxz vbnm plokij")
    assert "don't know the answer" in texts(replies)
    async with runtime.sessions() as session:
        logged = await session.scalar(select(UnansweredQuery))
        assert logged is not None
        assert logged.text == "qwxz vbnm plokij"


async def test_a_ten_thousand_character_message_gets_a_clear_answer(runtime) -> None:
    replies = await Chat(runtime, language_code="en").say("a" * 10_000)
    assert "too long" in texts(replies)
    assert "10000" in texts(replies)


async def test_a_photo_outside_any_flow_is_acknowledged(runtime) -> None:
    assert "received" in texts(await Chat(runtime, language_code="en").send_photo("photo-1"))


async def test_unknown_placeholders_and_literal_braces_are_shown_as_written(runtime) -> None:
    answer = "Call {hotline}; {hotlin}, {not one} and a lone { stay as written."
    async with runtime.sessions() as session, session.begin():
        await kb.upsert_entry(
            session,
            kb.EntryDraft("bikes", "en", "general", "Can I bring my bicycle into the lounge?", answer, ()),
            author="test",
        )
    replies = await Chat(runtime, language_code="en").say("Can I bring my bicycle into the lounge?")
    assert texts(replies) == "Call 400-820-1888; {hotlin}, {not one} and a lone { stay as written."


async def test_booking_questions_are_answered_with_what_the_bot_does(runtime) -> None:
    """Asked how to book, move or cancel, the owner is shown how to do it here, never sent to a mini program."""
    questions = {
        "怎么预约保养？": ("/book", "预约保养"),
        "How do I book a service?": ("/book", "Book a service"),
        "预约的时间可以改吗？": ("/mybookings", "预约保养"),
        "Can I change my appointment time?": ("/mybookings", "Book a service"),
        "怎么取消预约？": ("/mybookings", "我的预约"),
        "How do I cancel an appointment?": ("/mybookings", "My bookings"),
    }
    for number, (question, (command, button)) in enumerate(questions.items()):
        replies = await Chat(runtime, chat_id=f"owner-{number}").say(question)
        answer = texts(replies)
        # The bot offers to do it here; a FAQ answer (rated with 👍/👎) also names the command. A change
        # with nothing booked yet is acted on at once: the bot says so and offers to book.
        assert button in labels(replies), question
        if "👍" in labels(replies):
            assert command in answer, question
        assert "小程序" not in answer, question
        assert "mini program" not in answer, question


async def test_an_entry_with_an_action_ends_with_its_button_and_the_button_starts_the_flow(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    answer = await chat.say("How do I book a service?")
    assert texts(answer).startswith("I can book it for you right here")
    assert "400-820-1888" in texts(answer), "the hotline placeholder is filled in"
    started = await tap(chat, answer, "Book a service")
    assert "Which service would you like to book?" in texts(started)
