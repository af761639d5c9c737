"""The live knowledge base follows storage: staff changes and stored tuning reach the next question."""

from __future__ import annotations

from dataclasses import replace

from knowledge import Band, KnowledgeBase, Thresholds
from knowledge.calibration import default_calibration
from storage import knowledge_base as kb

TOW = kb.EntryDraft(
    "towing-abroad",
    "en",
    "roadside",
    "Can you tow my car from another city?",
    "Yes, up to 300 km, call 400-820-1999.",
    ("Do you tow cars from out of town?", "My car broke down in another province"),
)
QUESTION = "can you tow my car back from another city"


async def test_an_entry_added_by_staff_is_matched_by_the_next_question(runtime) -> None:
    knowledge = KnowledgeBase()
    async with runtime.sessions() as session:
        await knowledge.refresh(session)
        before = knowledge.match(QUESTION, "en")
    assert before.best is None or before.best.key != "towing-abroad"
    async with runtime.sessions() as session, session.begin():
        await kb.upsert_entry(session, TOW, author="alice")
    async with runtime.sessions() as session:
        await knowledge.refresh(session)
    after = knowledge.match(QUESTION, "en")
    assert after.best is not None
    assert after.best.key == "towing-abroad"
    assert after.band is Band.ANSWER
    assert knowledge.entry_by_key("towing-abroad", "en") is not None


async def test_a_new_phrasing_and_a_deactivated_entry_are_seen_without_a_rebuild(runtime) -> None:
    knowledge = KnowledgeBase()
    async with runtime.sessions() as session, session.begin():
        entry = await kb.upsert_entry(session, TOW, author="alice")
    async with runtime.sessions() as session:
        await knowledge.refresh(session)
    indexed_before = len(knowledge.matcher)
    async with runtime.sessions() as session, session.begin():
        await kb.add_phrasing(session, entry.id, "flatbed from Suzhou to your store", author="bob")
    async with runtime.sessions() as session:
        await knowledge.refresh(session)
    found = knowledge.match("flatbed from Suzhou", "en")
    assert found.best is not None
    assert found.best.key == "towing-abroad"
    assert len(knowledge.matcher) == indexed_before
    async with runtime.sessions() as session, session.begin():
        await kb.upsert_entry(session, replace(TOW, active=False), author="bob")
    async with runtime.sessions() as session:
        await knowledge.refresh(session)
    gone = knowledge.match(QUESTION, "en")
    assert gone.best is None or gone.best.key != "towing-abroad"
    assert knowledge.entry(entry.id) is None


async def test_stored_tuning_overrides_the_setting_defaults_in_every_worker(runtime) -> None:
    first, second = KnowledgeBase(Thresholds(0.9, 0.3)), KnowledgeBase(Thresholds(0.9, 0.3))
    async with runtime.sessions() as session:
        await first.refresh(session)
        await second.refresh(session)
    assert first.thresholds == Thresholds(0.9, 0.3)
    async with runtime.sessions() as session, session.begin():
        await kb.save_tuning(
            session, answer=0.97, suggest=0.5, calibration=default_calibration().to_json(), questions=12, tuned_by="t"
        )
    for worker in (first, second):
        async with runtime.sessions() as session:
            await worker.refresh(session)
        assert worker.thresholds == Thresholds(0.97, 0.5)
