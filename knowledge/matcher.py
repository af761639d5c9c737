"""Finds the knowledge entry a question asks for, with a calibrated confidence and a band.

Retrieval (:mod:`knowledge.retrieval`) ranks the entries of the question's
language; an optional second scorer (a sentence encoder, say) gives its own
per-entry similarity, fused with the lexical score before ranking; the
evidence of the best entry (:mod:`knowledge.calibration`) becomes the
probability that it is right, and two thresholds on that probability make the
band: answer, suggest the top three, or escalate to a person.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np

from knowledge.calibration import FEATURES, Calibration, default_calibration, evidence
from knowledge.index import FloatArray
from knowledge.retrieval import LanguageIndex
from knowledge.text import analyze


class Band(StrEnum):
    """What the bot should do with a match."""

    ANSWER = "answer"
    SUGGEST = "suggest"
    ESCALATE = "escalate"


@dataclass(frozen=True, slots=True)
class IndexedEntry:
    """What the matcher needs of an entry: its id, key, language and every wording."""

    entry_id: int
    key: str
    language: str
    texts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A ranked entry; ``score`` is its fused similarity to the question (comparable within one question)."""

    entry_id: int
    key: str
    score: float


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Ranked candidates (best first), the confidence that the best is right, and the band it falls in.

    ``choice_confidence`` is the probability that the right entry is among the
    first three: it decides between offering choices and a person.
    """

    normalized: str
    candidates: tuple[Candidate, ...]
    confidence: float
    band: Band
    choice_confidence: float = 0.0

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Confidence at or above ``answer`` answers; choice confidence at or above ``suggest`` offers choices."""

    answer: float = 0.90
    suggest: float = 0.30

    def band(self, confidence: float, choice_confidence: float) -> Band:
        if confidence >= self.answer:
            return Band.ANSWER
        if choice_confidence >= self.suggest:
            return Band.SUGGEST
        return Band.ESCALATE


class SecondScorer(Protocol):
    """Another view of similarity (e.g. sentence embeddings), fused with the lexical score.

    ``similarity`` gets the entry ids retrieval found for the question in that
    language and answers a similarity in [0, 1] for those it can judge; an
    empty answer (a language it does not speak) leaves the lexical score alone.
    """

    weight: float

    def similarity(self, question: str, language: str, entry_ids: Sequence[int]) -> dict[int, float]: ...

    def upsert(self, entry: IndexedEntry) -> None: ...

    def remove(self, entry_id: int) -> None: ...


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything :meth:`Matcher.match` decides on; ``features`` is what tuning learns from."""

    normalized: str
    candidates: tuple[Candidate, ...]
    features: FloatArray
    exact: bool = False  # the question is, once normalized, a wording of the best entry and of no other


class Matcher:
    """The in-memory matcher: one index per language, kept current entry by entry."""

    def __init__(
        self,
        entries: Iterable[IndexedEntry] = (),
        thresholds: Thresholds | None = None,
        calibration: Calibration | None = None,
        second: SecondScorer | None = None,
    ) -> None:
        self.thresholds = thresholds or Thresholds()
        self.calibration = calibration or default_calibration()
        self.second = second
        self._indexes: dict[str, LanguageIndex] = {}
        self._entries: dict[int, IndexedEntry] = {}
        # Building allocates millions of small objects the cyclic collector would scan again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            for entry in entries:
                self.upsert(entry)
            for index in self._indexes.values():
                index.ready()
        finally:
            if collecting:
                gc.enable()

    def __len__(self) -> int:
        return len(self._entries)

    def upsert(self, entry: IndexedEntry) -> None:
        """Add an entry or replace its wordings (also when its language changed)."""
        self.remove(entry.entry_id)
        self._entries[entry.entry_id] = entry
        index = self._indexes.get(entry.language)
        if index is None:
            index = self._indexes[entry.language] = LanguageIndex()
        index.upsert(entry.entry_id, entry.texts)
        if self.second is not None:
            self.second.upsert(entry)

    def remove(self, entry_id: int) -> None:
        old = self._entries.pop(entry_id, None)
        if old is not None:
            self._indexes[old.language].remove(entry_id)
            if self.second is not None:
                self.second.remove(entry_id)

    def entry(self, entry_id: int) -> IndexedEntry | None:
        return self._entries.get(entry_id)

    def evidence(self, question: str, language: str, limit: int = 5) -> Evidence:
        """Rank the entries of ``language`` and gather the evidence for the best one."""
        analysis = analyze(question)
        index = self._indexes.get(language)
        if index is None or not analysis.words:
            return Evidence(analysis.normalized, (), np.zeros(len(FEATURES)))
        scores = index.score(analysis)
        second: dict[int, float] = {}
        if self.second is not None and len(scores.entries):
            second = self.second.similarity(question, language, scores.entries.tolist())
            if second:
                weight = self.second.weight
                fused = (1 - weight) * scores.fused + weight * np.array(
                    [second.get(e, 0.0) for e in scores.entries.tolist()]
                )
                order = np.argsort(-fused, kind="stable")
                scores = type(scores)(
                    scores.entries[order],
                    fused[order],
                    scores.by_phrasing[order],
                    scores.by_entry[order],
                    scores.top_phrasings,
                )
        candidates = tuple(
            Candidate(entry_id, self._entries[entry_id].key, round(float(score), 4))
            for entry_id, score in zip(scores.entries[:limit].tolist(), scores.fused[:limit].tolist(), strict=True)
        )
        exact = bool(candidates) and index.exact(analysis) == candidates[0].entry_id
        return Evidence(analysis.normalized, candidates, evidence(analysis, scores, index, second), exact)

    def decide(self, found: Evidence) -> MatchResult:
        """The confidence and band for gathered evidence."""
        if not found.candidates:
            return MatchResult(found.normalized, (), 0.0, Band.ESCALATE)
        # A question worded exactly as staff recorded it needs no model to be sure.
        confidence = 1.0 if found.exact else float(self.calibration.answer.probability(found.features))
        choices = max(confidence, float(self.calibration.choices.probability(found.features)))
        band = self.thresholds.band(confidence, choices)
        return MatchResult(found.normalized, found.candidates, confidence, band, choices)

    def match(self, question: str, language: str, limit: int = 5) -> MatchResult:
        """The ranked entries of ``language`` for a question, the confidence in the best, and the band."""
        return self.decide(self.evidence(question, language, limit))

    def matched_words(self, question: str, entry_id: int) -> tuple[str, ...]:
        """The question's content words (as indexed: folded, stemmed) that the entry's wordings also use."""
        entry = self._entries.get(entry_id)
        if entry is None:
            return ()
        words = self._indexes[entry.language].words.get(entry_id)
        return tuple(w for w in dict.fromkeys(analyze(question).content_words) if words and words[w])
