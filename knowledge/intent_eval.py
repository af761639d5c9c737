"""How well intents are recognised: precision and recall per intent on labelled owner messages.

File: ``text,intent`` (``intent`` empty or ``none`` for a message that starts
no flow and is no small talk — it goes to the FAQ). Used by ``dealerbot kb
intents`` and by the test that holds the bars (precision ≥ 97%, recall ≥ 90%).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.intents import Intent, recognise

__all__ = ["IntentScore", "Labelled", "misses", "read_labelled", "report", "score"]

NONE = "none"


@dataclass(frozen=True, slots=True)
class Labelled:
    text: str
    intent: str  # an Intent's value, or "none"


@dataclass(frozen=True, slots=True)
class IntentScore:
    """One intent's counts: how many it was given, how many of those were right, how many it should have had."""

    intent: str
    predicted: int
    correct: int
    actual: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.actual if self.actual else None


def read_labelled(path: Path) -> list[Labelled]:
    """The labelled messages; an unknown intent label is an error naming its line."""
    known = {intent.value for intent in Intent} | {NONE}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = []
        for line, row in enumerate(csv.DictReader(handle), start=2):
            label = (row.get("intent") or "").strip() or NONE
            if label not in known:
                raise ValueError(f"{path}:{line}: unknown intent {label!r}")
            rows.append(Labelled(row["text"], label))
        return rows


def _predicted(text: str) -> str:
    intent = recognise(text)
    return intent.value if intent is not None else NONE


def score(labelled: Sequence[Labelled]) -> list[IntentScore]:
    """Precision and recall of every intent (not of "none"), in the order of :class:`Intent`."""
    pairs = [(item.intent, _predicted(item.text)) for item in labelled]
    return [
        IntentScore(
            intent.value,
            predicted=sum(1 for _, got in pairs if got == intent.value),
            correct=sum(1 for want, got in pairs if want == got == intent.value),
            actual=sum(1 for want, _ in pairs if want == intent.value),
        )
        for intent in Intent
    ]


def misses(labelled: Sequence[Labelled]) -> list[tuple[Labelled, str]]:
    """The messages recognised wrongly, with what was recognised, for the curator to look at."""
    return [(item, got) for item in labelled if (got := _predicted(item.text)) != item.intent]


def report(scores: Sequence[IntentScore]) -> str:
    """The per-intent table: precision and recall with their counts."""

    def rate(value: float | None, part: int, whole: int) -> str:
        return "—" if value is None else f"{value:.1%} ({part}/{whole})"

    lines = [f"{'intent':<12} {'precision':<18} recall"]
    for item in scores:
        precision = rate(item.precision, item.correct, item.predicted)
        lines.append(f"{item.intent:<12} {precision:<18} {rate(item.recall, item.correct, item.actual)}")
    return "\n".join(lines)
