"""A customer and a staffed desk sharing one recording channel."""

from __future__ import annotations

from dataclasses import dataclass

from bot.runtime import Runtime
from handlers.types import ChatKind, Reply
from storage import customers, staff
from storage.staff import Role
from tests.harness import Chat, RecordingSender, last_to


@dataclass
class Desk:
    runtime: Runtime
    sender: RecordingSender
    customer: Chat
    agent: Chat

    def last_desk_message(self) -> tuple[str, Reply]:
        return last_to(self.sender, "desk")

    async def reply_to_last(self, text: str) -> list[Reply]:
        """The agent answers in the desk by replying to the latest desk message."""
        message_id, _ = self.last_desk_message()
        return await self.agent.send(self.agent.incoming(text=text, reply_to_message_id=message_id))


async def make_staff(runtime: Runtime, user_id: str, role: Role = Role.AGENT, name: str = "Li") -> None:
    async with runtime.sessions() as session, session.begin():
        identity, _ = await customers.identify(session, "test", user_id, display_name=name)
        await staff.set_role(session, identity.id, role, added_by="test")


async def staffed_desk(runtime: Runtime, *, language: str = "en", role: Role = Role.AGENT) -> Desk:
    sender = RecordingSender()
    await make_staff(runtime, "agent-1", role)
    customer = Chat(runtime, sender, chat_id="cust-1", language_code=language)
    agent = Chat(runtime, sender, chat_id="desk", user_id="agent-1", language_code="zh-CN", chat_kind=ChatKind.GROUP)
    return Desk(runtime, sender, customer, agent)
