"""Intents from owners' own words, held to the bars on the labelled set, and the service named in a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.intent_eval import read_labelled, score
from knowledge.intents import Intent, explicit, recognise, service_code, stops

LABELLED = Path(__file__).parent / "data" / "intents.csv"
MIN_PRECISION = 0.97
MIN_RECALL = 0.90


def test_the_labelled_set_is_large_and_in_both_languages() -> None:
    labelled = read_labelled(LABELLED)
    chinese = [item for item in labelled if any("\u4e00" <= ch <= "\u9fff" for ch in item.text.replace("沪", ""))]
    assert len(labelled) >= 400
    assert 0.4 <= len(chinese) / len(labelled) <= 0.6
    assert sum(1 for item in labelled if item.intent == "none") >= 80


@pytest.mark.parametrize("intent", list(Intent))
def test_each_intent_meets_its_precision_and_recall_bars(intent: Intent) -> None:
    (figures,) = [item for item in score(read_labelled(LABELLED)) if item.intent == intent.value]
    assert figures.actual > 0
    assert figures.precision is not None, figures
    assert figures.precision >= MIN_PRECISION, figures
    assert figures.recall is not None, figures
    assert figures.recall >= MIN_RECALL, figures


@pytest.mark.parametrize(
    ("text", "code"),
    [("换机油", "minor"), ("想做个四轮定位", "alignment"), ("首保", "first_service"), ("I need new tyres", "tyres")],
)
def test_colloquial_service_names_map_to_the_catalogue(text: str, code: str) -> None:
    assert service_code(text) == code


def test_a_question_about_booking_is_left_to_the_faq() -> None:
    assert recognise("预约要提前多久？") is None
    assert recognise("明天下午3点做小保养") is Intent.BOOK


@pytest.mark.parametrize("text", ["算了", "算了不约了", "不用了", "取消", "never mind, cancel", "Forget it", "cancel"])
def test_stop_words_alone_stop(text: str) -> None:
    assert stops(text)


@pytest.mark.parametrize("text", ["取消的原因是出差", "好吧", "不用带行驶证吧？", "cancellation fee", "卡罗拉"])
def test_a_sentence_that_merely_contains_a_stop_word_does_not_stop(text: str) -> None:
    assert not stops(text)


def test_only_menu_labels_and_plain_requests_for_a_person_are_explicit() -> None:
    assert [explicit(text) for text in ("人工客服", "A person", "转人工", "我的预约", "我要投诉", "人工太贵了")] == [
        Intent.PERSON,
        Intent.PERSON,
        Intent.PERSON,
        Intent.MY_BOOKINGS,
        None,
        None,
    ]
