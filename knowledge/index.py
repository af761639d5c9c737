"""In-memory BM25 over fields of term counts: a forward store for exact scores, postings for candidates.

Each document keeps its terms as sorted id arrays (the forward store), so the
exact BM25 score of a chosen set of documents is a few vector operations over
their terms, whatever the size of the index. Finding that set is the job of
:class:`Postings`, an inverted index kept as one compressed block (CSR) plus a
small block of recent additions: a bulk load or a burst of edits marks it
stale and the next search rebuilds it from the forward store with numpy
instead of appending millions of postings one by one.

Adding, replacing and removing a document touch only that document: document
frequencies and lengths are updated in place, and a removed document's slot
is masked. Slots are not reused, so a long-lived index grows by a few bytes
per edit; a restart (or a new :class:`DocTable`) starts compact.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Ids = npt.NDArray[np.int32]
Tfs = npt.NDArray[np.float32]
Encoded = dict[str, tuple[Ids, Tfs]]  # field → (term ids, counts)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """BM25 parameters of one field and its weight in the fused score."""

    weight: float
    k1: float = 1.2
    b: float = 0.75


class Vocabulary:
    """Term ids of one field, shared by every table that indexes it."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._positions = np.full(1024, -1, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.ids)

    def positions(self, query_ids: Ids) -> npt.NDArray[np.int64]:
        """A lookup from term id to its position in ``query_ids`` (−1 elsewhere); :meth:`release` it after use.

        One array serves every query, so a lookup costs the query's size, not the vocabulary's.
        """
        if len(self.ids) > len(self._positions):
            self._positions = np.full(2 * len(self.ids), -1, dtype=np.int64)
        self._positions[query_ids] = np.arange(len(query_ids))
        return self._positions

    def release(self, query_ids: Ids) -> None:
        self._positions[query_ids] = -1

    def encode(self, counts: Mapping[str, int]) -> tuple[Ids, Tfs]:
        """Ids (new terms get one) and counts, in the order of ``counts``."""
        found = list(map(self.ids.get, counts, repeat(-1)))
        if -1 in found:
            ids = self.ids
            found = [ids.setdefault(term, len(ids)) for term in counts]
        return np.array(found, dtype=np.int32), np.array(list(counts.values()), dtype=np.float32)

    def known(self, terms: Iterable[str]) -> tuple[Ids, int]:
        """The sorted ids of the terms this vocabulary has, and how many it has not."""
        unique = set(terms)
        found = sorted(self.ids[t] for t in unique if t in self.ids)
        return np.asarray(found, dtype=np.int32), len(unique) - len(found)


_EMPTY = (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32))


class _Growable:
    """A numpy array grown by doubling."""

    def __init__(self, dtype: type) -> None:
        self.values: npt.NDArray[Any] = np.zeros(64, dtype=dtype)

    def ensure(self, size: int) -> None:
        if size > len(self.values):
            grown = np.zeros(max(size, 2 * len(self.values)), dtype=self.values.dtype)
            grown[: len(self.values)] = self.values
            self.values = grown


