"""Parsing what people type into values we store; each failure is an :class:`InputError` with a sentence."""

from __future__ import annotations

import phonenumbers

from handlers.errors import InputError
from handlers.i18n import N_

MAX_NAME_CHARS = 60

BAD_PHONE = N_("That does not look like a phone number. Please type a mobile number such as 13812345678.")
BAD_NAME = N_("Please type a name of 1 to 60 characters.")


def parse_phone(text: str, region: str = "CN") -> str:
    """A valid phone number in E.164 form (+8613812345678); numbers without a country code are ``region``'s."""
    try:
        number = phonenumbers.parse(text.strip(), region)
    except phonenumbers.NumberParseException as error:
        raise InputError(BAD_PHONE) from error
    if not phonenumbers.is_valid_number(number):
        raise InputError(BAD_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_name(text: str) -> str:
    """A person's name: trimmed, single-spaced, not empty, not too long."""
    name = " ".join(text.split())
    if not name or len(name) > MAX_NAME_CHARS or name.startswith("/"):
        raise InputError(BAD_NAME)
    return name
