"""Intents from owners' own words, held to the bars on the labelled set, and the service named in a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.intent_eval import read_labelled, score
from knowledge.intents import Intent, recognise, service_code

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
