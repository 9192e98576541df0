"""Start-up time: from launching Python to the main window shown over a 100,000-person store.

Each run is a fresh `python -c` process that runs the entry point as `cass-desktop --data-dir
FOLDER` does (`cass_desktop.cli.main`: the options read, the umask, the crash handler, the
store opened by the app's Launcher, the main window shown offscreen); it prints a line when the
window is first exposed (painted), timed from outside the process, so interpreter start-up and
imports are included (with the CPU time the process used to get there beside it). The expose
is watched on the window's own QWindow, not by a filter on the whole application: that would
hand every event of every
widget to Python and make each widget's Python type (and its enums) as it is first seen, a
cost of the measuring (about a third of a second on the main window), not of the program.
The anchor is a bare PySide6 window (import QtWidgets, show a QMainWindow) timed the same way
in the same run, interleaved.

Warm (files in the page cache) and cold (the page cache dropped before each run, where
permitted: as root, `sync` then `echo 3 > /proc/sys/vm/drop_caches`), each three ways:

- `pyc`: every module compiled to bytecode beforehand, as a person's copy runs: pip compiles
  everything it installs, and the bundle (build.spec) carries bytecode.
- `src_no_pyc`: the program's own modules (src/) without bytecode and PYTHONDONTWRITEBYTECODE
  set, so each is compiled at every start: an editable install, as a developer runs it on a
  machine that sets PYTHONDONTWRITEBYTECODE (these do; `make run` now compiles src/ first).
  The bare window has no modules of the program's, so it runs as in `pyc`.
- `no_pyc`: no bytecode in the venv's site-packages either, as this benchmark measured
  "without bytecode" before 2 December: reported for comparison, without a goal, since no
  install leaves what pip installed uncompiled (pip compiles it as it installs). The anchor
  then compiles its two PySide6 modules; the program, the whole of sqlite-utils, click,
  pluggy and platformdirs besides its own.

Median of RUNS each. Goal: at most 3x the bare window, warm and cold, as a person's copy runs
(`pyc`: `make run` compiles src/ first, pip and the bundle compile the rest); the other two
ways are reported beside it, without a goal. Exits 1 when a goal is missed.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import CLIENTS, demo_store, emit

RUNS = int(os.environ.get("CASS_BENCH_RUNS", "5"))
GOAL_RATIO = 3.0

BARE = r"""
import os, sys, time, json
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
class Watch(QObject):
    fired = False
    def eventFilter(self, obj, event):
        if (not self.fired and event.type() == QEvent.Type.Expose
                and isinstance(obj, QWindow) and obj.isExposed()):
            self.fired = True
            print("shown " + json.dumps({"cpu_s": time.process_time()}), flush=True)
            QTimer.singleShot(0, app.quit)
        return False
watch = Watch()
window = QMainWindow()
window.resize(1024, 700)
window.show()
window.windowHandle().installEventFilter(watch)
app.exec()
"""

CHILD = r"""
import os, sys, time, json
started = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
import cass_desktop.cli  # the entry point, first, as `cass-desktop` imports it
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication
from cass_desktop.ui.shell import app as shell_app  # (cli.main imports it to open the window)
imported = time.perf_counter()
launched = {}

def shown():
    print("shown " + json.dumps({
        "imports": imported - started,
        "to_shown": time.perf_counter() - started,
        "cpu_s": time.process_time(),
        "window": type(launched["window"]).__name__,
    }), flush=True)
    QApplication.quit()

class Watch(QObject):
    fired = False
    def eventFilter(self, obj, event):
        if (not self.fired and event.type() == QEvent.Type.Expose
                and isinstance(obj, QWindow) and obj.isExposed()):
            self.fired = True
            QTimer.singleShot(0, shown)
        return False

watch = Watch()
start = shell_app.Launcher.start

def watched_start(launcher):
    start(launcher)
    launched["window"] = launcher.window
    launcher.window.windowHandle().installEventFilter(watch)

shell_app.Launcher.start = watched_start
# As `cass-desktop --data-dir FOLDER` runs: the options read, the umask, the crash handler,
# the store opened by the app's Launcher and the main window shown.
sys.exit(cass_desktop.cli.main(["--data-dir", sys.argv[1]]))
"""


def _drop_caches() -> bool:
    """Drop the page cache (root only); whether it was dropped."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as fh:
            fh.write("3\n")
        return True
    except OSError:
        return False


SRC = Path(__file__).resolve().parents[1] / "src"
# (compiled beforehand, which of SRC and site-packages has no bytecode, gated by the goal)
WAYS = {
    "pyc": (True, (), True),
    "src_no_pyc": (False, ("src",), False),
    "no_pyc": (False, ("src", "site-packages"), False),
}


def _bytecode(uncompiled: tuple[str, ...]) -> None:
    """Compile every module beforehand, then remove the bytecode of those `uncompiled`."""
    import compileall
    import shutil
    import sysconfig

    roots = {"src": SRC, "site-packages": Path(sysconfig.get_paths()["purelib"])}
    for name, root in roots.items():
        if name in uncompiled:
            for cache in root.rglob("__pycache__"):
                shutil.rmtree(cache, ignore_errors=True)
        else:
            compileall.compile_dir(root, quiet=2, workers=0)


def one_run(code: str, data_dir: str, *, cold: bool, compiled: bool) -> tuple[float, dict]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if compiled:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    if cold:
        _drop_caches()
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, data_dir],
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
    _, err = proc.communicate(timeout=300)
    if elapsed is None or proc.returncode != 0:
        raise SystemExit(f"start-up run failed (exit {proc.returncode}):\n{err}")
    return elapsed, inside


def main() -> int:
    data_dir = str(demo_store())
    can_drop = _drop_caches()
    ways = {}
    met = True
    for way, (compiled, uncompiled, gated) in WAYS.items():
        _bytecode(uncompiled)
        for cold in (False, True) if can_drop else (False,):
            ours, bare, imports, cpu, bare_cpu = [], [], [], [], []
            for _ in range(RUNS):
                elapsed, inside = one_run(CHILD, data_dir, cold=cold, compiled=compiled)
                ours.append(elapsed)
                imports.append(inside.get("imports", 0.0))
                cpu.append(inside.get("cpu_s", 0.0))
                elapsed, inside = one_run(BARE, data_dir, cold=cold, compiled=compiled)
                bare.append(elapsed)
                bare_cpu.append(inside.get("cpu_s", 0.0))
            figure, anchor = statistics.median(ours), statistics.median(bare)
            name = ("cold_" if cold else "warm_") + way
            ways[name] = {
                "median_s": round(figure, 3),
                "bare_window_s": round(anchor, 3),
                "ratio": round(figure / anchor, 2),
                "imports_s": round(statistics.median(imports), 3),
                "cpu_s": round(statistics.median(cpu), 3),
                "bare_window_cpu_s": round(statistics.median(bare_cpu), 3),
                "cpu_ratio": round(statistics.median(cpu) / statistics.median(bare_cpu), 2),
            }
            if gated:
                met = met and figure <= GOAL_RATIO * anchor
    _bytecode(())
    emit(
        {
            "benchmark": "startup",
            "load": [round(x, 2) for x in os.getloadavg()],
            "clients": CLIENTS,
            "runs": RUNS,
            **ways,
            "page_cache_dropped": can_drop,
            "goal_ratio": GOAL_RATIO,
            "goal_ways": [w for w, (_c, _u, gated) in WAYS.items() if gated],
            "met_goal": met,
        }
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
