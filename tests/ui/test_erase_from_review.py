"""Records due for review ▸ Erase…: the worker chooses a person, says why, types ERASE and
erases; the dialog says "Erasing…" while the erasure runs in the background, and then the
list and the person's page show only the tombstone, and the name is gone from the records and
the change log."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from cass_desktop.data import changelog, clients
from cass_desktop.records.dates import show_date, today
from cass_desktop.ui.people.client_page import ClientPage
from cass_desktop.ui.privacy.retention_review import RetentionDialog
from tests.helpers.bundles import dump
from tests.helpers.people import add_person

SECRET = "Trevithick-Oyelaran"


def _old_person(context) -> str:
    db = context.db
    person = add_person(
        db, "Morwenna", SECRET, status="closed", opened_on="05/01/2015", closed_on="01/02/2016"
    )
    changelog.save(db, "contacts", {"client_id": person, "summary": f"{SECRET} called in"})
    return person


def _press_erase_and_wait(qtbot, erase) -> None:
    """Erase, pressed: the dialog says so and takes no more presses (Escape included) until
    the erasure, in the background, is done and it closes."""
    qtbot.mouseClick(erase.erase_button, Qt.MouseButton.LeftButton)
    assert erase.task is not None and erase.working.isVisible()
    assert erase.working.text() == "Erasing…"
    assert not erase.erase_button.isEnabled() and not erase.cancel_button.isEnabled()
    qtbot.keyClick(erase, Qt.Key.Key_Escape)
    with qtbot.waitSignal(erase.finished, timeout=120_000):
        pass
    assert erase.result() == QDialog.DialogCode.Accepted and erase.tombstone is not None


def _choose(qtbot, button) -> None:
    """Click a radio button on its circle, as a person would."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert button.isChecked()


def _open_erase(qtbot, dialog: RetentionDialog):
    qtbot.mouseClick(
        dialog.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=dialog.table.visualItemRect(dialog.table.item(0, 1)).center(),
    )
    assert dialog.erase_button.isEnabled()
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    erase = dialog.erase_dialog
    assert erase is not None and erase.isVisible()
    return erase


def test_erase_from_the_review_list_leaves_only_the_tombstone(qtbot, context):
    db = context.db
    person = _old_person(context)
    dialog = RetentionDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.item(0, 1).text() == f"Morwenna {SECRET}"
    assert not dialog.erase_button.isEnabled()  # nobody chosen yet

    # The confirmation names the person; Erase waits for a reason and the typed word, and
    # Enter is Cancel: nothing is erased.
    erase = _open_erase(qtbot, dialog)
    assert f"Morwenna {SECRET}" in erase.findChild(type(erase.problem), "eraseHeading").text()
    qtbot.keyClicks(erase.confirm, "ERASE")
    assert not erase.erase_button.isEnabled()
    qtbot.keyClick(erase.confirm, Qt.Key.Key_Return)
    assert erase.result() == QDialog.DialogCode.Rejected and not erase.isVisible()
    assert clients.get(db, person)["family_name"] == SECRET

    # Other, with words; then "the retention period has ended" chosen instead.
    erase = _open_erase(qtbot, dialog)
    _choose(qtbot, erase.reason_buttons["other"])
    assert erase.other.isEnabled()
    qtbot.keyClicks(erase.confirm, "ERASE")
    assert not erase.erase_button.isEnabled()  # "other" needs its words
    _choose(qtbot, erase.reason_buttons["retention"])
    assert not erase.other.isEnabled() and erase.erase_button.isEnabled()
    _press_erase_and_wait(qtbot, erase)

    # The list shows the tombstone, plainly, and never the old values.
    texts = [
        dialog.table.item(r, c).text()
        for r in range(dialog.table.rowCount())
        for c in range(dialog.table.columnCount())
    ]
    day = show_date(today().isoformat())
    assert f"Erased on {day}: retention period ended" in texts
    assert not any(SECRET in t or "Morwenna" in t for t in texts)
    assert "No one is due for review" in dialog.summary.text()

    # Gone from the records and from the change log (raw queries), wherever it was.
    assert clients.get(db, person)["purged"] == 1
    for log in ("ops", "pending_ops"):
        held = db.execute(f"SELECT count(*) FROM {log} WHERE value_json LIKE ?", [f"%{SECRET}%"])
        assert held.fetchone()[0] == 0, log
    assert not any(SECRET in repr(rows) for rows in dump(db).values())

    # The person's page says what is left.
    page = ClientPage(context)
    qtbot.addWidget(page)
    page.load(person)
    page.show()
    assert page.name.text() == "Erased record"
    assert page.missing.text() == f"Erased on {day}: retention period ended"
    assert not page.tabs.isVisible()


def test_erase_from_the_persons_history_tab_when_they_ask(qtbot, context):
    """A person who asks to be forgotten need not wait for the review: History ▸ Erase record…
    asks the same, and the page then shows only what is left."""
    db = context.db
    person = add_person(db, "Morwenna", SECRET)
    page = ClientPage(context)
    qtbot.addWidget(page)
    page.show()
    page.load(person)
    page.tabs.setCurrentIndex(page.history_tab)
    history = page.tabs.currentWidget()
    qtbot.mouseClick(history.erase_button, Qt.MouseButton.LeftButton)
    erase = history.erase_dialog
    assert erase is not None and erase.isVisible()
    assert f"Morwenna {SECRET}" in erase.findChild(type(erase.problem), "eraseHeading").text()
    _choose(qtbot, erase.reason_buttons["asked"])
    qtbot.keyClicks(erase.confirm, "ERASE")
    _press_erase_and_wait(qtbot, erase)

    day = show_date(today().isoformat())
    assert page.name.text() == "Erased record"
    assert page.missing.text() == f"Erased on {day}: the person asked (right to erasure)"
    assert clients.get(db, person)["purged"] == 1
    assert not any(SECRET in repr(rows) for rows in dump(db).values())


def test_a_refusal_in_the_background_is_said_in_the_dialog_which_stays_open(qtbot, context):
    """Erased meanwhile from elsewhere (the command line, another window): Erase says so in
    one sentence, changes nothing, and the dialog can be cancelled as before."""
    from cass_desktop.privacy import erasure

    person = _old_person(context)
    dialog = RetentionDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    erase = _open_erase(qtbot, dialog)
    _choose(qtbot, erase.reason_buttons["error"])
    qtbot.keyClicks(erase.confirm, "ERASE")
    erasure.erase_person(context.db, person, "asked")
    before = dump(context.db)
    qtbot.mouseClick(erase.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: erase.task is None, timeout=120_000)
    assert erase.isVisible() and erase.problem.isVisible() and not erase.working.isVisible()
    assert erase.problem.text() == "This person's record has already been erased."
    assert erase.cancel_button.isEnabled() and erase.erase_button.isEnabled()
    assert dump(context.db) == before
    qtbot.mouseClick(erase.cancel_button, Qt.MouseButton.LeftButton)
    assert erase.result() == QDialog.DialogCode.Rejected and not erase.isVisible()
