"""The catalogs load from the .po files alone: a fresh install needs no `make catalogs` before it speaks."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from handlers.i18n import CHINESE, ENGLISH, LOCALE_DIR, Translator

QUESTION = "4/5 Was your car ready at the time we promised?"
QUESTION_ZH = "4/5 您的爱车是否按承诺的时间交车？"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    """A copy of the locale folder holding only the translators' .po files, as a fresh checkout has."""
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale, ignore=shutil.ignore_patterns("*.mo", "*.pot"))
    return locale


def _po(locale: Path) -> Path:
    return locale / "zh_CN" / "LC_MESSAGES" / "messages.po"


def test_a_locale_folder_without_compiled_catalogs_still_translates(sources: Path) -> None:
    translator = Translator(sources)
    assert translator.gettext(CHINESE, QUESTION) == QUESTION_ZH
    assert translator.gettext(ENGLISH, QUESTION) == QUESTION


def test_the_compiled_catalog_is_kept_for_the_next_start(sources: Path) -> None:
    Translator(sources)
    _po(sources).unlink()
    assert Translator(sources).gettext(CHINESE, QUESTION) == QUESTION_ZH


def test_a_translation_edited_after_compiling_is_the_one_spoken(sources: Path) -> None:
    Translator(sources)
    po = _po(sources)
    po.write_text(po.read_text(encoding="utf-8").replace(QUESTION_ZH, "4/5 是否准时交车？"), encoding="utf-8")
    later = po.stat().st_mtime + 10
    os.utime(po, (later, later))
    assert Translator(sources).gettext(CHINESE, QUESTION) == "4/5 是否准时交车？"


def _writable(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.touch()
    except OSError:
        return False
    probe.unlink()
    return True


@pytest.fixture
def read_only(sources: Path) -> Iterator[Path]:
    """The .po folders made read-only, as in an installation owned by another user."""
    folders = [path.parent for path in sources.glob("*/LC_MESSAGES/messages.po")]
    for folder in folders:
        folder.chmod(0o555)
    chattr = shutil.which("chattr")
    if _writable(folders[0]) and chattr is not None:
        # Mode bits do not bind root; the immutable flag does.
        subprocess.run([chattr, "+i", *folders], check=False, capture_output=True)
    try:
        if _writable(folders[0]):
            pytest.skip("no way to make a folder read-only here")
        yield sources
    finally:
        if chattr is not None:
            subprocess.run([chattr, "-i", *folders], check=False, capture_output=True)
        for folder in folders:
            folder.chmod(0o755)


def test_a_read_only_locale_folder_is_compiled_in_memory(read_only: Path) -> None:
    translator = Translator(read_only)
    assert translator.gettext(CHINESE, QUESTION) == QUESTION_ZH
    assert not list(read_only.glob("*/LC_MESSAGES/messages.mo"))
