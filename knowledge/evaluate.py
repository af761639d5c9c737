"""The curator's regression test and the benchmark's engine: run labelled questions, count what happened.

Files: phrasings ``key,text`` (one wording a row, the answer is the key) and
questions ``text,expected`` (``expected`` empty when the question is not in the
knowledge base). The figures are defined once here, for ``dealerbot kb eval``
and ``bench/faq_accuracy.py`` alike.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.calibration import Calibration
from knowledge.matcher import Band, Matcher, MatchResult, SecondScorer, Thresholds
from knowledge.questions import Question, read_phrasings, read_questions
from knowledge.text import question_language
from knowledge.tuning import Tuning, tune


@dataclass(frozen=True, slots=True)
class Outcome:
    question: Question
    result: MatchResult
    seconds: float

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.result.candidates)


def run(matcher: Matcher, questions: Sequence[Question], fallback_language: str = "en") -> list[Outcome]:
    """Match every question, timing each."""
    outcomes = []
    for question in questions:
        started = time.perf_counter()
        result = matcher.match(question.text, question_language(question.text, fallback_language))
        outcomes.append(Outcome(question, result, time.perf_counter() - started))
    return outcomes


@dataclass(frozen=True, slots=True)
class Metrics:
    questions: int
    in_kb: int
    top1: float
    answer_precision: float | None  # None when nothing was answered
    resolved: float
    answered_right: float
    false_answers: float
    escalated: float
    p50_ms: float
    p99_ms: float

    def rows(self) -> list[tuple[str, str]]:
        """Name and value of every figure, as printed."""
        return [
            ("questions (in the knowledge base)", f"{self.questions} ({self.in_kb})"),
            ("top-1 accuracy, in-KB questions", f"{self.top1:.1%}"),
            (
                "answer precision",
                "none answered" if self.answer_precision is None else f"{self.answer_precision:.1%}",
            ),
            ("resolved rate", f"{self.resolved:.1%}"),
            ("answered right (direct, correct)", f"{self.answered_right:.1%}"),
            ("false answers on not-in-KB questions", f"{self.false_answers:.1%}"),
            ("escalation rate", f"{self.escalated:.1%}"),
            ("latency p50 / p99", f"{self.p50_ms:.2f} ms / {self.p99_ms:.2f} ms"),
        ]

    def report(self) -> str:
        width = max(len(name) for name, _ in self.rows())
        return "\n".join(f"{name:<{width}}  {value}" for name, value in self.rows())


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def metrics(outcomes: Sequence[Outcome]) -> Metrics:
    """The figures of ``kb eval`` (see the README's definitions)."""
    in_kb = [o for o in outcomes if o.question.expected]
    outside = [o for o in outcomes if not o.question.expected]
    answered = [o for o in outcomes if o.result.band is Band.ANSWER]

    def right(o: Outcome) -> bool:
        return bool(o.question.expected) and o.keys[:1] == (o.question.expected,)

    resolved = [
        o
        for o in in_kb
        if (o.result.band is Band.ANSWER and right(o))
        or (o.result.band is Band.SUGGEST and o.question.expected in o.keys[:3])
    ]
    latencies = np.array([o.seconds for o in outcomes]) * 1000 if outcomes else np.zeros(1)
    return Metrics(
        questions=len(outcomes),
        in_kb=len(in_kb),
        top1=_share(sum(right(o) for o in in_kb), len(in_kb)),
        answer_precision=_share(sum(right(o) for o in answered), len(answered)) if answered else None,
        resolved=_share(len(resolved), len(in_kb)),
        answered_right=_share(sum(right(o) for o in answered), len(in_kb)),
        false_answers=_share(sum(o.result.band is Band.ANSWER for o in outside), len(outside)),
        escalated=_share(sum(o.result.band is Band.ESCALATE for o in outcomes), len(outcomes)),
        p50_ms=float(np.percentile(latencies, 50)),
        p99_ms=float(np.percentile(latencies, 99)),
    )


def write_jsonl(path: Path, outcomes: Sequence[Outcome]) -> None:
    """One line per question: text, expected, band and the candidates best first."""
    with path.open("w", encoding="utf-8") as handle:
        for o in outcomes:
            line = {
                "text": o.question.text,
                "expected": o.question.expected,
                "band": str(o.result.band),
                "candidates": [{"key": c.key, "score": c.score} for c in o.result.candidates],
            }
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")


def evaluate_files(
    phrasings: Path,
    questions: Path,
    *,
    tune_on: Path | None = None,
    calibration: Calibration | None = None,
    thresholds: Thresholds | None = None,
    second: SecondScorer | None = None,
) -> tuple[Metrics, list[Outcome], Tuning | None]:
    """``kb eval``: build a matcher from ``phrasings`` alone, tune it first if asked, run ``questions``.

    ``second`` is the semantic stage, if on; without a ``calibration`` it
    starts from the confidence model shipped for that stage.
    """
    if second is not None and calibration is None:
        from knowledge.semantic import default_semantic_calibration

        calibration = default_semantic_calibration()
    matcher = Matcher(read_phrasings(phrasings), thresholds, calibration, second)
    tuning = None
    if tune_on is not None:
        tuning = tune(matcher, read_questions(tune_on))
        matcher.calibration, matcher.thresholds = tuning.calibration, tuning.thresholds
    outcomes = run(matcher, read_questions(questions))
    return metrics(outcomes), outcomes, tuning
