"""A process killed while writing never leaves a store that fails its check or has lost a
committed write (issue 13): 100 runs, each a child process (tests/helpers/kill_child.py)
editing, adding notes, importing people, backing up and erasing on a small locked store until
it is sent SIGKILL at a point chosen by the run's seed. After each: the store opens with its
passphrase, passes SQLite's full integrity check and the app's own checks (the start-up quick
check and the daily full one), its audit chain verifies, and every write the child reported
(it prints only after the commit) is there.

Marked slow. Each child is forked from one warm process (the zygote), so a run costs its
seeded second of writing and the checks, not Python's start-up; the 100 are separate tests,
so `-n 2` shares them between both cores.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cass_desktop.audit import chain
from cass_desktop.data import clients, contacts, local, open_store, store_path
from cass_desktop.maintenance import backups, restoring
from cass_desktop.privacy import erasure
from cass_desktop.sites.setup import set_up_device
from tests.helpers.stores import PASSPHRASE, new_store

ROOT = Path(__file__).resolve().parents[2]
RUNS = 100
_READY_WITHIN = 120.0  # seconds: a backstop for a loaded machine, never a measure


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small locked store set up for Plymouth with 30 people, closed: copied for each run."""
    folder = tmp_path_factory.mktemp("kill-template")
    db = new_store(store_path(folder))
    set_up_device(db, "Plymouth Magistrates' Court", "Alex Carter")
    site = local.get(db, "site_id")
    for n in range(30):
        person = clients.create(
            db, {"given_name": f"Person {n}", "family_name": "Kill", "site_id": site}, "PLY"
        )
        if n % 3 == 0:
            contacts.create(db, {"client_id": person, "kind": "court", "summary": "Seen"})
    db.close()
    return folder


@pytest.fixture(scope="module")
def zygote() -> Iterator[subprocess.Popen]:
    """The process the children are forked from (tests/helpers/kill_child.py --zygote)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.kill_child", "--zygote"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    yield process
    process.stdin.close()
    process.wait()
    process.stdout.close()


def _run_child(zygote: subprocess.Popen, folder: Path, seed: int) -> list[str]:
    """Fork a child, wait for READY, let it write for a seeded while, SIGKILL it; return the
    lines it printed (each a write committed)."""
    out, err = folder / "child.out", folder / "child.err"
    zygote.stdin.write(f"RUN {store_path(folder)} {seed} {out} {err}\n")
    zygote.stdin.flush()
    pid = int(zygote.stdout.readline())
    try:
        started = time.monotonic()
        while not out.exists() or b"READY" not in out.read_bytes():
            problem = err.read_text() if err.exists() else ""
            assert "Traceback" not in problem, problem
            assert time.monotonic() - started < _READY_WITHIN, "the child never opened"
            time.sleep(0.01)
        # Anywhere from the first write to a good many of them, a backup or two included.
        time.sleep(random.Random(seed).uniform(0.0, 1.0))
    finally:
        zygote.stdin.write(f"KILL {pid}\n")  # the zygote kills its own child, and reaps it
        zygote.stdin.flush()
        ended = zygote.stdout.readline().split()
    problem = err.read_text() if err.exists() else ""
    assert ended == ["ENDED", str(pid), str(int(signal.SIGKILL))], problem  # killed, not failed
    return out.read_text().splitlines()[1:]


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(RUNS))
def test_killed_while_writing_the_store_is_whole_and_keeps_every_committed_write(
    template: Path, zygote: subprocess.Popen, tmp_path: Path, seed: int
) -> None:
    folder = tmp_path / "store"
    shutil.copytree(template, folder)
    lines = _run_child(zygote, folder, seed)
    db = open_store(store_path(folder), key=PASSPHRASE, create=False)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert backups.startup_check(db, folder) is None
        assert backups.check_integrity(db, full=True) == []
        assert chain.verify(db) == []
        phones: dict[str, int] = {}
        last_backup = None
        for line in lines:
            kind, what = line.split(" ", 1)
            if kind == "EDIT":
                person, n = what.split()
                phones[person] = int(n)
            elif kind == "NOTE":
                assert contacts.get(db, what) is not None, line
            elif kind == "IMPORT":
                for person in filter(None, what.split(",")):
                    assert clients.get(db, person) is not None, line
            elif kind == "BACKUP":
                last_backup = Path(what)
                assert last_backup.is_file(), line
            elif kind == "ERASED":
                assert erasure.tombstone(db, what) is not None, line
                phones.pop(what, None)
            else:
                raise AssertionError(f"the child printed {line!r}")
        for person, n in phones.items():
            # The last edit reported, or a later write that committed before it was reported:
            # an edit, or the person's erasure (killed before its line was printed).
            if erasure.tombstone(db, person) is not None:
                continue
            held = clients.get(db, person)["phone"]
            assert held is not None and held.startswith("07700 9"), person
            assert int(held.removeprefix("07700 9")) >= n % 100_000, (person, held, n)
    finally:
        db.close()
    if last_backup is not None:  # the newest backup reported restores: whole, with its key
        checked = restoring.check_backup(last_backup, PASSPHRASE, tmp_path)
        restoring.discard(checked.folder)
