"""Whatever a person types or calls themselves, the update is handled: long names, NUL bytes, huge messages."""

from __future__ import annotations

from sqlalchemy import select

from bot.runtime import Runtime
from storage.conversations import ConversationState
from storage.customers import ChannelIdentity, Customer
from storage.knowledge_base import UnansweredQuery
from storage.questions import QuestionEvent
from storage.tickets import TicketMessage
from tests.handlers.desk_fixtures import staffed_desk
from tests.harness import Chat, texts


async def _identity(runtime: Runtime, external_id: str) -> tuple[ChannelIdentity, Customer]:
    async with runtime.sessions() as session:
        identity = await session.scalar(select(ChannelIdentity).where(ChannelIdentity.external_id == external_id))
        assert identity is not None
        customer = await session.get(Customer, identity.customer_id)
        assert customer is not None
        return identity, customer


async def test_a_name_longer_than_the_column_is_cut_and_the_person_answered(runtime: Runtime) -> None:
    chat = Chat(runtime, language_code="en")
    long_name = "A" * 64 + " " + "B" * 64
    replies = await chat.send(chat.incoming(text="/start", user_name=long_name))
    assert replies, "the person is answered"
    identity, customer = await _identity(runtime, chat.user_id)
    assert identity.display_name == long_name[:120]
    assert customer.name == long_name[:120]
    renamed = await chat.send(chat.incoming(text="/help", user_name="C" * 200))
    assert renamed
    identity, _ = await _identity(runtime, chat.user_id)
    assert identity.display_name == "C" * 120


async def test_nul_and_control_characters_are_removed_from_text_and_names(runtime: Runtime) -> None:
    chat = Chat(runtime, language_code="en")
    replies = await chat.send(chat.incoming(text="where is\x00 the\x07 spare\x1b tyre?", user_name="Wang\x00 Wei\x7f"))
    assert replies, "the person is answered"
    identity, _ = await _identity(runtime, chat.user_id)
    assert identity.display_name == "Wang Wei"
    async with runtime.sessions() as session:
        logged = list(await session.scalars(select(QuestionEvent.text)))
    assert logged == ["where is the spare tyre?"]


async def test_nul_in_a_ticket_message_reaches_the_desk_without_it(runtime: Runtime) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    await desk.customer.say("my car\x00 makes a noise\nat 60 km/h")
    _, card = desk.last_desk_message()
    assert "my car makes a noise\nat 60 km/h" in card.text
    async with runtime.sessions() as session:
        stored = list(await session.scalars(select(TicketMessage.text).where(TicketMessage.text.is_not(None))))
    assert "my car makes a noise\nat 60 km/h" in stored


async def test_a_huge_message_gets_the_too_long_answer_and_is_not_kept(runtime: Runtime) -> None:
    chat = Chat(runtime, language_code="en")
    replies = await chat.say("x" * 100_000)
    assert "too long" in texts(replies)
    async with runtime.sessions() as session:
        states = list(await session.scalars(select(ConversationState.data)))
        unanswered = list(await session.scalars(select(UnansweredQuery.text)))
        logged = list(await session.scalars(select(QuestionEvent.text)))
    assert all(len(str(data)) < 1000 for data in states)
    assert unanswered == []
    assert logged == []
