"""Import and export of knowledge entries as YAML or CSV, and the sample base a new install starts with."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.safe_yaml import UnsafeYamlError, load_file
from storage import knowledge_base as kb

SAMPLES = Path(__file__).with_name("samples") / "faq.yaml"
FIELDS = ("key", "language", "category", "question", "answer", "phrasings")
# What a button under an answer can start (the handlers' actions): book, the customer's bookings, a person, the hotline.
ACTIONS = ("book", "my_bookings", "person", "hotline")


class KnowledgeFileError(ValueError):
    """A knowledge file that cannot be imported; the message names the entry and the field."""


def parse_entries(documents: Any) -> list[kb.EntryDraft]:
    """Validate a loaded YAML document (a list of entries) into drafts."""
    if not isinstance(documents, list):
        raise KnowledgeFileError("a knowledge file is a list of entries")
    drafts: list[kb.EntryDraft] = []
    seen: set[tuple[str, str]] = set()
    for number, doc in enumerate(documents, start=1):
        if not isinstance(doc, dict):
            raise KnowledgeFileError(f"entry {number}: not a mapping")
        missing = [name for name in ("key", "language", "question", "answer") if not doc.get(name)]
        if missing:
            raise KnowledgeFileError(f"entry {number}: missing {', '.join(missing)}")
        phrasings = doc.get("phrasings") or []
        if not isinstance(phrasings, list) or not all(isinstance(p, str) and p.strip() for p in phrasings):
            raise KnowledgeFileError(f"entry {number}: phrasings must be a list of texts")
        actions = doc.get("actions") or []
        if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
            raise KnowledgeFileError(f"entry {number}: actions must be a list of names")
        unknown = [name for name in actions if name not in ACTIONS]
        if unknown:
            raise KnowledgeFileError(f"entry {number}: unknown action {unknown[0]!r}; use {', '.join(ACTIONS)}")
        identity = (str(doc["key"]), str(doc["language"]))
        if identity in seen:
            raise KnowledgeFileError(f"entry {number}: {identity[0]} ({identity[1]}) appears twice")
        seen.add(identity)
        drafts.append(
            kb.EntryDraft(
                key=identity[0],
                language=identity[1],
                category=str(doc.get("category") or "general"),
                question=str(doc["question"]),
                answer=str(doc["answer"]),
                phrasings=tuple(phrasings),
                active=bool(doc.get("active", True)),
                actions=tuple(actions),
            )
        )
    return drafts


def read_yaml(path: Path) -> list[kb.EntryDraft]:
    """Entries from a YAML file in the export format."""
    try:
        document = load_file(path)
    except UnsafeYamlError as error:
        raise KnowledgeFileError(str(error)) from error
    return parse_entries(document)


def draft_of(entry: kb.KnowledgeEntry) -> kb.EntryDraft:
    """The exportable content of a stored entry."""
    return kb.EntryDraft(
        key=entry.key,
        language=entry.language,
        category=entry.category,
        question=entry.question,
        answer=entry.answer,
        phrasings=tuple(p.text for p in entry.phrasings),
        active=entry.active,
        actions=tuple(entry.actions.split()),
    )


def write_yaml(path: Path, drafts: list[kb.EntryDraft]) -> None:
    """Write entries in the format :func:`read_yaml` reads back unchanged."""
    documents = []
    for draft in drafts:
        doc: dict[str, Any] = {name: getattr(draft, name) for name in FIELDS}
        doc["phrasings"] = list(draft.phrasings)
        if draft.actions:
            doc["actions"] = list(draft.actions)
        if not draft.active:
            doc["active"] = False
        documents.append(doc)
    with path.open("w", encoding="utf-8") as handle:
        yaml.safe_dump(documents, handle, allow_unicode=True, sort_keys=False, width=100)


async def import_drafts(session: AsyncSession, drafts: list[kb.EntryDraft], *, author: str) -> int:
    """Create or update every entry; returns how many were written."""
    for draft in drafts:
        await kb.upsert_entry(session, draft, author=author)
    return len(drafts)


async def seed_samples_if_empty(session: AsyncSession) -> int:
    """Load the sample knowledge base into an empty database; 0 when entries already exist."""
    if await kb.count_entries(session):
        return 0
    return await import_drafts(session, read_yaml(SAMPLES), author="samples")


CSV_FIELDS = (*FIELDS, "active", "actions")


def write_csv(path: Path, drafts: list[kb.EntryDraft]) -> None:
    """One row per entry; phrasings one per line inside their cell, so a spreadsheet shows them stacked."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_FIELDS)
        for d in drafts:
            writer.writerow(
                (
                    *(d.key, d.language, d.category, d.question, d.answer, "\n".join(d.phrasings)),
                    *(str(d.active).lower(), " ".join(d.actions)),
                )
            )


def read_csv(path: Path) -> list[kb.EntryDraft]:
    """Entries from a CSV file in the format :func:`write_csv` writes."""
    try:
        return _read_csv(path)
    except UnicodeDecodeError as error:
        raise KnowledgeFileError(f"not UTF-8 text (byte {error.start})") from error


def _read_csv(path: Path) -> list[kb.EntryDraft]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in CSV_FIELDS[:5] if name not in (reader.fieldnames or ())]
        if missing:
            raise KnowledgeFileError(f"the header lacks {', '.join(missing)}")
        documents: list[dict[str, Any]] = []
        for row in reader:
            active = (row.get("active") or "true").strip().lower()
            if active not in ("true", "false"):
                raise KnowledgeFileError(f"entry {len(documents) + 1}: active must be true or false")
            documents.append(
                {
                    **{name: row.get(name) or "" for name in FIELDS[:5]},
                    "phrasings": [line for line in (row.get("phrasings") or "").split("\n") if line.strip()],
                    "active": active == "true",
                    "actions": (row.get("actions") or "").replace(",", " ").split(),
                }
            )
    return parse_entries(documents)


def read_file(path: Path) -> list[kb.EntryDraft]:
    """Entries from a ``.csv`` file, or a YAML file otherwise."""
    return read_csv(path) if path.suffix.lower() == ".csv" else read_yaml(path)


def write_file(path: Path, drafts: list[kb.EntryDraft]) -> None:
    """Write ``.csv`` or YAML by the file's suffix; :func:`read_file` reads either back unchanged."""
    if path.suffix.lower() == ".csv":
        write_csv(path, drafts)
    else:
        write_yaml(path, drafts)
