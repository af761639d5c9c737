"""The conversations, channel-neutral: Incoming in, Reply out, nothing of Telegram or WeChat."""

from handlers.context import FlowContext, HandlerConfig, Services
from handlers.registry import ROUTES
from handlers.router import Router
from handlers.types import Attachment, ChatKind, Choice, Incoming, Reply

__all__ = [
    "ROUTES",
    "Attachment",
    "ChatKind",
    "Choice",
    "FlowContext",
    "HandlerConfig",
    "Incoming",
    "Reply",
    "Router",
    "Services",
]
