"""From retrieval scores to a confidence: the evidence a best entry has, and a model that weighs it.

A raw similarity is a poor confidence: a short question scores high against a
short phrasing of the wrong entry, and a question about something the base
does not cover still has a nearest entry. So the confidence is the
probability, learned on labelled questions, that the best entry is right,
given evidence that is comparable across knowledge bases and languages: the
margins to the next entries, whether the phrasing-level and entry-level views
and the best phrasings agree, how much of the question the entry's words
cover, whether the question's words point to this entry or to another, and
how the question reads against the entry's best phrasing. The model is a
logistic regression on these and their pairwise products (a poly-2 expansion;
it beat the plain linear model by 4 points of directly answered questions on
BANKING77 validation folds). It needs thousands of labelled questions (the
shipped one was fitted on BANKING77's training split, see bench/README.md);
with fewer, :class:`Recalibrated` keeps a full model's ranking and refits only
its slope and offset (Platt scaling), two numbers a few hundred questions do
pin down.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from knowledge.index import FloatArray
from knowledge.retrieval import LanguageIndex, Scores
from knowledge.text import Analysis

FEATURES = (
    "top",
    "margin2",
    "margin3",
    "ratio2",
    "vote",
    "best_phrasing",
    "first_is_top",
    "phrasing_agrees",
    "entry_agrees",
    "by_entry",
    "by_phrasing",
    "coverage",
    "coverage_gap",
    "unknown_words",
    "length",
    "fuzzy",
    "distinctive",
    "competing",
    "second",
    "second_agrees",
)


def evidence(analysis: Analysis, scores: Scores, index: LanguageIndex, second: dict[int, float]) -> FloatArray:
    """The feature vector (in :data:`FEATURES` order) for the best entry of ``scores``."""
    out = np.zeros(len(FEATURES))
    if not len(scores.entries):
        out[FEATURES.index("length")] = math.log1p(len(analysis.content_words))
        out[FEATURES.index("unknown_words")] = 1.0
        return out
    fused = scores.fused
    first = int(scores.entries[0])
    second_entry = int(scores.entries[1]) if len(scores.entries) > 1 else -1
    top = float(fused[0])
    s2 = float(fused[1]) if len(fused) > 1 else 0.0
    s3 = float(fused[2]) if len(fused) > 2 else 0.0
    phrasings = scores.top_phrasings
    content = [w for w in dict.fromkeys(analysis.content_words)]
    frequencies, idfs = index.word_statistics(content)
    weights = dict(zip(content, idfs.tolist(), strict=True))
    total = sum(weights.values()) or 1.0
    coverage = sum(weights[w] for w in content if index.words[first][w]) / total
    coverage2 = sum(weights[w] for w in content if index.words[second_entry][w]) / total if second_entry >= 0 else 0.0
    own, other = index.shares(content, first, frequencies)
    certainty = np.minimum(frequencies, 5) / 5
    distinctive = float((own * certainty).max(initial=0.0))
    competing = float((other * certainty).max(initial=0.0))
    query = " ".join(analysis.words)
    best_fuzzy = process.extractOne(query, index.texts[first], scorer=fuzz.token_sort_ratio)
    values = {
        "top": top,
        "margin2": top - s2,
        "margin3": top - s3,
        "ratio2": s2 / top if top > 0 else 1.0,
        # Of the best ten phrasings, the share that are the entry's, out of as many as it has (up to
        # ten): an entry staff just learned, with one wording, can carry full evidence.
        "vote": sum(1 for e, _, _ in phrasings if e == first) / min(10, max(1, len(index.texts[first]))),
        "best_phrasing": phrasings[0][2] if phrasings else 0.0,
        "first_is_top": float(bool(phrasings) and phrasings[0][0] == first),
        "phrasing_agrees": float(int(scores.entries[int(np.argmax(scores.by_phrasing))]) == first),
        "entry_agrees": float(int(scores.entries[int(np.argmax(scores.by_entry))]) == first),
        "by_entry": float(scores.by_entry[0]),
        "by_phrasing": float(scores.by_phrasing[0]),
        "coverage": coverage,
        "coverage_gap": coverage - coverage2,
        "unknown_words": float((frequencies == 0).sum()) / max(1, len(content)),
        "length": math.log1p(len(content)),
        "fuzzy": (best_fuzzy[1] / 100.0) if best_fuzzy else 0.0,
        "distinctive": distinctive,
        "competing": competing,
        "second": second.get(first, 0.0),
        "second_agrees": float(bool(second) and max(second, key=second.__getitem__) == first),
    }
    return np.array([values[name] for name in FEATURES])


DEFAULT_MODEL = Path(__file__).with_name("calibration.json")


def _expand(z: FloatArray) -> FloatArray:
    """1, the features, and every product of two of them (squares included)."""
    upper = np.triu_indices(z.shape[-1])
    pairs = (z[..., :, None] * z[..., None, :])[..., upper[0], upper[1]]
    ones = np.ones((*z.shape[:-1], 1))
    return np.concatenate([ones, z, pairs], axis=-1)


def _sigmoid(logit: FloatArray) -> FloatArray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logit, -30.0, 30.0))))


def _logistic(design: FloatArray, right: npt.NDArray[np.bool_], penalty: FloatArray) -> FloatArray:
    """Maximum-likelihood weights of a logistic regression with an L2 penalty per weight (Newton's method)."""
    target = right.astype(np.float64)
    weights = np.zeros(design.shape[1])
    for _ in range(50):
        p = _sigmoid(design @ weights)
        gradient = design.T @ (p - target) + penalty * weights
        hessian = (design * (p * (1.0 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if float(np.abs(step).max()) < 1e-6:
            break
    return weights


@dataclass(frozen=True)
class Calibrator:
    """A fitted poly-2 logistic model: standardize, expand, weigh, squash."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]

    def probability(self, x: FloatArray) -> FloatArray:
        """P(the event) for one feature vector or a matrix of them."""
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        return _sigmoid(_expand(np.clip(z, -8.0, 8.0)) @ np.asarray(self.weights))

    @classmethod
    def fit(cls, x: FloatArray, right: npt.NDArray[np.bool_], l2: float = 3.0) -> Calibrator:
        """Weights with an L2 penalty on all but the bias."""
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        scale[scale < 1e-9] = 1.0
        design = _expand(np.clip((x - mean) / scale, -8.0, 8.0))
        penalty = np.full(design.shape[1], l2)
        penalty[0] = 0.0
        weights = _logistic(design, right, penalty)
        return cls(tuple(mean.tolist()), tuple(scale.tolist()), tuple(weights.tolist()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "poly2",
            "features": list(FEATURES),
            "mean": self.mean,
            "scale": self.scale,
            "weights": self.weights,
        }


@dataclass(frozen=True)
class Recalibrated:
    """A full model's logit, rescaled: ``sigmoid(slope · logit(base) + offset)``."""

    base: Calibrator
    slope: float
    offset: float

    @property
    def mean(self) -> tuple[float, ...]:
        """The base model's standardization: what the features looked like where it was fitted."""
        return self.base.mean

    @property
    def scale(self) -> tuple[float, ...]:
        return self.base.scale

    def probability(self, x: FloatArray) -> FloatArray:
        p = np.clip(self.base.probability(x), 1e-12, 1 - 1e-12)
        return _sigmoid(self.slope * (np.log(p) - np.log1p(-p)) + self.offset)

    @classmethod
    def fit(cls, base: Calibrator, x: FloatArray, right: npt.NDArray[np.bool_]) -> Recalibrated:
        p = np.clip(base.probability(x), 1e-12, 1 - 1e-12)
        design = np.column_stack([np.log(p) - np.log1p(-p), np.ones(len(p))])
        slope, offset = _logistic(design, right, np.array([0.01, 0.0]))
        return cls(base, float(slope), float(offset))

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "platt", "base": self.base.to_dict(), "slope": self.slope, "offset": self.offset}


Model = Calibrator | Recalibrated


def base_of(model: Model) -> Calibrator:
    return model.base if isinstance(model, Recalibrated) else model


def _model(doc: dict[str, Any]) -> Model:
    """A stored model; one made for other features is refused (its weights would mean nothing)."""
    if doc.get("kind") == "platt":
        return Recalibrated(Calibrator(*_poly2(doc["base"])), float(doc["slope"]), float(doc["offset"]))
    return Calibrator(*_poly2(doc))


def _poly2(doc: dict[str, Any]) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    if tuple(doc["features"]) != FEATURES:
        raise ValueError("the stored calibration was made for other features; run `dealerbot kb tune` again")
    return tuple(doc["mean"]), tuple(doc["scale"]), tuple(doc["weights"])


@dataclass(frozen=True)
class Calibration:
    """Two models on the same evidence: is the best entry right, and is the right one among the first three."""

    answer: Model
    choices: Model

    def to_json(self) -> str:
        return json.dumps({"answer": self.answer.to_dict(), "choices": self.choices.to_dict()})

    @classmethod
    def from_json(cls, text: str) -> Calibration:
        doc = json.loads(text)
        return cls(_model(doc["answer"]), _model(doc["choices"]))


def default_calibration() -> Calibration:
    """The calibration shipped with dealerbot, fitted on BANKING77's training split (see bench/README.md)."""
    return Calibration.from_json(DEFAULT_MODEL.read_text(encoding="utf-8"))
