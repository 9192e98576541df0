"""Making letters from referrals: every field printed, names intact, the same bytes twice,
long text flowing on, overrides, broken templates, the consent rule and the log."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from PIL import Image

from cass_desktop.data import changelog, letters, local, open_store, store_path
from cass_desktop.letters import (
    TEMPLATE_NAMES,
    LetterError,
    available_templates,
    letterhead,
    make_letter,
    remake_letter,
    set_letterhead,
)
from cass_desktop.referrals.consent import SharingBlocked
from cass_desktop.referrals.saving import save_referral
from tests.helpers.letters import LETTER_DAY, REASON, make_referral, write_local
from tests.helpers.pdf import pdf_pages, pdf_text

pytestmark = pytest.mark.usefixtures("have_pdftotext")


def words(text: str) -> str:
    """Text with every run of spaces and line breaks as one space (lines wrap anywhere)."""
    return re.sub(r"\s+", " ", text)


def letter_text(referral, tmp_path, template="referral-to-agency", **kwargs) -> str:
    letter = make_letter(
        referral.db,
        referral.referral_id,
        template,
        data_dir=referral.data_dir,
        on=LETTER_DAY,
        **kwargs,
    )
    return words(pdf_text(letter.pdf, tmp_path))


def page_content(pdf: bytes) -> bytes:
    """Every stream of the PDF, decompressed: what the pages draw."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, flags=re.DOTALL):
        try:
            out.append(zlib.decompress(stream))
        except zlib.error:  # reportlab writes page content as ASCII85 of deflated bytes
            data = stream.strip().removesuffix(b"~>")
            out.append(zlib.decompress(base64.a85decode(data)))
    return b"\n".join(out)


def assert_no_template_syntax(text: str) -> None:
    for syntax in ("{{", "}}", "{%", "%}", "{#", "#}", "**"):
        assert syntax not in text


def test_referral_letter_prints_every_field(referral, tmp_path):
    text = letter_text(referral, tmp_path)
    for field in (
        "Siân Ní Bhriain",  # the person
        "PLY-7KQM-3XD9",  # their reference
        "14 March 1991",
        "07700 900123",
        "Shelter Plymouth",  # the agency and its address
        "14 Union Street",
        "Dear Zoë Nguyễn,",  # the named contact
        "Friday 27 November 2026",  # the appointment, in words
        "10:30am",
        "Shelter Plymouth, 14 Union Street, Plymouth",
        words(REASON),  # the reason, in the worker's words
        "Housing and homelessness",
        "Phoned ahead, appointment made",
        "their date of birth and how to contact them",  # what it shares, as chosen
        "agreed on 20 November",  # (the paragraph runs on to page 2, two lines each side)
        "2026 (signed form) that we may share",
        "4 December 2026",  # when we will follow up
        "Alex Carter",  # the worker, and where they work
        "Court liaison and diversion worker",
        "Plymouth Magistrates' Court",
        "Devon and Cornwall Liaison and Diversion",  # the letterhead
        "The Law Courts",
        "01752 206 200",
        "20 November 2026",  # the letter's date
        "PRIVATE AND CONFIDENTIAL",
        "Page 1 of 2",
        "Page 2 of 2",
    ):
        assert field in text, field
    assert_no_template_syntax(text)


def test_easy_read_appointment_letter_gives_the_day_time_place_and_who_to_ask_for(
    referral, tmp_path
):
    text = letter_text(referral, tmp_path, "appointment-easy-read")
    for field in (
        "Dear Siân,",
        "Siân Ní Bhriain",  # the address block
        "3 Frankfort Gate",
        "PL1 1QD",
        "Reference: PLY-7KQM-3XD9",
        "Day: Friday",
        "Date: 27 November 2026",
        "Time: 10:30am",
        "Place: Shelter Plymouth, 14 Union Street, Plymouth",
        "Ask for Zoë Nguyễn.",
        "What to bring",
        "Phone Alex Carter: 01752 206 200",
        "Devon and Cornwall Liaison and Diversion",
    ):
        assert field in text, field
    assert_no_template_syntax(text)


