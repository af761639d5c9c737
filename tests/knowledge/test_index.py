"""The index: BM25 scores, candidates from the postings, documents added, replaced and removed one at a time."""

from __future__ import annotations

import numpy as np

from knowledge.index import DocTable, FieldSpec, Vocabulary
from knowledge.postings import Postings
from knowledge.text import analyze

SPECS = {"word": FieldSpec(0.3), "char": FieldSpec(0.7)}


class Index:
    """A table with postings, as retrieval uses them, over texts."""

    def __init__(self, docs: dict[str, str]) -> None:
        self.vocabulary = {name: Vocabulary() for name in SPECS}
        self.table = DocTable(SPECS, self.vocabulary)
        self.postings = {name: Postings(self.table, name) for name in SPECS}
        for doc, text in docs.items():
            self.add(doc, text)

    def _features(self, text: str) -> dict[str, dict[str, int]]:
        analysis = analyze(text)
        return {"word": analysis.word_features, "char": analysis.char_features}

    def add(self, doc: str, text: str) -> None:
        encoded = {name: self.vocabulary[name].encode(f) for name, f in self._features(text).items()}
        slot = self.table.add(doc, encoded)
        for postings in self.postings.values():
            postings.added(slot)

    def ranking(self, question: str, common: float = 1.0) -> list[str]:
        query = {name: self.vocabulary[name].known(f) for name, f in self._features(question).items()}
        proposed = sum(self.postings[name].approximate(ids, common)[0] for name, (ids, _) in query.items())
        slots = np.flatnonzero(proposed > 0)
        exact = self.table.score(slots, query)
        return [str(self.table.doc_at(int(slots[i]))) for i in np.argsort(-exact, kind="stable") if exact[i] > 0]


DOCS = {"oil": "how often to change engine oil", "tyres": "price of new tyres", "hours": "when do you open"}


def test_the_document_sharing_the_rare_words_ranks_first() -> None:
    assert Index(DOCS).ranking("engine oil change interval")[0] == "oil"


def test_a_typo_still_matches_through_character_ngrams() -> None:
    assert Index(DOCS).ranking("engin oill")[0] == "oil"


def test_add_replace_and_remove_without_rebuilding() -> None:
    index = Index(DOCS)
    assert index.ranking("oil")  # the postings are built once here
    index.add("wipers", "new wiper blades")
    assert index.ranking("wiper blades")[0] == "wipers"
    index.add("wipers", "horn")  # same id: replaces
    assert "wipers" not in index.ranking("wiper blades")
    index.table.remove("oil")
    assert "oil" not in index.ranking("engine oil")
    assert len(index.table) == 3
    assert "oil" not in index.table


def test_document_frequency_follows_removals() -> None:
    index = Index(DOCS)
    new = index.vocabulary["word"].ids["new"]
    assert index.table.dfs("word", np.array([new], dtype=np.int32))[0] == 1
    index.table.remove("tyres")
    assert index.table.dfs("word", np.array([new], dtype=np.int32))[0] == 0


def test_exact_scores_do_not_depend_on_which_terms_proposed_the_candidates() -> None:
    docs = {f"doc{n}": f"question {n} about the brakes of my car" for n in range(200)}
    docs["pads"] = "brake pads price for my car"
    index = Index(docs)
    # With common terms left out of the proposal, the rare word still finds the document.
    assert index.ranking("price of brake pads for my car", common=0.05)[0] == "pads"
    assert (
        index.ranking("price of brake pads for my car", common=0.05)[:1]
        == index.ranking("price of brake pads for my car")[:1]
    )
