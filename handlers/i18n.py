"""Languages and gettext catalogs: every sentence a person reads comes from here.

Message ids are English; the zh-CN catalog translates them and the en catalog
may refine them. Catalogs are compiled at install (``make`` runs ``pybabel
compile``); a missing compiled catalog fails at start, not mid-conversation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def text_language(text: str | None) -> str | None:
    """The language a message is written in, or None when it does not say (a command, a number, "ok", an emoji)."""
    if not text or text.lstrip().startswith("/"):
        return None
    language = question_language(text, "")
    if language == ENGLISH and sum(ch.isascii() and ch.isalpha() for ch in text) < MIN_ENGLISH_LETTERS:
        return None
    return language or None


class Translator:
    """Compiled catalogs for every supported language, loaded once."""

    def __init__(self, locale_dir: Path = LOCALE_DIR) -> None:
        self._catalogs: dict[str, NullTranslations] = {}
        for language in LANGUAGES:
            folder = language.replace("-", "_")
            if not (locale_dir / folder / "LC_MESSAGES" / f"{DOMAIN}.mo").exists():
                raise FileNotFoundError(
                    f"compiled catalog for {language} missing under {locale_dir}; run `make catalogs`"
                )
            self._catalogs[language] = Translations.load(str(locale_dir), [folder], DOMAIN)

    def gettext(self, language: str, message: str, **params: Any) -> str:
        """The message in ``language``, with ``{name}`` placeholders filled from ``params``."""
        text = self._catalogs[resolve_language(language)].gettext(message)
        return text.format(**params) if params else text
