"""What each kind of template is given (the consent form: only what it needs), and head office
checking a template against a made-up person before it sends it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cass_desktop.cli import main
from cass_desktop.data import changelog, clients, letters, store_path
from cass_desktop.letters import LetterError, check_template, make_letter, send_template
from cass_desktop.letters import context as fields
from cass_desktop.letters.render import render
from cass_desktop.letters.templates import bundled_dir
from cass_desktop.sites.setup import set_up_head_office
from tests.helpers.letters import LETTER_DAY, write_local
from tests.helpers.pdf import pdf_text
from tests.helpers.stores import new_store, reopen

pytestmark = pytest.mark.usefixtures("have_pdftotext")

ADDRESS = "c/o Plymouth Drop-in"
RISK = "Carries a knife; do not see alone"


@pytest.fixture
def risky(referral):
    """The referral's person with risk notes and an e-mail address recorded too."""
    clients.update(
        referral.db, referral.client_id, {"risk_flags": RISK, "email": "sian@example.org"}
    )
    return referral


def everything_printed(values: dict) -> str:
    """A template printing every part of every field it is given, and what it printed."""
    text = (
        "{% for name, value in fields.items() %}{{ name }}: "
        "{% if value is mapping %}{% for k, v in value.items() %}{{ k }}={{ v }}; "
        "{% endfor %}{% else %}{{ value }}{% endif %}\n{% endfor %}"
    )
    return render(text, "all.j2", {"fields": values})


def test_the_consent_form_is_given_only_what_it_needs(risky):
    values = fields.build(risky.db, risky.referral_id, LETTER_DAY, fields.CONSENT_FORM)
    assert set(values) == {
        "today",
        "client",
        "agency",
        "referral",
        "worker",
        "site",
        "organisation",
    }
    assert set(values["client"]) == {
        "name",
        "given_name",
        "family_name",
        "known_as",
        "reference",
        "date_of_birth",
    }
    assert set(values["referral"]) == {
        "info_shared",
        "shared",
        "shared_you",
        "shared_text",
        "reason",
    }
    printed = everything_printed(values)
    assert "Siân Ní Bhriain" in printed and "PLY-7KQM-3XD9" in printed
    assert "14 March 1991" in printed and "Shelter Plymouth" in printed
    for private in (ADDRESS, "PL1 1QD", "07700 900123", "sian@example.org", RISK, "Carries"):
        assert private not in printed
    # A letter to the person is given their details; one to an agency only those the referral
    # chose to share (tests/letters/test_sharing.py).
    letter = everything_printed(
        fields.build(risky.db, risky.referral_id, LETTER_DAY, fields.LETTER, "client")
    )
    assert ADDRESS in letter and "07700 900123" in letter


def test_the_kind_comes_from_the_templates_name():
    assert fields.kind_of("consent-to-share") == fields.CONSENT_FORM
    assert fields.kind_of("referral-to-agency") == fields.LETTER
    assert fields.kind_of("probation-update") == fields.LETTER


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("{{ client.address }}", "address"),
        ("{{ client.phone }}", "phone"),
        ("{{ client.risk_flags }}", "risk_flags"),
        ("{{ referral.notes }}", "notes"),
        ("{{ sharing.lawful_reason }}", "sharing"),
        ("{{ appointment.place }}", "appointment"),
    ],
)
def test_a_consent_form_template_cannot_print_the_address_or_risks(risky, line, field):
    # However it is changed: in the data folder, or sent by head office with `for: client`.
    path = write_local(risky, "consent-to-share", f"{{#\nfor: client\n#}}\n# Form\n\n{line}\n")
    with pytest.raises(LetterError) as caught:
        make_letter(risky.db, risky.referral_id, "consent-to-share", data_dir=risky.data_dir)
    assert str(path) in str(caught.value) and "line 6" in str(caught.value)
    assert field in str(caught.value)
    assert letters.for_referral(risky.db, risky.referral_id) == []


def test_a_consent_form_addressed_to_the_person_has_no_address_block(risky, tmp_path):
    write_local(risky, "consent-to-share", "{#\nfor: client\n#}\n# Form for {{ client.name }}\n")
    letter = make_letter(
        risky.db, risky.referral_id, "consent-to-share", data_dir=risky.data_dir, on=LETTER_DAY
    )
    text = pdf_text(letter.pdf, tmp_path)
    assert "Form for Siân Ní Bhriain" in text
    assert "Frankfort Gate" not in text and "PL1 1QD" not in text


# -- head office checks a template before it sends it ----------------------------------