def test_easy_read_letter_is_in_large_type(referral, tmp_path):
    letter = make_letter(
        referral.db, referral.referral_id, "appointment-easy-read", data_dir=referral.data_dir
    )
    sizes = {float(s) for s in re.findall(rb"/F[\w+]+ ([\d.]+) Tf", page_content(letter.pdf))}
    # Body text at 16pt and above; only the footer and letterhead small print are smaller.
    assert 16 in sizes
    assert 20 in sizes  # the date, time and place box


def test_consent_form_says_what_is_shared_with_whom_and_why_and_that_they_can_say_no(
    referral, tmp_path
):
    text = letter_text(referral, tmp_path, "consent-to-share")
    for field in (
        "Agreeing to share your information",
        "Siân Ní Bhriain",
        "PLY-7KQM-3XD9",
        "Your date of birth and how to get in touch with you",  # what
        "Shelter Plymouth, 14 Union Street, Plymouth, PL1 2SR.",  # with whom
        words(REASON),  # why
        "You do not have to agree.",
        "You can change your mind at any time.",
        "Yes. I agree",
        "No. I do not agree.",
        "Your signature: ____",
        "Date: ____",
        "Worker: Alex Carter",
    ):
        assert field in text, field
    assert_no_template_syntax(text)


@pytest.mark.parametrize(
    ("given", "family"),
    [("Siân", "Ní Bhriain"), ("Łukasz", "Wiśniewski"), ("Zoë", "Nguyễn")],
)
@pytest.mark.parametrize("template", TEMPLATE_NAMES)
def test_every_name_prints_intact(device_db, tmp_path, given, family, template):
    referral_id, _, _ = make_referral(device_db, given=given, family=family)
    letter = make_letter(device_db, referral_id, template, data_dir=tmp_path)
    text = pdf_text(letter.pdf, tmp_path)
    assert f"{given} {family}" in text
    assert "Łukasz Wiśniewski" not in text or given == "Łukasz"


def test_agency_contact_is_used_when_the_referral_names_nobody(device_db, tmp_path):
    referral_id, _, _ = make_referral(device_db, full=False)
    letter = make_letter(device_db, referral_id, data_dir=tmp_path)
    text = words(pdf_text(letter.pdf, tmp_path))
    assert "Dear Łukasz Wiśniewski," in text
    assert "The appointment" not in text  # none was made


def test_same_letter_twice_is_byte_identical(referral):
    def make():
        return make_letter(
            referral.db, referral.referral_id, data_dir=referral.data_dir, on=LETTER_DAY
        )

    first, second = make(), make()
    assert first.pdf == second.pdf
    assert first.sha256 == second.sha256
    assert first.pdf.startswith(b"%PDF-")


def test_the_pdf_is_dated_the_day_the_letter_was_made(referral):
    """A file manager or PDF reader shows when the letter was made, not 1 January 2000, and
    the same letter made on the same day is still the same bytes."""

    def make() -> bytes:
        return make_letter(
            referral.db, referral.referral_id, data_dir=referral.data_dir, log=False, on=on
        ).pdf

    on = dt.date(2026, 11, 27)
    pdf = make()
    dates = set(re.findall(rb"/(?:CreationDate|ModDate) \((D:[0-9]+)\)", pdf))
    assert dates == {b"D:20261127"}
    assert make() == pdf


def test_a_short_letter_is_one_page_and_a_long_reason_flows_onto_page_two(device_db, tmp_path):
    short_id, _, _ = make_referral(device_db, full=False, reference="PLY-AAAA-1111")
    short = make_letter(device_db, short_id, data_dir=tmp_path)
    assert pdf_pages(short.pdf, tmp_path) == 1
    assert "Page 1 of 1" in pdf_text(short.pdf, tmp_path)

    long_reason = " ".join(
        f"Sentence {n} of what the worker wrote about why this referral is needed."
        for n in range(1, 41)
    )
    long_id, _, _ = make_referral(
        device_db, given="Łukasz", family="Wiśniewski", reason=long_reason, full=False
    )
    long = make_letter(device_db, long_id, data_dir=tmp_path)
    assert pdf_pages(long.pdf, tmp_path) == 2
    pages = pdf_text(long.pdf, tmp_path).split("\f")
    assert "Page 1 of 2" in pages[0]
    assert "Page 2 of 2" in pages[1]
    assert "Sentence 1 of what the worker wrote" in words(pages[0])
    assert "Sentence 40 of what the worker wrote" in words(pages[1])  # it flowed on
    assert "Yours sincerely," in pages[1]
    assert "PRIVATE AND CONFIDENTIAL" in pages[0] and "PRIVATE AND CONFIDENTIAL" in pages[1]
    assert "Reference: PLY-7KQM-3XD9" in pages[1]  # the running head on later pages


