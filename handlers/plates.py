"""Chinese licence plates, as people type them, checked and written one way.

Usage: ``parse_plate("粤b·12345")`` → ``"粤B12345"``.

A plate is a province character, the issuing city's letter, then the serial:
five letters or digits on ordinary plates (optionally ending in 学, 警, 挂,
港 or 澳); six on new-energy plates (GA 36-2018), where a small car's serial
starts with D (electric) or F (other new energy) followed by a letter or
digit and four digits, and a large vehicle's is five digits then D or F.
Letters I and O are never used, so they cannot be confused with 1 and 0.
"""

from __future__ import annotations

import re
import unicodedata

from handlers.errors import InputError
from handlers.i18n import N_

__all__ = ["BAD_PLATE", "PROVINCES", "parse_plate"]

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_LETTER = "A-HJ-NP-Z"
_CHAR = f"[{_LETTER}0-9]"
_ORDINARY = re.compile(rf"[{PROVINCES}][{_LETTER}]{_CHAR}{{4}}(?:{_CHAR}|[学警挂港澳])")
_NEW_ENERGY_SMALL = re.compile(rf"[{PROVINCES}][{_LETTER}][DF]{_CHAR}[0-9]{{4}}")
_NEW_ENERGY_LARGE = re.compile(rf"[{PROVINCES}][{_LETTER}][0-9]{{5}}[DF]")
_SEPARATORS = re.compile(r"[\s·•・.\-_]")

BAD_PLATE = N_(
    "That does not look like a Chinese licence plate. Please type it like 粤B12345, or 粤BD12345 for a new-energy car."
)


def parse_plate(text: str) -> str:
    """The plate in its one written form (upper case, no spaces or dots); :class:`InputError` if it is none."""
    plate = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    if any(pattern.fullmatch(plate) for pattern in (_ORDINARY, _NEW_ENERGY_SMALL, _NEW_ENERGY_LARGE)):
        return plate
    raise InputError(BAD_PLATE)
