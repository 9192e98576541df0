"""The unlock window's line saying whose laptop this is ("Plymouth Magistrates' Court ·
Alex Carter"), from the label kept in the clear beside the store (app/laptop_label.py), and
keeping that label up to date each time the main window opens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from cass_desktop.app.laptop_label import Label, read_label, write_label
from cass_desktop.data import local
from cass_desktop.ui.shell.context import AppContext


def _tr(text: str) -> str:
    return QCoreApplication.translate("WhoseLaptop", text)


def remember_whose_laptop(context: AppContext) -> None:
    """Keep the court's and the worker's names beside the store for the unlock window (never
    for the demo, whose names are made up)."""
    if context.is_demo:
        return
    if local.get(context.db, "role") == "head-office":
        name = str(local.get(context.db, "organisation", "") or "")
        label = Label(name or _tr("Head office"), "", head_office=True)
    else:
        site, worker = context.site, context.worker
        label = Label((site or {}).get("name") or "", (worker or {}).get("name") or "")
    if label.court or label.worker:
        write_label(context.store_file.parent, label)


def whose_laptop_words(store_file: Path) -> str:
    """'This laptop is Plymouth Magistrates' Court's, worked by Alex Carter.' or '' for none."""
    label = read_label(Path(store_file).parent)
    if label is None:
        return ""
    if label.head_office:
        return _tr("This is head office's computer: %1.").replace("%1", label.court)
    if label.court and label.worker:
        return (
            _tr("This laptop is set up for %1, worked by %2.")
            .replace("%1", label.court)
            .replace("%2", label.worker)
        )
    return _tr("This laptop is set up for %1.").replace("%1", label.court or label.worker)


def whose_laptop_label(store_file: Path) -> QLabel:
    """The line for the unlock window: hidden when no label is kept."""
    words = whose_laptop_words(store_file)
    label = QLabel(words)
    label.setObjectName("whoseLaptop")
    label.setWordWrap(True)
    label.setStyleSheet("font-size: 12pt; font-weight: bold;")
    label.setVisible(bool(words))
    return label
