"""What a typed email address, phone number or UK postcode looks like: the format checks any
record with contact details uses (a person, an agency). Pure Python."""

from __future__ import annotations

import re

# One address: no spaces, commas, semicolons or angle brackets (a list pasted in is not one).
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]{2,}$")


def is_email(text: str) -> bool:
    """Whether `text` looks like one email address."""
    return bool(_EMAIL.match(text.strip()))


_PHONE_CHARS = re.compile(r"^[\d\s()+.-]+$")
# UK postcodes: outward code (area, district) and inward code (sector, unit).
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")


def phone_digits(text: str) -> str:
    """The digits of a phone number, with +44 written as the UK's leading 0."""
    digits = re.sub(r"\D", "", text)
    if text.strip().startswith("+44") or (text.strip().startswith("0044")):
        digits = "0" + digits[2:] if digits.startswith("44") else "0" + digits[4:]
    return digits


def normal_postcode(text: str) -> str | None:
    """A UK postcode in capitals with its single space (pl12ab -> PL1 2AB); None if not one."""
    squashed = re.sub(r"\s+", "", text).upper()
    m = _POSTCODE.match(squashed)
    if not m:
        return None
    return f"{m.group(1)} {m.group(2)}"


def check_phone(text: str) -> str | None:
    """What is wrong with a phone number, or None."""
    if not _PHONE_CHARS.match(text):
        return "A phone number can only have digits, spaces and a + sign."
    international = text.lstrip().startswith(("+", "00")) and not text.lstrip().startswith(
        ("+44", "0044")
    )
    digits = re.sub(r"\D", "", text) if international else phone_digits(text)
    if international:
        if len(digits) < 8:
            return f"An international number has at least 8 digits; this has {len(digits)}."
        if len(digits) > 15:
            return f"A phone number has at most 15 digits; this has {len(digits)}."
        return None
    if not digits.startswith("0"):
        return "A UK phone number starts with 0, like 07700 900123 or 01752 123456."
    if len(digits) < 10:
        return f"A UK phone number has 11 digits, like 07700 900123; this has only {len(digits)}."
    if len(digits) > 11:
        return f"A UK phone number has 11 digits, like 07700 900123; this has {len(digits)}."
    return None
