"""Small talk gets a short friendly reply in the person's language, and never counts as a question or a miss."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.questions import QuestionEvent
from storage.tickets import Ticket
from tests.harness import Chat, texts


async def _count(runtime, model: type) -> int:
    async with runtime.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_thanks_and_greetings_open_no_ticket_and_are_not_questions(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    thanks = await chat.say("谢谢啦")
    okay = await chat.say("嗯嗯")
    hello = await chat.say("hello")
    assert "不客气" in texts(thanks)
    assert texts(okay)
    assert "Hello" in texts(hello)
    assert "book" in texts(hello)
    assert await _count(runtime, Ticket) == 0
    assert await _count(runtime, QuestionEvent) == 0


@pytest.mark.parametrize(
    ("words", "expected"), [("你好", "您好"), ("👍", "👍"), ("bye", "Goodbye"), ("thanks!", "welcome")]
)
async def test_small_talk_is_answered_in_the_language_it_is_written_in(runtime, words: str, expected: str) -> None:
    replies = await Chat(runtime, language_code="en").say(words)
    assert expected in texts(replies)
