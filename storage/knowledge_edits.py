"""Corrections staff make to live knowledge from the desk: a new answer, undoing it, moving a wording.

A wrong answer is fixed where it was noticed, in a solved ticket. Each change
keeps the text it replaced as a :class:`~storage.knowledge_base.KnowledgeRevision`
(so the old answer is one tap away) and bumps the knowledge version, so every
worker answers with the new text from its next question on.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.base import utcnow
from storage.knowledge_base import KnowledgeEntry, KnowledgeRevision, Phrasing, bump_version

__all__ = ["move_wording", "replace_answer", "restore_revision"]


def _keep(entry: KnowledgeEntry, author: str | None) -> KnowledgeRevision:
    return KnowledgeRevision(entry_id=entry.id, question=entry.question, answer=entry.answer, changed_by=author)


async def replace_answer(
    session: AsyncSession, entry_id: int, answer: str, *, author: str | None
) -> KnowledgeRevision | None:
    """Give the entry a new answer; returns the revision holding the old one (None if the entry is gone)."""
    entry = await session.get(KnowledgeEntry, entry_id)
    if entry is None:
        return None
    revision = _keep(entry, author)
    session.add(revision)
    entry.answer = answer
    entry.updated_at = utcnow()
    await session.flush()
    await bump_version(session)
    return revision


async def restore_revision(session: AsyncSession, revision_id: int, *, author: str | None) -> KnowledgeEntry | None:
    """Put a revision's question and answer back; the text it replaces is kept as a revision in turn."""
    revision = await session.get(KnowledgeRevision, revision_id)
    entry = await session.get(KnowledgeEntry, revision.entry_id) if revision is not None else None
    if revision is None or entry is None:
        return None
    session.add(_keep(entry, author))
    entry.question, entry.answer = revision.question, revision.answer
    entry.updated_at = utcnow()
    await session.flush()
    await bump_version(session)
    return entry


async def move_wording(
    session: AsyncSession,
    text: str,
    *,
    from_entry_id: int,
    to_entry_id: int,
    remove: Collection[int],
    author: str | None,
) -> None:
    """Teach ``to_entry_id`` the wording; drop the phrasings ``remove`` that taught it to ``from_entry_id``."""
    now = utcnow()
    if remove:
        await session.execute(delete(Phrasing).where(Phrasing.entry_id == from_entry_id, Phrasing.id.in_(remove)))
    session.add(Phrasing(entry_id=to_entry_id, text=text, author=author))
    touched = KnowledgeEntry.id.in_((from_entry_id, to_entry_id))
    await session.execute(update(KnowledgeEntry).where(touched).values(updated_at=now))
    await session.flush()
    await bump_version(session)
