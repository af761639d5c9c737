"""A Telegram ``Update`` as the channel-neutral :class:`~handlers.types.Incoming`, or None to ignore it.

Kept: text (or a photo's caption), a pressed button's data, the sender's own
shared contact, photos (the largest size), documents and recordings (voice,
audio, video, GIF) as file ids, what anything else was (a location with its
coordinates, a sticker's emoji, another person's contact, a video note) as
``Incoming.other``, the client's ``language_code``, the forum topic, and which
message — and whose — a message replies to. The id used to answer each update once is Telegram's
``update_id``. Ignored: service messages (someone joined…), messages with
nothing we read, anonymous senders, and commands addressed to another bot
(``/help@other_bot``).
"""

from __future__ import annotations

from telegram import CallbackQuery, Chat, Message, Update, User

from handlers.types import Attachment, ChatKind, Incoming

__all__ = ["CHANNEL", "to_incoming"]

CHANNEL = "telegram"


def to_incoming(update: Update, bot_username: str | None) -> Incoming | None:
    """The update as dealerbot sees it; None when there is nothing for a flow in it."""
    if update.callback_query is not None:
        return _from_button(update.update_id, update.callback_query)
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    kind = _chat_kind(message.chat)
    if kind is None or _for_another_bot(message.text, bot_username):
        return None
    user = message.from_user
    contact = message.contact
    own_phone = contact.phone_number if contact is not None and contact.user_id == user.id else None
    attachments = _attachments(message)
    other = _other(message, own_phone)
    text = message.text or message.caption
    if text is None and own_phone is None and not attachments and other is None:
        return None
    replied = message.reply_to_message
    if replied is not None and message.is_topic_message and replied.message_id == message.message_thread_id:
        # In a forum every message "replies" to its topic's first message; that is not a reply.
        replied = None
    replied_user = replied.from_user if replied is not None else None
    return Incoming(
        channel=CHANNEL,
        chat_id=str(message.chat.id),
        user_id=str(user.id),
        update_id=str(update.update_id),
        text=text,
        contact_phone=own_phone,
        attachments=attachments,
        other=other,
        language_code=user.language_code,
        user_name=user.full_name,
        chat_kind=kind,
        message_id=str(message.message_id),
        reply_to_message_id=str(replied.message_id) if replied is not None else None,
        reply_to_user_id=str(replied_user.id) if replied_user is not None else None,
        reply_to_user_name=replied_user.full_name if replied_user is not None else None,
        thread_id=_thread(message),
    )


def _from_button(update_id: int, query: CallbackQuery) -> Incoming | None:
    """A press on one of our inline buttons; presses on inline-mode results have no chat and are ignored."""
    message = query.message
    if message is None or query.data is None:
        return None
    kind = _chat_kind(message.chat)
    if kind is None:
        return None
    user: User = query.from_user
    return Incoming(
        channel=CHANNEL,
        chat_id=str(message.chat.id),
        user_id=str(user.id),
        update_id=str(update_id),
        choice=query.data,
        language_code=user.language_code,
        user_name=user.full_name,
        chat_kind=kind,
        message_id=str(message.message_id),
        thread_id=_thread(message) if isinstance(message, Message) else None,
    )


def _chat_kind(chat: Chat) -> ChatKind | None:
    if chat.type == Chat.PRIVATE:
        return ChatKind.PRIVATE
    if chat.type in (Chat.GROUP, Chat.SUPERGROUP):
        return ChatKind.GROUP
    return None  # channels: the bot does not converse there


def _for_another_bot(text: str | None, bot_username: str | None) -> bool:
    if not text or not text.startswith("/"):
        return False
    head = text.split(maxsplit=1)[0]
    _, at, addressee = head.partition("@")
    return bool(at) and bot_username is not None and addressee.lower() != bot_username.lower()


def _attachments(message: Message) -> tuple[Attachment, ...]:
    found: list[Attachment] = []
    if message.photo:
        found.append(Attachment(kind="photo", file_id=message.photo[-1].file_id))
    if message.document is not None and message.animation is None:  # a GIF comes with a copy as a document
        document = message.document
        found.append(
            Attachment(
                kind="document",
                file_id=document.file_id,
                filename=document.file_name,
                mime_type=document.mime_type,
            )
        )
    recordings = (
        ("voice", message.voice),
        ("audio", message.audio),
        ("video", message.video),
        ("animation", message.animation),
    )
    for kind, recording in recordings:
        if recording is not None:
            found.append(Attachment(kind=kind, file_id=recording.file_id, mime_type=recording.mime_type))
    return tuple(found)


def _other(message: Message, own_phone: str | None) -> str | None:
    """What a message holds besides text and files, as ``kind`` or ``kind:detail``; None when nothing."""
    if message.voice is not None:
        return "voice"
    if message.audio is not None:
        return "audio"
    if message.animation is not None:
        return "animation"
    if message.video is not None:
        return "video"
    if message.video_note is not None:
        return "video_note"
    if message.location is not None:
        return f"location:{message.location.latitude}, {message.location.longitude}"
    if message.sticker is not None:
        return f"sticker:{message.sticker.emoji or ''}"
    if message.contact is not None and own_phone is None:
        contact = message.contact
        name = " ".join(part for part in (contact.first_name, contact.last_name) if part)
        return f"contact:{name} {contact.phone_number}".strip()
    return None


def _thread(message: Message) -> str | None:
    """The forum topic; plain reply threads in non-forum groups are not topics and are left out."""
    return str(message.message_thread_id) if message.is_topic_message and message.message_thread_id else None
