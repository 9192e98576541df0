"""A fresh Python process running the app offscreen: for what an earlier test in this process
would hide (modules already imported, memory already taken)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def offscreen_child(code: str, data_dir: Path) -> dict:
    """Run `code` (given the data folder as its argument) in a fresh offscreen process; what
    it printed last, as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", code, str(data_dir)],
        capture_output=True,
        text=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        timeout=600,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
