"""Start-up time: from launching Python to the main window shown over a 100,000-person store.

Each run is a fresh `python -c` process that imports cass_desktop.ui.shell.app, opens the store
(through the app's Launcher, as `cass-desktop` does) and shows the main window offscreen; it
prints a line when the window is first exposed (painted). The figure is the median of 5 runs,
timed from outside the process, so interpreter start-up and imports are included.
Goal: under 1 s.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

from _common import CLIENTS, demo_store, emit

RUNS = 5
GOAL_SECONDS = 1.0

CHILD = r"""
import os, sys, time, json
started = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from cass_desktop.ui.shell.app import Launcher, application
imported = time.perf_counter()
app = application()

def shown():
    window = launcher.window
    print("shown " + json.dumps({
        "imports": imported - started,
        "to_shown": time.perf_counter() - started,
        "window": type(window).__name__,
    }), flush=True)
    app.quit()

class Watch(QObject):
    fired = False
    def eventFilter(self, obj, event):
        if (not self.fired and event.type() == QEvent.Type.Expose
                and isinstance(obj, QWindow) and obj.isExposed()):
            self.fired = True
            QTimer.singleShot(0, shown)
        return False

watch = Watch()
app.installEventFilter(watch)
launcher = Launcher(Path(sys.argv[1]))
launcher.start()
app.exec()
"""


def one_run(data_dir: str) -> tuple[float, dict]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, data_dir],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    inside: dict = {}
    elapsed = None
    for line in proc.stdout:
        if line.startswith("shown "):
            elapsed = time.perf_counter() - started
            inside = json.loads(line[6:])
            break
    _, err = proc.communicate(timeout=120)
    if elapsed is None or proc.returncode != 0:
        raise SystemExit(f"start-up run failed (exit {proc.returncode}):\n{err}")
    return elapsed, inside


def main() -> int:
    data_dir = str(demo_store())
    times = []
    details = []
    for _ in range(RUNS):
        elapsed, inside = one_run(data_dir)
        times.append(elapsed)
        details.append(inside)
    median = statistics.median(times)
    emit(
        {
            "benchmark": "startup",
            "clients": CLIENTS,
            "runs": RUNS,
            "median_s": round(median, 3),
            "min_s": round(min(times), 3),
            "max_s": round(max(times), 3),
            "median_imports_s": round(statistics.median(d["imports"] for d in details), 3),
            "window": details[-1].get("window"),
            "goal_s": GOAL_SECONDS,
            "met_goal": median < GOAL_SECONDS,
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
