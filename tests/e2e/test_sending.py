"""The outbox's Telegram sender against the local Bot API: what each reply becomes, and each failure."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.telegram import TelegramBot
from bot.telegram.sender import TelegramSender
from handlers.errors import Rejected, RetryLater, Undeliverable
from handlers.types import Attachment, Choice, Reply
from tests.e2e.botapi import TOKEN, BotApiServer
from tests.e2e.records import Fault

CUSTOMER = 4242
DESK = -1009999


@pytest.fixture
async def sender(api: BotApiServer) -> AsyncIterator[TelegramSender]:
    """The sender on the very ``Bot`` the bot builds (rate limiter included); no database."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        telegram_token=SecretStr(TOKEN),
        telegram_base_url=api.base_url,
        telegram_base_file_url=api.base_file_url,
    )
    bot = TelegramBot(settings).bot
    async with bot:
        yield TelegramSender(bot)


async def test_a_calendar_file_goes_as_a_document_with_the_text_as_caption_and_the_buttons(
    sender: TelegramSender, api: BotApiServer
) -> None:
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    reply = Reply(
        text="Your booking: Tue 3 Dec 09:00",
        attachments=(Attachment(kind="document", filename="booking.ics", content=ics),),
        choices=((Choice("Move", "book:move:7"), Choice("Cancel", "book:cancel:7")),),
    )
    sent = await sender.send(str(CUSTOMER), reply)

    (message,) = api.messages_to(CUSTOMER)
    assert sent.message_id == str(message.message_id)
    assert message.method == "sendDocument"
    assert message.upload is not None
    assert (message.upload.filename, message.upload.content) == ("booking.ics", ics)
    assert message.upload.mime_type == "text/calendar"
    assert message.text == "Your booking: Tue 3 Dec 09:00"
    assert [(b.label, b.data) for b in message.buttons] == [("Move", "book:move:7"), ("Cancel", "book:cancel:7")]


async def test_a_report_and_a_photo_follow_the_text_and_the_keyboard_sits_on_the_last(
    sender: TelegramSender, api: BotApiServer
) -> None:
    report = Attachment(kind="document", filename="bookings.xlsx", content=b"PK\x03\x04 fake workbook")
    photo = Attachment(kind="photo", file_id="AgAD-photo-id")
    await sender.send(
        str(DESK), Reply(text="Report for December", attachments=(report, photo), choices=((Choice("OK", "x:1"),),))
    )

    text, document, picture = api.messages_to(DESK)
    assert (text.method, text.text, text.reply_markup) == ("sendMessage", "Report for December", None)
    assert document.method == "sendDocument"
    assert document.upload is not None
    assert document.upload.filename == "bookings.xlsx"
    assert (picture.method, picture.upload and picture.upload.file_id) == ("sendPhoto", "AgAD-photo-id")
    assert [b.data for b in picture.buttons] == ["x:1"]


async def test_a_contact_request_shows_the_share_button_and_the_next_plain_message_removes_it(
    sender: TelegramSender, api: BotApiServer
) -> None:
    await sender.send(str(CUSTOMER), Reply(text="What is your mobile number?", request_contact="Share my phone number"))
    await sender.send(str(CUSTOMER), Reply(text="Saved."))
    await sender.send(str(DESK), Reply(text="Noted."))

    ask, saved = api.messages_to(CUSTOMER)
    assert [(b.label, b.request_contact) for b in ask.keyboard] == [("Share my phone number", True)]
    assert saved.removes_keyboard
    (noted,) = api.messages_to(DESK)
    assert noted.reply_markup is None  # groups never had the keyboard


async def test_the_menu_stays_open_under_a_private_chat_and_never_shows_in_a_group(
    sender: TelegramSender, api: BotApiServer
) -> None:
    menu = ("Book a service", "My bookings", "A person")
    await sender.send(str(CUSTOMER), Reply(text="Hello!", menu=menu))
    await sender.send(str(DESK), Reply(text="Noted.", menu=menu))
    (hello,) = api.messages_to(CUSTOMER)
    assert [b.label for b in hello.keyboard] == list(menu)
    assert hello.reply_markup is not None
    assert hello.reply_markup.get("is_persistent") is True
    (noted,) = api.messages_to(DESK)
    assert noted.reply_markup is None


