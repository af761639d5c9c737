"""The channel-neutral vocabulary: what arrives (:class:`Incoming`) and what goes out (:class:`Reply`).

Channel adapters convert to and from these; flows never see a Telegram or
WeChat object. A reply serializes to a JSON document so it can wait in the
outbox.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

# Control characters but tab and line breaks: PostgreSQL refuses NUL in text, and none of them means anything in a chat.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """The text without control characters (tab and line breaks stay)."""
    return _CONTROL.sub("", text)


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file to send (``content``) or one received (``file_id`` on the channel)."""

    kind: str  # "photo", "document", or a recording sent back as such: "voice", "audio", "video", "animation"
    filename: str | None = None
    content: bytes | None = None
    file_id: str | None = None
    mime_type: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "filename": self.filename,
            "content": base64.b64encode(self.content).decode() if self.content is not None else None,
            "file_id": self.file_id,
            "mime_type": self.mime_type,
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Attachment:
        content = doc.get("content")
        return cls(
            kind=doc["kind"],
            filename=doc.get("filename"),
            content=base64.b64decode(content) if content is not None else None,
            file_id=doc.get("file_id"),
            mime_type=doc.get("mime_type"),
        )


@dataclass(frozen=True, slots=True)
class Choice:
    """A button on Telegram, a numbered option on a text-only channel."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a person did: sent text, pressed a button, shared a contact, a file or something else."""

    channel: str
    chat_id: str
    user_id: str
    update_id: str | None = None
    text: str | None = None
    choice: str | None = None
    contact_phone: str | None = None
    attachments: tuple[Attachment, ...] = ()
    # Something sent that is neither text nor a photo or document: "<kind>" or "<kind>:<detail>" (see other_content).
    other: str | None = None
    language_code: str | None = None
    user_name: str | None = None
    chat_kind: ChatKind = ChatKind.PRIVATE
    message_id: str | None = None
    reply_to_message_id: str | None = None
    reply_to_user_id: str | None = None
    reply_to_user_name: str | None = None
    thread_id: str | None = None

    def __post_init__(self) -> None:
        """Whatever a channel received, no text in the event holds a control character (see :func:`clean_text`)."""
        for name in (f.name for f in fields(self)):
            value = getattr(self, name)
            if isinstance(value, str) and _CONTROL.search(value):
                object.__setattr__(self, name, clean_text(value))

    @property
    def command(self) -> tuple[str, str] | None:
        """``("start", "book")`` for ``/start book``; None for anything that is not a command."""
        if not self.text or not self.text.startswith("/"):
            return None
        head, _, rest = self.text[1:].partition(" ")
        name = head.split("@", 1)[0].lower()
        return (name, rest.strip()) if name else None

    def to_json(self) -> dict[str, Any]:
        """The event as a JSON document, so it can wait in the inbox."""
        doc: dict[str, Any] = {name: getattr(self, name) for name in self.__dataclass_fields__}
        doc["attachments"] = [a.to_json() for a in self.attachments]
        doc["chat_kind"] = str(self.chat_kind)
        return doc

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Incoming:
        fields = {name: doc[name] for name in cls.__dataclass_fields__ if name in doc}
        fields["attachments"] = tuple(Attachment.from_json(a) for a in doc.get("attachments", ()))
        fields["chat_kind"] = ChatKind(doc.get("chat_kind", ChatKind.PRIVATE))
        return cls(**fields)


@dataclass(frozen=True, slots=True)
class Reply:
    """A message to send; ``chat_id`` None means the chat the update came from."""

    text: str
    choices: tuple[tuple[Choice, ...], ...] = ()
    attachments: tuple[Attachment, ...] = ()
    chat_id: str | None = None
    channel: str | None = None
    edit_message_id: str | None = None
    request_contact: str | None = None
    force_reply: bool = False
    thread_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    # The always-there menu's labels (Book / My bookings / A person) for a channel that keeps a keyboard open.
    menu: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "menu": list(self.menu),
            "text": self.text,
            "choices": [[{"label": c.label, "data": c.data} for c in row] for row in self.choices],
            "attachments": [a.to_json() for a in self.attachments],
            "edit_message_id": self.edit_message_id,
            "request_contact": self.request_contact,
            "force_reply": self.force_reply,
            "thread_id": self.thread_id,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> Reply:
        return cls(
            text=doc["text"],
            choices=tuple(tuple(Choice(c["label"], c["data"]) for c in row) for row in doc.get("choices", [])),
            attachments=tuple(Attachment.from_json(a) for a in doc.get("attachments", [])),
            edit_message_id=doc.get("edit_message_id"),
            request_contact=doc.get("request_contact"),
            force_reply=bool(doc.get("force_reply", False)),
            thread_id=doc.get("thread_id"),
            meta=doc.get("meta", {}),
            menu=tuple(doc.get("menu", ())),
        )


@dataclass(frozen=True, slots=True)
class Sent:
    """What a channel reports after sending: the message's id and, for a new forum topic, its thread."""

    message_id: str | None
    thread_id: str | None = None
