"""In-memory BM25 over fields of term counts: the forward store, for exact scores of chosen documents.

Each document keeps its terms as id arrays, so the exact BM25 score of a
chosen set of documents is a few vector operations over their terms, whatever
the size of the index. Choosing that set is the job of the inverted side,
:mod:`knowledge.postings`.

Adding, replacing and removing a document touch only that document: document
frequencies and lengths are updated in place, and a removed document's slot
is masked. Slots are not reused, so a long-lived index grows by a few bytes
per edit; a restart (or a new :class:`DocTable`) starts compact.
"""

from __future__ import annotations

import math
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
        ids, tfs, _ = self.encode_many([counts])
        return ids, tfs

    def encode_many(self, documents: Sequence[Mapping[str, int]]) -> tuple[Ids, Tfs, list[int]]:
        """Several documents' ids and counts back to back, and how many terms each has."""
        terms = [term for counts in documents for term in counts]
        found = list(map(self.ids.get, terms, repeat(-1)))
        if -1 in found:
            ids = self.ids
            found = [ids.setdefault(term, len(ids)) for term in terms]
        tfs = [tf for counts in documents for tf in counts.values()]
        return np.array(found, dtype=np.int32), np.array(tfs, dtype=np.float32), [len(c) for c in documents]

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
        term_counts: Mapping[str, tuple[Ids, IntArray]] | None = None,
    ) -> list[int]:
        """Store several documents at once (fewer, larger array operations than one by one).

        ``joined`` may hand over each field's terms of all the documents back to
        back (ids, counts, and which document each belongs to), and
        ``term_counts`` each distinct term with the number of documents holding
        it, when the caller has them so already.
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
            if term_counts is not None:
                terms, counts = term_counts[name]
                df.values[terms] += counts
            elif len(fields) == 1:
                df.values[ids] += 1  # one document's terms are distinct
            else:
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
