"""After a new car is delivered: the thank-you letter (at once, or when the owner first turns up) and the
first-service follow-up by date and mileage. The clock starts on Tuesday 2026-12-01 at 10:00 in Shanghai."""

from __future__ import annotations

from bot.runtime import start_runtime
from storage import jobs
from storage.customers import Vehicle
from storage.new_cars import CarDelivery
from tests.conftest import DESK
from tests.handlers.aftercare_helpers import rows, workshop
from tests.handlers.booking_helpers import labels
from tests.harness import Chat, texts

LETTER = "thank you for choosing Xinghe Motors 星河汽车! Your new car 粤B88888 has been delivered"


async def _owner_with_phone(chat: Chat) -> None:
    await chat.say("/language en")
    await chat.press("account:ask_phone")
    await chat.share_contact("+8613812345678")


async def _jobs(runtime) -> dict[str, str]:
    async with runtime.sessions() as session:
        return {job.kind: job.due_at.isoformat() for job in await jobs.with_prefix(session, "newcar:")}


async def test_an_owner_who_chats_gets_the_letter_at_once_with_the_first_service_planned(runtime) -> None:
    shop = await workshop(runtime)
    await _owner_with_phone(shop.customer)
    [told] = await shop.advisor.say("/delivered 粤b·88888 138 1234 5678")
    assert told.text == "粤B88888 delivered. The thank-you letter went to +8613812345678."
    letter = shop.to("cust-1")[-1]
    assert LETTER in letter
    assert "400-820-1888" in letter
    assert "Your first service is due by 2027-03-01, or at 5,000 km if that comes first." in letter
    [(_chat, sent)] = [(c, r) for c, r in shop.sender.sent if c == "cust-1"][-1:]
    assert [choice.data for row in sent.choices for choice in row] == ["newcar:book:1"]
    assert [v.plate for v in await rows(runtime, Vehicle)] == ["粤B88888"]
    assert await _jobs(runtime) == {
        "newcar.mileage": "2026-12-31T02:00:00+00:00",  # 30 days on, 10:00 in Shanghai
        "newcar.first_service": "2027-02-22T02:00:00+00:00",  # a week before three months are up
    }
    again = await shop.advisor.say("/delivered 粤B88888 13812345678")
    assert texts(again) == "The delivery of 粤B88888 is already recorded."


async def test_the_letter_waits_for_an_owner_the_bot_does_not_know_yet(runtime) -> None:
    shop = await workshop(runtime)
    [told] = await shop.advisor.say("/delivered 粤B88888 13812345678")
    assert "has not chatted with the bot yet, so the letter waits" in told.text
    newcomer = Chat(runtime, shop.sender, chat_id="new-owner", language_code="en")
    await newcomer.say("/start")
    assert not any(LETTER in text for text in shop.to("new-owner"))
    await _owner_with_phone(newcomer)
    replies = await newcomer.say("What are your opening hours?")
    assert LETTER in replies[0].text, "the letter comes first, then the answer"
    await newcomer.say("Thanks")
    assert sum(LETTER in text for text in shop.to("new-owner")) == 1
    [delivery] = await rows(runtime, CarDelivery)
    assert delivery.letter_sent_at is not None
    assert delivery.customer_id is not None


async def test_the_mileage_brings_the_reminder_forward_and_the_button_books_the_first_service(runtime, clock) -> None:
    shop = await workshop(runtime)
    await _owner_with_phone(shop.customer)
    await shop.advisor.say("/delivered 粤B88888 13812345678")
    clock.advance(days=30)
    await shop.run_jobs()
    question = [r for c, r in shop.sender.sent if c == "cust-1"][-1]
    assert question.text == "How far has your 粤B88888 gone since delivery? A rough figure is fine."
    assert labels([question]) == ["< 1,000 km", "1,000–3,000 km", "3,000–5,000 km", "> 5,000 km"]
    [thanks] = await shop.customer.press("newcar:km:1:4000")
    assert "due by 2027-01-08" in thanks.text  # 4,000 km in 30 days reaches 5,000 km on day 38
    reminder_due = (await _jobs(runtime))["newcar.first_service"]
    assert reminder_due < "2027-01-03", reminder_due
    clock.advance(days=3)
    await shop.run_jobs()
    reminder = [r for c, r in shop.sender.sent if c == "cust-1"][-1]
    assert reminder.text.startswith("Your 粤B88888 is due for its first service by 2027-01-08")
    booking = await shop.customer.press("newcar:book:1")
    assert texts(booking).startswith("Which day suits you for First service?")


async def test_staff_only_and_a_plate_and_phone_are_needed(runtime) -> None:
    shop = await workshop(runtime)
    assert texts(await shop.customer.say("/delivered 粤B88888 13812345678")) == "Sorry, that is only for our staff."
    usage = await shop.advisor.say("/delivered 粤B88888")
    assert texts(usage) == "Please give the plate and the owner's phone: /delivered 粤B12345 13812345678"
    assert "licence plate" in texts(await shop.advisor.say("/delivered XYZ 13812345678"))


async def test_the_letter_text_comes_from_the_settings(settings, clock) -> None:
    custom = settings.model_copy(update={"thank_you_letter_en": "Enjoy {plate}! Questions: {hotline}. {unknown}"})
    runtime = await start_runtime(custom, clock=clock, desk=DESK)
    try:
        shop = await workshop(runtime)
        await _owner_with_phone(shop.customer)
        await shop.advisor.say("/delivered 粤B88888 13812345678")
        assert shop.to("cust-1")[-1].startswith("Enjoy 粤B88888! Questions: 400-820-1888. {unknown}\n\n")
    finally:
        await runtime.close()
