"""The entries of one language, indexed twice: each phrasing alone, and each entry as a whole.

A question is scored against both. Against phrasings, an entry gets the mean
of its best three phrasing scores (one lucky phrasing is weaker evidence than
several good ones); against whole entries, words spread over an entry's
phrasings add up. The two views disagree on different questions, and their
mean ranks better than either (BANKING77 validation: 72% and 73% top-1 alone,
75% fused).

Search runs in three steps so its cost does not grow with the base: the
entry postings of the question's rarer terms propose candidates, the
candidates get their exact entry score, and the phrasings of the best of
them get theirs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.index import DocTable, Encoded, FieldSpec, FloatArray, Ids, IntArray, Tfs, Vocabulary
from knowledge.postings import Postings
from knowledge.text import Analysis, analyze

PHRASING_FIELDS = {"char": FieldSpec(weight=0.7, k1=1.2, b=0.75), "word": FieldSpec(weight=0.3, k1=1.2, b=0.75)}
ENTRY_FIELDS = {"char": FieldSpec(weight=0.7, k1=3.0, b=0.75), "word": FieldSpec(weight=0.3, k1=3.0, b=0.75)}
BEST_PHRASINGS = 3
CANDIDATES = 32  # entries proposed by the postings, scored exactly
FINALISTS = 12  # entries whose phrasings are scored
COMMON = 0.05  # terms in more than this share of entries do not propose candidates


def _features(analysis: Analysis) -> dict[str, Counter[str]]:
    return {"char": analysis.char_features, "word": analysis.word_features}


@dataclass(frozen=True, slots=True)
class Scores:
    """Entry ids best first with their fused, phrasing-level and entry-level scores, and the best phrasings."""

    entries: IntArray
    fused: FloatArray
    by_phrasing: FloatArray
    by_entry: FloatArray
    top_phrasings: tuple[tuple[int, int, float], ...]  # (entry id, phrasing number, score), best first


class LanguageIndex:
    """Both views of one language, and what the evidence features need to know of each entry."""

    def __init__(self) -> None:
        self.vocabulary = {name: Vocabulary() for name in PHRASING_FIELDS}
        self.phrasings = DocTable(PHRASING_FIELDS, self.vocabulary)
        self.entries = DocTable(ENTRY_FIELDS, self.vocabulary)
        self._phrasing_slots: dict[int, IntArray] = {}
        # Per entry and field: its phrasings' terms back to back, for scoring them in one go.
        self._blocks: dict[int, dict[str, tuple[Ids, Tfs, IntArray]]] = {}
        self.postings = {name: Postings(self.entries, name) for name in ENTRY_FIELDS}
        self.texts: dict[int, tuple[str, ...]] = {}
        self.words: dict[int, Counter[str]] = {}
        self.wordings: dict[str, set[int]] = {}  # a phrasing's indexed words → the entries holding it

    def __len__(self) -> int:
        return len(self.texts)

    def upsert(self, entry_id: int, texts: Sequence[str]) -> None:
        """Index an entry's phrasings (replacing what it had)."""
        self.remove(entry_id)
        analyses = [a for a in (analyze(text) for text in texts) if a.words]
        if not analyses:
            return
        features = [_features(analysis) for analysis in analyses]
        # One block per field holds the entry's phrasings back to back; each phrasing's terms are a view into it.
        blocks: dict[str, tuple[Ids, Tfs, IntArray]] = {}
        encoded: list[Encoded] = [{} for _ in analyses]
        whole: Encoded = {}
        holding: dict[str, tuple[Ids, IntArray]] = {}
        for name in PHRASING_FIELDS:
            ids, tfs, lengths = self.vocabulary[name].encode_many([f[name] for f in features])
            blocks[name] = (ids, tfs, np.repeat(np.arange(len(analyses)), lengths))
            end = 0
            for number, length in enumerate(lengths):
                start, end = end, end + length
                encoded[number][name] = (ids[start:end], tfs[start:end])
            unique, inverse = np.unique(ids, return_inverse=True)
            whole[name] = (unique, np.bincount(inverse, weights=tfs).astype(np.float32))
            holding[name] = (unique, np.bincount(inverse))  # a phrasing's terms are distinct
        slots = self.phrasings.add_many([(entry_id, n) for n in range(len(analyses))], encoded, blocks, holding)
        self._phrasing_slots[entry_id] = np.array(slots, dtype=np.int64)
        self._blocks[entry_id] = blocks
        slot = self.entries.add(entry_id, whole)
        for postings in self.postings.values():
            postings.added(slot)
        self.texts[entry_id] = tuple(" ".join(a.words) for a in analyses)
        self.words[entry_id] = Counter(word for a in analyses for word in set(a.words))
        for text in self.texts[entry_id]:
            self.wordings.setdefault(text, set()).add(entry_id)

    def ready(self) -> None:
        for postings in self.postings.values():
            postings.ready()

    def remove(self, entry_id: int) -> None:
        texts = self.texts.pop(entry_id, ())
        for number, text in enumerate(texts):
            self.phrasings.remove((entry_id, number))
            holders = self.wordings.get(text, set())
            holders.discard(entry_id)
            if not holders:
                self.wordings.pop(text, None)
        self.entries.remove(entry_id)
        self.words.pop(entry_id, None)
        self._phrasing_slots.pop(entry_id, None)
        self._blocks.pop(entry_id, None)

    def score(self, analysis: Analysis) -> Scores:
        """The entries sharing a feature with the question, best first."""
        query = {name: self.vocabulary[name].known(counts) for name, counts in _features(analysis).items()}
        proposed = np.zeros(self.entries.capacity)
        pruned = False
        for name, (ids, unknown) in query.items():
            denominator = self.entries.denominator(name, ids, unknown)
            if len(ids) and denominator > 0:
                scores, left_out = self.postings[name].approximate(ids, COMMON)
                proposed += scores * (ENTRY_FIELDS[name].weight / denominator)
                pruned = pruned or left_out
        slots = np.flatnonzero(proposed > 0)
        if len(slots) > CANDIDATES:
            slots = slots[np.argpartition(-proposed[slots], CANDIDATES)[:CANDIDATES]]
        # Without a common term left out, the proposal already is the exact score.
        by_entry = self.entries.score(slots, query) if pruned else proposed[slots]
        finalists = np.argsort(-by_entry, kind="stable")[:FINALISTS]
        finalists = finalists[by_entry[finalists] > 0]
        entry_ids = np.array([self.entries.doc_at(int(s)) for s in slots[finalists]], dtype=np.int64)
        by_entry = by_entry[finalists]
        groups = [self._phrasing_slots[e] for e in entry_ids.tolist()]
        sizes = np.array([len(g) for g in groups], dtype=np.int64)
        phrasing_slots = np.concatenate(groups) if groups else np.zeros(0, dtype=np.int64)
        owner = np.repeat(np.arange(len(groups)), sizes)
        phrasing_scores = self.phrasings.score(phrasing_slots, query, self._finalist_blocks(entry_ids, sizes))
        # Each entry's best three phrasings (fewer if it has fewer), averaged.
        order = np.lexsort((-phrasing_scores, owner))
        rank = np.arange(len(order)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        best = order[rank < BEST_PHRASINGS]
        sums = np.bincount(owner[best], weights=phrasing_scores[best], minlength=len(groups)).astype(np.float64)
        by_phrasing: FloatArray = sums / np.maximum(np.minimum(BEST_PHRASINGS, sizes), 1)
        top = []
        for position in np.argsort(-phrasing_scores, kind="stable")[:10].tolist():
            if phrasing_scores[position] <= 0:
                break
            doc = self.phrasings.doc_at(int(phrasing_slots[position]))
            assert isinstance(doc, tuple)
            top.append((int(doc[0]), int(doc[1]), float(phrasing_scores[position])))
        fused = 0.5 * by_phrasing + 0.5 * by_entry
        ranked = np.argsort(-fused, kind="stable")
        return Scores(entry_ids[ranked], fused[ranked], by_phrasing[ranked], by_entry[ranked], tuple(top))

    def _finalist_blocks(self, entry_ids: IntArray, sizes: IntArray) -> dict[str, tuple[Ids, Tfs, IntArray]]:
        """The finalists' phrasing blocks joined, each term tagged with its phrasing's position in the join."""
        starts = np.cumsum(sizes) - sizes
        blocks = [self._blocks[e] for e in entry_ids.tolist()]
        joined = {}
        for name in PHRASING_FIELDS:
            if not blocks:
                joined[name] = (np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros(0, np.int64))
                continue
            joined[name] = (
                np.concatenate([b[name][0] for b in blocks]),
                np.concatenate([b[name][1] for b in blocks]),
                np.concatenate([b[name][2] + start for b, start in zip(blocks, starts.tolist(), strict=True)]),
            )
        return joined

    def exact(self, analysis: Analysis) -> int | None:
        """The one entry that has this very wording (after normalization), if exactly one has."""
        holders = self.wordings.get(" ".join(analysis.words), set())
        return next(iter(holders)) if len(holders) == 1 else None

    def word_statistics(self, words: Sequence[str]) -> tuple[IntArray, FloatArray]:
        """How many phrasings hold each word, and its IDF over phrasings (unknown words: 0 and the highest IDF)."""
        ids = self.vocabulary["word"].ids
        known = np.array([ids.get(w, -1) for w in words], dtype=np.int64)
        found = (known >= 0).nonzero()[0]
        counts = np.zeros(len(words), dtype=np.int64)
        idf = np.full(len(words), self.phrasings.unknown_idf())
        if len(found):
            term_ids = known[found].astype(np.int32)
            counts[found] = self.phrasings.dfs("word", term_ids)
            idf[found] = self.phrasings.idf("word", term_ids)
        return counts, idf

    def shares(self, words: Sequence[str], entry_id: int, frequencies: IntArray) -> tuple[FloatArray, FloatArray]:
        """For each word, of the phrasings holding it: the share in ``entry_id``, and the largest in another entry."""
        own = np.array([self.words.get(entry_id, Counter())[w] for w in words], dtype=np.float64)
        ids = self.vocabulary["word"].ids
        known = [position for position, w in enumerate(words) if frequencies[position] and w in ids]
        others = np.zeros(len(words))
        if known:
            terms = np.array([ids[words[p]] for p in known], dtype=np.int32)
            slots, counts, which = self.postings["word"].gather(terms)
            elsewhere = slots != self.entries.slot_of(entry_id)
            largest = np.zeros(len(known))
            np.maximum.at(largest, which[elsewhere], counts[elsewhere])
            others[known] = largest
        total = np.maximum(frequencies, 1).astype(np.float64)
        return own / total, np.minimum(1.0, others / total)
