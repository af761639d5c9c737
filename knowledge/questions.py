"""Labelled question files: phrasings ``key,text`` and questions ``text,expected``."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from knowledge.matcher import IndexedEntry
from knowledge.text import has_chinese


class QuestionFileError(ValueError):
    """A phrasings or questions file without the expected columns; the message names the file."""


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    expected: str  # the right key, or "" when the knowledge base does not hold the answer


def _rows(path: Path, columns: tuple[str, str]) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not set(columns) <= set(reader.fieldnames):
            raise QuestionFileError(f"{path}: needs the columns {','.join(columns)}")
        yield from reader


def read_phrasings(path: Path) -> list[IndexedEntry]:
    """Entries from a ``key,text`` file; a key's language is Chinese if any of its texts is."""
    texts: dict[str, list[str]] = {}
    for row in _rows(path, ("key", "text")):
        if row["key"].strip() and row["text"].strip():
            texts.setdefault(row["key"].strip(), []).append(row["text"])
    return [
        IndexedEntry(number, key, "zh-CN" if any(has_chinese(t) for t in wordings) else "en", tuple(wordings))
        for number, (key, wordings) in enumerate(texts.items(), start=1)
    ]


def read_questions(path: Path) -> list[Question]:
    """Labelled questions from a ``text,expected`` file."""
    return [
        Question(row["text"], (row["expected"] or "").strip())
        for row in _rows(path, ("text", "expected"))
        if row["text"].strip()
    ]
