"""The Devices page's list: each laptop enrolled or waiting (a DeviceStatus a row), and the
words for its status and its last bundle, which the page's banner uses too."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QBrush, QFont

from cass_desktop.headoffice.devices import DeviceStatus
from cass_desktop.ui.headoffice.sync_status import local_moment
from cass_desktop.ui.shell.style import ERROR_COLOUR, PENDING_ROW_COLOUR, QUIET_ROW_COLOUR
from cass_desktop.ui.shell.tables import Column, RecordsModel


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class DevicesModel(RecordsModel):
    """A laptop waiting for approval is shaded blue, a quiet one orange with its last bundle
    in bold; a laptop with refused changes shows their count in red."""

    SITE, WORKER, STATUS, LAST, HELD, FINGERPRINT, REFUSED = range(7)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        pending, quiet, bold = QBrush(PENDING_ROW_COLOUR), QBrush(QUIET_ROW_COLOUR), _bold()

        def shade(status: DeviceStatus) -> QBrush | None:
            return pending if status.pending else quiet if status.quiet else None

        def column(header: str, text, **parts) -> Column:
            return Column(header, text, background=shade, **parts)

        self.columns = [
            column(self.tr("Site"), lambda s: s.site or self.tr("Unnamed device")),
            column(self.tr("Worker"), lambda s: s.worker),
            column(self.tr("Status"), self.status_words),
            column(
                self.tr("Last bundle received"),
                self.last_words,
                sort=lambda s: s.last_bundle_at or "",
                font=lambda s: bold if s.quiet else None,
            ),
            column(self.tr("Changes received"), self._held_words, sort=lambda s: s.held_seq),
            column(self.tr("Fingerprint"), lambda s: s.fingerprint),
            column(
                self.tr("Refused"),
                lambda s: str(s.refused) if s.refused else "",
                sort=lambda s: s.refused,
                colour=lambda s: QBrush(ERROR_COLOUR) if s.refused else None,
            ),
        ]

    def _held_words(self, status: DeviceStatus) -> str:
        waiting = (
            " " + self.tr("(%1 waiting)").replace("%1", str(status.waiting))
            if status.waiting
            else ""
        )
        return str(status.held_seq) + waiting

    def summary(self, status: DeviceStatus) -> str:
        """'Bodmin: nothing for 3 days', in the words devices.DeviceStatus.summary uses."""
        place = status.laptop
        if status.pending:
            return self.tr("%1: waiting for approval").replace("%1", place)
        if status.quiet:
            return (
                self.tr("%1: nothing for %2 days")
                .replace("%1", place)
                .replace("%2", str(status.days_quiet))
            )
        if status.never_received:
            return self.tr("%1: nothing received yet").replace("%1", place)
        return self.last_words(status)

    def status_words(self, status: DeviceStatus) -> str:
        if status.pending:
            return self.tr("Waiting for approval")
        if status.revoked:
            return self.tr("Revoked")
        return self.tr("Enrolled")

    def last_words(self, status: DeviceStatus) -> str:
        if status.pending:
            return self.tr("Its bundle was not applied")
        if status.never_received or status.days_quiet is None:
            if status.quiet:
                return self.tr("Nothing received since it was enrolled, %1 days ago").replace(
                    "%1", str(status.days_quiet)
                )
            return self.tr("Nothing received yet")
        when = local_moment(status.last_bundle_at, always_date=True)
        if status.days_quiet == 0:
            ago = self.tr("today")
        elif status.days_quiet == 1:
            ago = self.tr("yesterday")
        else:
            ago = self.tr("%1 days ago").replace("%1", str(status.days_quiet))
        return f"{when} ({ago})"
