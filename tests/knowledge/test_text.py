"""Normalization and the features the index stores, in Chinese and English."""

from __future__ import annotations

import pytest

from knowledge.text import analyze, normalize, question_language, tokens


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("你們幾點開門？", "你们几点开门"),  # traditional → simplified, full-width punctuation dropped
        ("ＡＢＣ　１２３！", "abc 123"),  # full-width letters, digits and space → half width
        ("  What's   the PRICE?? ", "whats the price"),
        ("保養，多少錢。", "保养 多少钱"),
    ],
)
def test_normalize(raw: str, normalized: str) -> None:
    assert normalize(raw) == normalized


@pytest.mark.parametrize(
    ("text", "word"),
    [("我的车要做四轮定位", "四轮定位"), ("首保免费吗", "首保"), ("钣喷要几天", "钣喷"), ("有代步车吗", "代步车")],
)
def test_dealership_words_stay_whole(text: str, word: str) -> None:
    assert word in tokens(normalize(text))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("常规保养包括什么", "小保养"),
        ("车胎扎钉子了", "轮胎"),
        ("蓄电池多少钱", "电瓶"),
        ("Do you sell tyres?", "tire"),
    ],
)
def test_synonyms_fold_to_the_first_word_of_their_group(text: str, folded: str) -> None:
    assert folded in tokens(normalize(text))


def test_a_longer_synonym_is_not_cut_by_a_shorter_one() -> None:
    assert tokens(normalize("小保养多少钱"))[0] == "小保养"


def test_english_words_are_stemmed_so_forms_of_a_word_meet() -> None:
    assert tokens(normalize("charged charges charging")) == ["charg"] * 3


def test_features_hold_words_bigrams_and_character_ngrams() -> None:
    english = analyze("Brake pads")
    assert {"brake", "pad", "brake pad"} <= set(english.word_features)
    assert {" br", "bra", "ake "} <= set(english.char_features)
    chinese = analyze("换刹车片")
    assert {"刹", "刹车", "车片"} <= set(chinese.char_features)  # bigrams across jieba's cuts too


def test_content_words_leave_out_function_words() -> None:
    assert analyze("How do I get my tyres fixed?").content_words == ("tire", "fix")
    assert "吗" not in analyze("首保免费吗").content_words


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("首保免费吗", "zh-CN"),
        ("Is it free?", "en"),
        ("4000", "zh-CN"),
        ("4000 km?", "en"),
        ("Is 沪A12345 booked?", "en"),
        ("沪A12345 几点能取车", "zh-CN"),
    ],
)
def test_question_language(question: str, language: str) -> None:
    assert question_language(question, "zh-CN") == language
