"""Curation figures: the unanswered questions, grouped so near-duplicates count as one need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from knowledge.text import analyze

SAME_NEED = 80  # token_set_ratio of the indexed words at or above which two questions are one need


@dataclass(frozen=True, slots=True)
class Asked:
    """One logged wording and how often it was asked."""

    language: str
    text: str
    count: int


@dataclass(slots=True)
class Need:
    """Wordings of one unanswered need; the first is the most asked."""

    language: str
    words: str
    wordings: list[Asked] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(asked.count for asked in self.wordings)


def group_near_duplicates(asked: Iterable[Asked]) -> list[Need]:
    """Greedy grouping, most asked first: a wording joins the first need in its language it is close to."""
    needs: list[Need] = []
    for item in sorted(asked, key=lambda a: -a.count):
        words = " ".join(analyze(item.text).words)
        home = next(
            (
                need
                for need in needs
                if need.language == item.language and fuzz.token_set_ratio(words, need.words) >= SAME_NEED
            ),
            None,
        )
        if home is None:
            home = Need(item.language, words)
            needs.append(home)
        home.wordings.append(item)
    return sorted(needs, key=lambda need: -need.count)
