"""People on Telegram, for end-to-end tests: they type, press buttons, share contacts and files.

Each action becomes the Bot API update Telegram would deliver, queued on the
local server; what the bot sends back is read from the server's records.

Usage::

    alice = TelegramUser(api, user_id=1001, first_name="Alice", language_code="en")
    await alice.send("/start")
    welcome = await alice.receive()                 # the next new message to Alice
    await alice.send("/language")
    await alice.press("English")                     # on the newest message that has it
    await alice.wait_for(lambda m: m.edits and "English" in m.text)

    desk = GroupChat(chat_id=-1001, title="Service desk", is_forum=True)
    agent = TelegramUser(api, user_id=2001, first_name="Wang").in_chat(desk)
    await agent.send("Your car is ready", reply_to=card, thread_id=card.thread_id)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.e2e.botapi import BotApiServer
from tests.e2e.records import BotMessage, Button

DATE = 1_800_000_000


@dataclass(frozen=True)
class GroupChat:
    """A group the bot is in (the staff desk, say); ``is_forum`` gives it topics."""

    chat_id: int
    title: str = "Group"
    is_forum: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"id": self.chat_id, "type": "supergroup", "title": self.title, "is_forum": self.is_forum}


class TelegramUser:
    """One person, in their private chat with the bot or (``in_chat``) in a group."""

    def __init__(
        self,
        api: BotApiServer,
        *,
        user_id: int,
        first_name: str = "Test",
        last_name: str | None = None,
        language_code: str | None = "zh-hans",
        chat: GroupChat | None = None,
    ) -> None:
        self.api = api
        self.user_id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.language_code = language_code
        self.chat = chat
        self._seen = 0

    @property
    def chat_id(self) -> int:
        return self.chat.chat_id if self.chat is not None else self.user_id

    def in_chat(self, chat: GroupChat) -> TelegramUser:
        """The same person, writing in a group."""
        return TelegramUser(
            self.api,
            user_id=self.user_id,
            first_name=self.first_name,
            last_name=self.last_name,
            language_code=self.language_code,
            chat=chat,
        )

    def to_json(self) -> dict[str, Any]:
        """The Bot API ``User`` object."""
        user: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    # --- doing things --------------------------------------------------------------------------

    async def send(
        self, text: str, *, reply_to: BotMessage | None = None, thread_id: int | None = None
    ) -> dict[str, Any]:
        """Type a message; a leading ``/word`` is marked as a command, as Telegram does."""
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return await self._message(fields, reply_to=reply_to, thread_id=thread_id)

    async def share_contact(self, phone: str, *, own: bool = True) -> dict[str, Any]:
        """Share a phone number (``own``: through the bot's button, so it is this person's)."""
        contact: dict[str, Any] = {"phone_number": phone, "first_name": self.first_name}
        if own:
            contact["user_id"] = self.user_id
        return await self._message({"contact": contact})

    async def send_photo(
        self,
        file_id: str = "photo-large",
        caption: str | None = None,
        *,
        reply_to: BotMessage | None = None,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        """Send a photo; Telegram lists it in several sizes, the largest last."""
        sizes = [
            {"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 60},
            {"file_id": file_id, "file_unique_id": "l", "width": 1280, "height": 960},
        ]
        fields = {"photo": sizes, **({"caption": caption} if caption else {})}
        return await self._message(fields, reply_to=reply_to, thread_id=thread_id)

    async def send_document(self, file_id: str, filename: str, mime_type: str = "application/pdf") -> dict[str, Any]:
        document = {"file_id": file_id, "file_unique_id": file_id, "file_name": filename, "mime_type": mime_type}
        return await self._message({"document": document})

    async def press(self, button: str | Button, *, on: BotMessage | None = None) -> dict[str, Any]:
        """Press an inline button (by label or as found) on ``on``, else on the newest message that has it."""
        label = button if isinstance(button, str) else button.label
        message = on or next(
            (m for m in reversed(self.messages) if any(b.label == label for b in m.buttons)),
            None,
        )
        if message is None:
            raise AssertionError(f"no message to {self.chat_id} has a button {label!r}: {self.messages!r}")
        found = message.button(label) if isinstance(button, str) else button
        query = {
            "id": str(self.api.next_id()),
            "from": self.to_json(),
            "chat_instance": f"ci-{self.chat_id}",
            "data": found.data,
            "message": message.to_json({"id": 123456789, "is_bot": True, "first_name": "Dealer"}),
        }
        return await self.api.push({"callback_query": query})

    async def _message(
        self, fields: dict[str, Any], *, reply_to: BotMessage | None = None, thread_id: int | None = None
    ) -> dict[str, Any]:
        chat = self.chat.to_json() if self.chat is not None else {"id": self.user_id, "type": "private"}
        message: dict[str, Any] = {
            "message_id": self.api.next_id(),
            "date": DATE,
            "chat": chat,
            "from": self.to_json(),
            **fields,
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to.to_json({"id": 123456789, "is_bot": True, "first_name": "Dealer"})
        if thread_id is not None:
            message |= {"message_thread_id": thread_id, "is_topic_message": True}
        return await self.api.push({"message": message})

    # --- reading what the bot said -------------------------------------------------------------

    @property
    def messages(self) -> list[BotMessage]:
        """Everything the bot sent to this chat, oldest first, as it stands now."""
        return self.api.messages_to(self.chat_id)

    async def receive(self, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109 - mirrors wait_for_message
        """The next message to this chat that this person has not received yet."""
        seen = self._seen
        message = await self.api.wait_until(lambda: self.messages[seen] if len(self.messages) > seen else None, timeout)
        self._seen = seen + 1
        return message

    async def receive_all(self, count: int, timeout: float = 5.0) -> list[BotMessage]:  # noqa: ASYNC109
        """The next ``count`` new messages."""
        return [await self.receive(timeout) for _ in range(count)]

    async def wait_for(
        self,
        predicate: str | Callable[[BotMessage], bool],
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> BotMessage:
        """A message to this chat (new or edited) containing ``predicate``'s text or satisfying it.

        ``receive`` then continues after it: the messages up to it count as received.
        """
        test = (lambda m: predicate in (m.text or "")) if isinstance(predicate, str) else predicate
        found = await self.api.wait_for_message(self.chat_id, test, timeout)
        self._seen = max(self._seen, self.messages.index(found) + 1)
        return found