def test_each_letter_made_is_logged_against_its_referral(referral):
    db = referral.db
    letter = make_letter(db, referral.referral_id, data_dir=referral.data_dir)
    logged = letters.for_referral(db, referral.referral_id)
    assert len(logged) == 1
    row = logged[0]
    assert row["id"] == letter.letter_id
    assert row["template"] == "referral-to-agency"
    assert row["template_version"] == "1"
    assert row["sha256"] == letter.sha256
    assert row["client_id"] == referral.client_id
    assert row["made_by"] == local.get(db, "worker_id")
    assert row["made_by_name"] == "Alex Carter"
    assert row["made_at"][:10] == dt.date.today().isoformat()
    assert [r["id"] for r in letters.made_on_day(db, dt.date.today().isoformat())] == [row["id"]]
    assert letters.made_on_day(db, "2020-01-01") == []
    # The log record is a synced record: its fields are in the change log.
    ops = {op.field for op in changelog.iter_ops(db) if op.row_id == row["id"]}
    assert {"referral_id", "template", "template_version", "sha256", "made_at"} <= ops


def test_a_letter_made_again_from_its_log_is_the_same_letter(referral):
    db = referral.db
    first = make_letter(
        db, referral.referral_id, "appointment-easy-read", data_dir=referral.data_dir
    )
    again = remake_letter(
        db, letters.for_referral(db, referral.referral_id)[0], data_dir=referral.data_dir
    )
    assert again.sha256 == first.sha256
    assert len(letters.for_referral(db, referral.referral_id)) == 1  # not logged twice


def test_a_preview_made_without_logging_writes_nothing(referral):
    before = changelog.count_ops(referral.db)
    make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir, log=False)
    assert changelog.count_ops(referral.db) == before


# -- the consent rule --------------------------------------------------------------------


@pytest.mark.parametrize("template", ["referral-to-agency", "appointment-easy-read"])
def test_no_letter_without_consent_or_a_lawful_reason(device_db, tmp_path, template):
    referral_id, _, _ = make_referral(device_db, consent=False)
    before = changelog.count_ops(device_db)
    with pytest.raises(SharingBlocked) as caught:
        make_letter(device_db, referral_id, template, data_dir=tmp_path)
    assert "Siân has not agreed to share" in str(caught.value)
    assert "Shelter Plymouth" in str(caught.value)
    assert changelog.count_ops(device_db) == before


def test_the_consent_form_needs_no_consent(device_db, tmp_path):
    referral_id, _, _ = make_referral(device_db, consent=False)
    letter = make_letter(device_db, referral_id, "consent-to-share", data_dir=tmp_path)
    assert "Agreeing to share your information" in pdf_text(letter.pdf, tmp_path)


def test_a_lawful_reason_to_share_is_stated_in_the_letter(device_db, tmp_path):
    referral_id, _, _ = make_referral(device_db, consent=False)
    save_referral(
        device_db,
        {
            "lawful_basis": "safeguarding",
            "lawful_reason": "She told us she is at risk from a former partner tonight.",
            "status": "made",
        },
        referral_id,
    )
    text = words(pdf_text(make_letter(device_db, referral_id, data_dir=tmp_path).pdf, tmp_path))
    assert "without Siân's consent" in text
    assert "Safeguarding: a risk of harm to them or someone else" in text
    assert "She told us she is at risk from a former partner tonight." in text


# -- templates: where they come from, and broken ones -------------------------------------


def test_the_standard_templates_are_offered(referral):
    found = available_templates(referral.db, referral.data_dir)
    assert [t.name for t in found] == list(TEMPLATE_NAMES)
    assert {t.name: t.for_whom for t in found} == {
        "referral-to-agency": "agency",
        "appointment-easy-read": "client",
        "consent-to-share": "none",
    }
    assert all(t.title and t.origin == "bundled" and t.version == "1" for t in found)


