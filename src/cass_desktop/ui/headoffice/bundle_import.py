"""Importing laptops' bundles on head office's Devices page: choosing the files, verifying
and applying each in the background, and saying what each brought in or why it was refused.
Mixed into DevicesPage (devices_page.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
)

from cass_desktop.app.crashlog import write_crash_log
from cass_desktop.data import local
from cass_desktop.sync.importer import ImportResult, import_files
from cass_desktop.ui.headoffice.sync_status import counted, data_dir_of
from cass_desktop.ui.shell.style import (
    DONE_STYLE,
    ERROR_COLOUR,
    ERROR_STYLE,
    STRONG_WARNING_STYLE,
    WARNING,
)
from cass_desktop.ui.shell.tasks import Progress, run_in_background


class BundleImporting:
    """Mixed into DevicesPage (before QWidget): the Import bundles… button's work."""

    # -- importing -------------------------------------------------------------------------

    def choose_bundles(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import bundles"),
            str(Path(local.get(self.context.db, "import_folder") or Path.home())),
            self.tr("CASS Desktop bundles (*.cassbundle);;All files (*)"),
        )
        if paths:
            local.put(self.context.db, "import_folder", str(Path(paths[0]).parent))
            self.import_bundles([Path(p) for p in paths])

    def import_bundles(self, paths: list[Path]) -> None:
        """Verify, decrypt and apply each bundle in the background, one after another."""
        context = self.context
        self._set_busy(True)
        self._say(
            counted(
                len(paths),
                self.tr("Importing %n bundle…"),
                self.tr("Importing %n bundles…"),
            )
        )
        reading = self.tr("Reading %1")

        def work(progress: Progress) -> list[ImportResult]:
            db = context.open_connection()
            try:
                results: list[ImportResult] = []
                for done, path in enumerate(paths):
                    progress.report(done, len(paths), reading.replace("%1", path.name))
                    results.extend(import_files(db, [path]))
                progress.report(len(paths), len(paths), "")
                return results
            finally:
                db.close()

        def done(results: list[ImportResult]) -> None:
            self._set_busy(False)
            for path in paths:
                self._recent[path.name] = path
            self.show_results(results)
            context.notify_changed()
            self.refresh()
            waiting = next((s for s in self.statuses if s.pending), None)
            if waiting is not None and self.selected() is None:
                self.select_device(waiting.device_id)  # ready for Approve
            self.imported.emit(results)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            # The details go to the log in the data folder (redacted), for whoever looks after
            # the machine: the page says it in one sentence.
            write_crash_log(
                data_dir_of(context), type(exc), exc, exc.__traceback__, where="importing bundles"
            )
            self._say(
                self.tr("The bundles could not be imported: %1").replace("%1", str(exc)),
                ERROR_STYLE,
            )

        run_in_background(self, work, done, on_error=failed, title=self.tr("Importing bundles"))

    def result_words(self, result: ImportResult) -> str:
        if result.refused and result.awaiting_approval:
            return self.tr(
                "%1: from a device head office has not enrolled. Nothing was applied; the "
                "device is listed above for a person to approve."
            ).replace("%1", result.name)
        if result.refused:
            return result.refusal()  # the file named once
        m = result.merge
        parts = [
            counted(m.applied, self.tr("applied %n change"), self.tr("applied %n changes")),
            counted(
                m.already_held,
                self.tr("%n already held"),
                self.tr("%n already held"),
            ),
        ]
        if m.refused:
            parts.append(
                counted(
                    m.refused,
                    self.tr("%n refused (listed below)"),
                    self.tr("%n refused (listed below)"),
                )
            )
        if m.proposed:
            parts.append(
                counted(
                    m.proposed,
                    self.tr("%n agency change proposed"),
                    self.tr("%n agency changes proposed"),
                )
            )
        if m.held_back:
            parts.append(
                counted(
                    m.held_back,
                    self.tr("%n held back until an earlier bundle comes"),
                    self.tr("%n held back until an earlier bundle comes"),
                )
            )
        if m.released:
            parts.append(
                counted(
                    m.released,
                    self.tr("%n waiting change now applied"),
                    self.tr("%n waiting changes now applied"),
                )
            )
        if m.conflicts:
            parts.append(
                counted(
                    m.conflicts,
                    self.tr("%n conflict to review"),
                    self.tr("%n conflicts to review"),
                )
            )
        else:
            parts.append(self.tr("no conflicts"))
        return f"{result.name}: " + "; ".join(parts) + "."

    def show_results(self, results: list[ImportResult]) -> None:
        self.results.clear()
        for result in results:
            self.results.addItem(self.result_words(result))
            line = self.results.item(self.results.count() - 1)
            if result.refused and not result.awaiting_approval:
                line.setForeground(QBrush(ERROR_COLOUR))
            elif result.awaiting_approval or result.merge.conflicts or result.merge.refused:
                line.setForeground(QBrush(QColor(WARNING)))
        self.results_part.show()
        refused = sum(1 for r in results if r.refused)
        conflicts = sum(r.merge.conflicts for r in results)
        changes = sum(r.merge.applied + r.merge.released for r in results)
        changes_refused = sum(r.merge.refused for r in results)
        # What happened, in changes: "Applied 0 changes; 8 refused." is never shown as success.
        summary = counted(changes, self.tr("Applied %n change"), self.tr("Applied %n changes"))
        if changes_refused:
            summary += "; " + counted(
                changes_refused,
                self.tr("%n refused (listed below)"),
                self.tr("%n refused (listed below)"),
            )
        summary += "."
        if refused:
            summary += " " + counted(
                refused,
                self.tr("%n bundle was not applied."),
                self.tr("%n bundles were not applied."),
            )
        if conflicts:
            summary += " " + self.tr("See Conflicts to choose the right values.")
        if refused and not changes:
            style = ERROR_STYLE
        elif refused or changes_refused or conflicts:
            style = STRONG_WARNING_STYLE
        else:
            style = DONE_STYLE
        self._say(summary, style)
