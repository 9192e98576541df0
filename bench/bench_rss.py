"""Peak memory (RSS) with 100,000 people: open the main window, list everyone, scroll through.

A fresh process opens the store, shows the main window offscreen, goes to the Clients page
(window.show_section(1)), chooses All so the list holds every person (waiting until the rest
of the list has been read while idle), and scrolls the list from top to bottom a page at a
time, painting each page. The figure is the process's peak resident set size from
resource.getrusage (ru_maxrss). The anchor, in the same run, is a bare PySide6 window (a
QMainWindow holding an empty QTableView, shown offscreen) in a fresh process, measured the
same way. Goal: at most 2.5x the bare window. Exits 1 when it is missed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from _common import CLIENTS, demo_store, emit

GOAL_RATIO = 2.5

BARE = r"""
import json, os, resource, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTableView())
window.resize(1280, 800)
window.show()
for _ in range(20):
    app.processEvents()
print(json.dumps({"peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CHILD = r"""
import json, os, resource, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtWidgets import QAbstractItemView
from cass_desktop.data import open_store, store_path
from cass_desktop.ui.shell.app import application
from cass_desktop.ui.shell.context import AppContext
from cass_desktop.ui.shell.main_window import MainWindow

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

app = application()
store_file = store_path(Path(sys.argv[1]))
context = AppContext(open_store(store_file, create=False), store_file)
window = MainWindow(context)
window.show()
app.processEvents()
shown_mb = peak_mb()
window.show_section(1)
page = window.clients
try:
    from cass_desktop.ui.people.clients_model import FILTER_ALL
    page.set_filter(FILTER_ALL)
except (ImportError, AttributeError):
    pass
app.processEvents()
page.model.read_all()
app.processEvents()
views = [v for v in page.findChildren(QAbstractItemView) if v.model() is not None]
view = max(views, key=lambda v: v.model().rowCount())
rows = view.model().rowCount()
bar = view.verticalScrollBar()
started = time.perf_counter()
pages = 0
value = 0
while True:
    bar.setValue(value)
    app.processEvents()
    pages += 1
    if value >= bar.maximum():
        break
    value = min(value + max(1, bar.pageStep()), bar.maximum())
seconds = time.perf_counter() - started
print(json.dumps({
    "rows_listed": rows,
    "pages_scrolled": pages,
    "scroll_seconds": seconds,
    "rss_after_window_mb": shown_mb,
    "peak_rss_mb": peak_mb(),
}), flush=True)
window.close()
context.db.close()
"""


def _peak(code: str, data_dir: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", code, data_dir],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"RSS run failed (exit {proc.returncode}):\n{proc.stderr}")
    return json.loads(lines[-1])


def main() -> int:
    data_dir = str(demo_store())
    bare = _peak(BARE, data_dir)["peak_rss_mb"]
    result = _peak(CHILD, data_dir)
    ratio = result["peak_rss_mb"] / bare
    met = ratio <= GOAL_RATIO
    emit(
        {
            "benchmark": "rss",
            "clients": CLIENTS,
            "rows_listed": result["rows_listed"],
            "pages_scrolled": result["pages_scrolled"],
            "scroll_s": round(result["scroll_seconds"], 1),
            "rss_after_window_mb": round(result["rss_after_window_mb"]),
            "peak_rss_mb": round(result["peak_rss_mb"], 1),
            "bare_window_mb": round(bare, 1),
            "ratio": round(ratio, 2),
            "goal_ratio": GOAL_RATIO,
            "met_goal": met,
        }
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
