"""Knowledge files: the samples load, and export then import gives back the same file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from knowledge.transfer import (
    SAMPLES,
    KnowledgeFileError,
    draft_of,
    import_drafts,
    read_file,
    read_yaml,
    write_file,
    write_yaml,
)
from storage import knowledge_base as kb


def test_every_sample_entry_has_both_languages_and_three_phrasings() -> None:
    drafts = read_yaml(SAMPLES)
    keys = {d.key for d in drafts}
    for key in keys:
        assert {d.language for d in drafts if d.key == key} == {"zh-CN", "en"}, key
    assert all(len(d.phrasings) >= 3 for d in drafts)


async def test_export_then_import_round_trips_exactly(runtime, tmp_path: Path) -> None:
    first = tmp_path / "first.yaml"
    async with runtime.sessions() as session:
        write_yaml(first, [draft_of(e) for e in await kb.all_entries(session, active_only=False)])
    async with runtime.sessions() as session, session.begin():
        await import_drafts(session, read_yaml(first), author="test")
    second = tmp_path / "second.yaml"
    async with runtime.sessions() as session:
        write_yaml(second, [draft_of(e) for e in await kb.all_entries(session, active_only=False)])
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    assert read_yaml(second) == read_yaml(first)


async def test_a_changed_answer_keeps_its_history(runtime) -> None:
    draft = kb.EntryDraft("tow", "en", "roadside", "Can you tow my car?", "Yes.", ("tow truck please",))
    async with runtime.sessions() as session, session.begin():
        first = await kb.upsert_entry(session, draft, author="alice")
        version = await kb.current_version(session)
    updated = kb.EntryDraft(draft.key, draft.language, draft.category, draft.question, "Call 400-820-1999.", ("tow",))
    async with runtime.sessions() as session, session.begin():
        second = await kb.upsert_entry(session, updated, author="bob")
        assert second.id == first.id
        assert await kb.current_version(session) == version + 1
    async with runtime.sessions() as session:
        entry = await kb.get_entry(session, first.id)
        assert entry is not None
        assert entry.answer == "Call 400-820-1999."
        assert [p.text for p in entry.phrasings] == ["tow"]
        revisions = list(await session.scalars(select(kb.KnowledgeRevision)))
        assert [(r.answer, r.changed_by) for r in revisions] == [("Yes.", "bob")]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"key": "a"}, "entry 1: missing language, question, answer"),
        ([{"key": "a", "language": "en", "question": "q", "answer": "a", "phrasings": "one"}], "phrasings"),
        ([{"key": "a", "language": "en", "question": "q", "answer": "a"} for _ in range(2)], "appears twice"),
        (
            [{"key": "a", "language": "en", "question": "q", "answer": "a", "actions": ["fly"]}],
            "entry 1: unknown action",
        ),
    ],
)
def test_bad_files_are_refused_with_the_entry_named(tmp_path: Path, document: object, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(document if isinstance(document, list) else [document]), encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match=message):
        read_yaml(path)


async def test_csv_export_then_import_round_trips_exactly(runtime, tmp_path: Path) -> None:
    async with runtime.sessions() as session, session.begin():
        await kb.upsert_entry(
            session,
            kb.EntryDraft("quote", "en", "repair", 'Do you quote first, "always"?', "Yes,\nalways.", ("a, b", "c")),
            author="test",
        )
        await kb.upsert_entry(session, kb.EntryDraft("old", "zh-CN", "x", "旧问题", "旧答案", (), False), author="t")
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    async with runtime.sessions() as session:
        write_file(first, [draft_of(e) for e in await kb.all_entries(session, active_only=False)])
    async with runtime.sessions() as session, session.begin():
        await import_drafts(session, read_file(first), author="test")
    async with runtime.sessions() as session:
        write_file(second, [draft_of(e) for e in await kb.all_entries(session, active_only=False)])
    assert second.read_bytes() == first.read_bytes()
    drafts = {d.key: d for d in read_file(second)}
    assert drafts["quote"].answer == "Yes,\nalways."
    assert drafts["quote"].phrasings == ("a, b", "c")
    assert drafts["old"].active is False


def test_a_csv_without_the_needed_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("key,question\nx,y\n", encoding="utf-8")
    with pytest.raises(KnowledgeFileError, match="language, category"):
        read_file(path)


async def test_actions_on_entries_go_out_and_come_back_in_yaml_and_csv(runtime, tmp_path: Path) -> None:
    path = tmp_path / "in.yaml"
    entry = {
        "key": "how-book",
        "language": "en",
        "category": "booking",
        "question": "How do I book?",
        "answer": "Here.",
    }
    path.write_text(yaml.safe_dump([{**entry, "actions": ["book", "hotline"]}]), encoding="utf-8")
    async with runtime.sessions() as session, session.begin():
        await import_drafts(session, read_file(path), author="test")
    for name in ("out.yaml", "out.csv"):
        async with runtime.sessions() as session:
            write_file(tmp_path / name, [draft_of(e) for e in await kb.all_entries(session) if e.key == "how-book"])
        assert [d.actions for d in read_file(tmp_path / name)] == [("book", "hotline")]
    assert "actions:\n  - book\n  - hotline" in (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "book hotline" in (tmp_path / "out.csv").read_text(encoding="utf-8")
