"""Questions outside any flow: answered from the knowledge base in their own language, or honestly not."""

from __future__ import annotations

from sqlalchemy import select

from storage.knowledge_base import KnowledgeEntry, UnansweredQuery
from tests.handlers.booking_helpers import tap
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
    assert texts(chinese) == (await _entry(runtime, "opening-hours", "zh-CN")).answer
    assert texts(english) == (await _entry(runtime, "opening-hours", "en")).answer
    assert (await _entry(runtime, "opening-hours", "en")).hits == 1


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


async def test_an_entry_with_an_action_ends_with_its_button_and_the_button_starts_the_flow(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    answer = await chat.say("How do I book a service?")
    assert texts(answer) == (await _entry(runtime, "book-appointment", "en")).answer
    started = await tap(chat, answer, "Book a service")
    assert "Which service would you like to book?" in texts(started)
