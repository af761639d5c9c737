"""/start, /help, /language, /cancel and commands nobody knows."""

from __future__ import annotations

import pytest

from storage.staff import Role
from tests.handlers.desk_fixtures import make_staff
from tests.harness import Chat, texts


async def test_start_greets_in_the_clients_language(runtime) -> None:
    chinese = await Chat(runtime, chat_id="zh", language_code="zh-hans").say("/start")
    english = await Chat(runtime, chat_id="en", language_code="en-US").say("/start")
    assert "欢迎" in texts(chinese)
    assert "Welcome" in texts(english)


async def test_language_switch_is_remembered(runtime) -> None:
    chat = Chat(runtime, language_code="zh-CN")
    offered = await chat.say("/language")
    labels = [choice.label for row in offered[0].choices for choice in row]
    assert labels == ["中文", "English"]
    switched = await chat.press("lang:en")
    assert texts(switched) == "I will speak English with you from now on."
    assert switched[0].edit_message_id == "1", "the language menu is edited, not repeated"
    assert "Type your question" in texts(await chat.say("/help"))


async def test_language_can_be_given_as_an_argument(runtime) -> None:
    chat = Chat(runtime, language_code="en")
    assert texts(await chat.say("/language zh-CN")) == "好的，从现在起我用中文和您交流。"


async def test_unknown_command_points_to_help(runtime) -> None:
    assert "/help" in texts(await Chat(runtime, language_code="en").say("/frobnicate now"))


async def test_a_stale_button_is_explained(runtime) -> None:
    assert "expired" in texts(await Chat(runtime, language_code="en").press("nosuchflow:1"))


@pytest.mark.parametrize("step", ["ask_name", "ask_phone"])
async def test_cancel_leaves_every_step_of_a_flow(runtime, step: str) -> None:
    chat = Chat(runtime, language_code="en")
    await chat.press(f"account:{step}")
    assert texts(await chat.say("/cancel")).startswith("Cancelled.")
    # Out of the flow, the same text is a question again, not a name or a number.
    assert "Saved." not in texts(await chat.say("13812345678"))


async def test_cancel_outside_a_flow_says_there_is_nothing_to_cancel(runtime) -> None:
    assert "nothing to cancel" in texts(await Chat(runtime, language_code="en").say("/cancel"))


async def test_help_lists_each_person_the_commands_their_role_may_use(runtime) -> None:
    for user_id, role in (("agent-1", Role.AGENT), ("manager-1", Role.MANAGER), ("admin-1", Role.ADMIN)):
        await make_staff(runtime, user_id, role)
    customer, agent, manager, admin = [
        texts(await Chat(runtime, chat_id=user_id, language_code="en").say("/help"))
        for user_id in ("cust-1", "agent-1", "manager-1", "admin-1")
    ]
    staff_commands = ("/queue", "/mine", "/ticket", "/close", "/reply_templates", "/today", "/day", "/book_for")
    assert "/book:" in customer
    assert not any(command in customer for command in staff_commands)
    assert all(command in agent for command in staff_commands), agent
    assert "/report" not in agent
    assert "/staff add" not in agent
    assert "/report" in manager
    assert "/staff add" not in manager
    assert "/report" in admin
    assert "/staff add" in admin
    assert "工单" in agent, "staff read their help in the desk's language"
