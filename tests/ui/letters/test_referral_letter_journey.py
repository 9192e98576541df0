"""The journey the issue asks for, through real widgets over a real store: from the person's
page, make a referral to an agency; marking it made is blocked, with the reason, until their
consent is recorded; record it there and then; save it as made; open the referral letter's
preview from the referral, and print it to a PDF printer. The printed letter names the
person and the agency, and the letter is logged against the referral once printed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from cass_desktop.data import agencies, clients, consents
from cass_desktop.data import letters as letter_log
from cass_desktop.data import referrals as referral_data
from cass_desktop.records.dates import today
from cass_desktop.ui.letters.letter_preview import LetterPreviewDialog
from cass_desktop.ui.people.client_page import ClientPage
from cass_desktop.ui.people.record_dialogs import ConsentDialog
from cass_desktop.ui.referrals.referral_dialog import ReferralDialog
from tests.helpers.pdf import needs_poppler, pdf_pages, pdf_words
from tests.helpers.printing import ink, pdf_grey_pages

LEFT = Qt.MouseButton.LeftButton
BLOCKED = (
    "Siân has not agreed to share her information with Shelter Plymouth. Record her consent "
    "with Record consent, or record a lawful reason to share without it."
)


def click(qtbot, widget) -> None:
    if hasattr(widget, "isCheckable") and widget.isCheckable():  # a radio button or tick box
        qtbot.mouseClick(widget, LEFT, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, LEFT)


@needs_poppler
def test_refer_blocked_without_consent_record_it_then_preview_and_print_the_letter(
    qtbot, context, tmp_path, monkeypatch
):
    db = context.db
    sian = clients.create(
        db,
        {
            "given_name": "Siân",
            "family_name": "Ní Bhriain",
            "gender": "female",
            "address": "Flat 3, 12 Union Street, Plymouth",
            "postcode": "PL1 3EZ",
        },
        "PLY",
    )
    shelter = agencies.create(
        db,
        {
            "name": "Shelter Plymouth",
            "domains": "housing,money",
            "contact_name": "Marie Luscombe",
            "phone": "01632 960001",
            "address": "1 Armada Way, Plymouth, PL1 1AA",
        },
    )
    page = ClientPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.load(sian)
    page.tabs.setCurrentIndex(page.referrals_tab)

    # A new referral from her page: type the agency and the reason.
    click(qtbot, page.new_referral_button)
    dialog = page.findChild(ReferralDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "New referral for Siân Ní Bhriain"
    qtbot.keyClicks(dialog.agency_search, "shelter")
    qtbot.keyClick(dialog.agency_search, Qt.Key.Key_Return)  # the worker picks it
    assert dialog.selected_agency() == shelter
    qtbot.keyClicks(dialog.reason, "Evicted last week and sleeping in a tent; wants housing.")
    click(qtbot, dialog.info_buttons[0])

    # Marking it made is blocked, and the dialog says why.
    dialog.status.setFocus()
    qtbot.keyClicks(dialog.status, "Made")
    assert dialog.status.currentData() == "made"
    assert dialog.block_message.isVisible()
    assert BLOCKED in dialog.block_message.text()
    click(qtbot, dialog.save_button)
    assert dialog.isVisible()
    assert BLOCKED in dialog.block_message.text()
    assert referral_data.for_client(db, sian) == []
    dialog.grab().save(str(tmp_path / "1-blocked.png"))

    # Record her consent there and then, through the consent dialog.
    click(qtbot, dialog.record_consent_button)
    consent_dialog = dialog.consent_dialog
    assert isinstance(consent_dialog, ConsentDialog)
    assert consent_dialog.scope_buttons["share"].isChecked()
    assert consent_dialog.selected_agency() == shelter
    click(qtbot, consent_dialog.decision_buttons["given"])
    click(qtbot, consent_dialog.save_button)
    assert dialog.consent_dialog is None
    assert not dialog.block_message.isVisible()
    assert "is covered" in dialog.sharing_status.text()
    assert [c["decision"] for c in consents.current(db, sian) if c["scope"] == "share"] == ["given"]

    # Now it saves as made.
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    made = referral_data.for_client(db, sian)
    assert [(r["status"], r["made_on"], r["agency_name"]) for r in made] == [
        ("made", today().isoformat(), "Shelter Plymouth")
    ]
    referral_id = made[0]["id"]

    # From the referral on her page: Letter… ▸ the referral letter opens in the preview.
    assert page.referrals_table.rowCount() == 1
    page.referrals_table.selectRow(0)
    page.letter_button.fill_menu()
    choices = {a.text(): a for a in page.letter_button.menu().actions()}
    assert "Supported referral letter" in choices
    assert not choices[
        "Appointment letter for the person (easy read) (record the appointment first)"
    ].isEnabled()
    with qtbot.waitSignal(page.letter_button.letter_shown, timeout=30_000) as shown:
        choices["Supported referral letter"].trigger()
    preview = shown.args[0]
    assert isinstance(preview, LetterPreviewDialog)
    assert preview.isVisible()
    assert "Supported referral letter for Siân Ní Bhriain" in preview.windowTitle()
    assert preview.page_count >= 1
    assert letter_log.for_referral(db, referral_id) == []  # looked at, not yet sent
    qtbot.waitUntil(
        lambda: ink(preview.view.viewport().grab().toImage()) > 500, timeout=30_000
    )  # drawn
    preview.grab().save(str(tmp_path / "2-preview.png"))

    # Print… to a PDF printer: the printed letter names her and the agency.
    printed = tmp_path / "printed-letter.pdf"

    def choose_pdf_printer(print_dialog: QPrintDialog) -> int:
        printer = print_dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", choose_pdf_printer)
    click(qtbot, preview.print_button)
    assert preview.message.text() == f"Sent to {printed}."
    assert pdf_pages(printed) == preview.page_count
    text = pdf_words(printed)
    for words in (
        "Siân Ní Bhriain",
        "Shelter Plymouth",
        "Marie Luscombe",
        "Evicted last week and sleeping in a tent",
    ):
        assert words in text
    assert "{{" not in text and "{%" not in text
    pdf_grey_pages(printed, dpi=60)  # pages to look at, beside the PDF

    # Printed, so logged against the referral: the template, its version and the PDF's hash.
    logged = letter_log.for_referral(db, referral_id)
    assert [(r["template"], r["sha256"]) for r in logged] == [
        ("referral-to-agency", preview.letter.sha256)
    ]
    assert logged[0]["template_version"] == preview.letter.version
    # Printing it again does not log it twice.
    click(qtbot, preview.print_button)
    assert len(letter_log.for_referral(db, referral_id)) == 1
