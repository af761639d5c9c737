"""An in-memory inverted index with BM25 scoring, updated one document at a time.

Postings live in growable ``array`` buffers (one per term and field) that
numpy reads without copying, so a query is a handful of vector operations
however large the index. A removed document is dropped from the document
frequencies at once and from the postings lazily: its slot is masked until
enough slots are dead to make compacting worth it, and then reused.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """BM25 parameters of one field and its weight in the fused score."""

    weight: float
    k1: float = 1.2
    b: float = 0.75


class _Field:
    """One field's postings, document frequencies and document lengths."""

    def __init__(self, spec: FieldSpec) -> None:
        self.spec = spec
        self.postings: dict[str, tuple[array[int], array[float]]] = {}
        self.df: dict[str, int] = {}
        self.lengths = np.zeros(0, dtype=np.float64)
        self.total_length = 0.0
        self._norm: FloatArray | None = None

    def grow(self, capacity: int) -> None:
        self.lengths = np.concatenate([self.lengths, np.zeros(capacity - len(self.lengths))])
        self._norm = None

    def add(self, slot: int, counts: Mapping[str, int]) -> tuple[str, ...]:
        for term, count in counts.items():
            term = sys.intern(term)
            docs_tfs = self.postings.get(term)
            if docs_tfs is None:
                docs_tfs = self.postings[term] = (array("i"), array("f"))
            docs_tfs[0].append(slot)
            docs_tfs[1].append(float(count))
            self.df[term] = self.df.get(term, 0) + 1
        length = float(sum(counts.values()))
        self.lengths[slot] = length
        self.total_length += length
        self._norm = None
        return tuple(sys.intern(term) for term in counts)

    def remove(self, slot: int, terms: Iterable[str]) -> None:
        for term in terms:
            left = self.df[term] - 1
            if left:
                self.df[term] = left
            else:
                del self.df[term]
                del self.postings[term]
        self.total_length -= self.lengths[slot]
        self.lengths[slot] = 0.0
        self._norm = None

    def compact(self, alive: npt.NDArray[np.bool_]) -> None:
        for term, (docs, tfs) in self.postings.items():
            slots = np.frombuffer(docs, dtype=np.int32)
            keep = alive[slots]
            if not keep.all():
                kept_docs, kept_tfs = array("i", slots[keep].tobytes()), array("f")
                kept_tfs.frombytes(np.frombuffer(tfs, dtype=np.float32)[keep].tobytes())
                self.postings[term] = (kept_docs, kept_tfs)

    def norm(self, alive: npt.NDArray[np.bool_], count: int) -> FloatArray:
        """``k1·(1 − b + b·len/avglen)`` per slot; infinite for dead slots so they score nothing."""
        if self._norm is None or len(self._norm) != len(alive):
            spec = self.spec
            average = self.total_length / count if count else 1.0
            norm = spec.k1 * (1.0 - spec.b + spec.b * self.lengths / max(average, 1e-9))
            norm[~alive] = np.inf
            self._norm = norm
        return self._norm

    def idf(self, term: str, count: int) -> float:
        df = self.df.get(term, 0)
        return math.log(1.0 + (count - df + 0.5) / (df + 0.5))