async def test_an_edit_replaces_the_pressed_message_and_an_identical_edit_counts_as_sent(
    sender: TelegramSender, api: BotApiServer
) -> None:
    first = await sender.send(str(CUSTOMER), Reply(text="Which language?", choices=((Choice("English", "lang:en"),),)))
    edit = Reply(text="I will speak English with you from now on.", edit_message_id=first.message_id)

    assert (await sender.send(str(CUSTOMER), edit)).message_id == first.message_id
    assert (await sender.send(str(CUSTOMER), edit)).message_id == first.message_id  # "message is not modified"

    (message,) = api.messages_to(CUSTOMER)
    assert (message.text, message.buttons, message.edits) == (edit.text, [], 1)
    assert len(api.calls_of("editMessageText")) == 2


async def test_an_edit_of_a_message_that_is_gone_sends_a_new_one(sender: TelegramSender, api: BotApiServer) -> None:
    sent = await sender.send(str(CUSTOMER), Reply(text="Cancelled.", edit_message_id="999999"))

    (message,) = api.messages_to(CUSTOMER)
    assert (message.method, message.text, sent.message_id) == ("sendMessage", "Cancelled.", str(message.message_id))


async def test_a_ticket_card_opens_a_forum_topic_and_reports_its_thread(
    sender: TelegramSender, api: BotApiServer
) -> None:
    card = Reply(text="🆕 Ticket #12", meta={"topic": {"ticket_id": 12, "title": "#12 王小明"}})
    sent = await sender.send(str(DESK), card)

    (topic,) = api.topics
    (message,) = api.messages_to(DESK)
    assert (topic["name"], topic["chat_id"]) == ("#12 王小明", DESK)
    assert sent.thread_id == str(topic["message_thread_id"]) == str(message.thread_id)


@pytest.mark.parametrize(
    ("fault", "expected", "retry_after"),
    [
        (Fault.too_many_requests(retry_after=7), RetryLater, 7.0),
        (Fault.dropped_connection(), RetryLater, None),
        (Fault(502, "Bad Gateway"), RetryLater, None),
        (Fault.blocked(), Undeliverable, None),
        (Fault(403, "Forbidden: user is deactivated"), Undeliverable, None),
        (Fault.bad_request("chat not found"), Undeliverable, None),
        (Fault.bad_request("can't parse entities"), Rejected, None),
    ],
)
async def test_telegram_failures_become_the_outbox_vocabulary(
    sender: TelegramSender, api: BotApiServer, fault: Fault, expected: type[Exception], retry_after: float | None
) -> None:
    api.fail("sendMessage", fault)
    with pytest.raises(expected) as raised:
        await sender.send(str(CUSTOMER), Reply(text="Hello"))
    if isinstance(raised.value, RetryLater):
        assert raised.value.retry_after == retry_after


async def test_button_data_over_64_bytes_is_rejected_before_calling_telegram(
    sender: TelegramSender, api: BotApiServer
) -> None:
    with pytest.raises(Rejected, match="64 bytes"):
        await sender.send(str(CUSTOMER), Reply(text="Pick", choices=((Choice("Too long", "x:" + "预" * 21),),)))
    assert api.calls_of("sendMessage") == []


async def test_after_a_partial_failure_only_the_rest_of_a_reply_is_sent(
    sender: TelegramSender, api: BotApiServer
) -> None:
    reply = Reply(text=("word " * 600 + "\n\n") * 2)  # two messages
    api.fail("sendMessage", Fault.too_many_requests(retry_after=1), after=1)
    with pytest.raises(RetryLater):
        await sender.send(str(CUSTOMER), reply)
    await sender.send(str(CUSTOMER), reply)

    assert len(api.messages_to(CUSTOMER)) == 2
    assert len(api.calls_of("sendMessage")) == 3
    assert [m.text for m in api.messages_to(CUSTOMER)] == [("word " * 600).strip()] * 2


async def test_a_file_the_bot_sent_downloads_through_the_file_address(
    sender: TelegramSender, api: BotApiServer
) -> None:
    report = Attachment(kind="document", filename="day.xlsx", content=b"PK\x03\x04 workbook bytes")
    await sender.send(str(DESK), Reply(text="", attachments=(report,)))
    (message,) = api.messages_to(DESK)
    assert message.upload is not None

    file = await sender.bot.get_file(message.upload.file_id)
    assert bytes(await file.download_as_bytearray()) == b"PK\x03\x04 workbook bytes"
