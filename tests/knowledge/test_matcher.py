"""The matcher on the sample knowledge base: bands on hand-made cases, a second scorer, the team's test sets."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from knowledge.evaluate import metrics, run
from knowledge.matcher import Band, IndexedEntry, Matcher
from knowledge.questions import read_questions
from knowledge.text import normalize, question_language
from knowledge.transfer import SAMPLES, read_yaml

DATA = Path(__file__).with_name("data")


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    drafts = read_yaml(SAMPLES)
    return Matcher(IndexedEntry(n, d.key, d.language, (d.question, *d.phrasings)) for n, d in enumerate(drafts, 1))


@pytest.mark.parametrize(
    ("question", "language", "key"),
    [
        ("你们几点开门？", "zh-CN", "opening-hours"),  # a stored wording
        ("What are your opening hours?", "en", "opening-hours"),
        ("小保养多少钱", "zh-CN", "minor-service-price"),
        ("how much for new tyres", "en", "tyre-replacement"),
    ],
)
def test_clear_questions_are_answered(matcher: Matcher, question: str, language: str, key: str) -> None:
    result = matcher.match(question, language)
    assert result.band is Band.ANSWER
    assert result.best is not None
    assert result.best.key == key


def test_a_question_between_entries_gets_choices_with_the_right_one_first(matcher: Matcher) -> None:
    result = matcher.match("What time do you open on Saturday?", "en")
    assert result.band is Band.SUGGEST
    assert [c.key for c in result.candidates[:3]] == ["weekend-hours", "opening-hours", "holiday-hours"]


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("今天天气怎么样", "zh-CN"),
        ("我想买一只猫", "zh-CN"),
        ("qwxz vbnm plokij", "en"),
        ("Who won the football?", "en"),
    ],
)
def test_questions_outside_the_base_go_to_a_person(matcher: Matcher, question: str, language: str) -> None:
    assert matcher.match(question, language).band is Band.ESCALATE


def test_only_entries_of_the_question_language_are_candidates(matcher: Matcher) -> None:
    result = matcher.match("首保免费吗", "zh-CN")
    entries = [matcher.entry(c.entry_id) for c in result.candidates]
    assert entries
    assert all(e is not None and e.language == "zh-CN" for e in entries)


def test_confidence_is_a_probability(matcher: Matcher) -> None:
    for question in ("保养", "换刹车片多少钱", "tyres", "Can I pay by credit card?"):
        result = matcher.match(question, question_language(question, "zh-CN"))
        assert 0.0 <= result.confidence <= 1.0
        assert 0.0 <= result.choice_confidence <= 1.0


class Boost:
    """A second scorer that is sure of one entry."""

    weight = 0.5

    def __init__(self, entry_id: int) -> None:
        self.entry_id = entry_id
        self.seen: list[int] = []

    def similarity(self, question: str, language: str, entry_ids: Sequence[int]) -> dict[int, float]:
        return {e: (1.0 if e == self.entry_id else 0.0) for e in entry_ids}

    def upsert(self, entry: IndexedEntry) -> None:
        self.seen.append(entry.entry_id)

    def remove(self, entry_id: int) -> None:
        self.seen.remove(entry_id)


def test_a_second_scorer_is_fused_before_ranking() -> None:
    entries = [
        IndexedEntry(1, "tow", "en", ("Can you tow my car?", "I need a tow truck")),
        IndexedEntry(2, "rescue", "en", ("Roadside rescue hotline", "My car broke down on the road")),
    ]
    lexical = Matcher(entries).match("my car broke down, can you tow it", "en")
    boost = Boost(entry_id=2 if lexical.candidates[0].entry_id == 1 else 1)
    fused = Matcher(entries, second=boost).match("my car broke down, can you tow it", "en")
    assert fused.candidates[0].entry_id == boost.entry_id
    assert boost.seen == [1, 2]


@pytest.mark.parametrize(("name", "floor"), [("zh_questions.csv", 0.90), ("en_questions.csv", 0.85)])
def test_team_question_sets(matcher: Matcher, name: str, floor: float) -> None:
    questions = read_questions(DATA / name)
    stored = {normalize(text) for d in read_yaml(SAMPLES) for text in (d.question, *d.phrasings)}
    assert not [q.text for q in questions if normalize(q.text) in stored], "a test question is a stored phrasing"
    figures = metrics(run(matcher, questions))
    assert figures.top1 >= floor
    assert figures.false_answers == 0.0
    assert figures.answer_precision is not None
    assert figures.answer_precision >= 0.95
