"""The account flow: name and phone, typed or shared, validated."""

from __future__ import annotations

from sqlalchemy import select

from storage.customers import ChannelIdentity, Customer
from tests.harness import Chat, texts


async def _customer(runtime, chat: Chat) -> Customer:
    async with runtime.sessions() as session:
        customer = await session.scalar(
            select(Customer).join(ChannelIdentity).where(ChannelIdentity.external_id == chat.user_id)
        )
        assert customer is not None
        return customer


async def test_phone_is_validated_and_stored_in_international_form(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    asked = await chat.press("account:ask_phone")
    assert asked[0].request_contact == "Share my phone number"
    refused = await chat.say("12345")
    assert "does not look like a phone number" in texts(refused)
    saved = await chat.say("138 1234 5678")
    assert "Saved." in texts(saved)
    assert (await _customer(runtime, chat)).phone == "+8613812345678"


async def test_a_shared_contact_fills_the_phone(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    await chat.press("account:ask_phone")
    await chat.share_contact("+8613900001111")
    assert (await _customer(runtime, chat)).phone == "+8613900001111"


async def test_a_name_that_is_too_long_is_refused_and_the_flow_waits(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    await chat.press("account:ask_name")
    assert "1 to 60 characters" in texts(await chat.say("x" * 61))
    assert "Name: Li Lei" in texts(await chat.say("  Li   Lei "))
