"""The live knowledge base of one worker: an in-memory matcher kept in step with storage."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.matcher import IndexedEntry, Matcher, MatchResult, Thresholds
from knowledge.text import has_chinese
from storage import knowledge_base as kb


class KnowledgeBase:
    """Holds the matcher and the entries it was built from; rebuilds when the stored version moves.

    The database is the authority (DESIGN decision 9); this copy only answers
    fast. Every request checks the version counter, one cheap read, so a change
    made by another worker is seen by the next question here.
    """

    def __init__(self, thresholds: Thresholds | None = None) -> None:
        self.thresholds = thresholds or Thresholds()
        self._version = -1
        self._matcher = Matcher((), self.thresholds)
        self._entries: dict[int, kb.KnowledgeEntry] = {}
        self._by_key: dict[tuple[str, str], kb.KnowledgeEntry] = {}
        self._lock = asyncio.Lock()

    async def refresh(self, session: AsyncSession) -> None:
        """Rebuild from storage if the knowledge version changed since the last build."""
        version = await kb.current_version(session)
        if version == self._version:
            return
        async with self._lock:
            if version == self._version:
                return
            entries = await kb.all_entries(session)
            self._entries = {e.id: e for e in entries}
            self._by_key = {(e.key, e.language): e for e in entries}
            self._matcher = Matcher(
                (IndexedEntry(e.id, e.key, e.language, (e.question, *(p.text for p in e.phrasings))) for e in entries),
                self.thresholds,
            )
            self._version = version

    def match(self, question: str, language: str) -> MatchResult:
        """Match against entries in the question's own language (Chinese text → zh-CN)."""
        return self._matcher.match(question, question_language(question, language))

    def entry(self, entry_id: int) -> kb.KnowledgeEntry | None:
        return self._entries.get(entry_id)

    def entry_by_key(self, key: str, language: str) -> kb.KnowledgeEntry | None:
        return self._by_key.get((key, language))


def question_language(question: str, fallback: str) -> str:
    """The language a question is written in: Chinese if it has Chinese characters, else English."""
    if has_chinese(question):
        return "zh-CN"
    return "en" if any(ch.isalpha() for ch in question) else fallback
