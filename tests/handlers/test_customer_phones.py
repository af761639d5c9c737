"""A customer keeps every phone number they gave: the newest is the contact number, each one still finds them.

The clock starts on Tuesday 2026-12-01 at 10:00 in Shanghai.
"""

from __future__ import annotations

from sqlalchemy import update

from storage.customers import ChannelIdentity
from tests.handlers.aftercare_helpers import Workshop, workshop
from tests.handlers.booking_helpers import labels, tap
from tests.harness import texts

PHONE_A = "+8613812345678"
PHONE_B = "+8613900001111"


async def _booked_with_two_phones(shop: Workshop) -> None:
    """A first booking gives phone A; a second one, typed with phone B, makes B the contact number."""
    await shop.book()
    replies = await shop.customer.say("/book")
    replies = await tap(shop.customer, replies, "Minor service")
    replies = await tap(shop.customer, replies, "Thu, 12/3")
    replies = await tap(shop.customer, replies, "10:00")
    summary = await tap(shop.customer, replies, "粤B12345")
    assert f"Phone: {PHONE_A}" in texts(summary)
    await tap(shop.customer, summary, "Change phone")
    summary = await shop.customer.say("139 0000 1111")
    assert "Reference:" in texts(await tap(shop.customer, summary, "Book it"))


async def test_book_for_finds_the_customer_by_an_older_phone_and_by_the_newer_one(runtime) -> None:
    shop = await workshop(runtime)
    await _booked_with_two_phones(shop)
    for phone in ("13812345678", "13900001111"):
        started = texts(await shop.advisor.say(f"/book_for {phone}"))
        assert "new customer" not in started
        await shop.advisor.say("minor")
        asked = await shop.advisor.say("Dec 4 10am")
        assert "Which vehicle is it for?" in texts(asked)
        assert "粤B12345 Corolla" in labels(asked)
        await shop.advisor.say("/cancel")


async def test_delivered_with_the_older_phone_reaches_the_owner(runtime) -> None:
    shop = await workshop(runtime)
    await _booked_with_two_phones(shop)
    [told] = await shop.advisor.say(f"/delivered 粤B88888 {PHONE_A}")
    assert told.text == f"粤B88888 delivered. The thank-you letter went to {PHONE_A}."
    assert "Your new car 粤B88888 has been delivered" in shop.to("cust-1")[-1]


async def test_a_letter_waiting_for_the_older_phone_reaches_the_owner_when_they_return(runtime) -> None:
    shop = await workshop(runtime)
    await _booked_with_two_phones(shop)
    async with runtime.sessions() as session, session.begin():
        await session.execute(update(ChannelIdentity).values(blocked_bot=True))
    [told] = await shop.advisor.say(f"/delivered 粤B88888 {PHONE_A}")
    assert "so the letter waits" in told.text
    replies = await shop.customer.say("Hello again")
    assert "Your new car 粤B88888 has been delivered" in replies[0].text


async def test_the_profile_shows_the_newest_phone_as_contact_and_keeps_the_older_one(runtime) -> None:
    shop = await workshop(runtime)
    await _booked_with_two_phones(shop)
    profile = texts(await shop.customer.say("/profile"))
    assert f"Phone: {PHONE_B}" in profile
    assert f"Other numbers: {PHONE_A}" in profile
