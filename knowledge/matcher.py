"""Finds the knowledge entry a question asks for, with a confidence and a band."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from knowledge.text import normalize, tokens


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
    entry_id: int
    key: str
    score: float


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Ranked candidates (best first), the confidence of the best, and the band it falls in."""

    normalized: str
    candidates: tuple[Candidate, ...]
    confidence: float
    band: Band

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Confidence at or above ``answer`` answers; at or above ``suggest`` offers choices."""

    answer: float = 0.80
    suggest: float = 0.55


class Matcher:
    """Fuzzy matching of the question's words against every phrasing of every entry."""

    def __init__(self, entries: Iterable[IndexedEntry], thresholds: Thresholds | None = None) -> None:
        self.thresholds = thresholds or Thresholds()
        self._phrasings: list[tuple[IndexedEntry, str]] = [
            (entry, " ".join(tokens(normalize(text)))) for entry in entries for text in entry.texts
        ]

    def match(self, question: str, language: str, limit: int = 5) -> MatchResult:
        """Score every phrasing in ``language`` and keep each entry's best."""
        normalized = normalize(question)
        query = " ".join(tokens(normalized))
        best: dict[int, Candidate] = {}
        if query:
            for entry, phrasing in self._phrasings:
                if entry.language != language:
                    continue
                score = fuzz.token_set_ratio(query, phrasing) / 100.0
                if entry.entry_id not in best or score > best[entry.entry_id].score:
                    best[entry.entry_id] = Candidate(entry.entry_id, entry.key, score)
        ranked = tuple(sorted(best.values(), key=lambda c: -c.score)[:limit])
        confidence = ranked[0].score if ranked else 0.0
        if confidence >= self.thresholds.answer:
            band = Band.ANSWER
        elif confidence >= self.thresholds.suggest:
            band = Band.SUGGEST
        else:
            band = Band.ESCALATE
        return MatchResult(normalized, ranked, confidence, band)