@pytest.fixture
def office(tmp_path: Path):
    (tmp_path / "office").mkdir()
    db = new_store(store_path(tmp_path / "office"))
    set_up_head_office(db, "Devon and Cornwall CASS")
    yield db
    db.close()


def test_every_bundled_template_passes_the_check():
    for path in sorted(bundled_dir().glob("*.j2")):
        check_template(path.stem, path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize(
    ("text", "words", "line"),
    [
        ("# Letter\n\n{{ client.nickname }}\n", "“nickname”", 3),
        ("# Letter\n{% if client.name %}\n", "has a mistake", 2),
        (
            "# Letter\n\n{% for a in range(100000) %}{% for b in range(100000) %}x"
            "{% endfor %}{% endfor %}\n",
            "too many numbers",
            3,
        ),
        ("# Letter\n{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}\n", "inside itself", 2),
    ],
)
def test_head_office_cannot_send_a_broken_template(office, tmp_path, text, words, line):
    path = tmp_path / "referral-to-agency.j2"
    before = changelog.count_ops(office)
    with pytest.raises(LetterError) as caught:
        send_template(office, "referral-to-agency", text, str(path))
    message = str(caught.value)
    assert f"The letter template {path}, line {line}," in message
    assert words in message
    assert message.endswith("It was not saved or sent: correct it and try again.")
    assert changelog.count_ops(office) == before
    assert letters.template_document(office, "referral-to-agency") is None


def test_a_consent_form_printing_the_address_is_not_sent(office, tmp_path):
    with pytest.raises(LetterError, match="“address”"):
        send_template(office, "consent-to-share", "# Form\n\n{{ client.address }}\n", "form.j2")
    # The same line in a letter that needs consent is fine.
    send_template(office, "probation-update", "# Update\n\n{{ client.address }}\n", "u.j2")


def test_a_template_that_passes_is_kept_as_the_next_version(office):
    text = "# From head office\n\nDear {{ agency.contact }},\n"
    assert send_template(office, "referral-to-agency", text, "letter.j2") == 1
    assert send_template(office, "referral-to-agency", text + "\nThanks.\n", "letter.j2") == 2
    kept = letters.template_document(office, "referral-to-agency")
    assert (kept["version"], kept["content"]) == (2, text + "\nThanks.\n")
    assert letters.template_document_names(office) == ["referral-to-agency"]


def test_only_head_office_sends_templates_and_names_are_checked(device_db, office):
    with pytest.raises(LetterError, match="Only head office sends letter templates"):
        send_template(device_db, "referral-to-agency", "# Letter\n", "letter.j2")
    with pytest.raises(LetterError, match="cannot be a letter template's name"):
        send_template(office, "../../etc/passwd", "# Letter\n", "letter.j2")


def test_the_check_makes_an_empty_letter_a_mistake(office):
    with pytest.raises(LetterError, match="made an empty letter"):
        send_template(office, "referral-to-agency", "{# nothing #}\n", "empty.j2")


def test_template_send_on_the_command_line(tmp_path, capsys, cass_passphrase):
    folder = tmp_path / "office"
    folder.mkdir()
    db = new_store(store_path(folder))
    set_up_head_office(db, "Devon and Cornwall CASS")
    db.close()
    good = tmp_path / "referral-to-agency.j2"
    good.write_text("# Letter\n\nDear {{ agency.contact }},\n", encoding="utf-8")
    bad = tmp_path / "consent-to-share.j2"
    bad.write_text("# Form\n\n{{ client.risk_flags }}\n", encoding="utf-8")

    assert main(["--data-dir", str(folder), "template", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{bad}, line 3," in err and "“risk_flags”" in err
    assert main(["--data-dir", str(folder), "template", "send", str(good)]) == 0
    out = capsys.readouterr().out
    assert "head office's template “referral-to-agency”, version 1" in out
    assert main(["--data-dir", str(folder), "template", "send", str(bad)]) == 1
    capsys.readouterr()
    db = reopen(store_path(folder))
    try:
        assert letters.template_document_names(db) == ["referral-to-agency"]
    finally:
        db.close()


def test_a_sent_template_makes_the_laptops_letter(referral, tmp_path):
    """What head office checked is what the laptop makes (here in one store, for brevity)."""
    text = "# From head office\n\nDear {{ agency.contact }},\n"
    check_template("referral-to-agency", text, "letter.j2")
    letters.save_template_document(referral.db, "referral-to-agency", text, version=1)
    letter = make_letter(
        referral.db, referral.referral_id, data_dir=referral.data_dir, on=dt.date(2026, 11, 20)
    )
    assert "Dear Zoë Nguyễn," in pdf_text(letter.pdf, tmp_path)
