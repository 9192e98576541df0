"""On head office's Devices page: laptops whose audit log did not check out on arrival.

The day's work in such a bundle is applied as usual; its audit log is not taken, and the
sentence saying where it breaks is listed here until a person looks into it (the laptop may
have been tampered with, or restored from an old backup)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from cass_desktop.data import audit as audit_data
from cass_desktop.sync import identity
from cass_desktop.ui.shell import style
from cass_desktop.ui.shell.context import AppContext

SHOWN = 5  # the newest; `check` lists every one


class AuditBreaksNote(QLabel):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("auditBreaks")
        self.setWordWrap(True)
        self.setStyleSheet(style.STRONG_WARNING_STYLE)
        context.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        rows = audit_data.breaks(self.context.db)
        if not rows:
            self.hide()
            return
        names = identity.laptop_names(self.context.db)
        lines = [
            f"{names.get(row['device_id'], self.tr('A laptop'))}: {row['sentence']}"
            for row in rows[:SHOWN]
        ]
        head = self.tr("Audit logs that did not check out (the day's work in them was applied):")
        self.setText("\n".join([head, *lines]))
        self.show()