def test_a_template_in_the_data_folder_wins_and_its_version_is_its_content(referral, tmp_path):
    path = write_local(
        referral,
        "referral-to-agency",
        "# Local letter\n\nFor {{ client.name }} at {{ agency.name }}.\n",
    )
    letter = make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir)
    text = words(pdf_text(letter.pdf, tmp_path))
    assert "Local letter" in text
    assert "For Siân Ní Bhriain at Shelter Plymouth." in text
    assert letter.version.startswith("local sha256:")
    # Touching the file without changing it keeps the version; changing it changes it.
    os.utime(path, (1_000_000, 1_000_000))
    again = make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir)
    assert again.version == letter.version
    path.write_text("# Local letter, changed\n", encoding="utf-8")
    changed = make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir)
    assert changed.version != letter.version
    info = {t.name: t for t in available_templates(referral.db, referral.data_dir)}
    assert info["referral-to-agency"].origin == "data folder"
    assert info["referral-to-agency"].for_whom == "agency"  # described by the bundled one


def test_head_office_template_wins_over_the_data_folder_and_the_bundled_one(referral, tmp_path):
    write_local(referral, "referral-to-agency", "# From the data folder\n")
    letters.save_template_document(
        referral.db,
        "referral-to-agency",
        "{#\ntitle: Head office referral letter\nfor: agency\n#}\n# From head office\n\n"
        "Dear {{ agency.contact }},\n",
        version=2,
    )
    letter = make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir)
    text = words(pdf_text(letter.pdf, tmp_path))
    assert "From head office" in text
    assert "Dear Zoë Nguyễn," in text
    assert "From the data folder" not in text
    assert letter.version == "head office 2"
    assert letters.for_referral(referral.db, referral.referral_id)[0]["template_version"] == (
        "head office 2"
    )
    info = {t.name: t for t in available_templates(referral.db, referral.data_dir)}
    assert info["referral-to-agency"].title == "Head office referral letter"


def test_a_new_template_head_office_sends_is_offered_and_needs_consent(device_db, tmp_path):
    letters.save_template_document(
        device_db, "probation-update", "{#\ntitle: Update for probation\n#}\n# Update\n", 1
    )
    names = [t.name for t in available_templates(device_db, tmp_path)]
    assert names == [*TEMPLATE_NAMES, "probation-update"]
    referral_id, _, _ = make_referral(device_db, consent=False)
    with pytest.raises(SharingBlocked):
        make_letter(device_db, referral_id, "probation-update", data_dir=tmp_path)


@pytest.mark.parametrize(
    ("text", "line", "words_in_message"),
    [
        ("# Letter\n\nDear {{ agency.contact }},\n\n{{ client.nickname }}\n", 5, "“nickname”"),
        ("# Letter\n\n{{ mystery_field }}\n", 3, "“mystery_field”"),
        ("# Letter\n\n{% if client.name %}\nNever closed\n", 4, "has a mistake"),
        ("# Letter\n{{ client.name }\n", 2, "has a mistake"),
        ("# Letter\n{{ client.__class__ }}\n", 2, "may not do"),
    ],
)
def test_a_broken_template_names_the_file_and_line_and_makes_nothing(
    referral, text, line, words_in_message
):
    path = write_local(referral, "referral-to-agency", text)
    before = changelog.count_ops(referral.db)
    with pytest.raises(LetterError) as caught:
        make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir)
    message = str(caught.value)
    assert str(path) in message
    assert f"line {line}" in message
    assert words_in_message in message
    assert "No letter was made" in message
    assert caught.value.line == line
    assert changelog.count_ops(referral.db) == before
    assert letters.for_referral(referral.db, referral.referral_id) == []


def test_a_broken_head_office_template_is_named_as_theirs(referral):
    letters.save_template_document(
        referral.db, "consent-to-share", "# Form\n\n{{ worker.surname }}\n", version=4
    )
    with pytest.raises(LetterError) as caught:
        make_letter(
            referral.db, referral.referral_id, "consent-to-share", data_dir=referral.data_dir
        )
    assert "head office's template “consent-to-share” (version 4), line 3" in str(caught.value)


