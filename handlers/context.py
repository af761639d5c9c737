"""What a flow gets to work with: the update, the person, the chat's state and the services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.aftercare import AftercareConfig
from handlers.business_hours import BusinessHours
from handlers.i18n import Translator
from handlers.menus import LABELS, MAIN_MENU
from handlers.types import ChatKind, Choice, Incoming, Reply
from knowledge import KnowledgeBase
from storage.base import utcnow
from storage.customers import ChannelIdentity, Customer
from storage.staff import Role


@dataclass(frozen=True, slots=True)
class HandlerConfig:
    """The settings flows read, handed down by the bot layer."""

    default_language: str = "zh-CN"
    store_name: str = "Xinghe Motors"
    timezone: str = "Asia/Shanghai"
    hotline: str = "400-820-1888"
    flow_timeout: timedelta = timedelta(hours=24)
    max_question_chars: int = 500
    desk: DeskAddress | None = None
    desk_language: str = "zh-CN"
    desk_hours: BusinessHours = field(default_factory=BusinessHours)
    first_response_minutes: int = 15
    reply_templates: tuple[ReplyTemplate, ...] = ()
    aftercare: AftercareConfig = field(default_factory=AftercareConfig)
    processed_update_retention: timedelta = timedelta(days=30)
    outbox_retention: timedelta = timedelta(days=30)
    # Channels without buttons: their choices are numbered and the numbers kept per chat (handlers/numbered.py).
    text_only_channels: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class DeskAddress:
    """The staff desk: a group chat on one channel."""

    channel: str
    chat_id: str


@dataclass(frozen=True, slots=True)
class ReplyTemplate:
    """A canned reply staff can send with one tap, in both languages."""

    title: str
    zh: str
    en: str

    def text(self, language: str) -> str:
        return self.zh if language == "zh-CN" else self.en


@dataclass(frozen=True, slots=True)
class Services:
    """Long-lived collaborators shared by every update."""

    knowledge: KnowledgeBase
    translator: Translator
    config: HandlerConfig = HandlerConfig()
    clock: Callable[[], datetime] = utcnow


@dataclass(slots=True)
class ChatState:
    """The active flow, its step and its data; changed by flows, saved by the router."""

    flow: str | None = None
    step: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A reply with its resolved destination."""

    channel: str
    chat_id: str
    reply: Reply


@dataclass(slots=True)
class FlowContext:
    """One update being handled: read what came in, say things, move the chat's state."""

    session: AsyncSession
    incoming: Incoming
    services: Services
    identity: ChannelIdentity
    customer: Customer
    language: str
    state: ChatState
    role: Role | None = None
    outgoing: list[Outgoing] = field(default_factory=list)

    def _(self, message: str, **params: Any) -> str:
        """``message`` from the catalog, in this person's language."""
        return self.services.translator.gettext(self.language, message, **params)

    def in_language(self, language: str, message: str, **params: Any) -> str:
        """``message`` in another language (for text addressed to someone else)."""
        return self.services.translator.gettext(language, message, **params)

    def now(self) -> datetime:
        return self.services.clock()

    def say(
        self,
        text: str,
        *,
        choices: tuple[tuple[Choice, ...], ...] = (),
        attachments: tuple[Any, ...] = (),
        edit: bool = False,
        request_contact: str | None = None,
        force_reply: bool = False,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Reply in this chat; ``edit`` replaces the message whose button was pressed.

        ``force_reply`` opens the reply box on the person's phone, so answering a prompt is one tap.
        """
        edit_id = self.incoming.message_id if edit and self.incoming.choice is not None else None
        private = self.incoming.chat_kind is ChatKind.PRIVATE
        menu = tuple(self._(LABELS[action]) for action in MAIN_MENU) if private else ()
        self.outgoing.append(
            Outgoing(
                self.incoming.channel,
                self.incoming.chat_id,
                Reply(
                    text=text,
                    choices=choices,
                    attachments=attachments,
                    edit_message_id=edit_id,
                    request_contact=request_contact,
                    force_reply=force_reply,
                    thread_id=self.incoming.thread_id,
                    meta=meta or {},
                    menu=menu,
                ),
            )
        )

    def send(self, channel: str, chat_id: str, reply: Reply) -> None:
        """Send a reply to another chat (the staff desk, a customer from the desk)."""
        self.outgoing.append(Outgoing(channel, chat_id, reply))

    def start_flow(self, flow: str, step: str, data: dict[str, Any] | None = None) -> None:
        self.state.flow, self.state.step, self.state.data = flow, step, dict(data or {})

    def goto(self, step: str) -> None:
        self.state.step = step

    def end_flow(self) -> None:
        self.state.flow, self.state.step, self.state.data = None, None, {}
