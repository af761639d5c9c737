"""Fit the confidence model and pick both thresholds on labelled validation questions.

The thresholds are chosen on out-of-fold confidences (5-fold cross-fitting),
so they are set on predictions the model did not see while fitting, as it
will be on customers' questions; the model is then fitted on all of them.
From 2,000 questions on, the full model is fitted; with fewer, only the
slope and offset of the current one (Platt scaling), which a few hundred
questions do determine.

- answer: the lowest threshold at which, of the questions it would answer,
  at least ``precision`` get the right entry and at most ``max_false`` of the
  questions outside the knowledge base get an answer at all;
- suggest: below that, a threshold on the second model's confidence (that the
  right entry is among the first three) at the least cost, where handing a
  question to a person that three choices would have served costs 1 (a
  colleague's time, the customer's wait) and offering three choices none of
  which is right costs ``CHOICES_COST`` = 0.5 (one more tap: the choices always
  include "talk to a person").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np
import numpy.typing as npt

from knowledge.calibration import Calibration, Calibrator, Model, Recalibrated, base_of
from knowledge.index import FloatArray
from knowledge.matcher import Matcher, Thresholds
from knowledge.questions import Question
from knowledge.text import question_language

FOLDS = 5
TARGET_PRECISION = 0.96
MAX_FALSE_ANSWERS = 0.02
NEVER = 1.01
CHOICES_COST = 0.5
FULL_MODEL_QUESTIONS = 2000  # below this, only the slope and offset of the current model are refitted


class TuningError(ValueError):
    """Too few labelled questions to learn from; the message says what is missing."""


@dataclass(frozen=True, slots=True)
class Tuning:
    calibration: Calibration
    thresholds: Thresholds
    questions: int

    def report(self) -> str:
        return (
            f"tuned on {self.questions} questions: answer at confidence ≥ {self.thresholds.answer:.3f}, "
            f"suggest at ≥ {self.thresholds.suggest:.3f}"
        )


@dataclass(frozen=True, slots=True)
class Labelled:
    """What tuning learns from: each question's evidence and what happened to its best entries."""

    features: FloatArray
    right: npt.NDArray[np.bool_]  # the best entry is the expected one
    in_top3: npt.NDArray[np.bool_]
    in_kb: npt.NDArray[np.bool_]


def label(matcher: Matcher, questions: Sequence[Question], fallback_language: str = "en") -> Labelled:
    """Gather the evidence of every question against ``matcher``."""
    rows, right, top3 = [], [], []
    for question in questions:
        found = matcher.evidence(question.text, question_language(question.text, fallback_language))
        keys = [c.key for c in found.candidates]
        rows.append(found.features)
        right.append(bool(question.expected) and keys[:1] == [question.expected])
        top3.append(bool(question.expected) and question.expected in keys[:3])
    return Labelled(
        np.array(rows).reshape(len(rows), -1),
        np.array(right, dtype=bool),
        np.array(top3, dtype=bool),
        np.array([bool(q.expected) for q in questions], dtype=bool),
    )


Fit = Callable[[FloatArray, npt.NDArray[np.bool_]], Model]


def out_of_fold(features: FloatArray, target: npt.NDArray[np.bool_], fit: Fit = Calibrator.fit) -> FloatArray:
    """Each question's confidence from a model fitted on the other folds."""
    order = np.random.default_rng(0).permutation(len(target))
    confidence = np.zeros(len(order))
    for fold in np.array_split(order, FOLDS):
        rest = np.setdiff1d(order, fold)
        confidence[fold] = fit(features[rest], target[rest]).probability(features[fold])
    return confidence


def answer_threshold(confidence: FloatArray, data: Labelled, precision: float, max_false: float) -> float:
    """The lowest confidence at which the answered questions still meet both targets."""
    order = np.argsort(-confidence, kind="stable")
    answered = np.arange(1, len(order) + 1)
    right = np.cumsum(data.right[order])
    false = np.cumsum(~data.in_kb[order])
    outside = max(1, int((~data.in_kb).sum()))
    ok = (right / answered >= precision) & (false / outside <= max_false)
    # Only a cut between two distinct confidences can be a threshold.
    distinct = np.append(confidence[order][1:] < confidence[order][:-1], True)
    good = np.flatnonzero(ok & distinct)
    return float(confidence[order][good[-1]]) if len(good) else NEVER


def suggest_threshold(confidence: FloatArray, choices: FloatArray, data: Labelled, answer: float) -> float:
    """Below ``answer``: the cut on the choice confidence with the least cost (see the module's docstring)."""
    below = confidence < answer
    served = below & data.in_top3
    best, best_cost = NEVER, float("inf")
    for cut in np.unique(np.append(choices[below], NEVER)):
        offered = below & (choices >= cut)
        cost = float((served & ~offered).sum()) + CHOICES_COST * float((offered & ~data.in_top3).sum())
        if cost < best_cost:
            best, best_cost = float(cut), cost
    return best


def tune(
    matcher: Matcher,
    questions: Sequence[Question],
    *,
    precision: float = TARGET_PRECISION,
    max_false: float = MAX_FALSE_ANSWERS,
    fallback_language: str = "en",
) -> Tuning:
    """Fit the model and thresholds on ``questions``; the matcher is left as it was."""
    data = label(matcher, questions, fallback_language)
    if data.right.sum() < 2 * FOLDS or (~data.right).sum() < 2 * FOLDS:
        raise TuningError("tuning needs at least 10 questions whose best match is right and 10 whose is not")
    if len(questions) >= FULL_MODEL_QUESTIONS:
        fit_answer: Fit = Calibrator.fit
        fit_choices: Fit = Calibrator.fit
    else:
        fit_answer = partial(Recalibrated.fit, base_of(matcher.calibration.answer))
        fit_choices = partial(Recalibrated.fit, base_of(matcher.calibration.choices))
    confidence = out_of_fold(data.features, data.right, fit_answer)
    choices = np.maximum(confidence, out_of_fold(data.features, data.in_top3, fit_choices))
    answer = answer_threshold(confidence, data, precision, max_false)
    suggest = suggest_threshold(confidence, choices, data, answer)
    calibration = Calibration(fit_answer(data.features, data.right), fit_choices(data.features, data.in_top3))
    return Tuning(calibration, Thresholds(answer, suggest), len(questions))
