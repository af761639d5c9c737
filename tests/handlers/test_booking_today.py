"""Today told truthfully: a past hour, no time left today, and a waitlist only for days still ahead.

The clock is moved to Tuesday 2026-12-01 10:30 in Shanghai (open 08:30–12:00
and 13:30–17:30; bookings need two hours' notice, so 13:30 is today's first
time), or to 16:00, when nothing is left today.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from storage.waitlist import WaitlistEntry
from tests.handlers.booking_helpers import fill_day, labels, tap
from tests.harness import Chat, texts

TODAY = date(2026, 12, 1)


def _times(replies: list) -> list[str]:
    return [label for label in labels(replies) if label[:2].isdigit()]


async def _entries(runtime) -> list[WaitlistEntry]:
    async with runtime.sessions() as session:
        return list(await session.scalars(select(WaitlistEntry)))


async def _ask(chat: Chat, service: str, when: str) -> list:
    await chat.say("/book")
    await chat.say(service)
    return await chat.say(when)


@pytest.mark.parametrize(
    ("language", "typed", "sentence"),
    [
        ("zh-CN", "今天上午9点", "今天09:00已经过了。\n今天接下来的空闲时间："),
        ("en", "today 9am", "09:00 today has passed.\nThe next free times today:"),
    ],
)
async def test_a_past_hour_today_says_so_and_offers_the_rest_of_today(
    runtime, clock, language: str, typed: str, sentence: str
) -> None:
    clock.advance(minutes=30)
    replies = await _ask(Chat(runtime, language_code=language), "minor", typed)
    assert sentence in texts(replies)
    assert _times(replies)[0] == "13:30"
    assert not [label for label in labels(replies) if "waitlist" in label or "候补" in label]


@pytest.mark.parametrize(
    ("language", "typed", "sentence"),
    [
        ("zh-CN", "今天上午9点", "今天已经没有小保养可约的时间了；最早的空闲时间是12月2日周三 08:30。"),
        (
            "en",
            "today 9am",
            "There is no time left today for Minor service; the earliest free time is Wed, Dec 2 08:30.",
        ),
    ],
)
async def test_when_nothing_is_left_today_the_earliest_time_is_offered_not_a_waitlist(
    runtime, clock, language: str, typed: str, sentence: str
) -> None:
    clock.advance(hours=6)  # 16:00: two hours' notice reaches past closing time
    chat = Chat(runtime, language_code=language)
    replies = await _ask(chat, "minor", typed)
    assert sentence in texts(replies)
    assert "fully booked" not in texts(replies)
    assert "约满" not in texts(replies)
    assert _times(replies)[0] == "08:30"
    assert not [label for label in labels(replies) if "waitlist" in label or "候补" in label]


async def test_today_is_not_listed_among_full_days_once_no_time_is_left(runtime, clock) -> None:
    clock.advance(hours=6)
    chat = Chat(runtime, language_code="en")
    await chat.say("/book")
    await chat.say("minor")
    replies = await chat.press("bk:full:")
    assert "No day is fully booked" in texts(replies)
    refused = await chat.press(f"bk:wait:{TODAY.isoformat()}")
    assert "There is no waitlist for Tue, Dec 1: no time that could still free up is left that day." in texts(refused)
    assert "Which day suits you" in texts(refused)


async def test_a_really_full_day_ahead_has_a_waitlist_that_closes_when_no_time_is_left(runtime, clock) -> None:
    clock.advance(minutes=30)
    await fill_day(runtime, TODAY, "alignment")
    chat = Chat(runtime, language_code="en")
    replies = await _ask(chat, "four-wheel alignment", "today 2pm")
    assert "Tue, Dec 1 is fully booked for Four-wheel alignment." in texts(replies)
    replies = await tap(chat, replies, "Join the waitlist")
    await chat.say("粤B11111")
    await chat.say("Camry")
    await chat.press("bk:skip:")
    summary = await chat.share_contact("+8613900001111")
    clock.advance(hours=5, minutes=30)  # 16:00: whatever frees now could not be booked
    refused = await tap(chat, summary, "Join the waitlist")
    assert "There is no waitlist for Tue, Dec 1" in texts(refused)
    assert await _entries(runtime) == []
