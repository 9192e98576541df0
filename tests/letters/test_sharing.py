"""Issue 9, item 6: what a referral letter says it shares and what it holds are one list, built
from the referral's one choice (referrals/sharing.py)."""

from __future__ import annotations

import itertools

import pytest

from cass_desktop.data import clients, hearings, local, referrals
from cass_desktop.letters import context as fields
from cass_desktop.letters import make_letter
from cass_desktop.referrals import sharing
from tests.helpers.letters import LETTER_DAY
from tests.helpers.pdf import pdf_text

CHARGE = "Theft from a shop (two bottles of gin)"


@pytest.fixture
def everything(referral):
    """The referral's person with every shareable detail recorded, and a hearing to come."""
    clients.update(
        referral.db,
        referral.client_id,
        {
            "risk_flags": "Finds waiting rooms hard",
            "email": "sian@example.org",
            "interpreter_language": "Welsh",
        },
    )
    hearings.create(
        referral.db,
        {
            "client_id": referral.client_id,
            "court_id": local.get(referral.db, "site_id"),
            "starts_at": "2026-12-08T10:00",
            "charge_summary": CHARGE,
        },
    )
    return referral


def choose(referral, lines: list[str]) -> dict:
    referrals.update(referral.db, referral.referral_id, {"info_shared": "\n".join(lines)})
    return fields.build(referral.db, referral.referral_id, LETTER_DAY)


def held(values: dict, item: sharing.ShareItem) -> bool:
    if item.key == "court":
        return bool(values["court"]["charge"] or values["court"]["next_hearing"])
    return any(values["client"][detail] for detail in item.details)


@pytest.mark.parametrize(
    "chosen",
    [
        combo
        for size in (0, 1, 2, 5)
        for combo in itertools.combinations(
            [i.key for i in sharing.ITEMS if i.details or i.key == "court"], size
        )
    ],
)
def test_the_letter_lists_exactly_what_it_holds(everything, chosen):
    lines = [sharing.BY_KEY[key].line for key in chosen]
    values = choose(everything, lines)
    listed = values["referral"]["shared"]
    assert listed[:2] == [sharing.IDENTITY.words, sharing.REASON.words]  # always
    for item in sharing.ITEMS:
        if item.key == "needs":
            continue
        assert (item.words in listed) == (item.key in chosen), item.key
        assert held(values, item) == (item.key in chosen), item.key
    assert values["client"]["name"] and values["client"]["reference"]


def test_a_referral_letter_holds_the_court_case_only_when_it_is_chosen(everything, tmp_path):
    choose(everything, ["Name, date of birth and how to contact them"])
    letter = make_letter(
        everything.db, everything.referral_id, data_dir=everything.data_dir, on=LETTER_DAY
    )
    text = " ".join(pdf_text(letter.pdf, tmp_path).split())
    assert CHARGE not in text and "8 December 2026" not in text
    assert "Finds waiting rooms hard" not in text and "Welsh" not in text
    assert "c/o Plymouth Drop-in" not in text
    assert "07700 900123" in text and "14 March 1991" in text
    assert (
        "This letter shares only their name and our reference; why we are referring them and "
        "what they want help with; and their date of birth and how to contact them." in text
    )

    choose(everything, ["Court case: the charge and the next hearing date", "Address", "Risks"])
    letter = make_letter(
        everything.db, everything.referral_id, data_dir=everything.data_dir, on=LETTER_DAY
    )
    text = " ".join(pdf_text(letter.pdf, tmp_path).split())
    assert f"Charge: {CHARGE}" in text
    assert "Next court hearing: 8 December 2026 at Plymouth Magistrates' Court" in text
    assert "Finds waiting rooms hard" in text and "c/o Plymouth Drop-in" in text
    assert "07700 900123" not in text and "14 March 1991" not in text
    assert "their address, or that they have no fixed address; their court case" in text


def test_a_typed_line_chooses_what_it_names_and_other_lines_are_kept(everything):
    values = choose(
        everything,
        ["Her phone number and date of birth", "She would like a morning appointment"],
    )
    assert values["referral"]["shares"] == ["contact"]
    assert values["referral"]["shared"][-1] == "She would like a morning appointment"
    assert values["client"]["phone"] == "07700 900123"
    assert values["client"]["address"] == ""


def test_the_referral_forms_buttons_offer_the_same_items():
    from cass_desktop.ui.referrals.referral_sections import INFO_ITEMS

    assert tuple(INFO_ITEMS) == tuple((i.button, i.line) for i in sharing.ITEMS)
