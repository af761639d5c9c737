"""A wrong bot answer corrected from the desk: a new answer (undoable), or the wording moved to the right entry."""

from __future__ import annotations

from sqlalchemy import select

from handlers.types import Reply
from storage.knowledge_base import KnowledgeEntry, Phrasing
from storage.tickets import Ticket
from tests.handlers.desk_fixtures import Desk, staffed_desk
from tests.harness import Chat, texts

CAR_WASH = "Yes, every car in for a service or repair gets a free wash"


async def _closed_after_bot_answer(desk: Desk, question: str) -> Reply:
    """The customer gets a bot answer, asks for a person, is answered, and staff close: the desk's close note."""
    await desk.customer.say(question)
    await desk.customer.say("/human")
    await desk.reply_to_last("Sorry, that answer was out of date.")
    async with desk.runtime.sessions() as session:
        ticket = await session.scalar(select(Ticket))
        assert ticket is not None
    await desk.agent.press(f"desk:close:{ticket.id}")
    return desk.last_desk_message()[1]


def _button(reply: Reply, prefix: str) -> str:
    return next(c.data for row in reply.choices for c in row if c.data.startswith(prefix))


async def test_staff_correct_a_wrong_answer_and_can_restore_it(runtime) -> None:
    desk = await staffed_desk(runtime)
    assert texts(await desk.customer.say("Do you wash cars?")).startswith(CAR_WASH)
    note = await _closed_after_bot_answer(desk, "Do you wash cars?")
    assert any(c.label == "✏️ 纠正 car-wash 的答案" for row in note.choices for c in row)
    prompt = (await desk.agent.press(_button(note, "kbfix:answer:")))[-1]
    assert prompt.force_reply
    assert CAR_WASH in prompt.text
    corrected = "Our car wash is closed for renovation until March; we still vacuum the inside for free."
    saved = (await desk.reply_to_last(corrected))[-1]
    assert corrected in saved.text
    assert texts(await Chat(runtime, desk.sender, chat_id="cust-8", language_code="en").say("Do you wash cars?")) == (
        corrected
    )
    await desk.agent.press(_button(saved, "kbfix:restore:"))
    again = texts(await Chat(runtime, desk.sender, chat_id="cust-9", language_code="en").say("Do you wash cars?"))
    assert again.startswith(CAR_WASH)


async def test_staff_move_the_wording_to_the_entry_it_belongs_to(runtime) -> None:
    desk = await staffed_desk(runtime)
    question = "Is the workshop open 12 to 1?"
    assert "lunch" in texts(await desk.customer.say(question))
    note = await _closed_after_bot_answer(desk, question)
    offered = await desk.agent.press(_button(note, "kbfix:move:"))
    assert any(c.data.startswith("kbfix:to:") for reply in offered for row in reply.choices for c in row)
    assert offered[-1].force_reply
    done = (await desk.reply_to_last("opening-hours"))[-1]
    assert "opening-hours" in done.text
    newcomer = texts(await Chat(runtime, desk.sender, chat_id="cust-8", language_code="en").say(question))
    assert newcomer.startswith("Service reception at")
    assert await _phrasings(runtime, "workshop-lunch-break") == {
        "Can I drop my car off at noon?",
        "Can I pick up my car at lunchtime?",
        "Is anyone at the desk during lunchtime?",
    }
    assert question in await _phrasings(runtime, "opening-hours")


async def test_staff_pick_the_right_entry_from_the_best_matches(runtime) -> None:
    desk = await staffed_desk(runtime)
    question = "Is the workshop open 12 to 1?"
    await desk.customer.say(question)
    note = await _closed_after_bot_answer(desk, question)
    offered = await desk.agent.press(_button(note, "kbfix:move:"))
    pick = next(c for reply in offered for row in reply.choices for c in row if c.data.startswith("kbfix:to:"))
    key = pick.label.split(":")[0]
    assert key != "workshop-lunch-break"
    done = (await desk.agent.press(pick.data))[-1]
    assert f"现在由 {key} 回答" in done.text
    assert question in await _phrasings(runtime, key)


async def _phrasings(runtime, key: str) -> set[str]:
    async with runtime.sessions() as session:
        entry = await session.scalar(
            select(KnowledgeEntry).where(KnowledgeEntry.key == key, KnowledgeEntry.language == "en")
        )
        assert entry is not None
        return set(await session.scalars(select(Phrasing.text).where(Phrasing.entry_id == entry.id)))
