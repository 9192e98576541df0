"""At start-up, before anything is written: this computer's clock is obviously wrong."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


class ClockWarning(QMessageBox):
    """The sentence from `sync.clocks.startup_warning`, offering to quit (the default) or to
    go on (the clock may be right after all, or the person will put it right later)."""

    def __init__(self, sentence: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Check the date and time"))
        self.setIcon(QMessageBox.Icon.Warning)
        self.setText(sentence)
        self.setInformativeText(
            self.tr(
                "Changes made with a wrong clock are refused by head office. "
                "Quit, set the date and time, then start CASS Desktop again."
            )
        )
        self.quit_button = self.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.go_on_button = self.addButton(
            self.tr("Go on anyway"), QMessageBox.ButtonRole.AcceptRole
        )
        self.setDefaultButton(self.quit_button)
        self.setEscapeButton(self.quit_button)

    def go_on(self) -> bool:
        """Show it and wait; True when the person chose to go on."""
        self.exec()
        return self.clickedButton() is self.go_on_button
