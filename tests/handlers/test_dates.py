"""Typed dates and times, Chinese and English, relative to a fixed today (Tuesday 2026-12-01)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from handlers.dates import DayPart, When, chinese_number, parse_when

TODAY = date(2026, 12, 1)  # a Tuesday

ZH_DIGITS = "零一二三四五六七八九"


def to_chinese(number: int) -> str:
    """The inverse of chinese_number for 0–59, as people write it (十五, 二十, 三十五)."""
    if number < 10:
        return ZH_DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else ZH_DIGITS[tens]) + "十" + (ZH_DIGITS[ones] if ones else "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明天下午3点", When((date(2026, 12, 2),), (time(15),))),
        ("后天上午", When((date(2026, 12, 3),), (), DayPart.MORNING)),
        ("下周一上午10点", When((date(2026, 12, 7),), (time(10),))),
        ("周六上午九点半", When((date(2026, 12, 5),), (time(9, 30),))),
        ("12月3日 14:00", When((date(2026, 12, 3),), (time(14),))),
        ("3号下午两点", When((date(2026, 12, 3),), (time(14),))),
        ("tomorrow 3pm", When((date(2026, 12, 2),), (time(15),))),
        ("next Monday 10am", When((date(2026, 12, 7),), (time(10),))),
        ("Dec 3 2pm", When((date(2026, 12, 3),), (time(14),))),
        ("大后天 两点一刻", When((date(2026, 12, 4),), (time(2, 15), time(14, 15)))),
        ("星期天下午4点半", When((date(2026, 12, 6),), (time(16, 30),))),
        ("下下周三", When((date(2026, 12, 16),), ())),
        ("2026-12-05 09:30", When((date(2026, 12, 5),), (time(9, 30),))),
        ("12/25", When((date(2026, 12, 25),), ())),
        ("3rd of December at 10:30am", When((date(2026, 12, 3),), (time(10, 30),))),
        ("day after tomorrow in the afternoon", When((date(2026, 12, 3),), (), DayPart.AFTERNOON)),
        ("中午12点", When((), (time(12),))),
        ("下午三点二十", When((), (time(15, 20),))),
        ("1月5日", When((date(2027, 1, 5),), ())),  # already past this year: next year's
    ],
)
def test_phrases(text: str, expected: When) -> None:
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "days", "times"),
    [
        ("3点", (), (time(3), time(15))),  # no am/pm: both readings, the flow keeps the open one
        ("at 9", (), (time(9), time(21))),
        ("next Friday", (date(2026, 12, 4), date(2026, 12, 11)), ()),  # this coming one, or next week's?
        ("周二", (date(2026, 12, 1), date(2026, 12, 8)), ()),  # said on a Tuesday: today or a week on?
    ],
)
def test_ambiguous_phrases_keep_every_reading(text: str, days: tuple[date, ...], times: tuple[time, ...]) -> None:
    when = parse_when(text, TODAY)
    assert when is not None
    assert (when.days, when.times) == (days, times)


@pytest.mark.parametrize("text", ["hello", "12345", "2月30日", "25:00", "13pm", "", "粤B12345"])
def test_nonsense_and_impossible_dates_are_not_guessed(text: str) -> None:
    assert parse_when(text, TODAY) is None


def test_relative_words_follow_today() -> None:
    saturday = date(2026, 12, 5)
    assert parse_when("下周一", saturday) == When((date(2026, 12, 7),))
    assert parse_when("明天", date(2026, 12, 31)) == When((date(2027, 1, 1),))
    assert parse_when("31号", date(2026, 11, 5)) == When((date(2026, 12, 31),))  # November has no 31st


@given(st.dates(date(2020, 1, 1), date(2035, 1, 1)), st.integers(0, 364))
@example(date(2023, 3, 2), 364)  # 2月29日 asked in a year without one: next year's, a leap year
def test_month_and_day_within_a_year_mean_that_date(today: date, ahead: int) -> None:
    target = today + timedelta(days=ahead)
    assert parse_when(f"{target.month}月{target.day}日", today) == When((target,))
    assert parse_when(target.strftime("%b ") + str(target.day), today) == When((target,))
    assert parse_when(f"{target.month}/{target.day}", today) == When((target,))


@given(st.dates(date(2020, 1, 1), date(2035, 1, 1)), st.integers(0, 6), st.sampled_from(["周", "星期", "礼拜"]))
def test_next_week_weekday_is_in_the_next_calendar_week(today: date, weekday: int, word: str) -> None:
    name = "一二三四五六日"[weekday]
    when = parse_when(f"下{word}{name}", today)
    assert when is not None
    assert len(when.days) == 1
    [day] = when.days
    next_monday = today + timedelta(days=7 - today.weekday())
    assert day.weekday() == weekday
    assert next_monday <= day < next_monday + timedelta(days=7)


@given(st.integers(0, 23), st.integers(0, 59))
def test_two_digit_clock_times_are_read_as_24_hour(hour: int, minute: int) -> None:
    assert parse_when(f"{hour:02d}:{minute:02d}", TODAY) == When((), (time(hour, minute),))


@given(st.integers(1, 12), st.integers(0, 59), st.booleans())
def test_am_pm_times(hour: int, minute: int, pm: bool) -> None:
    expected = time(hour % 12 + (12 if pm else 0), minute)
    assert parse_when(f"{hour}:{minute:02d}{'pm' if pm else 'am'}", TODAY) == When((), (expected,))


@given(st.integers(1, 11), st.integers(1, 59))
def test_chinese_numeral_times_in_the_afternoon(hour: int, minute: int) -> None:
    assert parse_when(f"下午{to_chinese(hour)}点{to_chinese(minute)}分", TODAY) == When((), (time(hour + 12, minute),))


@given(st.integers(0, 59))
def test_chinese_numbers(number: int) -> None:
    assert chinese_number(to_chinese(number)) == number


@given(st.text(max_size=40))
def test_any_text_gives_an_answer_or_none_never_an_exception(text: str) -> None:
    result = parse_when(text, TODAY)
    assert result is None or isinstance(result, When)
