"""What the local Bot API server records and injects: messages, calls, buttons, uploads, faults."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Upload:
    """A file the bot sent (uploaded bytes, or a file id it reused)."""

    file_id: str
    filename: str | None
    content: bytes
    mime_type: str | None


@dataclass(frozen=True)
class Button:
    """A button under a message (inline, with callback data) or on the keyboard (request_contact)."""

    label: str
    data: str | None = None
    request_contact: bool = False


@dataclass(frozen=True)
class Call:
    """One Bot API request, as the server received it."""

    method: str
    params: dict[str, Any]
    at: float

    @property
    def chat_id(self) -> int | None:
        chat = self.params.get("chat_id")
        return int(chat) if chat not in (None, "") else None


@dataclass(frozen=True)
class Fault:
    """A failure to answer a call with; ``status`` None drops the connection instead."""

    status: int | None
    description: str = ""
    retry_after: int | None = None

    @property
    def parameters(self) -> dict[str, Any] | None:
        return {"retry_after": self.retry_after} if self.retry_after is not None else None

    @classmethod
    def too_many_requests(cls, retry_after: int) -> Fault:
        return cls(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    @classmethod
    def dropped_connection(cls) -> Fault:
        return cls(None)

    @classmethod
    def blocked(cls) -> Fault:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def bad_request(cls, description: str) -> Fault:
        return cls(400, f"Bad Request: {description}")


@dataclass
class BotMessage:
    """A message the bot sent, as it stands now (edits applied in place; ``edits`` counts them)."""

    chat_id: int
    message_id: int
    method: str
    text: str | None
    reply_markup: dict[str, Any] | None
    thread_id: int | None = None
    upload: Upload | None = None
    edits: int = 0
    history: list[str | None] = field(default_factory=list)

    @property
    def buttons(self) -> list[Button]:
        """The inline buttons, row after row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [Button(b["text"], b.get("callback_data")) for row in rows for b in row]

    @property
    def keyboard(self) -> list[Button]:
        """The reply-keyboard buttons (such as "share my phone number")."""
        rows = (self.reply_markup or {}).get("keyboard", [])
        return [Button(b["text"], request_contact=bool(b.get("request_contact"))) for row in rows for b in row]

    @property
    def removes_keyboard(self) -> bool:
        return bool((self.reply_markup or {}).get("remove_keyboard"))

    def button(self, label: str) -> Button:
        """The inline button with this label (or whose label contains it)."""
        for button in self.buttons:
            if button.label == label or label in button.label:
                return button
        raise AssertionError(f"no button {label!r} on {self!r}")

    def edit(self, *, text: str | None, reply_markup: dict[str, Any] | None) -> None:
        self.history.append(self.text)
        self.text, self.reply_markup = text, reply_markup
        self.edits += 1

    def to_json(self, sender: dict[str, Any]) -> dict[str, Any]:
        """The Bot API ``Message`` object for this message."""
        chat_type = "private" if self.chat_id > 0 else "supergroup"
        doc: dict[str, Any] = {
            "message_id": self.message_id,
            "date": 1_800_000_000,
            "chat": {"id": self.chat_id, "type": chat_type},
            "from": sender,
        }
        if self.thread_id is not None:
            doc |= {"message_thread_id": self.thread_id, "is_topic_message": True}
        if self.method == "sendMessage":
            doc["text"] = self.text
        elif self.text:
            doc["caption"] = self.text
        if self.upload is not None and self.method == "sendDocument":
            doc["document"] = {
                "file_id": self.upload.file_id,
                "file_unique_id": self.upload.file_id,
                "file_name": self.upload.filename,
                "mime_type": self.upload.mime_type,
            }
        if self.upload is not None and self.method == "sendPhoto":
            doc["photo"] = [
                {"file_id": self.upload.file_id, "file_unique_id": self.upload.file_id, "width": 800, "height": 600}
            ]
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            doc["reply_markup"] = self.reply_markup
        return doc
