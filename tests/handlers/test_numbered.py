"""Numbered options on a text-only channel: a typed number or label is the button, whichever worker reads it."""

from __future__ import annotations

from bot.runtime import start_runtime
from bot.settings import Settings
from tests.harness import Chat, FakeClock, RecordingSender, texts

CONSOLE = "console"
ENGLISH = "I will speak English with you from now on."


async def test_a_typed_number_picks_the_option_after_a_restart(runtime, settings: Settings, clock: FakeClock) -> None:
    sender = RecordingSender(CONSOLE)
    offered = await Chat(runtime, sender).say("/language")
    assert [choice.label for row in offered[0].choices for choice in row] == ["中文", "English"]
    await runtime.close()

    restarted = await start_runtime(settings, clock=clock)
    try:
        switched = await Chat(restarted, sender).say("2")
    finally:
        await restarted.close()
    assert texts(switched) == ENGLISH
    assert switched[0].edit_message_id == "1", "the pick edits the message that offered it, as a press would"


async def test_a_typed_label_picks_its_option_whatever_its_case_emoji_or_spacing(runtime) -> None:
    chat = Chat(runtime, RecordingSender(CONSOLE))
    await chat.say("/language")
    assert texts(await chat.say("  english ")) == ENGLISH
    await chat.say("/language")
    assert texts(await chat.say("中文!")) == "好的，从现在起我用中文和您交流。"


async def test_a_number_with_no_option_says_which_numbers_there_are(runtime) -> None:
    chat = Chat(runtime, RecordingSender(CONSOLE))
    await chat.say("/language")
    assert texts(await chat.say("7")) == "请输入 1 到 2 之间的数字。"
    assert texts(await chat.say("2")) == "I will speak English with you from now on."


async def test_a_chat_with_buttons_reads_a_typed_number_as_text(runtime) -> None:
    chat = Chat(runtime)
    await chat.say("/language")
    answered = texts(await chat.say("2"))
    assert ENGLISH not in answered
    assert "请输入" not in answered
