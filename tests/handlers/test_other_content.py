"""Voice, locations, stickers and the like: told to the desk in an open ticket, answered outside one."""

from __future__ import annotations

import pytest

from bot.runtime import Runtime
from handlers.types import Attachment
from tests.handlers.desk_fixtures import staffed_desk
from tests.harness import Chat, texts


@pytest.mark.parametrize(
    ("other", "attachments", "desk_sees"),
    [
        ("voice", (Attachment(kind="voice", file_id="voice-1", mime_type="audio/ogg"),), "（语音消息）"),
        ("video", (Attachment(kind="video", file_id="video-1"),), "（视频）"),
        ("animation", (Attachment(kind="animation", file_id="gif-1"),), "（动图）"),
        ("location:31.23, 121.47", (), "（位置：31.23, 121.47）"),
        ("sticker:🚗", (), "🚗"),
        ("contact:Bob Chen +8613800138000", (), "（名片：Bob Chen +8613800138000）"),
    ],
)
async def test_non_text_in_an_open_ticket_reaches_the_desk(
    runtime: Runtime, other: str, attachments: tuple[Attachment, ...], desk_sees: str
) -> None:
    desk = await staffed_desk(runtime)
    await desk.customer.say("/human")
    told = await desk.customer.send(desk.customer.incoming(other=other, attachments=attachments))
    assert told == [], "the customer is talking to a person; the bot stays quiet"
    _, card = desk.last_desk_message()
    assert card.text.endswith(desk_sees)
    assert [(a.kind, a.file_id) for a in card.attachments] == [(a.kind, a.file_id) for a in attachments]
    shown = await desk.agent.say("/ticket 1")
    assert desk_sees in texts(shown), "the transcript keeps it too"


async def test_non_text_outside_a_ticket_asks_for_text(runtime: Runtime) -> None:
    chat = Chat(runtime, language_code="en")
    for other in ("voice", "location:31.23, 121.47", "sticker:👍"):
        replies = await chat.send(chat.incoming(other=other))
        assert texts(replies) == "I can only read text and photos here — please type your question."