class BM25Index:
    """Documents (any hashable id) with fields of term counts; scores are BM25 per field, fused.

    A field's score is divided by the sum of the query terms' IDF, so a document
    holding every query term at average length scores about 1 whatever the
    question's length; terms the index has never seen count in that sum, so
    unknown words lower the score as they should.
    """

    def __init__(self, fields: Mapping[str, FieldSpec]) -> None:
        self._fields = {name: _Field(spec) for name, spec in fields.items()}
        self._slot_of: dict[Hashable, int] = {}
        self._doc_at: list[Hashable | None] = []
        self._terms_at: list[dict[str, tuple[str, ...]]] = []
        self._alive = np.zeros(0, dtype=np.bool_)
        self._free: list[int] = []
        self._dead: list[int] = []

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, doc: Hashable) -> bool:
        return doc in self._slot_of

    @property
    def capacity(self) -> int:
        return len(self._doc_at)

    def doc_at(self, slot: int) -> Hashable | None:
        return self._doc_at[slot]

    def slot_of(self, doc: Hashable) -> int | None:
        return self._slot_of.get(doc)

    def has_term(self, doc: Hashable, field: str, term: str) -> bool:
        slot = self._slot_of.get(doc)
        return slot is not None and term in self._terms_at[slot].get(field, ())

    def df(self, field: str, term: str) -> int:
        return self._fields[field].df.get(term, 0)

    def idf(self, field: str, term: str) -> float:
        return self._fields[field].idf(term, len(self._slot_of))

    def postings(self, field: str, term: str) -> tuple[IntArray, FloatArray]:
        """The live slots holding ``term`` in ``field`` and its count in each."""
        found = self._fields[field].postings.get(term)
        if found is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        slots = np.frombuffer(found[0], dtype=np.int32).astype(np.int64)
        counts = np.frombuffer(found[1], dtype=np.float32).astype(np.float64)
        alive = self._alive[slots]
        return slots[alive], counts[alive]

    def add(self, doc: Hashable, features: Mapping[str, Mapping[str, int]]) -> None:
        """Index a document, replacing the one with the same id if there is one."""
        if doc in self._slot_of:
            self.remove(doc)
        slot = self._take_slot()
        self._slot_of[doc] = slot
        self._doc_at[slot] = doc
        self._alive[slot] = True
        self._terms_at[slot] = {name: field.add(slot, features.get(name, {})) for name, field in self._fields.items()}

    def remove(self, doc: Hashable) -> None:
        """Forget a document; a no-op for an unknown id."""
        slot = self._slot_of.pop(doc, None)
        if slot is None:
            return
        for name, field in self._fields.items():
            field.remove(slot, self._terms_at[slot].get(name, ()))
        self._terms_at[slot] = {}
        self._doc_at[slot] = None
        self._alive[slot] = False
        self._dead.append(slot)
        if len(self._dead) > max(256, len(self._slot_of) // 4):
            self.compact()

    def compact(self) -> None:
        """Drop dead slots from the postings and make them reusable."""
        for field in self._fields.values():
            field.compact(self._alive)
        self._free.extend(self._dead)
        self._dead = []

    def search(self, query: Mapping[str, Iterable[str]]) -> FloatArray:
        """The fused, normalized BM25 score of every slot (0 for slots that match nothing or are empty)."""
        total = np.zeros(self.capacity, dtype=np.float64)
        count = len(self._slot_of)
        if not count:
            return total
        for name, terms in query.items():
            field = self._fields[name]
            slot_parts: list[npt.NDArray[np.int32]] = []
            tf_parts: list[npt.NDArray[np.float32]] = []
            idfs: list[float] = []
            denominator = 0.0
            for term in set(terms):
                idf = field.idf(term, count)
                denominator += idf
                postings = field.postings.get(term)
                if postings is None:
                    continue
                slot_parts.append(np.frombuffer(postings[0], dtype=np.int32))
                tf_parts.append(np.frombuffer(postings[1], dtype=np.float32))
                idfs.append(idf)
            if not slot_parts or denominator <= 0.0:
                continue
            lengths = [len(part) for part in slot_parts]
            slots = np.concatenate(slot_parts)
            tfs = np.concatenate(tf_parts).astype(np.float64)
            del slot_parts, tf_parts
            weights = np.repeat(np.asarray(idfs), lengths) * tfs * (field.spec.k1 + 1.0)
            weights /= tfs + field.norm(self._alive, count)[slots]
            total += np.bincount(slots, weights=weights, minlength=self.capacity) * (field.spec.weight / denominator)
        return total

    def _take_slot(self) -> int:
        if self._free:
            return self._free.pop()
        slot = len(self._doc_at)
        if slot >= len(self._alive):
            capacity = max(64, 2 * len(self._alive))
            self._alive = np.concatenate([self._alive, np.zeros(capacity - len(self._alive), dtype=np.bool_)])
            for field in self._fields.values():
                field.grow(capacity)
        self._doc_at.append(None)
        self._terms_at.append({})
        return slot