def test_unknown_template_and_unknown_referral_are_plain_errors(referral):
    with pytest.raises(LetterError, match="no letter template called “thank-you”"):
        make_letter(referral.db, referral.referral_id, "thank-you", data_dir=referral.data_dir)
    with pytest.raises(LetterError, match="no letter template called"):
        make_letter(
            referral.db, referral.referral_id, "../../etc/passwd", data_dir=referral.data_dir
        )
    with pytest.raises(LetterError, match="There is no referral nope"):
        make_letter(referral.db, "nope", data_dir=referral.data_dir)


def test_template_text_cannot_reach_outside_the_sandbox(referral):
    write_local(referral, "referral-to-agency", "{{ client.name.__init__.__globals__ }}\n")
    with pytest.raises(LetterError, match="may not do"):
        make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir)


# -- the letterhead ----------------------------------------------------------------------


def test_letterhead_settings_round_trip_and_defaults(device_db):
    assert letterhead(device_db) == {
        "organisation": "Court Liaison and Diversion Service",
        "address": "",
        "phone": "",
        "logo_path": "",
    }
    set_letterhead(device_db, organisation="  Cornwall   L&D ", address="1 High St\n\n Truro  \n")
    assert letterhead(device_db)["organisation"] == "Cornwall L&D"
    assert letterhead(device_db)["address"] == "1 High St\nTruro"
    set_letterhead(device_db, organisation="")
    assert letterhead(device_db)["organisation"] == "Court Liaison and Diversion Service"
    with pytest.raises(ValueError, match="no colour"):
        set_letterhead(device_db, colour="red")


def test_a_logo_is_printed_and_a_bad_one_is_refused(referral, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (240, 80), (20, 60, 120)).save(logo)
    set_letterhead(referral.db, logo_path=str(logo))
    letter = make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir, log=False)
    assert b"/Subtype /Image" in letter.pdf

    not_a_picture = tmp_path / "notes.txt"
    not_a_picture.write_text("hello")
    with pytest.raises(LetterError, match="cannot be read"):
        set_letterhead(referral.db, logo_path=str(not_a_picture))
    assert letterhead(referral.db)["logo_path"] == str(logo)  # kept the good one

    logo.unlink()  # moved away after it was chosen: the letter says so, and is not made
    with pytest.raises(LetterError, match="Choose it again in Settings"):
        make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir)


def test_a_logo_read_once_for_a_batch_is_read_again_when_the_picture_changes(referral, tmp_path):
    """Letters share the logo once it is read; a new picture saved over it is printed."""
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (240, 80), (20, 60, 120, 200)).save(logo)  # with a soft mask
    set_letterhead(referral.db, logo_path=str(logo))

    def make() -> bytes:
        return make_letter(
            referral.db, referral.referral_id, data_dir=referral.data_dir, log=False
        ).pdf

    first, again = make(), make()
    assert first == again  # the same letter, the same bytes, from the picture read once
    assert first.count(b"/Subtype /Image") == 2  # the picture and its transparency

    Image.new("RGB", (300, 90), (200, 30, 30)).save(logo)
    os.utime(logo, ns=(os.stat(logo).st_mtime_ns + 10**9,) * 2)  # a later save
    changed = make()
    assert changed != first
    assert b"/Width 300" in changed and b"/Width 240" not in changed


def test_a_template_not_saved_as_utf8_is_a_plain_error(referral):
    folder = referral.data_dir / "letters"
    folder.mkdir()
    (folder / "referral-to-agency.j2").write_bytes("# Lettre à Siân\n".encode("cp1252"))
    with pytest.raises(LetterError, match="not saved as plain text"):
        make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir)


def test_letters_made_on_two_threads_at_once_are_the_same_letter(referral):
    """Previews and the day's batch make letters off the UI thread, each on its own store
    connection."""
    store_file = store_path(referral.data_dir)

    def make(_: int) -> bytes:
        db = open_store(store_file, key=referral.db.store_key)
        try:
            return make_letter(
                db, referral.referral_id, data_dir=referral.data_dir, log=False, on=LETTER_DAY
            ).pdf
        finally:
            db.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        made = list(pool.map(make, range(4)))
    assert len(set(made)) == 1
