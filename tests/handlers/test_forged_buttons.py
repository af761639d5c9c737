"""Button data comes from the client and can be forged or stale: nothing in it may crash a flow or leak a row."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.runtime import Runtime
from handlers.registry import CHOICES
from storage.staff import Role
from tests.handlers.booking_helpers import all_bookings, book_via_chat
from tests.handlers.desk_fixtures import make_staff
from tests.harness import Chat, texts

# Values that pass a careless check: "²".isdigit() is True, 20 digits overflow BIGINT, year 9999 overflows arithmetic.
FORGED = (
    "²",
    "٣",
    "99999999999999999999",
    "9223372036854775808",
    "0",
    "-1",
    "",
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59:00+08:00",
    "2026-12-03T10:00:00",
    "#1",
    "1",
)
ACTIONS = (
    "add",
    "answer",
    "arrived",
    "book",
    "cancel",
    "close",
    "confirm",
    "day",
    "days",
    "discard",
    "edit",
    "faq",
    "full",
    "keep",
    "km",
    "leave",
    "move",
    "new",
    "noreason",
    "open",
    "page",
    "pass",
    "phrase",
    "restore",
    "skip",
    "stop",
    "svc",
    "take",
    "time",
    "to",
    "tpl",
    "veh",
    "wait",
    "xlsx",
    "en",
    "zh-CN",
    "ask_name",
    "up",
    "down",
)
PIECE = st.sampled_from(FORGED + ACTIONS) | st.text(max_size=12)
BUTTON = st.builds(
    lambda prefix, pieces: ":".join((prefix, *pieces)),
    st.sampled_from(sorted(CHOICES)),
    st.lists(PIECE, max_size=3),
)
PROPERTY = hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize("data", ["mybk:cancel:²", "bk:day:9999-12-31", "desk:take:99999999999999999999"])
async def test_a_forged_button_from_a_customer_gets_an_answer(runtime: Runtime, data: str) -> None:
    chat = Chat(runtime, language_code="en")
    await chat.say("/book")
    replies = await chat.press(data)
    assert replies, f"{data!r} was answered"


@pytest.mark.parametrize(
    "data", ["bkdesk:xlsx:9999-12-31", "bkdesk:arrived:99999999999999999999", "desk:open:²", "kbfix:restore:²"]
)
async def test_a_forged_button_from_staff_gets_an_answer(runtime: Runtime, data: str) -> None:
    await make_staff(runtime, "agent-1", Role.ADMIN)
    agent = Chat(runtime, chat_id="agent-1", language_code="en")
    replies = await agent.press(data)
    assert replies, f"{data!r} was answered"


@PROPERTY
@given(data=BUTTON)
async def test_random_button_data_from_a_customer_never_crashes(runtime: Runtime, data: str) -> None:
    chat = Chat(runtime, language_code="en")
    await chat.say("/book")
    for reply in await chat.press(data):
        assert reply.text.strip()


@PROPERTY
@given(data=BUTTON)
async def test_random_button_data_from_staff_never_crashes(runtime: Runtime, data: str) -> None:
    await make_staff(runtime, "agent-1", Role.ADMIN)
    agent = Chat(runtime, chat_id="agent-1", language_code="en")
    for reply in await agent.press(data):
        assert reply.text.strip()


async def test_another_customers_booking_id_is_refused(runtime: Runtime) -> None:
    owner = Chat(runtime, chat_id="owner", language_code="en")
    await book_via_chat(owner, "Dec 3 10am")
    [booking] = await all_bookings(runtime)
    booking_id, reference = booking.id, booking.reference
    stranger = Chat(runtime, chat_id="stranger", language_code="en")
    for action in ("open", "cancel", "move", "keep"):
        replies = await stranger.press(f"mybk:{action}:{booking_id}")
        assert replies, action
        assert reference not in texts(replies)
