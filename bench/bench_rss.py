"""Peak memory (RSS) with 100,000 people: open the main window, list everyone, scroll through.

A fresh process opens the store, shows the main window offscreen, goes to the Clients page
(window.show_section(1)), chooses All so the list holds every person, and scrolls the list
from top to bottom a page at a time, painting each page. The figure is the process's peak
resident set size from resource.getrusage (ru_maxrss). Goal: under 250 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from _common import CLIENTS, demo_store, emit

GOAL_MB = 250

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


def main() -> int:
    data_dir = str(demo_store())
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, data_dir],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"RSS run failed (exit {proc.returncode}):\n{proc.stderr}")
    result = json.loads(lines[-1])
    emit(
        {
            "benchmark": "rss",
            "clients": CLIENTS,
            "rows_listed": result["rows_listed"],
            "pages_scrolled": result["pages_scrolled"],
            "scroll_s": round(result["scroll_seconds"], 1),
            "rss_after_window_mb": round(result["rss_after_window_mb"]),
            "peak_rss_mb": round(result["peak_rss_mb"]),
            "goal_mb": GOAL_MB,
            "met_goal": result["peak_rss_mb"] < GOAL_MB,
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
