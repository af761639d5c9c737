"""Long replies are cut where a reader would pause, within Telegram's limits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.telegram.split import split_text, utf16_length


def test_a_short_text_is_one_part() -> None:
    assert split_text("  你好！  ") == ["你好！"]
    assert split_text("") == []


def test_english_is_cut_after_a_sentence_not_inside_a_word() -> None:
    text = "The oil is changed every 5,000 km. " * 20
    parts = split_text(text, limit=100)
    assert all(part.endswith(".") for part in parts)
    assert " ".join(parts).split() == text.split()


def test_a_paragraph_break_wins_over_a_sentence_end() -> None:
    text = "The first paragraph runs on. It has two sentences.\n\nThe second one. " + "More. " * 5
    assert split_text(text, limit=70)[0] == "The first paragraph runs on. It has two sentences."


def test_chinese_is_cut_after_a_full_stop() -> None:
    text = "保养时请携带保养手册。" * 30
    parts = split_text(text, limit=100)
    assert all(part.endswith("。") for part in parts)
    assert "".join(parts) == text


def test_the_limit_counts_emoji_twice_as_telegram_does() -> None:
    parts = split_text("🚗" * 60, limit=100)
    assert [utf16_length(part) for part in parts] == [100, 20]


def test_only_a_word_longer_than_a_message_is_cut_inside() -> None:
    link = "https://example.com/" + "a" * 150
    assert split_text(f"See {link}", limit=100) == ["See", link[:100], link[100:]]


@given(st.text(alphabet=st.sampled_from(list("ab 车辆。，\n😀.")), max_size=600), st.integers(20, 200))
def test_no_part_is_over_the_limit_and_nothing_but_whitespace_is_lost(text: str, limit: int) -> None:
    parts = split_text(text, limit)
    assert all(0 < utf16_length(part) <= limit for part in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())
