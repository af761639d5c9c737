"""The outbox's Telegram sender: a :class:`~handlers.types.Reply` as Bot API calls.

A reply becomes one or more messages: its text cut at 4,096 characters
(:mod:`bot.telegram.split`), then its files (documents and photos, from bytes
or a Telegram file id; a single file carries a short text as its caption). The
keyboard goes on the last message: inline buttons from the choices, or a
reply keyboard with Telegram's "share my phone number" button; any other
message in a private chat removes such a keyboard again. ``edit_message_id``
edits that message (the one whose button was pressed) instead of sending a new
one; an edit Telegram finds identical counts as done. ``meta["topic"]`` opens a
forum topic for the reply in the staff group and reports its thread id.

Failures become the outbox's vocabulary: flood control (429) is ``RetryLater``
after Telegram's ``retry_after``; network errors and timeouts are
``RetryLater`` with the outbox's backoff; a user who blocked the bot (403) or a
chat that is gone is ``Undeliverable``; a message Telegram refuses as malformed
is ``Rejected``. When a retry follows a reply sent only in part, the parts
already delivered are not sent again (remembered in this process).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.telegram.convert import CHANNEL
from bot.telegram.split import CAPTION_LIMIT, split_text, utf16_length
from handlers.errors import DeliveryError, Rejected, RetryLater, Undeliverable
from handlers.types import Attachment, Reply, Sent

__all__ = ["TelegramSender"]

logger = logging.getLogger(__name__)

MAX_CALLBACK_DATA_BYTES = 64
REMEMBERED_PARTIAL_SENDS = 1000
_GONE = ("chat not found", "user not found", "peer_id_invalid")
_EDIT_IMPOSSIBLE = ("message to edit not found", "message can't be edited")

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply


@dataclass(frozen=True, slots=True)
class _Part:
    """One Bot API message of a reply: a piece of text, or a file with an optional caption."""

    text: str | None = None
    attachment: Attachment | None = None


@dataclass(slots=True)
class _Progress:
    """How far a reply got before it failed: parts delivered, the last id, a topic already opened."""

    done: int = 0
    last_id: str | None = None
    topic_thread: int | None = None


class TelegramSender:
    """Sends outbox replies with a PTB ``Bot`` (which brings the rate limiter along)."""

    channel = CHANNEL

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self._partial: OrderedDict[str, _Progress] = OrderedDict()

    async def send(self, chat_id: str, reply: Reply) -> Sent:
        """Deliver the reply (the rest of it, after a partial failure); raise the outbox's errors."""
        _check_buttons(reply)
        key = _fingerprint(chat_id, reply)
        progress = self._partial.pop(key, None) or _Progress()
        try:
            return await self._send(_chat_ref(chat_id), reply, progress)
        except ChatMigrated as error:
            logger.warning("chat %s became supergroup %s; update settings that name it", chat_id, error.new_chat_id)
            return await self.send(str(error.new_chat_id), reply)
        except TelegramError as error:
            if progress.done or progress.topic_thread is not None:
                self._remember(key, progress)
            raise _delivery_error(error) from error

    async def _send(self, chat: int | str, reply: Reply, progress: _Progress) -> Sent:
        thread = int(reply.thread_id) if reply.thread_id else progress.topic_thread
        topic = reply.meta.get("topic")
        if thread is None and topic:
            thread = progress.topic_thread = await self._open_topic(chat, str(topic.get("title") or "#"))
        parts = _plan(reply)
        for index in range(progress.done, len(parts)):
            last = index == len(parts) - 1
            markup = _markup(reply, chat) if last else None
            if index == 0 and reply.edit_message_id and parts[0].attachment is None:
                message_id = await self._edit(chat, int(reply.edit_message_id), parts[0], reply, last, thread)
            else:
                message_id = await self._post(chat, parts[index], markup, thread)
            progress.done, progress.last_id = index + 1, message_id
        opened = progress.topic_thread if topic else None
        return Sent(progress.last_id, str(opened) if opened is not None else None)

    async def _open_topic(self, chat: int | str, title: str) -> int | None:
        try:
            topic = await self.bot.create_forum_topic(chat, title[:128])
        except BadRequest as error:
            logger.warning("no forum topic in chat %s (%s); sending to the chat itself", chat, error.message)
            return None
        return topic.message_thread_id

    async def _edit(
        self, chat: int | str, message_id: int, part: _Part, reply: Reply, last: bool, thread: int | None
    ) -> str:
        """Edit the pressed message; if Telegram cannot (too old, deleted), send a new one instead."""
        markup = _inline(reply) if last else None
        try:
            await self.bot.edit_message_text(part.text or "", chat_id=chat, message_id=message_id, reply_markup=markup)
        except BadRequest as error:
            reason = error.message.lower()
            if "message is not modified" in reason:
                return str(message_id)
            if not any(impossible in reason for impossible in _EDIT_IMPOSSIBLE):
                raise
            return await self._post(chat, part, _markup(reply, chat) if last else None, thread)
        return str(message_id)

    async def _post(self, chat: int | str, part: _Part, markup: Markup | None, thread: int | None) -> str:
        common: dict[str, Any] = {"reply_markup": markup, "message_thread_id": thread}
        attachment = part.attachment
        if attachment is None:
            message = await self.bot.send_message(chat, part.text or "", **common)
            return str(message.message_id)
        content = attachment.content if attachment.content is not None else attachment.file_id
        if content is None:
            raise Rejected(f"attachment {attachment.filename or attachment.kind} has neither content nor file id")
        # A received file's id can be sent back only by the method of its own type; anything else goes as a document.
        senders: dict[str, Callable[..., Awaitable[Message]]] = {
            "photo": self.bot.send_photo,
            "voice": self.bot.send_voice,
            "audio": self.bot.send_audio,
            "video": self.bot.send_video,
            "animation": self.bot.send_animation,
        }
        send = senders.get(attachment.kind, self.bot.send_document)
        message = await send(chat, content, caption=part.text, filename=attachment.filename, **common)
        return str(message.message_id)

    def _remember(self, key: str, progress: _Progress) -> None:
        self._partial[key] = progress
        while len(self._partial) > REMEMBERED_PARTIAL_SENDS:
            self._partial.popitem(last=False)


