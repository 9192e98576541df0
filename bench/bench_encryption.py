"""What encryption costs: opening the store and find-a-person on a store locked with SQLCipher
(raw store key, memory security on, as shipped) against the same store plain, in the same run.

A demo store (`CASS_BENCH_ENCRYPTION_CLIENTS` people, default 10,000; made once and cached
in bench/out/) is copied into a locked twin with `sqlcipher_export`. Each figure is the median
of interleaved repeats (plain, locked, plain, ...), warm page cache:

- open: `open_store` (connect, key, configure, check migrations, device id) then what Today
  first reads (the people count and the first 100 by name);
- search: `data.clients.search(text, limit=15)` for every one- and two-letter prefix a worker
  starts with and some whole names, p95 over the texts;
- unlock: one Argon2id derivation at the program's settings (256 MiB, 2 passes, 4 lanes),
  which only the locked store pays, once, when the passphrase is typed;
- rekey: "Change the store key" (`PRAGMA rekey`, every page decrypted and encrypted again) on
  a copy of the locked store, against copying the file (the anchor: what any rewrite of every
  page costs at least). Reported, no goal: it is run once, by hand, after someone is removed.

Goals: opening locked within 3 times plain, search p95 within 2 times plain (AES on every
page read, and memory security's locked, wiped allocations, are the expected costs).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from _common import OUT, emit, make_store, percentile

CLIENTS = int(os.environ.get("CASS_BENCH_ENCRYPTION_CLIENTS", "10000"))
REPEATS = 5
OPEN_GOAL = 3.0
SEARCH_GOAL = 2.0
NAMES = ["smith", "jones", "nguyen", "okafor", "pengelly", "trevithick", "o'brien", "zoë"]


def _prefixes() -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    pairs = ["ma", "jo", "sa", "da", "ch", "st", "al", "th", "mi", "le", "an", "ro"]
    return list(letters) + pairs + NAMES


def _stores() -> tuple[Path, Path]:
    """The plain demo store and its locked twin (made once; cached by size)."""
    from cass_desktop.data import keyfile, open_store, store_path
    from cass_desktop.data import store as store_module

    plain = OUT / f"encryption-{CLIENTS}-plain"
    locked = OUT / f"encryption-{CLIENTS}-locked"
    if not (plain / ".complete").exists():
        shutil.rmtree(plain, ignore_errors=True)
        print(f"making a {CLIENTS:,}-person demo store in {plain}…", file=sys.stderr)
        make_store(plain, CLIENTS)
        (plain / ".complete").write_text("")
    if not (locked / ".complete").exists():
        shutil.rmtree(locked, ignore_errors=True)
        locked.mkdir(parents=True)
        key = keyfile.StoreKey.random()
        store_module.MEMORY_SECURITY = False  # making the copy only; measured as shipped
        db = open_store(store_path(plain))
        try:
            target = store_path(locked)
            from cass_desktop.app import durable

            durable.create_private_file(target)
            store_module.export_to(db, target, key)
        finally:
            db.close()
            store_module.MEMORY_SECURITY = True
        (locked / "key.hex").write_text(key.raw.hex())
        (locked / ".complete").write_text("")
    return store_path(plain), store_path(locked)


def _key(locked: Path):
    from cass_desktop.data.keyfile import StoreKey

    return StoreKey(bytes.fromhex((locked.parent / "key.hex").read_text()))


def _open_once(path: Path, key) -> float:
    from cass_desktop.data import open_store

    started = time.perf_counter()
    db = open_store(path, key=key, create=False)
    try:
        db.execute("SELECT count(*) FROM clients WHERE deleted = 0").fetchone()
        db.execute(
            "SELECT id, given_name, family_name FROM clients WHERE deleted = 0 "
            "ORDER BY family_name, given_name LIMIT 100"
        ).fetchall()
        return time.perf_counter() - started
    finally:
        db.close()


def _search_ms(db, text: str) -> float:
    from cass_desktop.data import clients

    times = []
    for _ in range(3):
        started = time.perf_counter()
        clients.search(db, text, limit=15)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _rekey(locked: Path, key) -> tuple[float, float]:
    """Seconds to re-encrypt a copy of the locked store with a new key, and to copy it."""
    from cass_desktop.data import open_store
    from cass_desktop.data.keyfile import StoreKey
    from cass_desktop.data.passphrase import rekey

    work = OUT / "encryption-rekey"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started = time.perf_counter()
    shutil.copyfile(locked, work / "cass.db")
    copy_s = time.perf_counter() - started
    db = open_store(work / "cass.db", key=key, create=False)
    try:
        started = time.perf_counter()
        rekey(db, work / "cass.db", StoreKey.random())
        rekey_s = time.perf_counter() - started
    finally:
        db.close()
        shutil.rmtree(work, ignore_errors=True)
    return rekey_s, copy_s


def main() -> int:
    from cass_desktop.data import keyfile, open_store

    plain, locked = _stores()
    key = _key(locked)
    opens: dict[str, list[float]] = {"plain": [], "locked": []}
    _open_once(plain, None), _open_once(locked, key)  # warm the page cache for both
    for _ in range(REPEATS):
        opens["plain"].append(_open_once(plain, None))
        opens["locked"].append(_open_once(locked, key))
    plain_open = statistics.median(opens["plain"])
    locked_open = statistics.median(opens["locked"])

    plain_db = open_store(plain, create=False)
    locked_db = open_store(locked, key=key, create=False)
    try:
        texts = _prefixes()
        for text in texts:  # warm both
            _search_ms(plain_db, text), _search_ms(locked_db, text)
        plain_ms, locked_ms = [], []
        for text in texts:
            plain_ms.append(_search_ms(plain_db, text))
            locked_ms.append(_search_ms(locked_db, text))
    finally:
        plain_db.close()
        locked_db.close()
    plain_p95, locked_p95 = percentile(plain_ms, 95), percentile(locked_ms, 95)

    params = keyfile.PRODUCTION_ARGON2
    started = time.perf_counter()
    keyfile._derive("tidal estuary lighthouse keeper", os.urandom(16), params)
    unlock_s = time.perf_counter() - started

    rekey_s, copy_s = _rekey(locked, key)
    open_ratio = locked_open / plain_open
    search_ratio = locked_p95 / max(plain_p95, 1e-3)
    emit(
        {
            "figure": "encryption_cost",
            "open_locked_ms": round(locked_open * 1000, 1),
            "open_anchor_plain_ms": round(plain_open * 1000, 1),
            "open_ratio": round(open_ratio, 2),
            "search_locked_p95_ms": round(locked_p95, 2),
            "search_anchor_plain_p95_ms": round(plain_p95, 2),
            "search_locked_worst_ms": round(max(locked_ms), 2),
            "search_plain_worst_ms": round(max(plain_ms), 2),
            "search_ratio": round(search_ratio, 2),
            "unlock_argon2id_s": round(unlock_s, 2),
            "rekey_s": round(rekey_s, 2),
            "rekey_anchor_copy_file_s": round(copy_s, 2),
            "rekey_ratio": round(rekey_s / max(copy_s, 1e-3), 1),
            "clients": CLIENTS,
            "bytes_plain": plain.stat().st_size,
            "bytes_locked": locked.stat().st_size,
            "goal": f"open_ratio <= {OPEN_GOAL}, search_ratio <= {SEARCH_GOAL}",
        }
    )
    return 0 if open_ratio <= OPEN_GOAL and search_ratio <= SEARCH_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
