"""What a person sent that is not text, photo or document (``Incoming.other``), told in words for the desk."""

from __future__ import annotations

from handlers.context import FlowContext
from handlers.i18n import N_

__all__ = ["describe"]

# The kinds a channel reports with no detail, and how the desk sees each one.
_PLAIN = {
    "voice": N_("(voice message)"),
    "audio": N_("(audio)"),
    "video": N_("(video)"),
    "video_note": N_("(video message)"),
    "animation": N_("(GIF)"),
}


def describe(ctx: FlowContext, other: str) -> str:
    """``location:31.23, 121.47`` as "(location: 31.23, 121.47)", a sticker as its emoji, in the desk's language."""
    kind, _, detail = other.partition(":")
    desk = ctx.services.config.desk_language
    if kind in _PLAIN:
        return ctx.in_language(desk, _PLAIN[kind])
    if kind == "location":
        return ctx.in_language(desk, "(location: {where})", where=detail)
    if kind == "sticker":
        return detail or ctx.in_language(desk, "(sticker)")
    if kind == "contact":
        return ctx.in_language(desk, "(contact: {who})", who=detail)
    return ctx.in_language(desk, "(message)")
