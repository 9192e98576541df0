"""The New person dialog's panel of people already held who may be the same person: built,
filled as the name and date of birth are typed (`people.candidates.find_lookalikes`), and
opening the one chosen instead. Mixed into ClientDialog (client_dialog.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from cass_desktop.data import clients
from cass_desktop.people.candidates import find_lookalikes
from cass_desktop.people.names import Name, fold
from cass_desktop.records import dates, vocab
from cass_desktop.ui.shell import style

_ID_ROLE = Qt.ItemDataRole.UserRole


class LookalikesPanel:
    """Mixed into ClientDialog (before the dialog shell): the possible matches beside the
    form."""

    def _build_matches_panel(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("possibleMatches")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setFixedWidth(260)
        self.matches_title = QLabel(self.tr("People who may be the same person"))
        self.matches_title.setStyleSheet("font-weight: bold;")
        self.matches_title.setWordWrap(True)
        self.matches_hint = QLabel(
            self.tr(
                "As you type their name and date of birth, anyone already held who may be "
                "the same person is listed here."
            )
        )
        self.matches_hint.setWordWrap(True)
        self.matches = QListWidget()
        self.matches.setWordWrap(True)
        self.matches.setAlternatingRowColors(True)
        self.matches.setSpacing(3)
        self.matches.itemActivated.connect(lambda _item: self.open_existing())
        self.matches.currentItemChanged.connect(
            lambda item, _old: self.open_match_button.setEnabled(item is not None)
        )
        self.open_match_button = QPushButton(
            self.tr("Open this person instead")
            if self._open_existing
            else self.tr("Use this person instead")
        )
        self.open_match_button.setEnabled(False)
        self.open_match_button.setAutoDefault(False)
        self.open_match_button.clicked.connect(self.open_existing)
        layout = QVBoxLayout(panel)
        layout.addWidget(self.matches_title)
        layout.addWidget(self.matches_hint)
        layout.addWidget(self.matches, 1)
        layout.addWidget(self.open_match_button)
        return panel

    def check_matches(self) -> None:
        """List people already held who may be the person being typed in."""
        self._match_timer.stop()
        if not self._creating:
            return
        try:
            born = dates.parse_date(self.date_of_birth.text())
        except ValueError:
            born = None
        given, family = self.given_name.text().strip(), self.family_name.text().strip()
        if len(fold(given) + fold(family)) < 2:
            self.matches_found = []
        else:
            self.matches_found = find_lookalikes(
                self.context.db, Name(given=given, family=family), born
            )
        self.matches.clear()
        for row, likeness in self.matches_found:
            lines = [f"{clients.display_name(row)}  ·  {row['reference']}"]
            details = []
            if row.get("date_of_birth"):
                details.append(
                    self.tr("born %1").replace("%1", dates.show_date(row["date_of_birth"]))
                )
            details.append(self.tr(vocab.label(vocab.CLIENT_STATUSES, row.get("status"))))
            lines.append(", ".join(details))
            if not likeness.likely():
                lines.append(self.tr("Same name, but born on another day:"))
            lines.append("; ".join(self.tr(reason) for reason in likeness.reasons))
            item = QListWidgetItem("\n".join(lines))
            item.setData(_ID_ROLE, row["id"])
            self.matches.addItem(item)
        if self.matches_found:
            self.matches_title.setText(
                self.tr("People who may be the same person (%1)").replace(
                    "%1", str(len(self.matches_found))
                )
            )
            self.matches_hint.setText(
                self.tr(
                    "Check these before adding. If one is this person, open them instead; "
                    "if not, carry on."
                )
            )
            self.matches_panel.setStyleSheet(f"#possibleMatches {{ {style.NOTICE_FRAME_STYLE} }}")
        else:
            self.matches_title.setText(self.tr("People who may be the same person"))
            typed = self.given_name.text().strip() or self.family_name.text().strip()
            self.matches_hint.setText(
                self.tr("No one already held looks like this person.")
                if typed
                else self.tr(
                    "As you type their name and date of birth, anyone already held who may "
                    "be the same person is listed here."
                )
            )
            self.matches_panel.setStyleSheet("")

    def open_existing(self) -> None:
        """Open the person chosen from the possible matches, instead of adding a new one."""
        item = self.matches.currentItem()
        if item is None:
            return
        self.opened_existing_id = item.data(_ID_ROLE)
        self.reject()  # the worker chose someone else: nothing typed here is wanted
        if self._open_existing:
            self.context.open_client(self.opened_existing_id)
