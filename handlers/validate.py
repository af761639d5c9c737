"""Parsing what people type into values we store; each failure is an :class:`InputError` with a sentence."""

from __future__ import annotations

import phonenumbers
from phonenumbers import CountryCodeSource, PhoneNumberType

from handlers.errors import InputError
from handlers.i18n import N_

MAX_NAME_CHARS = 60

BAD_PHONE = N_(
    "That does not look like a phone number: a mainland mobile has 11 digits starting with 1, "
    "or give the full international number with + (such as +852 9123 4567)."
)
BAD_NAME = N_("Please type a name of 1 to 60 characters.")

# A number typed with its country code ("+44 …", "0044 …") may be any valid number of that country.
INTERNATIONAL = {CountryCodeSource.FROM_NUMBER_WITH_PLUS_SIGN, CountryCodeSource.FROM_NUMBER_WITH_IDD}
MOBILE = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def parse_phone(text: str, region: str = "CN") -> str:
    """A phone number in E.164 form (+8613812345678).

    Without a country code only ``region``'s mobiles are taken: a short local
    number ("555-1234") would otherwise pass as a landline of some unnamed city.
    """
    try:
        number = phonenumbers.parse(text.strip(), region, keep_raw_input=True)
    except phonenumbers.NumberParseException as error:
        raise InputError(BAD_PHONE) from error
    if not phonenumbers.is_valid_number(number):
        raise InputError(BAD_PHONE)
    if number.country_code_source not in INTERNATIONAL and (
        phonenumbers.region_code_for_number(number) != region or phonenumbers.number_type(number) not in MOBILE
    ):
        raise InputError(BAD_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_name(text: str) -> str:
    """A person's name: trimmed, single-spaced, not empty, not too long."""
    name = " ".join(text.split())
    if not name or len(name) > MAX_NAME_CHARS or name.startswith("/"):
        raise InputError(BAD_NAME)
    return name
