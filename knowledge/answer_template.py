"""Placeholders in answers: facts the store keeps elsewhere, filled in when the answer is given.

An answer such as "We are open {opening_hours}." stays true when the booking
catalogue or the settings change, because the hours come from there at answer
time, not from a copy typed into the knowledge base. Only the names in
:data:`PLACEHOLDERS` are filled; anything else in braces (an unknown name, a
literal ``{`` or ``}``) is left exactly as written, so an answer never fails
to render.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["PLACEHOLDERS", "fill", "has_placeholders", "unknown_placeholders"]

PLACEHOLDERS: tuple[str, ...] = (
    "store",
    "hotline",
    "opening_hours",
    "lunch_break",
    "holidays",
    "desk_hours",
    "change_cutoff_hours",
    "first_service_months",
    "first_service_km",
)

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def has_placeholders(answer: str) -> bool:
    """Whether the answer names a known placeholder (only then are the facts worth looking up)."""
    return any(match.group(1) in PLACEHOLDERS for match in _PLACEHOLDER.finditer(answer))


def fill(answer: str, values: Mapping[str, str]) -> str:
    """The answer with each placeholder that has a value replaced; everything else as written."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), answer)


def unknown_placeholders(answer: str) -> list[str]:
    """Names in braces that are not placeholders, in order of appearance (what ``kb import`` warns about)."""
    names = (match.group(1) for match in _PLACEHOLDER.finditer(answer))
    return list(dict.fromkeys(name for name in names if name not in PLACEHOLDERS))
