"""Cutting a long reply into messages Telegram accepts, without breaking a word.

Telegram counts a message's length in UTF-16 code units (an emoji outside the
Basic Multilingual Plane counts twice): at most 4,096 for a text, 1,024 for a
caption. Replies go out as plain text (no parse mode), so there is no markup
tag to keep whole; a cut falls, in order of preference, at a blank line, a line
break, the end of a sentence, a space or a clause mark, or between two Chinese
characters. Only a single "word" longer than a whole message (a very long
link) is cut inside.
"""

from __future__ import annotations

import re

__all__ = ["CAPTION_LIMIT", "TEXT_LIMIT", "split_text", "utf16_length"]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

# Break points, best first; a cut goes right after the match.
_BREAKS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"[。！？!?.…](?=\s)|[。！？…]"),
    re.compile(r"\s"),
    re.compile(r"[，、；：]"),
    re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef](?=[\u3400-\u9fff\uf900-\ufaff])"),
)


def utf16_length(text: str) -> int:
    """The length Telegram measures."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """``text`` as consecutive parts of at most ``limit`` UTF-16 units each, none empty."""
    parts: list[str] = []
    rest = text.strip()
    while utf16_length(rest) > limit:
        window = _fitting_prefix(rest, limit)
        cut = _best_cut(window)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def _fitting_prefix(text: str, limit: int) -> str:
    """The longest prefix of ``text`` within ``limit`` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def _best_cut(window: str) -> int:
    """Where to end a part inside ``window``: the best break in its second half, else anywhere."""
    for pattern in _BREAKS:
        ends = [match.end() for match in pattern.finditer(window)]
        good = [end for end in ends if end >= len(window) // 2 and window[:end].strip()]
        if good:
            return good[-1]
    for pattern in _BREAKS:
        ends = [match.end() for match in pattern.finditer(window) if window[: match.end()].strip()]
        if ends:
            return ends[-1]
    return len(window)
