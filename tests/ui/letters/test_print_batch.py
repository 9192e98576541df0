"""Print the day's letters: the list of letters for referrals made that day, Print all to one
printer with progress, one letter that cannot be made listed with its reason while the rest
print, and each printed letter logged against its referral."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QPushButton

from cass_desktop.data import agencies, clients, consents
from cass_desktop.data import letters as letter_log
from cass_desktop.records.dates import show_date, show_date_short, today
from cass_desktop.referrals.saving import save_referral
from cass_desktop.ui.letters.print_batch import (
    LETTER,
    PERSON,
    RESULT,
    TO,
    PrintBatchDialog,
)
from cass_desktop.ui.letters.print_batch import (
    REFERRAL_LETTER as REFERRAL,
)
from tests.helpers.pdf import needs_poppler, pdf_pages, pdf_words
from tests.helpers.printing import pdf_printer

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def day_of_referrals(context) -> dict[str, str]:
    """Three referrals made today (one with an appointment, one on a lawful reason, one whose
    consent was withdrawn after it was made), a draft, and one made yesterday."""
    db = context.db
    sian = clients.create(
        db, {"given_name": "Siân", "family_name": "Ní Bhriain", "gender": "female"}, "PLY"
    )
    lukasz = clients.create(
        db, {"given_name": "Łukasz", "family_name": "Wiśniewski", "gender": "male"}, "PLY"
    )
    zoe = clients.create(
        db, {"given_name": "Zoë", "family_name": "Nguyễn", "gender": "female"}, "PLY"
    )
    shelter = agencies.create(
        db,
        {
            "name": "Shelter Plymouth",
            "domains": "housing",
            "contact_name": "Marie Luscombe",
            "address": "1 Armada Way, Plymouth, PL1 1AA",
        },
    )
    hamoaze = agencies.create(
        db, {"name": "Hamoaze House", "domains": "substances", "address": "Devonport"}
    )
    for client, agency in ((sian, shelter), (zoe, shelter)):
        consents.record(
            db,
            {
                "client_id": client,
                "scope": "share",
                "agency_id": agency,
                "decision": "given",
                "decided_on": today().isoformat(),
                "how_recorded": "verbal",
            },
        )
    made = {"status": "made", "domains": "housing"}
    ids = {
        "sian": save_referral(
            db,
            {
                **made,
                "client_id": sian,
                "agency_id": shelter,
                "reason": "Sleeping in a tent since the eviction.",
                "support": "appointment_made",
                "appointment_at": f"{(today() + dt.timedelta(days=2)).isoformat()}T10:30",
                "appointment_place": "1 Armada Way, Plymouth",
            },
        ),
        "lukasz": save_referral(
            db,
            {
                "status": "made",
                "domains": "substances",
                "client_id": lukasz,
                "agency_id": hamoaze,
                "reason": "Drinking heavily; wants a detox place.",
                "lawful_basis": "safeguarding",
                "lawful_reason": "Said he would harm himself tonight.",
            },
        ),
        "zoe": save_referral(
            db, {**made, "client_id": zoe, "agency_id": shelter, "reason": "Rent arrears."}
        ),
    }
    consents.record(
        db,
        {
            "client_id": zoe,
            "scope": "share",
            "agency_id": shelter,
            "decision": "withdrawn",
            "decided_on": today().isoformat(),
            "how_recorded": "phone",
        },
    )
    save_referral(db, {"client_id": sian, "agency_id": shelter, "reason": "A draft, not made yet."})
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    ids["yesterday"] = save_referral(
        db,
        {
            **made,
            "client_id": sian,
            "agency_id": shelter,
            "reason": "Earlier.",
            "made_on": yesterday,
        },
    )
    return ids


def _dialog(qtbot, context) -> PrintBatchDialog:
    dialog = PrintBatchDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _cells(dialog: PrintBatchDialog, column: int) -> list[str]:
    return [dialog.table.item(r, column).text() for r in range(dialog.table.rowCount())]


def _print_all(qtbot, dialog: PrintBatchDialog, printer: QPrinter) -> tuple[int, int]:
    with qtbot.waitSignal(dialog.batch_finished, timeout=60_000) as finished:
        dialog.print_all(printer)
    return tuple(finished.args)


def test_the_days_letters_are_listed_ticked(qtbot, context, day_of_referrals):
    dialog = _dialog(qtbot, context)
    assert dialog.heading.text() == f"Today's letters — {show_date(today().isoformat())}"
    people = _cells(dialog, PERSON)
    assert len(people) == 4  # Siân twice (agency, appointment), Łukasz, Zoë
    assert people[0].startswith("Siân Ní Bhriain  PLY-")
    assert people[1] == people[0]
    assert people[2].startswith("Łukasz Wiśniewski")
    assert people[3].startswith("Zoë Nguyễn")
    letters_listed = _cells(dialog, LETTER)
    assert letters_listed[0] == "Supported referral letter"
    assert letters_listed[1].startswith("Appointment letter")
    appointment = show_date((today() + dt.timedelta(days=2)).isoformat())
    assert f"{appointment} 10:30, 1 Armada Way, Plymouth" in letters_listed[1]
    assert _cells(dialog, TO) == [
        "Shelter Plymouth",
        people[0].split("  ")[0],
        "Hamoaze House",
        "Shelter Plymouth",
    ]
    assert all(dialog.is_ticked(r) for r in range(4))
    assert dialog.summary.text() == "4 of 4 letters ticked to print."

    dialog.set_ticked(1, False)
    assert dialog.summary.text() == "3 of 4 letters ticked to print."
    qtbot.mouseClick(dialog.untick_all_button, LEFT)
    assert not dialog.print_button.isEnabled()
    qtbot.mouseClick(dialog.tick_all_button, LEFT)
    assert dialog.print_button.isEnabled()


def test_another_day_can_be_shown(qtbot, context, day_of_referrals):
    dialog = _dialog(qtbot, context)
    yesterday = today() - dt.timedelta(days=1)
    dialog.day_field.edit.clear()
    qtbot.keyClicks(dialog.day_field.edit, show_date_short(yesterday.isoformat()))
    qtbot.mouseClick(dialog.show_day_button, LEFT)
    assert dialog.heading.text() == f"Letters for {show_date(yesterday.isoformat())}"
    assert len(_cells(dialog, PERSON)) == 1
    assert _cells(dialog, LETTER) == ["Supported referral letter"]

    dialog.day_field.edit.clear()
    qtbot.keyClicks(dialog.day_field.edit, "31/02/2026")
    qtbot.mouseClick(dialog.show_day_button, LEFT)
    assert dialog.day_message.isVisible()
    assert dialog.day_message.text().startswith("The day: ")

    dialog.day_field.set_date(today() - dt.timedelta(days=30))
    qtbot.mouseClick(dialog.show_day_button, LEFT)
    assert not dialog.table.isVisible()
    assert dialog.empty_label.isVisible()
    assert "No referrals were marked as made on" in dialog.empty_label.text()
    assert not dialog.print_button.isEnabled()


@needs_poppler
def test_print_all_prints_each_letter_once_and_lists_the_one_that_cannot_be(
    qtbot, context, day_of_referrals, tmp_path, monkeypatch
):
    dialog = _dialog(qtbot, context)
    out = tmp_path / "todays-letters.pdf"
    asked = []

    def choose_pdf_printer(print_dialog: QPrintDialog) -> int:
        asked.append(print_dialog.windowTitle())
        printer = print_dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_pdf_printer)
    with qtbot.waitSignal(dialog.batch_finished, timeout=60_000) as finished:
        qtbot.mouseClick(dialog.print_button, LEFT)
    assert asked == ["Print the day's letters"]  # the printer is asked for once
    assert finished.args == [3, 1]

    results = _cells(dialog, RESULT)
    assert results[0].startswith("Printed (")
    assert results[1].startswith("Printed (")
    assert results[2].startswith("Printed (")
    assert results[3].startswith("Not printed: Zoë withdrew her consent to share her information")
    assert dialog.items[3].failed
    pages = sum(item.pages for item in dialog.items if item.printed)
    assert pdf_pages(out) == pages
    assert dialog.summary.text() == (
        f"3 letters printed ({pages} pages). 1 not printed: the reasons are listed above."
    )

    text = pdf_words(out)
    for words in ("Siân Ní Bhriain", "Shelter Plymouth", "Łukasz Wiśniewski", "Hamoaze House"):
        assert words in text
    assert "Zoë" not in text

    # Each printed letter is logged against its referral, with its template; Zoë's is not.
    logged = {
        (row["template"]) for row in letter_log.for_referral(context.db, day_of_referrals["sian"])
    }
    assert logged == {"referral-to-agency", "appointment-easy-read"}
    assert [
        r["template"] for r in letter_log.for_referral(context.db, day_of_referrals["lukasz"])
    ] == ["referral-to-agency"]
    assert letter_log.for_referral(context.db, day_of_referrals["zoe"]) == []
    dialog.grab().save(str(tmp_path / "batch.png"))


@needs_poppler
def test_only_the_ticked_letters_print(qtbot, context, day_of_referrals, tmp_path):
    dialog = _dialog(qtbot, context)
    dialog.tick_all(False)
    dialog.set_ticked(2, True)  # Łukasz only
    out = tmp_path / "one.pdf"
    assert _print_all(qtbot, dialog, pdf_printer(out)) == (1, 0)
    assert _cells(dialog, RESULT) == ["", "", _cells(dialog, RESULT)[2], ""]
    assert "Łukasz Wiśniewski" in pdf_words(out)
    assert "Siân" not in pdf_words(out)
    assert pdf_pages(out) == dialog.items[2].pages


def test_stopping_leaves_the_rest_unprinted_and_says_so(qtbot, context, day_of_referrals, tmp_path):
    dialog = _dialog(qtbot, context)
    with qtbot.waitSignal(dialog.batch_finished, timeout=60_000) as finished:
        dialog.print_all(pdf_printer(tmp_path / "stopped.pdf"))
        stop = dialog.progress.findChild(QPushButton)
        assert stop.text() == "Stop"
        qtbot.mouseClick(stop, LEFT)  # while the first letter is being made
    assert finished.args == [1, 3]
    results = _cells(dialog, RESULT)
    assert results[0].startswith("Printed (")
    assert results[1:] == ["Not printed: stopped before this letter."] * 3
    assert dialog.print_button.isEnabled()


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_a_printer_that_cannot_start_prints_nothing_and_says_why(
    qtbot, context, day_of_referrals, tmp_path
):
    dialog = _dialog(qtbot, context)
    nowhere = pdf_printer(tmp_path / "no-such-folder" / "out.pdf")
    assert _print_all(qtbot, dialog, nowhere) == (0, 4)
    assert all(r.startswith("Not printed: ") for r in _cells(dialog, RESULT))
    assert "The printer could not be started" in _cells(dialog, RESULT)[0]


def test_the_file_menu_opens_todays_letters(qtbot, context, day_of_referrals, tmp_path):
    from cass_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    action = window.print_letters_action
    assert action in window.file_menu.actions()
    assert action.text() == "Print today's letters…"
    action.trigger()
    dialog = window.print_batch_dialog
    assert isinstance(dialog, PrintBatchDialog) and dialog.isVisible()
    assert len(dialog.items) == 4
    # The Settings page has the Letters section.
    window.show_settings()
    assert window.settings.letters_box.isVisible()
    window.settings.grab().save(str(tmp_path / "settings.png"))


def test_the_referrals_view_makes_a_letter_for_the_chosen_referral(
    qtbot, context, day_of_referrals
):
    from cass_desktop.ui.referrals.referrals_view import ReferralsPage

    page = ReferralsPage(context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.select(day_of_referrals["lukasz"])
    page.letter_button.fill_menu()
    letter = next(a for a in page.letter_button.menu().actions() if a.data() == REFERRAL)
    with qtbot.waitSignal(page.letter_button.letter_shown, timeout=30_000) as shown:
        letter.trigger()
    preview = shown.args[0]
    assert preview.letter.referral_id == day_of_referrals["lukasz"]
    assert "Łukasz Wiśniewski" in preview.windowTitle()
