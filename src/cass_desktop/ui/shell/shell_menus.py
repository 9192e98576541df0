"""The menus every window has: File ▸ Quit (Ctrl+Q), the way into and out of the demo, and
Help (getting started, the keys, About with the version)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cass_desktop import __version__
from cass_desktop.app.resources import resource


class HelpDialog(QDialog):
    """Getting started and the keys, from resources/help/help.md."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("CASS Desktop help"))
        self.resize(720, 620)
        self.text = QTextBrowser()
        self.text.setObjectName("helpText")
        self.text.setOpenExternalLinks(False)
        try:
            self.text.setMarkdown(resource("help", "help.md").read_text(encoding="utf-8"))
        except OSError:
            self.text.setPlainText(self.tr("The help could not be found."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


def about_text(parent: QObject) -> str:
    return (
        "<h3>CASS Desktop</h3><p>"
        + parent.tr("Version %1").replace("%1", __version__)
        + "</p><p>"
        + parent.tr(
            "For court liaison and diversion workers: the people met at court, their consent, "
            "court dates, needs and referrals. It works with no network; the day's work goes "
            "to head office in one encrypted file."
        )
        + "</p>"
    )


def add_shell_menus(window: QMainWindow, file_menu: QMenu, *, is_demo: bool) -> None:
    """File ▸ the demo and Quit, and the Help menu, on `window` (a MainWindow with the
    `demo_requested` and `leave_demo_requested` signals)."""
    file_menu.addSeparator()
    if is_demo:
        window.leave_demo_action = QAction(
            window.tr("Leave the demo and set up for your court…"), window
        )
        window.leave_demo_action.triggered.connect(lambda: window.leave_demo_requested.emit())
        file_menu.addAction(window.leave_demo_action)
    else:
        window.open_demo_action = QAction(window.tr("Open the demo…"), window)
        window.open_demo_action.triggered.connect(lambda: window.demo_requested.emit())
        file_menu.addAction(window.open_demo_action)
    file_menu.addSeparator()
    window.quit_action = QAction(window.tr("&Quit"), window)
    window.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    window.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    window.quit_action.triggered.connect(window.close)
    window.addAction(window.quit_action)
    file_menu.addAction(window.quit_action)

    help_menu = window.menuBar().addMenu(window.tr("&Help"))
    window.help_menu = help_menu
    window.help_action = QAction(window.tr("Getting started and keys"), window)
    window.help_action.setShortcut(QKeySequence("F1"))
    window.help_action.triggered.connect(lambda: show_help(window))
    window.addAction(window.help_action)
    help_menu.addAction(window.help_action)
    window.about_action = QAction(window.tr("About CASS Desktop"), window)
    window.about_action.triggered.connect(lambda: show_about(window))
    help_menu.addAction(window.about_action)


def show_help(window: QWidget) -> HelpDialog:
    old = getattr(window, "help_dialog", None)
    if old is not None:
        old.raise_()
        old.show()
        return old
    window.help_dialog = HelpDialog(window)
    window.help_dialog.show()
    return window.help_dialog


def show_about(window: QWidget) -> QMessageBox:
    box = QMessageBox(window)
    box.setObjectName("aboutBox")
    box.setWindowTitle(window.tr("About CASS Desktop"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text(window))
    box.setIcon(QMessageBox.Icon.Information)
    window.about_box = box
    box.open()
    return box
