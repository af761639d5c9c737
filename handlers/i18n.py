"""Languages and gettext catalogs: every sentence a person reads comes from here.

Message ids are English; the zh-CN catalog translates them and the en catalog
may refine them. ``make catalogs`` compiles them; so does the start of the
program when a compiled catalog is missing or older than its .po, so a fresh
install speaks without a make step (in memory when the folder is read-only).
A language with neither file fails at start, not mid-conversation.
"""

from __future__ import annotations

import contextlib
import os
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from knowledge.text import question_language

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"
CHINESE = "zh-CN"
ENGLISH = "en"
LANGUAGES: tuple[str, ...] = (CHINESE, ENGLISH)
LANGUAGE_NAMES = {CHINESE: "中文", ENGLISH: "English"}
MIN_ENGLISH_LETTERS = 3  # "ok" or "k" says little about the language; "bye" does


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (module-level labels)."""
    return message


def resolve_language(code: str | None, default: str = CHINESE) -> str:
    """Map a client's language code (``zh-hans``, ``en-US``, ``zh_TW``…) to one we speak."""
    if not code:
        return default
    lowered = code.lower().replace("_", "-")
    if lowered.startswith("zh"):
        return CHINESE
    if lowered.startswith("en"):
        return ENGLISH
    return default


def _compile(po: Path) -> bytes:
    """The .mo bytes for a .po file, fuzzy entries included as ``make catalogs`` does."""
    with po.open("rb") as source:
        catalog = read_po(source)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=True)
    return compiled.getvalue()


def _save(mo: Path, compiled: bytes) -> None:
    """Write the .mo whole or not at all: two processes may start at once."""
    part = mo.with_name(f".{mo.name}.{os.getpid()}")
    try:
        part.write_bytes(compiled)
        os.replace(part, mo)
    finally:
        part.unlink(missing_ok=True)


def _load(folder: Path, language: str) -> NullTranslations:
    """One language's catalog, compiled from its .po first when the .mo is missing or stale."""
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        compiled = _compile(po)
        # Kept for the next start where the folder is writable; otherwise this start's copy serves.
        with contextlib.suppress(OSError):
            _save(mo, compiled)
        return Translations(BytesIO(compiled), domain=DOMAIN)
    if not mo.exists():
        raise FileNotFoundError(f"catalog for {language} missing: neither {po} nor {mo} exists")
    with mo.open("rb") as source:
        return Translations(source, domain=DOMAIN)


def text_language(text: str | None) -> str | None:
    """The language a message is written in, or None when it does not say (a command, a number, "ok", an emoji)."""
    if not text or text.lstrip().startswith("/"):
        return None
    language = question_language(text, "")
    if language == ENGLISH and sum(ch.isascii() and ch.isalpha() for ch in text) < MIN_ENGLISH_LETTERS:
        return None
    return language or None


class Translator:
    """Catalogs for every supported language, loaded once."""

    def __init__(self, locale_dir: Path = LOCALE_DIR) -> None:
        self._catalogs: dict[str, NullTranslations] = {
            language: _load(locale_dir / language.replace("-", "_") / "LC_MESSAGES", language) for language in LANGUAGES
        }

    def gettext(self, language: str, message: str, **params: Any) -> str:
        """The message in ``language``, with ``{name}`` placeholders filled from ``params``."""
        text = self._catalogs[resolve_language(language)].gettext(message)
        return text.format(**params) if params else text