class DocTable:
    """Documents with fields of term counts: document frequencies, lengths, and exact BM25 for chosen slots."""

    def __init__(self, specs: Mapping[str, FieldSpec], vocabulary: Mapping[str, Vocabulary]) -> None:
        self.specs = dict(specs)
        self.vocabulary = vocabulary
        self._forward: dict[str, list[tuple[Ids, Tfs] | None]] = {name: [] for name in specs}
        self._df = {name: _Growable(np.int64) for name in specs}
        self._lengths = {name: _Growable(np.float64) for name in specs}
        self._total = dict.fromkeys(specs, 0.0)
        self._alive = _Growable(np.bool_)
        self._slot_of: dict[Hashable, int] = {}
        self._doc_at: list[Hashable | None] = []

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, doc: Hashable) -> bool:
        return doc in self._slot_of

    @property
    def capacity(self) -> int:
        return len(self._doc_at)

    @property
    def alive(self) -> npt.NDArray[np.bool_]:
        return self._alive.values[: self.capacity]

    def slot_of(self, doc: Hashable) -> int | None:
        return self._slot_of.get(doc)

    def doc_at(self, slot: int) -> Hashable | None:
        return self._doc_at[slot]

    def forward(self, field: str, slot: int) -> tuple[Ids, Tfs] | None:
        return self._forward[field][slot]

    def df(self, field: str, term_id: int) -> int:
        values = self._df[field].values
        return int(values[term_id]) if 0 <= term_id < len(values) else 0

    def dfs(self, field: str, ids: Ids) -> IntArray:
        """Document frequencies of term ids."""
        growable = self._df[field]
        if len(ids):
            growable.ensure(int(ids.max()) + 1)
        return np.asarray(growable.values[ids], dtype=np.int64)

    def idf(self, field: str, ids: Ids) -> FloatArray:
        """BM25's IDF of term ids (an id this table never saw has document frequency 0)."""
        growable = self._df[field]
        if len(ids):
            growable.ensure(int(ids.max()) + 1)
        df = growable.values[ids].astype(np.float64)
        count = len(self._slot_of)
        return np.log1p((count - df + 0.5) / (df + 0.5))

    def unknown_idf(self) -> float:
        return math.log1p((len(self._slot_of) + 0.5) / 0.5)

    def add(self, doc: Hashable, encoded: Encoded) -> int:
        """Store a document under a new slot (replacing the one with the same id)."""
        return self.add_many([doc], [encoded])[0]

    def add_many(
        self,
        docs: Sequence[Hashable],
        encoded: Sequence[Encoded],
        joined: Mapping[str, tuple[Ids, Tfs, IntArray]] | None = None,
    ) -> list[int]:
        """Store several documents at once (fewer, larger array operations than one by one).

        ``joined`` may hand over each field's terms of all the documents back to
        back (ids, counts, and which document each belongs to), when the caller
        has them so already.
        """
        for doc in docs:
            self.remove(doc)
        first = len(self._doc_at)
        slots = list(range(first, first + len(docs)))
        self._doc_at.extend(docs)
        self._slot_of.update(zip(docs, slots, strict=True))
        self._alive.ensure(first + len(docs))
        self._alive.values[first : first + len(docs)] = True
        for name in self.specs:
            fields = [e.get(name, _EMPTY) for e in encoded]
            self._forward[name].extend(fields)
            if joined is not None:
                ids, tfs, owner = joined[name]
            else:
                ids = np.concatenate([f[0] for f in fields])
                tfs = np.concatenate([f[1] for f in fields])
                owner = np.repeat(np.arange(len(fields)), [len(f[0]) for f in fields])
            df = self._df[name]
            df.ensure(int(ids.max()) + 1 if len(ids) else 0)
            terms, counts = np.unique(ids, return_counts=True)
            df.values[terms] += counts
            lengths = np.bincount(owner, weights=tfs, minlength=len(fields))
            self._lengths[name].ensure(first + len(docs))
            self._lengths[name].values[first : first + len(docs)] = lengths
            self._total[name] += float(lengths.sum())
        return slots

    def remove(self, doc: Hashable) -> int | None:
        """Forget a document; returns the slot it had."""
        slot = self._slot_of.pop(doc, None)
        if slot is None:
            return None
        self._doc_at[slot] = None
        self._alive.values[slot] = False
        for name in self.specs:
            stored = self._forward[name][slot]
            if stored is not None:
                self._df[name].values[stored[0]] -= 1
            self._total[name] -= float(self._lengths[name].values[slot])
            self._forward[name][slot] = None
        return slot

    def norms(self, field: str, slots: IntArray) -> FloatArray:
        """``k1·(1 − b + b·len/avglen)`` of the slots' documents."""
        spec = self.specs[field]
        average = self._total[field] / max(1, len(self._slot_of))
        lengths = self._lengths[field].values[slots].astype(np.float64)
        return np.asarray(spec.k1 * (1.0 - spec.b + spec.b * lengths / max(average, 1e-9)))

    def denominator(self, field: str, query_ids: Ids, unknown: int) -> float:
        """The query's IDF mass in ``field``: a document holding every query term once at average length scores
        about 1; words the table never saw count in it, so unknown words lower every score as they should."""
        return float(self.idf(field, query_ids).sum()) + unknown * self.unknown_idf()

    def score(
        self,
        slots: IntArray,
        query: Mapping[str, tuple[Ids, int]],
        blocks: Mapping[str, tuple[Ids, Tfs, IntArray]] | None = None,
    ) -> FloatArray:
        """Exact fused BM25 of the given (live) slots, each field divided by the query's IDF mass.

        ``blocks`` may hand over the slots' terms already concatenated (ids, counts,
        and the position in ``slots`` each belongs to), as a caller that keeps
        them together does, instead of gathering them slot by slot.
        """
        total = np.zeros(len(slots))
        if not len(slots):
            return total
        for name, (query_ids, unknown) in query.items():
            spec = self.specs[name]
            query_idf = self.idf(name, query_ids)
            denominator = float(query_idf.sum()) + unknown * self.unknown_idf()
            if not len(query_ids) or denominator <= 0.0:
                continue
            if blocks is not None:
                ids, tfs, owner = blocks[name]
            else:
                parts = [self._forward[name][slot] or _EMPTY for slot in slots.tolist()]
                ids = np.concatenate([p[0] for p in parts])
                tfs = np.concatenate([p[1] for p in parts])
                owner = np.repeat(np.arange(len(slots)), [len(p[0]) for p in parts])
            vocabulary = self.vocabulary[name]
            where = vocabulary.positions(query_ids)[ids]
            vocabulary.release(query_ids)
            hit = np.flatnonzero(where >= 0)
            tf = tfs[hit].astype(np.float64)
            hit_owner = owner[hit]
            weights = query_idf[where[hit]] * tf * (spec.k1 + 1.0) / (tf + self.norms(name, slots)[hit_owner])
            total += np.bincount(hit_owner, weights=weights, minlength=len(slots)) * (spec.weight / denominator)
        return total


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
