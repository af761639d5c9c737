"""Telegram updates as dealerbot sees them (tests of the adapter may import ``telegram``)."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.telegram.convert import to_incoming
from handlers.types import Attachment, ChatKind, Incoming

BOT = "dealer_bot"
ALICE = {"id": 501, "is_bot": False, "first_name": "Alice", "last_name": "Li", "language_code": "en-US"}
PRIVATE = {"id": 501, "type": "private"}
DESK = {"id": -100777, "type": "supergroup", "title": "Desk", "is_forum": True}


def incoming(message: dict[str, Any] | None = None, **update: Any) -> Incoming | None:
    doc: dict[str, Any] = {"update_id": 9001, **update}
    if message is not None:
        doc["message"] = {"message_id": 55, "date": 1_800_000_000, "chat": PRIVATE, "from": ALICE, **message}
    return to_incoming(Update.de_json(doc, None), BOT)


def test_a_text_message_carries_who_where_and_the_update_id() -> None:
    seen = incoming({"text": "What are your opening hours?"})
    assert seen == Incoming(
        channel="telegram",
        chat_id="501",
        user_id="501",
        update_id="9001",
        text="What are your opening hours?",
        language_code="en-US",
        user_name="Alice Li",
        chat_kind=ChatKind.PRIVATE,
        message_id="55",
    )


def test_a_deep_link_is_a_start_command_with_its_payload() -> None:
    seen = incoming({"text": "/start book", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]})
    assert seen is not None
    assert seen.command == ("start", "book")


def test_a_button_press_is_a_choice_on_the_message_that_had_the_button() -> None:
    query = {
        "id": "q1",
        "from": ALICE,
        "chat_instance": "ci",
        "data": "lang:en",
        "message": {"message_id": 77, "date": 1_800_000_000, "chat": PRIVATE, "text": "Which language?"},
    }
    seen = incoming(callback_query=query)
    assert seen is not None
    assert (seen.choice, seen.message_id, seen.chat_id, seen.text) == ("lang:en", "77", "501", None)


def test_only_the_senders_own_contact_counts_as_their_phone() -> None:
    own = incoming({"contact": {"phone_number": "+8613800138000", "first_name": "Alice", "user_id": 501}})
    assert own is not None
    assert own.contact_phone == "+8613800138000"
    other = incoming({"contact": {"phone_number": "+8613900000000", "first_name": "Bob", "user_id": 502}})
    assert other is not None
    assert (other.contact_phone, other.other) == (None, "contact:Bob +8613900000000")


def test_photos_keep_the_largest_size_and_documents_their_name() -> None:
    sizes = [
        {"file_id": "small", "file_unique_id": "s", "width": 90, "height": 90},
        {"file_id": "large", "file_unique_id": "l", "width": 1280, "height": 1280},
    ]
    photo = incoming({"photo": sizes, "caption": "this light?"})
    assert photo is not None
    assert (photo.text, photo.attachments) == ("this light?", (Attachment(kind="photo", file_id="large"),))
    document = {"file_id": "doc", "file_unique_id": "d", "file_name": "invoice.pdf", "mime_type": "application/pdf"}
    seen = incoming({"document": document})
    assert seen is not None
    assert seen.attachments == (
        Attachment(kind="document", file_id="doc", filename="invoice.pdf", mime_type="application/pdf"),
    )


def test_in_a_forum_topic_the_topic_is_kept_and_its_first_message_is_not_a_reply() -> None:
    topic_root = {
        "message_id": 300,
        "date": 1_800_000_000,
        "chat": DESK,
        "from": {"id": 1, "is_bot": True, "first_name": "Dealer"},
    }
    common = {"chat": DESK, "text": "It is ready", "message_thread_id": 300, "is_topic_message": True}
    in_topic = incoming({**common, "reply_to_message": topic_root})
    assert in_topic is not None
    assert (in_topic.chat_kind, in_topic.thread_id, in_topic.reply_to_message_id) == (ChatKind.GROUP, "300", None)

    card = {**topic_root, "message_id": 301, "message_thread_id": 300, "is_topic_message": True}
    replying = incoming({**common, "reply_to_message": card})
    assert replying is not None
    assert (replying.reply_to_message_id, replying.reply_to_user_id, replying.reply_to_user_name) == (
        "301",
        "1",
        "Dealer",
    )


def test_a_reply_thread_in_a_plain_group_is_not_a_topic() -> None:
    group = {"id": -100888, "type": "supergroup", "title": "Owners"}
    seen = incoming({"chat": group, "text": "hi", "message_thread_id": 12})
    assert seen is not None
    assert seen.thread_id is None


def test_what_the_bot_does_not_read_is_ignored() -> None:
    assert incoming({"new_chat_members": [ALICE]}) is None  # a service message
    assert incoming({"text": "/help@other_bot"}) is None  # a command for another bot
    assert incoming({"text": "hi", "chat": {"id": -1001, "type": "channel", "title": "News"}}) is None
    assert incoming({"text": "hi", "from": {"id": 9, "is_bot": True, "first_name": "Other"}}) is None
    assert incoming(edited_message={"message_id": 1, "date": 1, "chat": PRIVATE, "from": ALICE, "text": "x"}) is None
    assert incoming({"text": "/help@Dealer_Bot"}) is not None  # our own name, in any case


def test_voice_audio_and_video_are_files_sent_back_by_their_kind_and_said_what_they_are() -> None:
    voice = incoming({"voice": {"file_id": "v1", "file_unique_id": "uv1", "duration": 3, "mime_type": "audio/ogg"}})
    assert voice is not None
    assert (voice.other, voice.text) == ("voice", None)
    assert voice.attachments == (Attachment(kind="voice", file_id="v1", mime_type="audio/ogg"),)
    audio = incoming({"audio": {"file_id": "a1", "file_unique_id": "ua1", "duration": 60}})
    video = incoming({"video": {"file_id": "m1", "file_unique_id": "um1", "width": 1, "height": 1, "duration": 5}})
    assert audio is not None
    assert video is not None
    assert [(seen.other, [a.kind for a in seen.attachments]) for seen in (audio, video)] == [
        ("audio", ["audio"]),
        ("video", ["video"]),
    ]


def test_a_gif_is_one_animation_not_also_a_document() -> None:
    file = {"file_id": "g1", "file_unique_id": "ug1", "width": 1, "height": 1, "duration": 2}
    seen = incoming({"animation": file, "document": {"file_id": "g1", "file_unique_id": "ug1"}})
    assert seen is not None
    assert (seen.other, seen.attachments) == ("animation", (Attachment(kind="animation", file_id="g1"),))


def test_a_location_sticker_video_note_and_another_persons_contact_are_said_what_they_are() -> None:
    location = incoming({"location": {"latitude": 31.23, "longitude": 121.47}})
    sticker = {"file_id": "s1", "file_unique_id": "us1", "width": 1, "height": 1, "is_animated": False}
    sticker_seen = incoming({"sticker": {**sticker, "is_video": False, "type": "regular", "emoji": "🚗"}})
    note = incoming({"video_note": {"file_id": "n1", "file_unique_id": "un1", "length": 1, "duration": 2}})
    contact = incoming({"contact": {"phone_number": "+8613900139000", "first_name": "Bob", "last_name": "Chen"}})
    seen = [location, sticker_seen, note, contact]
    assert all(s is not None and s.text is None and s.contact_phone is None for s in seen)
    assert [s.other for s in seen if s is not None] == [
        "location:31.23, 121.47",
        "sticker:🚗",
        "video_note",
        "contact:Bob Chen +8613900139000",
    ]
