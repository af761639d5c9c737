"""Knowledge entries, their phrasings and history, unanswered questions, and the index version.

An entry is one answer in one language; the Chinese and English versions of
the same answer share a ``key``. Every change bumps :class:`KnowledgeVersion`
so each worker's in-memory index knows it must refresh.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    case,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from storage.base import Base, BigIntPK, UtcDateTime, utcnow


class KnowledgeEntry(Base):
    """One answer staff recorded, with the counters curation needs."""

    __tablename__ = "knowledge_entry"
    __table_args__ = (UniqueConstraint("key", "language"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(40), default="general")
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    # Buttons under the answer that start a flow, space-separated names: "book", "my_bookings", "person", "hotline".
    actions: Mapped[str] = mapped_column(String(120), default="", server_default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    author: Mapped[str | None] = mapped_column(String(120))
    source_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    helpful: Mapped[int] = mapped_column(Integer, default=0)
    unhelpful: Mapped[int] = mapped_column(Integer, default=0)

    phrasings: Mapped[list[Phrasing]] = relationship(
        back_populates="entry", lazy="raise", cascade="all, delete-orphan", order_by="Phrasing.id"
    )


class Phrasing(Base):
    """Another way customers ask for the same entry."""

    __tablename__ = "phrasing"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("knowledge_entry.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    entry: Mapped[KnowledgeEntry] = relationship(back_populates="phrasings", lazy="raise")


class KnowledgeRevision(Base):
    """An entry's question and answer as they were before a change, and who changed it."""

    __tablename__ = "knowledge_revision"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("knowledge_entry.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str | None] = mapped_column(String(120))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class UnansweredQuery(Base):
    """A question the bot could not answer (or answered unhelpfully), counted for curation."""

    __tablename__ = "unanswered_query"
    __table_args__ = (UniqueConstraint("language", "normalized"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    language: Mapped[str] = mapped_column(String(8))
    normalized: Mapped[str] = mapped_column(String(512))
    text: Mapped[str] = mapped_column(Text)
    count: Mapped[int] = mapped_column(Integer, default=1)
    last_seen: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("knowledge_entry.id", ondelete="SET NULL"))


class KnowledgeVersion(Base):
    """A single-row counter bumped by every knowledge change, read by every worker."""

    __tablename__ = "knowledge_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    version: Mapped[int] = mapped_column(Integer, default=0)


class MatchTuning(Base):
    """The matcher's tuned thresholds and confidence model (single row), shared by every worker."""

    __tablename__ = "match_tuning"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    answer_threshold: Mapped[float] = mapped_column(Float)
    suggest_threshold: Mapped[float] = mapped_column(Float)
    calibration: Mapped[str] = mapped_column(Text)
    questions: Mapped[int] = mapped_column(Integer)
    tuned_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    tuned_by: Mapped[str | None] = mapped_column(String(120))


@dataclass(frozen=True, slots=True)
class EntryDraft:
    """What an import or a staff member supplies for a new or changed entry."""

    key: str
    language: str
    category: str
    question: str
    answer: str
    phrasings: tuple[str, ...]
    active: bool = True
    actions: tuple[str, ...] = ()


async def current_version(session: AsyncSession) -> int:
    """The knowledge version; 0 before anything was ever stored."""
    return await session.scalar(select(KnowledgeVersion.version).where(KnowledgeVersion.id == 1)) or 0


async def bump_version(session: AsyncSession) -> None:
    """Tell every worker that the knowledge changed."""
    result = await session.execute(
        update(KnowledgeVersion).where(KnowledgeVersion.id == 1).values(version=KnowledgeVersion.version + 1)
    )
    if getattr(result, "rowcount", 0) == 0:
        session.add(KnowledgeVersion(id=1, version=1))
        await session.flush()


async def all_entries(session: AsyncSession, *, active_only: bool = True) -> list[KnowledgeEntry]:
    """Entries with their phrasings loaded, ordered by key then language."""
    query = select(KnowledgeEntry).options(selectinload(KnowledgeEntry.phrasings))
    if active_only:
        query = query.where(KnowledgeEntry.active.is_(True))
    return list(await session.scalars(query.order_by(KnowledgeEntry.key, KnowledgeEntry.language)))


async def count_entries(session: AsyncSession) -> int:
    """How many entries exist, active or not."""
    return await session.scalar(select(func.count()).select_from(KnowledgeEntry)) or 0


async def get_entry(session: AsyncSession, entry_id: int) -> KnowledgeEntry | None:
    """One entry with its phrasings."""
    return await session.scalar(
        select(KnowledgeEntry).options(selectinload(KnowledgeEntry.phrasings)).where(KnowledgeEntry.id == entry_id)
    )


async def upsert_entry(session: AsyncSession, draft: EntryDraft, *, author: str | None) -> KnowledgeEntry:
    """Create the entry for ``(key, language)`` or replace its content, keeping history and counters."""
    entry = await session.scalar(
        select(KnowledgeEntry)
        .options(selectinload(KnowledgeEntry.phrasings))
        .where(KnowledgeEntry.key == draft.key, KnowledgeEntry.language == draft.language)
    )
    now = utcnow()
    if entry is None:
        entry = KnowledgeEntry(
            key=draft.key,
            language=draft.language,
            category=draft.category,
            question=draft.question,
            answer=draft.answer,
            actions=" ".join(draft.actions),
            active=draft.active,
            author=author,
            created_at=now,
            updated_at=now,
            phrasings=[Phrasing(text=text, author=author) for text in draft.phrasings],
        )
        session.add(entry)
    else:
        if (entry.question, entry.answer) != (draft.question, draft.answer):
            session.add(
                KnowledgeRevision(entry_id=entry.id, question=entry.question, answer=entry.answer, changed_by=author)
            )
        entry.category = draft.category
        entry.question = draft.question
        entry.answer = draft.answer
        entry.actions = " ".join(draft.actions)
        entry.active = draft.active
        entry.updated_at = now
        kept = {p.text: p for p in entry.phrasings}
        entry.phrasings = [kept.get(text) or Phrasing(text=text, author=author) for text in draft.phrasings]
    await session.flush()
    await bump_version(session)
    return entry


async def record_hit(session: AsyncSession, entry_id: int) -> None:
    """Count one answer given from this entry."""
    await session.execute(
        update(KnowledgeEntry).where(KnowledgeEntry.id == entry_id).values(hits=KnowledgeEntry.hits + 1)
    )


async def log_unanswered(session: AsyncSession, *, language: str, normalized: str, text: str) -> None:
    """Count a question the bot could not answer; the same wording adds to one row."""
    normalized = normalized[:512]
    row = await session.scalar(
        select(UnansweredQuery).where(UnansweredQuery.language == language, UnansweredQuery.normalized == normalized)
    )
    if row is None:
        session.add(UnansweredQuery(language=language, normalized=normalized, text=text[:2000]))
    else:
        row.count += 1
        row.last_seen = utcnow()
        row.text = text[:2000]
    await session.flush()


async def add_phrasing(session: AsyncSession, entry_id: int, text: str, *, author: str | None) -> Phrasing:
    """Teach an entry one more way customers ask for it."""
    phrasing = Phrasing(entry_id=entry_id, text=text, author=author)
    session.add(phrasing)
    await session.execute(update(KnowledgeEntry).where(KnowledgeEntry.id == entry_id).values(updated_at=utcnow()))
    await session.flush()
    await bump_version(session)
    return phrasing


async def resolve_unanswered(session: AsyncSession, *, language: str, normalized: str, entry_id: int) -> None:
    """Mark a logged unanswered question as answered by ``entry_id`` now."""
    await session.execute(
        update(UnansweredQuery)
        .where(UnansweredQuery.language == language, UnansweredQuery.normalized == normalized[:512])
        .values(resolved_by=entry_id)
    )


async def count_feedback(session: AsyncSession, entry_id: int, *, helpful: bool) -> None:
    """Count a 👍 or a 👎 on an entry."""
    column = KnowledgeEntry.helpful if helpful else KnowledgeEntry.unhelpful
    await session.execute(update(KnowledgeEntry).where(KnowledgeEntry.id == entry_id).values({column: column + 1}))


async def get_tuning(session: AsyncSession) -> MatchTuning | None:
    """The stored tuning, or None while the matcher was never tuned here."""
    return await session.get(MatchTuning, 1)


async def save_tuning(
    session: AsyncSession, *, answer: float, suggest: float, calibration: str, questions: int, tuned_by: str | None
) -> None:
    """Store a tuning (replacing the last) and tell every worker to reload."""
    row = await session.get(MatchTuning, 1)
    if row is None:
        row = MatchTuning(id=1)
        session.add(row)
    row.answer_threshold = answer
    row.suggest_threshold = suggest
    row.calibration = calibration
    row.questions = questions
    row.tuned_at = utcnow()
    row.tuned_by = tuned_by
    await session.flush()
    await bump_version(session)


async def entry_stamps(session: AsyncSession) -> dict[int, datetime]:
    """Every active entry's id and last change: what a worker compares to reload only what changed."""
    rows = await session.execute(
        select(KnowledgeEntry.id, KnowledgeEntry.updated_at).where(KnowledgeEntry.active.is_(True))
    )
    return {entry_id: updated_at for entry_id, updated_at in rows}


async def entries_by_id(session: AsyncSession, ids: Collection[int]) -> list[KnowledgeEntry]:
    """These entries with their phrasings."""
    if not ids:
        return []
    query = select(KnowledgeEntry).options(selectinload(KnowledgeEntry.phrasings)).where(KnowledgeEntry.id.in_(ids))
    return list(await session.scalars(query))


@dataclass(frozen=True, slots=True)
class KnowledgeCounts:
    """The totals ``kb stats`` reports."""

    entries: int
    active: int
    phrasings: int
    hits: int
    helpful: int
    unhelpful: int


async def knowledge_counts(session: AsyncSession) -> KnowledgeCounts:
    """Entries (all and active), phrasings, and the answer counters summed over every entry."""
    row = (
        await session.execute(
            select(
                func.count(KnowledgeEntry.id),
                func.coalesce(func.sum(case((KnowledgeEntry.active.is_(True), 1), else_=0)), 0),
                func.coalesce(func.sum(KnowledgeEntry.hits), 0),
                func.coalesce(func.sum(KnowledgeEntry.helpful), 0),
                func.coalesce(func.sum(KnowledgeEntry.unhelpful), 0),
            )
        )
    ).one()
    phrasings = await session.scalar(select(func.count()).select_from(Phrasing)) or 0
    return KnowledgeCounts(int(row[0]), int(row[1]), int(phrasings), int(row[2]), int(row[3]), int(row[4]))


async def open_unanswered(session: AsyncSession, *, limit: int = 2000) -> list[UnansweredQuery]:
    """Unanswered questions no entry resolves yet, the most asked first."""
    query = (
        select(UnansweredQuery)
        .where(UnansweredQuery.resolved_by.is_(None))
        .order_by(UnansweredQuery.count.desc(), UnansweredQuery.last_seen.desc())
        .limit(limit)
    )
    return list(await session.scalars(query))
