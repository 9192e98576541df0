"""What a referral shares with the agency: one list of items, chosen once, from which both the
letter's "Information we are sharing" and what the letter contains are built.

A referral records what the worker will share as lines of text (`info_shared`), added with the
referral form's one-click buttons or typed. `chosen` reads those lines into the items below
(a line naming an item's details, such as "date of birth" or "court case", chooses it) and
keeps any line naming none of them as it was typed. A letter to an agency then holds exactly
the details of the items chosen (letters/context.py) and lists exactly those, in the same
words, so a letter can never promise what it does not hold, nor hold what it does not list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ShareItem:
    key: str
    button: str  # the referral form's one-click button
    line: str  # the line the button adds to "Information shared"
    words: str  # how the letter lists it under "Information we are sharing"
    # Words that, in a line of "Information shared", mean this item is chosen.
    cues: tuple[str, ...]
    # The person's details it holds, as letters/context.py names them in `client`.
    details: tuple[str, ...] = ()
    you: str = ""  # how a form the person reads lists it ("Your date of birth ...")


# Always in a referral letter, so always listed: who the person is and why they are referred.
IDENTITY = ShareItem(
    "identity",
    "",
    "",
    "Their name and our reference",
    (),
    ("name", "reference"),
    "Your name and our reference for you",
)
REASON = ShareItem(
    "reason",
    "",
    "",
    "Why we are referring them and what they want help with",
    (),
    (),
    "Why we think they can help, and what you want help with",
)

ITEMS: tuple[ShareItem, ...] = (
    ShareItem(
        "contact",
        "Name and contact details",
        "Name, date of birth and how to contact them",
        "Their date of birth and how to contact them",
        ("date of birth", "dob", "contact", "phone", "email", "telephone", "mobile"),
        ("date_of_birth", "phone", "email", "preferred_contact"),
        "Your date of birth and how to get in touch with you",
    ),
    ShareItem(
        "address",
        "Address",
        "Address, or that they have no fixed address",
        "Their address, or that they have no fixed address",
        ("address", "no fixed abode", "postcode", "where they live"),
        ("address", "postcode"),
        "Your address, or that you have no fixed address",
    ),
    ShareItem(
        "court",
        "Court case",
        "Court case: the charge and the next hearing date",
        "Their court case: the charge and the next hearing date",
        ("court", "charge", "hearing", "offence"),
        (),
        "Your court case: the charge and the next hearing date",
    ),
    ShareItem(
        "needs",
        "Needs",
        "The needs we talked about and what they want help with",
        REASON.words,
        ("needs", "need", "help with"),
        (),
        REASON.you,
    ),
    ShareItem(
        "risks",
        "Risks",
        "Risks the agency's staff should know about",
        "Risks your staff should know about",
        ("risk", "safety"),
        ("risks",),
        "Anything their staff should know to keep you and them safe",
    ),
    ShareItem(
        "communication",
        "Communication",
        "Communication needs and any interpreter needed",
        "Their communication needs and any interpreter needed",
        ("communication", "interpreter", "language"),
        ("communication_needs", "interpreter_language"),
        "How you like to be spoken or written to, and any interpreter you need",
    ),
)
BY_KEY = {item.key: item for item in ITEMS}

# The person's details only a chosen item lets an agency letter hold.
SHAREABLE = tuple(detail for item in ITEMS for detail in item.details)

_PRONOUNS = re.compile(r"\b(her|him|his|hers|their|theirs|them|they|she|he)\b")


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", _PRONOUNS.sub("them", text.casefold())).split())


def chosen(info_shared: str | None) -> tuple[list[str], list[str]]:
    """The items a referral's "Information shared" chooses (keys, in ITEMS order), and its
    lines that name none of them, as typed."""
    keys: set[str] = set()
    other: list[str] = []
    for line in (info_shared or "").splitlines():
        if not line.strip():
            continue
        plain = _plain(line)
        # A line as a button adds it is that item alone; any other names items by their cues.
        found = {item.key for item in ITEMS if plain in (_plain(item.line), _plain(item.button))}
        if not found:
            found = {
                item.key
                for item in ITEMS
                if any(f" {_plain(cue)} " in f" {plain} " for cue in item.cues)
            }
        if found:
            keys |= found
        else:
            other.append(line.strip())
    return [item.key for item in ITEMS if item.key in keys], other
