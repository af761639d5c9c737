"""The inverted index: BM25 scores, and documents added, replaced and removed one at a time."""

from __future__ import annotations

from knowledge.index import BM25Index, FieldSpec
from knowledge.text import analyze


def _index(docs: dict[str, str]) -> BM25Index:
    index = BM25Index({"word": FieldSpec(0.3), "char": FieldSpec(0.7)})
    for doc, text in docs.items():
        _add(index, doc, text)
    return index


def _add(index: BM25Index, doc: str, text: str) -> None:
    analysis = analyze(text)
    index.add(doc, {"word": analysis.word_features, "char": analysis.char_features})


def _ranking(index: BM25Index, question: str) -> list[str]:
    analysis = analyze(question)
    scores = index.search({"word": analysis.word_features, "char": analysis.char_features})
    ranked = sorted((float(s), str(index.doc_at(slot))) for slot, s in enumerate(scores) if s > 0)
    return [doc for _, doc in reversed(ranked)]


DOCS = {"oil": "how often to change engine oil", "tyres": "price of new tyres", "hours": "when do you open"}


def test_the_document_sharing_the_rare_words_ranks_first() -> None:
    assert _ranking(_index(DOCS), "engine oil change interval")[0] == "oil"


def test_a_typo_still_matches_through_character_ngrams() -> None:
    assert _ranking(_index(DOCS), "engin oill")[0] == "oil"


def test_add_replace_and_remove_without_rebuilding() -> None:
    index = _index(DOCS)
    _add(index, "wipers", "new wiper blades")
    assert _ranking(index, "wiper blades")[0] == "wipers"
    _add(index, "wipers", "horn")  # same id: replaces
    assert "wipers" not in _ranking(index, "wiper blades")
    index.remove("oil")
    assert "oil" not in _ranking(index, "engine oil")
    assert len(index) == 3
    assert "oil" not in index


def test_compaction_reuses_slots_and_keeps_the_results() -> None:
    index = _index({f"doc{n}": f"question number {n} about brakes" for n in range(400)})
    for n in range(300):
        index.remove(f"doc{n}")  # crosses the compaction threshold
    _add(index, "new", "battery replacement cost")
    assert index.capacity == 400  # the new document took a freed slot
    assert _ranking(index, "battery cost") == ["new"]
    assert set(_ranking(index, "brakes question")) == {f"doc{n}" for n in range(300, 400)}


def test_document_frequency_follows_removals() -> None:
    index = _index(DOCS)
    assert index.df("word", "new") == 1
    index.remove("tyres")
    assert index.df("word", "new") == 0
