"""The letter preview: the pages shown, moving between them and zooming, printing to a PDF
printer offscreen (same pages, same text, same look), and saving the exact bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from cass_desktop.data import local
from cass_desktop.letters import Letter
from cass_desktop.letters.pdf import register_fonts
from cass_desktop.ui.letters.letter_button import LetterButton
from cass_desktop.ui.letters.letter_preview import (
    SAVE_FOLDER_SETTING,
    LetterPreviewDialog,
    suggested_file_name,
)
from cass_desktop.ui.letters.printing import PrintError, new_printer, print_letter
from tests.helpers.pdf import needs_poppler, pdf_pages, pdf_words
from tests.helpers.printing import ink, ink_bands, pdf_grey_pages, pdf_printer, same_places
from tests.helpers.stores import new_store

LEFT = Qt.MouseButton.LeftButton
NAMES = ["Siân Ní Bhriain", "Łukasz Wiśniewski", "Zoë Nguyễn"]


def sample_letter(pages: int = 3, title: str = "Referral to Shelter Plymouth — Siân") -> Letter:
    """A letter of several pages with names only a wide-coverage font prints."""
    rl_config.invariant = 1
    register_fonts()  # the app's own DejaVu Sans, from its resources, whatever ran before
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for page in range(1, pages + 1):
        pdf.setFont("DejaVuSans", 14)
        pdf.drawString(72, 780, f"Page {page} of {pages}")
        pdf.setFont("DejaVuSans", 11)
        y = 740
        for line in range(24):
            name = NAMES[(page + line) % len(NAMES)]
            pdf.drawString(72, y, f"Line {line + 1} on page {page}: {name}, Plymouth PL1 2AB")
            y -= 24
        pdf.rect(60, 60, 475, 40)  # a box near the foot, where a misplaced print would show
        pdf.showPage()
    pdf.save()
    data = out.getvalue()
    return Letter(
        pdf=data,
        template="referral-to-agency",
        version="1",
        sha256=hashlib.sha256(data).hexdigest(),
        title=title,
    )


def _dialog(qtbot, context, letter: Letter) -> LetterPreviewDialog:
    dialog = LetterPreviewDialog(context, None, letter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _view_ink(dialog: LetterPreviewDialog) -> int:
    return ink(dialog.view.viewport().grab().toImage())


# The preview --------------------------------------------------------------------------------
def test_the_preview_shows_the_letter_and_moves_between_its_pages(qtbot, context, tmp_path):
    letter = sample_letter(pages=3)
    dialog = _dialog(qtbot, context, letter)

    assert dialog.windowTitle() == "Letter preview — Referral to Shelter Plymouth — Siân"
    shown_title = dialog.findChild(type(dialog.message), "letterTitle").text()
    assert shown_title.replace("\u2011", "-") == letter.title
    assert "-" not in shown_title  # the reference's hyphens never break a line
    detail = dialog.findChild(type(dialog.message), "letterDetail")
    # Issue 9 #18: the worker was shown "template referral-to-agency, version 1".
    assert detail.text() == "3 pages"
    assert "template" not in detail.text() and "version" not in detail.text()
    assert dialog.view.document() is dialog.document
    assert dialog.document.pageCount() == 3
    assert dialog.view.pageMode() == QPdfView.PageMode.MultiPage
    assert dialog.page_count_label.text() == "of 3"
    # The pages are drawn (QPdfView renders in the background; wait for ink on the page).
    qtbot.waitUntil(lambda: _view_ink(dialog) > 500, timeout=30_000)
    dialog.grab().save(str(tmp_path / "preview.png"))

    assert dialog.page_spin.value() == 1
    assert not dialog.previous_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, LEFT)
    assert dialog.current_page() == 1
    assert dialog.page_spin.value() == 2
    assert dialog.previous_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, LEFT)
    assert dialog.page_spin.value() == 3
    assert not dialog.next_button.isEnabled()
    qtbot.mouseClick(dialog.previous_button, LEFT)
    assert dialog.current_page() == 1

    dialog.page_spin.selectAll()
    qtbot.keyClicks(dialog.page_spin, "3")
    assert dialog.current_page() == 2
    assert not dialog.next_button.isEnabled()


def test_the_preview_fits_the_width_and_zooms(qtbot, context):
    dialog = _dialog(qtbot, context, sample_letter(pages=1))
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert dialog.fit_width_button.isChecked()
    fitted = dialog._shown_zoom()
    assert dialog.zoom_label.text() == f"{round(fitted * 100)}%"
    assert "1 page" in dialog.findChild(type(dialog.message), "letterDetail").text()
    assert not dialog.next_button.isEnabled()

    qtbot.mouseClick(dialog.zoom_in_button, LEFT)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.view.zoomFactor() > fitted
    assert not dialog.fit_width_button.isChecked()
    assert dialog.zoom_label.text() == f"{round(dialog.view.zoomFactor() * 100)}%"
    zoomed = dialog.view.zoomFactor()
    qtbot.mouseClick(dialog.zoom_out_button, LEFT)
    assert dialog.view.zoomFactor() < zoomed

    qtbot.mouseClick(dialog.whole_page_button, LEFT)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitInView
    assert dialog.whole_page_button.isChecked()
    assert dialog._shown_zoom() < fitted  # a whole A4 page in the window is smaller
    qtbot.mouseClick(dialog.fit_width_button, LEFT)
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


# Printing -----------------------------------------------------------------------------------
@needs_poppler
def test_printing_to_a_pdf_printer_gives_the_same_pages_text_and_look(tmp_path):
    letter = sample_letter(pages=3)
    original = tmp_path / "letter.pdf"
    original.write_bytes(letter.pdf)
    printed = tmp_path / "printed.pdf"

    print_letter(letter, pdf_printer(printed))

    assert pdf_pages(printed) == 3
    assert pdf_words(printed) == pdf_words(original)
    for name in NAMES:
        assert name in pdf_words(printed)
    # The same look, page by page: the pictures printed sit where the letter's pages do.
    before, after = pdf_grey_pages(original), pdf_grey_pages(printed)
    assert len(after) == 3
    for page_before, page_after in zip(before, after, strict=True):
        assert ink(page_after) > 500
        assert len(ink_bands(page_before)) == 1 + 24 + 1  # heading, 24 lines, the box
        assert same_places(ink_bands(page_before), ink_bands(page_after))
        assert same_places(
            ink_bands(page_before, columns=True), ink_bands(page_after, columns=True)
        )


@needs_poppler
def test_the_print_dialog_choice_of_pages_is_honoured(qtbot, context, tmp_path, monkeypatch):
    letter = sample_letter(pages=3)
    dialog = _dialog(qtbot, context, letter)
    chosen = {}

    def choose_pages_2_to_3(print_dialog: QPrintDialog) -> int:
        printer = print_dialog.printer()
        chosen["document"] = printer.docName()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "pages-2-3.pdf"))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_pages_2_to_3)
    qtbot.mouseClick(dialog.print_button, LEFT)
    assert chosen["document"] == letter.title
    assert pdf_pages(tmp_path / "pages-2-3.pdf") == 2
    text = pdf_words(tmp_path / "pages-2-3.pdf")
    assert "Page 2 of 3" in text and "Page 3 of 3" in text and "Page 1 of 3" not in text
    assert dialog.message.isVisible()
    assert dialog.message.text() == f"Sent to {tmp_path / 'pages-2-3.pdf'}."

    # The current page only: the one being looked at.
    dialog.go_to_page(1)
    printer = pdf_printer(tmp_path / "current.pdf")
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert dialog.print_to(printer)
    assert pdf_pages(tmp_path / "current.pdf") == 1
    assert "Page 2 of 3" in pdf_words(tmp_path / "current.pdf")


def test_cancelling_the_print_dialog_prints_nothing(qtbot, context, tmp_path, monkeypatch):
    dialog = _dialog(qtbot, context, sample_letter(pages=1))
    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: QDialog.DialogCode.Rejected)
    qtbot.mouseClick(dialog.print_button, LEFT)
    assert not dialog.message.isVisible()
    assert list(tmp_path.glob("*.pdf")) == []


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_a_printer_that_cannot_start_is_explained(qtbot, context, tmp_path):
    dialog = _dialog(qtbot, context, sample_letter(pages=1))
    nowhere = pdf_printer(tmp_path / "no-such-folder" / "out.pdf")
    with pytest.raises(PrintError, match="could not be started"):
        print_letter(dialog.letter, nowhere)
    assert not dialog.print_to(nowhere)
    assert dialog.message.text().startswith("The printer could not be started.")
    assert dialog.message.styleSheet() == "color: #b00020;"


def test_bytes_that_are_not_a_pdf_are_refused_in_plain_words(qtbot, context):
    broken = Letter(pdf=b"not a pdf", template="x", version="1", sha256="", title="Broken")
    with pytest.raises(PrintError, match="could not be read as a PDF"):
        print_letter(broken, new_printer())


# Saving -------------------------------------------------------------------------------------
def test_save_as_pdf_writes_the_letter_exactly(qtbot, context, tmp_path, monkeypatch):
    letter = sample_letter(pages=2)
    dialog = _dialog(qtbot, context, letter)
    offered = {}
    target = tmp_path / "saved" / "referral"  # no .pdf typed: one is added
    target.parent.mkdir()

    def save_name(_parent, _caption, start, _filter):
        offered["start"] = start
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    qtbot.mouseClick(dialog.save_button, LEFT)

    saved = target.with_suffix(".pdf")
    assert saved.read_bytes() == letter.pdf
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == letter.sha256
    assert offered["start"] == str(Path.home() / "Referral to Shelter Plymouth — Siân.pdf")
    assert sorted(p.name for p in saved.parent.iterdir()) == ["referral.pdf"]  # no temp left
    assert dialog.message.text() == f"Saved to {saved}."
    assert local.get(context.db, SAVE_FOLDER_SETTING) == str(saved.parent)

    # The next save starts in the same folder, and overwrites in one step.
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert offered["start"] == str(saved.parent / "Referral to Shelter Plymouth — Siân.pdf")
    assert saved.read_bytes() == letter.pdf


def test_saving_where_it_cannot_be_written_says_so(qtbot, context, tmp_path, monkeypatch):
    dialog = _dialog(qtbot, context, sample_letter(pages=1))
    nowhere = tmp_path / "no-such-folder" / "letter.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(nowhere), ""))
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not nowhere.exists()
    assert dialog.message.text().startswith(f"The letter could not be saved to {nowhere}")
    assert local.get(context.db, SAVE_FOLDER_SETTING) is None


def test_cancelling_save_writes_nothing(qtbot, context, tmp_path, monkeypatch):
    dialog = _dialog(qtbot, context, sample_letter(pages=1))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    assert dialog.save_with_dialog() is None
    assert not dialog.message.isVisible()


def test_file_names_come_from_the_title_without_characters_windows_refuses():
    letter = sample_letter(pages=1, title='Referral: Siân / "Shelter"?')
    assert suggested_file_name(letter) == "Referral Siân Shelter.pdf"


# Letter… from a referral --------------------------------------------------------------------
def _draft_referral(context) -> str:
    from cass_desktop.data import agencies, clients
    from cass_desktop.referrals.saving import save_referral

    sian = clients.create(
        context.db, {"given_name": "Siân", "family_name": "Ní Bhriain", "gender": "female"}, "PLY"
    )
    shelter = agencies.create(context.db, {"name": "Shelter Plymouth", "domains": "housing"})
    return save_referral(
        context.db, {"client_id": sian, "agency_id": shelter, "reason": "Sleeping rough."}
    )


def test_a_letter_that_cannot_be_made_is_explained(qtbot, context):
    referral_id = _draft_referral(context)
    button = LetterButton(context, lambda: referral_id)
    qtbot.addWidget(button)
    button.show()
    button.fill_menu()
    titles = [a.text() for a in button.menu().actions()]
    assert titles[0] == "Supported referral letter"
    assert "(record the appointment first)" in titles[1]
    assert not button.menu().actions()[1].isEnabled()

    with qtbot.waitSignal(button.letter_refused, timeout=30_000) as refused:
        button.menu().actions()[0].trigger()
    assert refused.args[0].startswith(
        "Siân has not agreed to share her information with Shelter Plymouth."
    )
    assert button.problem_box is not None and button.problem_box.isVisible()
    assert button.problem_box.text() == refused.args[0]
    assert button.preview is None
    assert button.isEnabled()


def test_the_consent_form_needs_no_consent_and_is_logged_only_when_sent(
    qtbot, context, tmp_path, monkeypatch
):
    from cass_desktop.data import letters as letter_log

    referral_id = _draft_referral(context)
    button = LetterButton(context, lambda: referral_id)
    qtbot.addWidget(button)
    button.fill_menu()
    form = next(a for a in button.menu().actions() if a.data() == "consent-to-share")
    with qtbot.waitSignal(button.letter_shown, timeout=30_000) as shown:
        form.trigger()
    preview = shown.args[0]
    assert preview is button.preview and preview.isVisible()
    assert preview.letter.template == "consent-to-share"
    assert letter_log.for_referral(context.db, referral_id) == []

    saved = tmp_path / "form.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(saved), ""))
    with qtbot.waitSignal(preview.letter_logged, timeout=30_000) as logged:
        qtbot.mouseClick(preview.save_button, LEFT)
    rows = letter_log.for_referral(context.db, referral_id)
    assert [(r["id"], r["template"], r["sha256"]) for r in rows] == [
        (logged.args[0], "consent-to-share", hashlib.sha256(saved.read_bytes()).hexdigest())
    ]
    preview.close()
    qtbot.waitUntil(lambda: button.preview is None, timeout=30_000)


def test_no_referral_chosen_offers_nothing(qtbot, context):
    button = LetterButton(context, lambda: None)
    qtbot.addWidget(button)
    button.fill_menu()
    actions = button.menu().actions()
    assert [a.text() for a in actions] == ["Choose a referral in the list first"]
    assert not actions[0].isEnabled()


# Settings ▸ Letters ---------------------------------------------------------------------------
def test_the_letterhead_is_set_in_settings_and_shown_on_a_sample(
    qtbot, context, tmp_path, monkeypatch
):
    from cass_desktop import letters
    from cass_desktop.data import letters as letter_log
    from cass_desktop.ui.settings.settings_page import SettingsPage

    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.show()
    box = page.letters_box
    assert box.isVisible()
    assert box.organisation.text() == letters.letterhead(context.db)["organisation"]
    assert not box.save_button.isEnabled()

    box.organisation.clear()
    qtbot.keyClicks(box.organisation, "Devon and Cornwall Court Liaison")
    for number, line in enumerate(["Plymouth Magistrates' Court", "St Andrew's Street", "PL1 2DP"]):
        if number:
            qtbot.keyClick(box.address, Qt.Key.Key_Return)
        qtbot.keyClicks(box.address, line)
    qtbot.keyClicks(box.phone, "01752 000111")
    assert box.save_button.isEnabled()

    # A logo that is not a picture is refused, and nothing is saved.
    not_a_picture = tmp_path / "logo.png"
    not_a_picture.write_text("not a picture")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(not_a_picture), ""))
    qtbot.mouseClick(box.choose_logo_button, LEFT)
    assert box.logo_label.text() == str(not_a_picture)
    qtbot.mouseClick(box.save_button, LEFT)
    assert "cannot be read" in box.message.text()
    assert letters.letterhead(context.db)["phone"] == ""

    logo = tmp_path / "real-logo.png"
    picture = QImage(120, 40, QImage.Format.Format_RGB32)
    picture.fill(Qt.GlobalColor.darkBlue)
    picture.save(str(logo))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(logo), ""))
    qtbot.mouseClick(box.choose_logo_button, LEFT)
    with qtbot.waitSignal(context.changed, timeout=30_000):
        qtbot.mouseClick(box.save_button, LEFT)
    assert box.message.text() == "Saved. Letters made from now on use this letterhead."
    assert letters.letterhead(context.db) == {
        "organisation": "Devon and Cornwall Court Liaison",
        "address": "Plymouth Magistrates' Court\nSt Andrew's Street\nPL1 2DP",
        "phone": "01752 000111",
        "logo_path": str(logo),
    }
    assert not box.save_button.isEnabled()

    # The sample: a made-up person, this letterhead; printing it logs nothing.
    qtbot.mouseClick(box.sample_button, LEFT)
    qtbot.waitUntil(lambda: box.sample_preview is not None, timeout=30_000)
    preview = box.sample_preview
    assert preview.letter.title.startswith("Sample: Supported referral letter for Siân")
    qtbot.waitUntil(lambda: _view_ink(preview) > 500, timeout=30_000)
    preview.grab().save(str(tmp_path / "sample.png"))
    sample = tmp_path / "sample.pdf"
    sample.write_bytes(preview.letter.pdf)
    if shutil.which("pdftotext"):
        text = pdf_words(sample)
        assert "Devon and Cornwall Court Liaison" in text
        assert "01752 000111" in text
    assert preview.print_to(pdf_printer(tmp_path / "sample-printed.pdf"))
    assert list(context.db["letters"].rows) == []
    assert letter_log.made_on_day(context.db, dt.date.today().isoformat()) == []


def test_head_office_has_no_letterhead_section(qtbot, tmp_path):
    from cass_desktop.data import store_path
    from cass_desktop.sites.setup import set_up_head_office
    from cass_desktop.ui.settings.settings_page import SettingsPage
    from cass_desktop.ui.shell.context import AppContext

    db = new_store(store_path(tmp_path))
    set_up_head_office(db, "Devon and Cornwall CASS")
    page = SettingsPage(AppContext(db, store_path(tmp_path)))
    qtbot.addWidget(page)
    page.show()
    assert not page.letters_box.isVisible()
    db.close()


def test_the_preview_warns_before_printing_a_letter_with_no_address_or_phone(qtbot, context):
    """Issue 9: an agency with no address and no number to ring back are said plainly above
    the letter; once they are recorded, the warning goes."""
    from cass_desktop.data import agencies, consents, referrals

    referral_id = _draft_referral(context)
    row = referrals.get(context.db, referral_id)
    consents.record(
        context.db,
        {
            "client_id": row["client_id"],
            "scope": "share",
            "agency_id": row["agency_id"],
            "decision": "given",
            "decided_on": "2026-11-20",
            "how_recorded": "verbal",
        },
    )
    referrals.update(
        context.db, referral_id, {"info_shared": "Name, date of birth and how to contact them"}
    )
    button = LetterButton(context, lambda: referral_id)
    qtbot.addWidget(button)
    button.fill_menu()
    with qtbot.waitSignal(button.letter_shown, timeout=30_000) as shown:
        button.menu().actions()[0].trigger()
    preview = shown.args[0]
    gaps = preview.findChild(type(preview.message), "letterGaps")
    assert gaps.isVisible()
    text = gaps.text()
    assert text.startswith("Before you print: Shelter Plymouth has no address in the directory")
    assert "No phone number or email is recorded for Siân" in text
    assert "No phone number is set for you, your court or the letterhead" in text
    preview.close()
    qtbot.waitUntil(lambda: button.preview is None, timeout=30_000)

    agencies.update(context.db, row["agency_id"], {"address": "14 Union Street, Plymouth"})
    from cass_desktop.data import clients

    clients.update(context.db, row["client_id"], {"phone": "07700 900123"})
    local.put(context.db, "letterhead.phone", "01752 206 200")
    button.fill_menu()
    with qtbot.waitSignal(button.letter_shown, timeout=30_000) as shown:
        button.menu().actions()[0].trigger()
    preview = shown.args[0]
    assert not preview.findChild(type(preview.message), "letterGaps").isVisible()
    preview.close()
    qtbot.waitUntil(lambda: button.preview is None, timeout=30_000)
