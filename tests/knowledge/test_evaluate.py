"""The figures of ``kb eval``, defined on hand-made outcomes, and tuning on labelled questions."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from knowledge.evaluate import Outcome, evaluate_files, metrics
from knowledge.matcher import Band, Candidate, IndexedEntry, Matcher, MatchResult
from knowledge.questions import Question
from knowledge.transfer import SAMPLES, read_yaml
from knowledge.tuning import TuningError, tune

DATA = Path(__file__).with_name("data")


def _outcome(expected: str, band: Band, *keys: str) -> Outcome:
    candidates = tuple(Candidate(n, key, 1.0 - n / 10) for n, key in enumerate(keys))
    return Outcome(Question("q", expected), MatchResult("q", candidates, 0.5, band), 0.001)


def test_figures_follow_their_definitions() -> None:
    figures = metrics(
        [
            _outcome("a", Band.ANSWER, "a", "b"),  # answered right
            _outcome("a", Band.ANSWER, "b", "a"),  # answered wrong
            _outcome("a", Band.SUGGEST, "b", "c", "a"),  # resolved by the choices
            _outcome("a", Band.SUGGEST, "b", "c", "d", "a"),  # right one not among the three shown
            _outcome("", Band.ANSWER, "a"),  # a false answer
            _outcome("", Band.ESCALATE, "b"),
        ]
    )
    assert (figures.questions, figures.in_kb) == (6, 4)
    assert figures.top1 == pytest.approx(1 / 4)
    assert figures.answer_precision == pytest.approx(1 / 3)
    assert figures.resolved == pytest.approx(2 / 4)
    assert figures.answered_right == pytest.approx(1 / 4)
    assert figures.false_answers == pytest.approx(1 / 2)
    assert figures.escalated == pytest.approx(1 / 6)


def _sample_files(tmp_path: Path, language: str) -> Path:
    path = tmp_path / f"phrasings-{language}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("key", "text"))
        for draft in read_yaml(SAMPLES):
            if draft.language == language:
                writer.writerows((draft.key, text) for text in (draft.question, *draft.phrasings))
    return path


def test_eval_builds_from_the_phrasings_file_alone(tmp_path: Path) -> None:
    figures, outcomes, tuning = evaluate_files(_sample_files(tmp_path, "en"), DATA / "en_questions.csv")
    assert tuning is None
    assert figures.questions == len(outcomes) == 128
    assert figures.top1 > 0.8
    assert all(o.result.candidates[0].score >= o.result.candidates[-1].score for o in outcomes if o.result.candidates)


def test_tuning_meets_its_precision_target_on_what_it_saw(tmp_path: Path) -> None:
    phrasings = _sample_files(tmp_path, "zh-CN")
    figures, _, tuning = evaluate_files(phrasings, DATA / "zh_questions.csv", tune_on=DATA / "zh_questions.csv")
    assert tuning is not None
    assert 0.0 < tuning.thresholds.suggest <= tuning.thresholds.answer
    assert figures.answer_precision is not None
    assert figures.answer_precision >= 0.95
    assert figures.false_answers <= 0.02


def test_tuning_refuses_too_few_questions() -> None:
    matcher = Matcher([IndexedEntry(1, "a", "en", ("hello there",))])
    with pytest.raises(TuningError, match="at least 10"):
        tune(matcher, [Question("hello", "a")] * 5)
