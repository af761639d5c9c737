"""What counts as a phone number: a mainland mobile, or any valid number given with its country code."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.errors import InputError
from handlers.validate import BAD_PHONE, parse_phone

DIGITS = "0123456789"


@given(st.text(DIGITS + " -", max_size=14).filter(lambda text: len([c for c in text if c.isdigit()]) < 11))
def test_fewer_than_eleven_digits_without_a_country_code_are_refused(typed: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_phone(typed)
    assert refused.value.message == BAD_PHONE


@given(st.sampled_from("023456789"), st.text(DIGITS, min_size=10, max_size=10))
def test_eleven_digits_not_starting_with_1_are_refused(first: str, rest: str) -> None:
    with pytest.raises(InputError):
        parse_phone(first + rest)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812345678", "+8613812345678"),
        ("8613812345678", "+8613812345678"),
        ("+86 20 1234 5678", "+862012345678"),
        ("00852 9123 4567", "+85291234567"),
        ("+1 650 253 0000", "+16502530000"),
    ],
)
def test_mobiles_and_numbers_with_a_country_code_are_stored_in_international_form(typed: str, stored: str) -> None:
    assert parse_phone(typed) == stored
