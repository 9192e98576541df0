"""The status bar's sync widget: what is not yet exported, what waits in the outbox, what was
delivered, and how far head office has confirmed. Every few minutes it tries the outbox again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from cass_desktop.records.dates import show_date
from cass_desktop.sync import outbox
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.style import WARNING_STYLE
from cass_desktop.ui.shell.tasks import run_in_background
from cass_desktop.ui.sync.change_words import changed_in_words


def data_dir_of(context: AppContext) -> Path:
    """The folder the store lives in; the outbox is inside it."""
    return Path(context.store_file).parent


def counted(count: int, one: str, many: str) -> str:
    """`one` or `many` (both already translated) with %n replaced by the count."""
    return (one if count == 1 else many).replace("%n", str(count))


def local_moment(moment: str | dt.datetime | None, *, always_date: bool = False) -> str:
    """A stored UTC time as the laptop's local time: '17:02' today, '26 Nov 2026 17:02' else."""
    if not moment:
        return ""
    when = dt.datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    when = when.astimezone()
    clock = when.strftime("%H:%M")
    if not always_date and when.date() == dt.date.today():
        return clock
    return f"{show_date(when.date().isoformat())} {clock}"


class SyncStatus(QWidget):
    """Compact text for the status bar, with the details in its tooltip."""

    delivery_finished = Signal(object)  # the outbox.DeliveryResult of a background attempt

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.setObjectName("syncStatus")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingChanges")
        self.detail_label = QLabel()
        self.detail_label.setObjectName("syncDetail")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.pending_label)
        layout.addWidget(self.detail_label)
        self._busy = False
        self.state: outbox.SyncState | None = None

        self.timer = QTimer(self)
        self.timer.setInterval(outbox.CHECK_EVERY_MINUTES * 60 * 1000)
        self.timer.timeout.connect(self.deliver_in_background)  # started when shown
        context.changed.connect(self.refresh)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.context.is_demo and not self.timer.isActive():
            self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        # Closed, not minimised: tries must not go on through a store that may be closed.
        if not event.spontaneous():
            self.timer.stop()
        super().hideEvent(event)

    def refresh(self) -> None:
        state = outbox.state(self.context.db, data_dir_of(self.context))
        self.state = state
        if state.role == "head-office":
            self.pending_label.clear()
            self.detail_label.clear()
            self.setVisible(False)
            return
        self.setVisible(True)
        self.pending_label.setText(
            changed_in_words(outbox.unexported_summary(self.context.db), most=2)
            if state.unexported and not self.context.is_demo
            else ""
            if self.context.is_demo
            else self.tr("Everything is exported")
        )
        if self.context.is_demo:
            self.detail_label.setText(self.tr("Demo data is never exported"))
            self.setToolTip("")
            return
        parts = []
        warn = False
        if state.waiting:
            text = self.tr("%n in outbox").replace("%n", str(state.waiting))
            if state.last_problem:
                text += " " + self.tr("(not sent yet)")
                warn = True
            parts.append(text)
        if state.last_delivered_at:
            parts.append(
                self.tr("delivered %1").replace("%1", local_moment(state.last_delivered_at))
            )
        if state.head_office is None:
            parts.append(self.tr("no head office set up"))
            warn = True
        elif state.acked_up_to is not None:
            parts.append(
                self.tr("head office has all up to %1").replace(
                    "%1", local_moment(state.acked_up_to, always_date=True)
                )
            )
        self.detail_label.setText(" · ".join(["", *parts]).strip() if parts else "")
        self.detail_label.setStyleSheet(WARNING_STYLE if warn else "")
        self.setToolTip(self._details(state))

    def _details(self, state: outbox.SyncState) -> str:
        lines = [
            changed_in_words(outbox.unexported_summary(self.context.db)) + "."
            if state.unexported
            else self.tr("Every change made here is in an export."),
        ]
        if state.waiting:
            lines.append(
                counted(
                    state.waiting,
                    self.tr("%n export waiting in the outbox to be copied."),
                    self.tr("%n exports waiting in the outbox to be copied."),
                )
            )
        lines.append(self.tr("Outbox: %1").replace("%1", str(state.outbox)))
        if state.destination:
            lines.append(self.tr("Destination folder: %1").replace("%1", state.destination))
        else:
            lines.append(self.tr("No destination folder is set (see Settings)."))
        if state.last_checked_at:
            checked = self.tr("Last checked %1.").replace(
                "%1", local_moment(state.last_checked_at, always_date=True)
            )
            if state.last_problem:
                checked += " " + state.last_problem
            lines.append(checked)
        if state.last_delivered_at:
            lines.append(
                self.tr("Last delivered %1.").replace(
                    "%1", local_moment(state.last_delivered_at, always_date=True)
                )
            )
        if state.head_office is None:
            lines.append(self.tr("No head office card is trusted yet: see Settings."))
        elif state.acked_up_to is not None:
            lines.append(
                self.tr("%1 has confirmed it holds every change made here up to %2.")
                .replace("%1", state.head_office)
                .replace("%2", local_moment(state.acked_up_to, always_date=True))
            )
        else:
            lines.append(
                self.tr("%1 has not yet confirmed receiving anything from this laptop.").replace(
                    "%1", state.head_office
                )
            )
        if state.last_update_at:
            lines.append(
                self.tr("Last update from head office taken in %1.").replace(
                    "%1", local_moment(state.last_update_at, always_date=True)
                )
            )
        return "\n".join(lines)

    def deliver_in_background(self) -> bool:
        """Try copying waiting exports to the destination; False when there is nothing to try."""
        state = self.state
        if (
            self._busy
            or self.context.is_demo
            or state is None
            or state.role != "device"
            or not state.destination
            or not state.waiting
        ):
            return False
        self._busy = True
        context = self.context
        data_dir = data_dir_of(context)

        def work(_progress) -> outbox.DeliveryResult:
            db = context.open_connection()
            try:
                return outbox.deliver(db, data_dir)
            finally:
                db.close()

        def done(result: outbox.DeliveryResult) -> None:
            self._busy = False
            self.refresh()
            self.delivery_finished.emit(result)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self.refresh()
            self.delivery_finished.emit(
                outbox.DeliveryResult(
                    destination=state.destination,
                    problem=self.tr("Copying the outbox failed: %1").replace("%1", str(exc)),
                )
            )

        run_in_background(self, work, done, on_error=failed)
        return True
