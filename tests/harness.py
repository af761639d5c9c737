"""Test doubles and factories: a controllable clock, a recording sender, a chat driven through the router."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from bot.delivery import OutboxDispatcher
from bot.runtime import Runtime
from handlers.types import Attachment, ChatKind, Incoming, Reply, Sent

CHANNEL = "test"
_update_ids = itertools.count(1)


class FakeClock:
    """Time that moves only when a test says so."""

    def __init__(self, start: datetime = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class RecordingSender:
    """A channel that records what it was asked to send and can fail on demand."""

    def __init__(self, channel: str = CHANNEL) -> None:
        self.channel = channel
        self.sent: list[tuple[str, Reply]] = []
        self.failures: list[Exception] = []

    async def send(self, chat_id: str, reply: Reply) -> Sent:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((chat_id, reply))
        return Sent(str(len(self.sent)))


class Chat:
    """One person in one chat, talking to the bot through the router and the outbox."""

    def __init__(
        self,
        runtime: Runtime,
        sender: RecordingSender | None = None,
        *,
        chat_id: str = "chat-1",
        user_id: str | None = None,
        language_code: str | None = "zh-CN",
        chat_kind: ChatKind = ChatKind.PRIVATE,
    ) -> None:
        self.runtime = runtime
        self.sender = sender or RecordingSender()
        self.dispatcher = OutboxDispatcher(runtime.sessions, [self.sender], clock=runtime.services.clock)
        self.chat_id = chat_id
        self.user_id = user_id or chat_id
        self.language_code = language_code
        self.chat_kind = chat_kind

    def incoming(self, **fields: object) -> Incoming:
        """An update from this person; ``update_id`` is fresh unless given."""
        fields.setdefault("update_id", str(next(_update_ids)))
        fields.setdefault("language_code", self.language_code)
        return Incoming(
            channel=self.sender.channel,
            chat_id=self.chat_id,
            user_id=self.user_id,
            chat_kind=self.chat_kind,
            **fields,  # type: ignore[arg-type]
        )

    async def send(self, incoming: Incoming) -> list[Reply]:
        """Handle the update, deliver the outbox, return what this chat received."""
        before = len(self.sender.sent)
        await self.runtime.router.handle(incoming)
        while await self.dispatcher.deliver_due():
            pass
        return [reply for chat, reply in self.sender.sent[before:] if chat == self.chat_id]

    async def say(self, text: str) -> list[Reply]:
        return await self.send(self.incoming(text=text))

    async def press(self, data: str, message_id: str = "1") -> list[Reply]:
        return await self.send(self.incoming(choice=data, message_id=message_id))

    async def share_contact(self, phone: str) -> list[Reply]:
        return await self.send(self.incoming(contact_phone=phone))

    async def send_photo(self, file_id: str) -> list[Reply]:
        return await self.send(self.incoming(attachments=(Attachment(kind="photo", file_id=file_id),)))


def last_to(sender: RecordingSender, chat_id: str) -> tuple[str, Reply]:
    """The id and content of the last message sent to ``chat_id`` (ids are positions, from 1)."""
    for position in range(len(sender.sent) - 1, -1, -1):
        if sender.sent[position][0] == chat_id:
            return str(position + 1), sender.sent[position][1]
    raise AssertionError(f"nothing was sent to {chat_id}")


def texts(replies: list[Reply]) -> str:
    """All reply texts joined, for assertions that look for a sentence."""
    return "\n".join(reply.text for reply in replies)
