"""The child process of tests/maintenance/test_kill_during_writes.py: writes to a store as the
app does (edits, contact notes, a people import, a backup, an erasure), chosen by a seeded
random generator, until its parent kills it.

`python -m tests.helpers.kill_child STORE_FILE SEED` (from the repository's root) runs one;
`python -m tests.helpers.kill_child --zygote` imports everything once and then, for each line
`RUN STORE_FILE SEED OUT ERR` read from its standard input, forks a child that runs one with
its output in OUT and ERR and prints the child's pid, and on `KILL <pid>` kills and reaps it:
a fresh process for every run without paying Python's start-up and imports each time (the
zygote holds no store and no thread, so forking it is safe).

A child prints READY once the store is open, then one line after each write has committed,
and only then:
  EDIT <person> <n>        the person's phone is now 07700 9<n, five digits>
  NOTE <contact id>        a contact note was added
  IMPORT <id>,<id>,...     people added by importing a CSV file
  BACKUP <file>            a backup was written
  ERASED <person>          a person was erased
Every line is flushed at once: a line printed is a write the store must still hold after a
SIGKILL at any moment.
"""

from __future__ import annotations

import os
import random
import signal
import string
import sys
import traceback
from pathlib import Path

from cass_desktop.data import clients, contacts, keyfile, open_store, store
from cass_desktop.maintenance import backups
from cass_desktop.people import csv_import
from cass_desktop.privacy import erasure
from tests.helpers.stores import PASSPHRASE


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _name(rng: random.Random) -> str:
    return rng.choice(string.ascii_uppercase) + "".join(
        rng.choice("aeiou" if i % 2 else "bcdfghklmnprstvw") for i in range(rng.randint(4, 8))
    )


def main(store_file: Path, seed: int) -> None:
    keyfile.use_fast_kdf_for_tests()  # as the tests' stores were made
    store.use_fast_memory_for_tests()
    rng = random.Random(seed)
    db = open_store(store_file, key=PASSPHRASE, create=False)
    people = [
        r[0] for r in db.execute("SELECT id FROM clients WHERE purged = 0 ORDER BY reference")
    ]
    _say("READY")
    n = seed * 100_000
    while True:
        n += 1
        roll = rng.random()
        if roll < 0.55:
            person = rng.choice(people)
            clients.update(db, person, {"phone": f"07700 9{n % 100_000:05d}"})
            _say(f"EDIT {person} {n}")
        elif roll < 0.8:
            person = rng.choice(people)
            note = contacts.create(db, {"client_id": person, "kind": "phone", "summary": f"n{n}"})
            _say(f"NOTE {note}")
        elif roll < 0.9:
            csv = store_file.parent / f"import-{n}.csv"
            rows = [f"{_name(rng)},{_name(rng)},0{rng.randint(1, 9)}/03/19{rng.randint(60, 99)}"]
            rows += [f"{_name(rng)},{_name(rng)},1{rng.randint(0, 9)}/07/19{rng.randint(60, 99)}"]
            csv.write_text("First name,Surname,Date of birth\n" + "\n".join(rows) + "\n")
            added = csv_import.apply(db, csv_import.preview(db, csv)).added_ids
            _say(f"IMPORT {','.join(added)}")
        elif roll < 0.97:
            out = store_file.parent / f"backup-{n}.cassbackup"
            backups.make_backup(db, store_file, out)
            _say(f"BACKUP {out}")
        elif len(people) > 5:
            person = people.pop(rng.randrange(len(people)))
            erasure.erase_person(db, person, "retention")
            _say(f"ERASED {person}")


def zygote() -> None:
    """Forks on `RUN STORE_FILE SEED OUT ERR` (prints the pid); on `KILL <pid>` sends that
    child SIGKILL and reaps it (prints `ENDED <pid> <signal>`, 0 if it had ended by itself).
    Only its own children, never reaped before their KILL, so a pid is never someone else's."""
    for line in sys.stdin:
        command, *args = line.split()
        if command == "KILL":
            pid = int(args[0])
            os.kill(pid, signal.SIGKILL)
            _pid, status = os.waitpid(pid, 0)
            _say(f"ENDED {pid} {os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0}")
            continue
        store_file, seed, out, err = args
        pid = os.fork()
        if pid == 0:  # the child: its own output files, no standard input
            try:
                for fd, name in ((1, out), (2, err)):
                    os.dup2(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), fd)
                os.close(0)
                main(Path(store_file), int(seed))
            except BaseException:
                traceback.print_exc()
                sys.stderr.flush()
            finally:
                os._exit(1)
        _say(str(pid))


if __name__ == "__main__":
    if sys.argv[1:] == ["--zygote"]:
        zygote()
    else:
        main(Path(sys.argv[1]), int(sys.argv[2]))
