"""The inverted side of a :class:`~knowledge.index.DocTable`: which documents hold a term, and how often.

Kept as one compressed block (CSR: term id → a run of slots and counts) plus
a small block of recent additions. A bulk load, or a burst of edits larger
than a tenth of the block, marks it stale, and the next search rebuilds it
from the table's forward store with numpy instead of appending millions of
postings one by one.
"""

from __future__ import annotations

from array import array

import numpy as np
import numpy.typing as npt

from knowledge.index import DocTable, FloatArray, Ids, IntArray


class Postings:
    """The inverted index of one field of a :class:`DocTable`: which slots hold a term, and how often."""

    def __init__(self, table: DocTable, field: str) -> None:
        self.table = table
        self.field = field
        self._offsets = np.zeros(1, dtype=np.int64)
        self._slots = np.zeros(0, dtype=np.int32)
        self._tfs = np.zeros(0, dtype=np.float32)
        self._recent: dict[int, tuple[array[int], array[float]]] = {}
        self._recent_size = 0
        self._stale = True

    def added(self, slot: int) -> None:
        """Record a slot the table just stored; a large burst is left for one rebuild instead."""
        if self._stale:
            return
        stored = self.table.forward(self.field, slot)
        assert stored is not None
        ids, tfs = stored
        if self._recent_size + len(ids) > max(20_000, len(self._slots) // 10):
            self._stale = True
            return
        self._recent_size += len(ids)
        for term, tf in zip(ids.tolist(), tfs.tolist(), strict=True):
            slots_tfs = self._recent.get(term)
            if slots_tfs is None:
                slots_tfs = self._recent[term] = (array("i"), array("f"))
            slots_tfs[0].append(slot)
            slots_tfs[1].append(tf)

    def ready(self) -> None:
        """Rebuild now if a bulk load left the postings stale (so the first question does not pay for it)."""
        if self._stale:
            self.rebuild()

    def rebuild(self) -> None:
        """One sorted block from the forward store of every live slot."""
        live = np.flatnonzero(self.table.alive)
        parts = [self.table.forward(self.field, int(slot)) for slot in live]
        lengths = [len(p[0]) if p is not None else 0 for p in parts]
        ids = np.concatenate([p[0] for p in parts if p is not None] or [np.zeros(0, np.int32)])
        tfs = np.concatenate([p[1] for p in parts if p is not None] or [np.zeros(0, np.float32)])
        owners = np.repeat(live, lengths).astype(np.int32)
        order = np.argsort(ids, kind="stable")
        self._slots, self._tfs = owners[order], tfs[order]
        counts = np.bincount(ids, minlength=int(ids.max()) + 1 if len(ids) else 0)
        self._offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self._recent.clear()
        self._recent_size = 0
        self._stale = False

    def get(self, term: int) -> tuple[IntArray, FloatArray]:
        """Live slots holding ``term`` and its count in each."""
        if self._stale:
            self.rebuild()
        slots_parts: list[npt.NDArray[np.integer]] = []
        tfs_parts: list[npt.NDArray[np.floating]] = []
        if term + 1 < len(self._offsets):
            start, end = self._offsets[term], self._offsets[term + 1]
            slots_parts.append(self._slots[start:end])
            tfs_parts.append(self._tfs[start:end])
        recent = self._recent.get(term)
        if recent is not None:
            slots_parts.append(np.frombuffer(recent[0], dtype=np.int32))
            tfs_parts.append(np.frombuffer(recent[1], dtype=np.float32))
        if not slots_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        slots = np.concatenate(slots_parts).astype(np.int64)
        tfs = np.concatenate(tfs_parts).astype(np.float64)
        alive = self.table.alive[slots]
        return slots[alive], tfs[alive]

    def gather(self, terms: Ids) -> tuple[IntArray, FloatArray, IntArray]:
        """The postings of several terms at once: slots, counts, and which term (position in ``terms``) each is."""
        if self._stale:
            self.rebuild()
        terms = terms.astype(np.int64)
        in_block = terms + 1 < len(self._offsets)
        starts = np.where(in_block, self._offsets[np.minimum(terms, len(self._offsets) - 2)], 0)
        ends = np.where(in_block, self._offsets[np.minimum(terms + 1, len(self._offsets) - 1)], 0)
        lengths = ends - starts
        offsets = np.cumsum(lengths) - lengths
        picks = np.arange(int(lengths.sum())) - np.repeat(offsets - starts, lengths)
        slot_parts = [self._slots[picks].astype(np.int64)]
        tf_parts = [self._tfs[picks].astype(np.float64)]
        which_parts = [np.repeat(np.arange(len(terms)), lengths)]
        if self._recent:
            for position, term in enumerate(terms.tolist()):
                recent = self._recent.get(term)
                if recent is not None:
                    slot_parts.append(np.frombuffer(recent[0], dtype=np.int32).astype(np.int64))
                    tf_parts.append(np.frombuffer(recent[1], dtype=np.float32).astype(np.float64))
                    which_parts.append(np.full(len(recent[0]), position))
        slots = np.concatenate(slot_parts)
        alive = self.table.alive[slots]
        return slots[alive], np.concatenate(tf_parts)[alive], np.concatenate(which_parts)[alive]

    def approximate(self, query_ids: Ids, max_share: float) -> tuple[FloatArray, bool]:
        """BM25 of every slot over the query's rarer terms (not yet normalized), and whether any was left out.

        Terms held by more than ``max_share`` of the documents (and more than
        64) are skipped: they are most of the postings and little of the
        evidence, and the exact score of the best candidates counts them again.
        """
        table, field = self.table, self.field
        keep = table.dfs(field, query_ids) <= max(64.0, max_share * len(table))
        terms = query_ids[keep]
        slots, tfs, which = self.gather(terms)
        k1 = table.specs[field].k1
        weights = table.idf(field, terms)[which] * tfs * (k1 + 1.0) / (tfs + table.norms(field, slots))
        return np.bincount(slots, weights=weights, minlength=table.capacity).astype(np.float64), not bool(keep.all())