def _plan(reply: Reply) -> list[_Part]:
    """The messages a reply becomes: one file with a short text as its caption, else text parts then files."""
    if len(reply.attachments) == 1 and utf16_length(reply.text.strip()) <= CAPTION_LIMIT:
        return [_Part(text=reply.text.strip() or None, attachment=reply.attachments[0])]
    parts = [_Part(text=chunk) for chunk in split_text(reply.text)]
    parts += [_Part(attachment=attachment) for attachment in reply.attachments]
    if not parts:
        raise Rejected("a reply with neither text nor files")
    return parts


def _inline(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.choices:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(choice.label, callback_data=choice.data) for choice in row] for row in reply.choices]
    )


def _markup(reply: Reply, chat: int | str) -> Markup | None:
    """The last message's keyboard: buttons, the contact button, or (in a private chat) the menu, else none."""
    if reply.request_contact:
        if reply.choices:
            logger.warning("a reply asks for a contact and offers choices; Telegram shows only the contact button")
        button = KeyboardButton(reply.request_contact, request_contact=True)
        return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)
    inline = _inline(reply)
    if inline is not None:
        return inline
    if reply.force_reply:
        return ForceReply(selective=True)
    private = isinstance(chat, int) and chat > 0
    if private and reply.menu:
        menu = [KeyboardButton(label) for label in reply.menu]
        return ReplyKeyboardMarkup([menu], resize_keyboard=True, is_persistent=True)
    return ReplyKeyboardRemove() if private else None


def _check_buttons(reply: Reply) -> None:
    for row in reply.choices:
        for choice in row:
            if len(choice.data.encode()) > MAX_CALLBACK_DATA_BYTES:
                raise Rejected(f"button data {choice.data!r} is longer than Telegram's 64 bytes")


def _delivery_error(error: TelegramError) -> DeliveryError:
    if isinstance(error, RetryAfter):
        return RetryLater(error.message, retry_after=_seconds(error.retry_after))
    if isinstance(error, Forbidden):
        return Undeliverable(error.message)
    if isinstance(error, BadRequest):
        reason = error.message.lower()
        if any(gone in reason for gone in _GONE):
            return Undeliverable(error.message)
        return Rejected(error.message)
    return RetryLater(f"{type(error).__name__}: {error.message}")  # NetworkError, TimedOut and the like


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _chat_ref(chat_id: str) -> int | str:
    """Numeric chat ids as numbers; ``@channelname`` stays a string."""
    try:
        return int(chat_id)
    except ValueError:
        return chat_id


def _fingerprint(chat_id: str, reply: Reply) -> str:
    document = json.dumps([chat_id, reply.to_json()], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(document.encode()).hexdigest()
