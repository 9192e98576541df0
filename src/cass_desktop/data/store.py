"""Opening the store: the one way every connection in the program is made.

(Over 500 lines: creating, unlocking, moving an old store to its key file and migrating are
steps of one opening that guard each other's files, so they read in order in one place; what
a file is and why it will not open is store_files.py.)"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import uuid
import weakref
from collections.abc import Callable, Generator
from glob import escape as glob_escape
from pathlib import Path

import sqlcipher3
import sqlite_utils

from cass_desktop.app import crashlog, durable
from cass_desktop.data import migrations as _migrations
from cass_desktop.data import person_search
from cass_desktop.data.keyfile import (
    KeyFile,
    KeyFileError,
    StoreKey,
    WrongPassphrase,
    argon2_params,
    key_path,
)
from cass_desktop.data.search_index import INITIALS_FUNCTION
from cass_desktop.data.store_files import (
    SIDECARS,
    StoreError,
    check_is_ours,
    copy_aside,
    quote,
    remove_with_sidecars,
    sniff,
    why_not_opened,
)
from cass_desktop.records.name_keys import search_initials, search_keys

STORE_FILE = "cass.db"
_CACHE_KIB = 32 * 1024
# The window's own connection reads a screenful at a time through indexes (a screen of the
# Clients list reads about 0.4 MB of pages, Today's four lists about 8 MB once, each page once);
# the big cache is for merges and imports, which run on connections of their own (see
# window_cache).
_WINDOW_CACHE_KIB = 2 * 1024
_BUSY_TIMEOUT_MS = 5000
# SQLCipher's memory security: every allocation SQLite makes on a locked store is locked in
# memory (never swapped to disk) and wiped when freed, so keys and decrypted pages do not
# linger. It is one setting for the whole process and not free (bulk writes about six times
# slower, nearly all in system calls), so a plain store (the demo) does without it.
MEMORY_SECURITY = True


def use_fast_memory_for_tests() -> None:
    """TEST HOOK, for the test suite only: memory security off, so the thousands of locked
    stores the tests write run at full speed. Never called by the program; a test checks the
    program's own setting in a fresh process."""
    global MEMORY_SECURITY
    MEMORY_SECURITY = False


# Set by maintenance/backups.py: makes a whole backup (a .cassbackup in the backup folder, kept
# in its rotation) of a locked store about to be migrated, `(db, path, first_pending)`. When it
# is not set, the store is plain, or it fails (the folder is on a USB stick not plugged in),
# the safety copy beside the store is made instead, as before.
before_migrations: Callable[[sqlite_utils.Database, Path, str], object] | None = None


# Stores this process has open, by file identity (device, inode), with how many connections.
#
# SQLite's locks are POSIX advisory locks, which belong to the process, not the connection:
# closing ANY file descriptor on the store's file drops every lock this process holds on it,
# for every connection. Reading the store's header with Python (to tell a PDF from a store) or
# copying the file, while another connection here has the store open, so takes away the open
# connection's shared lock without its knowing. Another process (the command line, while the
# app is open) then finds no one else on the store: it may take the exclusive lock, decide it
# is the last connection and fold in and remove the write-ahead log and its index (-shm) from
# under the app, whose next connection fails with "disk I/O error". So a store already open
# here is never opened by Python again: what kind of file it is, is known from the connection
# that holds it.
_OPEN_HERE: weakref.WeakSet = weakref.WeakSet()


def _is_open(db: _Store) -> bool:
    try:
        db.conn.in_transaction  # noqa: B018 (raises once the connection is closed)
    except sqlcipher3.ProgrammingError:
        return False
    return True


def _held_by(path: Path) -> list[_Store]:
    """The connections made here that have the store at `path` open (any thread's)."""
    where = str(Path(path).resolve())
    return [db for db in list(_OPEN_HERE) if db._held == where and _is_open(db)]


def _held_kind(path: Path) -> str | None:
    """'other' (locked) or 'sqlite' (plain) for a store open here, from its connection, without
    reading the file; None when it is not open here."""
    holders = _held_by(path)
    if not holders:
        return None
    return "other" if holders[0].store_key is not None else "sqlite"


def held_here(path: Path | str) -> bool:
    """Whether a connection made in this process has the store at `path` open."""
    return bool(_held_by(Path(path)))


class _Store(sqlite_utils.Database):
    """A sqlite-utils Database whose outermost `atomic()` takes the write lock at once.

    sqlite-utils begins with a deferred BEGIN: a transaction that reads before it writes then
    fails with "database is locked" (SQLITE_BUSY_SNAPSHOT, no waiting) if another connection,
    such as a background thread's, wrote in between. BEGIN IMMEDIATE waits for the other
    writer (busy_timeout) and then reads fresh data, so the sequence read and the ops written
    in one transaction always agree.
    """

    store_key: StoreKey | None = None  # the key it was opened with; None for a plain store
    _held: str | None = None  # the store file it has open, while it is in _OPEN_HERE

    def hold(self, path: Path) -> None:
        self._held = str(Path(path).resolve())
        _OPEN_HERE.add(self)

    def close(self) -> None:
        try:
            super().close()
        finally:
            _OPEN_HERE.discard(self)
            self._held = None

    @contextlib.contextmanager
    def atomic(self) -> Generator[sqlite_utils.Database, None, None]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def store_path(data_dir: Path) -> Path:
    return Path(data_dir) / STORE_FILE


Key = str | StoreKey | None


def open_store(
    path: Path | str, *, key: Key = None, create: bool = True, person: str | None = None
) -> sqlite_utils.Database:
    """Open (or create) the store at `path`, migrated to this version's schema.

    `key` is the passphrase (a str), a StoreKey already unlocked (a background thread's
    connection, a scratch store), or None for a plain store (the demo). A passphrase unlocks
    the store key from the key file beside the store (cass.key); a new store given a
    passphrase gets a new random store key and a key file. A store locked by an earlier
    version (with SQLCipher's own passphrase derivation and no key file) is moved to a key
    file when it is unlocked, after a copy of it is kept.

    A store from a newer version, or a file that is not a store, is refused untouched: the
    checks are made over a read-only connection, so not even a pending write-ahead log is
    folded into it. Before pending migrations run on an existing store, the file is copied
    aside. A new store is built beside `path` and moved into place once complete, so a crash
    while creating one never leaves a half-made store behind. The folder is kept 0700 and the
    store's files 0600. The returned database's `store_key` is its key (None when plain).

    `person` is the id of the passphrase wrap of the person unlocking (chosen on the lock
    screen): only their wrap is tried. Whoever's passphrase unlocked is remembered as the
    current worker (`local.current_worker_id`).
    """
    path = Path(path)
    if isinstance(key, str) and not key:
        key = None  # an empty passphrase is no passphrase (SQLCipher would not encrypt)
    if not path.parent.is_dir():
        raise StoreError(f"The folder {path.parent} does not exist.")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a CASS Desktop store.")
    _tighten(path)
    if path.exists():
        if isinstance(key, str):
            return _unlock(path, key, person)
        _check_existing(path, key)
        return _open(path, key)
    if not create:
        raise StoreError(f"There is no store at {path}.")
    if isinstance(key, str):
        passphrase, key = key, StoreKey.random()
        _create(path, key, lambda: _new_key_file(path, key, passphrase))
    else:
        _create(path, key)
    return _open(path, key)


def is_protected(db: sqlite_utils.Database) -> bool:
    """Whether `db` is an encrypted store (opened with a key)."""
    return getattr(db, "store_key", None) is not None


def _tighten(path: Path) -> None:
    """The store's folder 0700, and the store's own files (log, index, key file, safety
    copies) 0600, taking away what earlier versions let others read."""
    durable.tighten(path.parent)
    for own in path.parent.glob(glob_escape(path.name) + "*"):
        durable.tighten(own)
    durable.tighten(key_path(path))


def _new_key_file(path: Path, key: StoreKey, passphrase: str) -> None:
    """Write the key file of a store about to be made or locked, with one passphrase wrap.
    A key file already there (of a store no longer beside it) is kept aside, never lost."""
    target = key_path(path)
    if target.exists() or target.is_symlink():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        os.replace(target, target.with_name(f"{target.name}.set-aside-{stamp}"))
    keys = KeyFile.new(target)
    keys.add_passphrase(key, passphrase)
    keys.save()


def _read_key_file(path: Path) -> KeyFile | None:
    try:
        return KeyFile.read(key_path(path))
    except KeyFileError as exc:
        raise StoreError(str(exc)) from exc


def _unlock(path: Path, passphrase: str, person: str | None = None) -> sqlite_utils.Database:
    """Open an existing store with its passphrase, through its key file."""
    _check_kind(path, passphrase)
    keys = _read_key_file(path)
    if keys is None:
        return _from_earlier_version(path, passphrase, None, None)
    try:
        key, wrap = keys.unlock(passphrase, wrap_id=person)
    except WrongPassphrase:
        raise StoreError(_wrong_passphrase(path)) from None
    if not _opens(path, key):
        # The key file's key does not open the store: a change of the store key that stopped
        # between re-encrypting and putting the new key file in place (cass.key.next), a move
        # to the key file that stopped half-way (the store still has its earlier lock), or a
        # key file of another store.
        finished = _finish_key_change(path, passphrase, person)
        if finished is not None:
            keys, key, wrap = finished
        elif _opens(path, passphrase):
            return _from_earlier_version(path, passphrase, keys, key)
        else:
            raise StoreError(
                f"{path} could not be unlocked with the key file {keys.path.name}: it is the "
                "key file of another store, or the store is damaged. Nothing has been changed."
            )
    else:
        next_key_path(path).unlink(missing_ok=True)  # a change of key that never began
    _check_existing(path, key)
    if keys.params_of(wrap).weaker_than(argon2_params()):
        keys.rewrap(wrap["id"], key, passphrase)  # made with weaker settings: strengthen it
        keys.save()
    db = _open(path, key)
    try:
        _note_who(db, keys, wrap, key, passphrase)
    except BaseException:
        db.close()
        raise
    remove_safety_copies(path, key, plain_only=True)
    return db


def _note_who(
    db: sqlite_utils.Database, keys: KeyFile, wrap: dict, key: StoreKey, passphrase: str
) -> None:
    """Remember whose passphrase unlocked. The laptop's first passphrase (made before its
    worker existed) is given the worker's name the first time it unlocks a set-up store, so
    the lock screen can name everyone."""
    from cass_desktop.data import local

    worker = wrap.get("worker_id")
    if not worker:
        laptop_worker = local.get(db, "worker_id")
        name = local.worker_name(db, laptop_worker)
        if name:
            keys.rewrap(wrap["id"], key, passphrase, name=name, worker_id=laptop_worker)
            keys.save()
            worker = laptop_worker
    local.set_unlocked_by(db, worker)


def next_key_path(path: Path | str) -> Path:
    """Where the key file of a new store key waits while the store is re-encrypted."""
    target = key_path(path)
    return target.with_name(target.name + ".next")


def _finish_key_change(
    path: Path, passphrase: str, person: str | None
) -> tuple[KeyFile, StoreKey, dict] | None:
    """The key file a change of store key left waiting, put in place, when it opens the store
    with this passphrase; None otherwise."""
    try:
        waiting = KeyFile.read(next_key_path(path))
    except KeyFileError:
        return None
    if waiting is None:
        return None
    try:
        key, wrap = waiting.unlock(passphrase, wrap_id=person)
    except WrongPassphrase:
        return None
    if not _opens(path, key):
        return None
    durable.replace(next_key_path(path), key_path(path))
    waiting.path = key_path(path)
    return waiting, key, wrap


def _wrong_passphrase(path: Path) -> str:
    return (
        f"{path} could not be read: the passphrase is wrong, or the file is damaged. "
        "Nothing has been changed."
    )


def _opens(path: Path, key: str | StoreKey) -> bool:
    """Whether `key` (a store key, or a passphrase as earlier versions used it) opens the
    store, reading only."""
    try:
        conn = _connect(path, key, read_only=True)
    except StoreError:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.Error:
        return False
    finally:
        conn.close()
    return True


def _from_earlier_version(
    path: Path, passphrase: str, keys: KeyFile | None, key: StoreKey | None
) -> sqlite_utils.Database:
    """Unlock a store an earlier version locked (SQLCipher's own passphrase derivation, no
    key file), and move it to a key file: a copy of it is kept aside first (as before an
    update), then the whole store is written, encrypted with a new random store key, beside
    it, the key file is written, and the new file replaces the old in one step. A failure
    at any point leaves the store as it was."""
    if not _opens(path, passphrase):
        name = key_path(path).name
        raise StoreError(
            f"{path} could not be read: the passphrase is wrong, or the key file {name} "
            "that belongs beside it is missing, or the file is damaged. Nothing has been changed."
        )
    _check_existing(path, passphrase)
    key = key or StoreKey.random()
    conn = _connect(path, passphrase)
    tmp = path.with_name(path.name + ".keying")
    try:
        db = _Store(conn, execute_plugins=False)
        _configure(conn)
        copy_aside(db, path, "keyfile")
        remove_with_sidecars(tmp)
        durable.create_private_file(tmp)
        export_to(db, tmp, key)
        if keys is None:
            _new_key_file(path, key, passphrase)
    except sqlcipher3.Error as exc:
        conn.close()
        remove_with_sidecars(tmp)
        raise StoreError(
            f"{path} could not be moved to its key file ({exc}). Nothing has been changed."
        ) from exc
    except BaseException:
        conn.close()
        remove_with_sidecars(tmp)
        raise
    conn.close()
    swap_in(tmp, path)
    return _open(path, key)


def export_to(db: sqlite_utils.Database, target: Path, key: StoreKey) -> None:
    """Write the whole store open as `db` into the new file `target`, encrypted with `key`,
    and check the copy opens with it and holds every change."""
    db.execute("ATTACH DATABASE ? AS encrypted KEY ?", [str(target), key.sqlcipher_key()])
    try:
        db.execute("SELECT sqlcipher_export('encrypted')")
        version = db.execute("PRAGMA main.user_version").fetchone()[0]
        db.execute(f"PRAGMA encrypted.user_version = {int(version)}")
    finally:
        db.execute("DETACH DATABASE encrypted")
    conn = _connect(target, key, read_only=True)
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise StoreError("The locked copy could not be checked. Nothing has been changed.")
        # Every change: in ops, and at head office folded into its field clock entries.
        changes = "SELECT (SELECT count(*) FROM ops) + (SELECT count(*) FROM field_clocks)"
        if conn.execute(changes).fetchone()[0] != db.execute(changes).fetchone()[0]:
            raise StoreError("The locked copy is incomplete. Nothing has been changed.")
    finally:
        conn.close()


IN_USE = (
    "The store is open in another copy of CASS Desktop or another program. "
    "Close it there and try again; nothing has been changed."
)


def swap_in(tmp: Path, path: Path) -> None:
    """Move the finished store `tmp` over `path` once no connection has `path` open."""
    try:
        # The last connection to close removes the write-ahead log; if it is still there,
        # another connection (another copy of the app) has the store open.
        if any(Path(str(path) + s).exists() for s in ("-wal", "-shm")):
            raise StoreError(IN_USE)
        durable.replace(tmp, path)
    except BaseException:
        remove_with_sidecars(tmp)
        raise


def remove_safety_copies(
    path: Path | str, key: StoreKey, *, plain_only: bool = False
) -> list[Path]:
    """Delete the safety copies (cass.db.before-….bak) that `key` does not open: plain ones,
    and (unless `plain_only`) ones locked with a passphrase no longer used (by an earlier
    version, or before the passphrase was changed). Left behind, they would give the records
    to anyone who has the file, or the old passphrase. Returns them."""
    path = Path(path)
    removed = []
    for copy in sorted(path.parent.glob(glob_escape(path.name) + ".before-*.bak")):
        if not copy.is_file() or copy.is_symlink():
            continue
        plain = sniff(copy) == "sqlite"
        if plain or (not plain_only and not _opens(copy, key)):
            copy.unlink()
            removed.append(copy)
    if removed:
        durable.fsync_dir(path.parent)
    return removed


def _connect(
    path: Path, key: str | StoreKey | None, *, read_only: bool = False
) -> sqlcipher3.Connection:
    """A connection keyed with a store key, with a passphrase the way earlier versions
    locked stores (SQLCipher's own derivation), or not at all."""
    try:
        if read_only:
            uri = path.resolve().as_uri() + "?mode=ro"
            conn = sqlcipher3.connect(uri, uri=True, isolation_level=None)
        else:
            conn = sqlcipher3.connect(str(path), isolation_level=None)
    except sqlcipher3.Error as exc:
        raise StoreError(why_not_opened(path, key, exc)) from exc
    try:
        # SQLCipher otherwise prints its own errors (a wrong passphrase) to the terminal.
        conn.execute("PRAGMA cipher_log_level = NONE")
        if MEMORY_SECURITY and key is not None:
            conn.execute("PRAGMA cipher_memory_security = ON")
        if isinstance(key, StoreKey):
            conn.execute("PRAGMA key = " + quote(key.sqlcipher_key()))
        elif key is not None:
            # PRAGMA takes no bound parameters; the key is quoted as an SQL string literal.
            conn.execute("PRAGMA key = " + quote(key))
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        # The people index's triggers call them (migrations.m004_name_search_keys, m014).
        conn.create_function(_migrations.NAME_KEYS_FUNCTION, 3, search_keys, deterministic=True)
        conn.create_function(INITIALS_FUNCTION, 3, search_initials, deterministic=True)
        # Find-a-person sorts names as Python folds them (data/person_search.py).
        conn.create_function(person_search.CASEFOLD, 1, person_search.casefold, deterministic=True)
    except sqlcipher3.Error as exc:
        conn.close()
        raise StoreError(why_not_opened(path, key, exc)) from exc
    return conn


def _open(path: Path, key: StoreKey | None) -> sqlite_utils.Database:
    conn = _connect(path, key)
    db = _Store(conn, execute_plugins=False)
    db.store_key = key
    db.hold(path)
    try:
        _configure(conn)
        pending = _migrations.migrations.pending(db)
        if pending:
            if not _backed_up(db, path, pending[0].name):
                copy_aside(db, path, pending[0].name)
            _migrations.migrations.apply(db)
        _ensure_device(db)
    except sqlcipher3.Error as exc:
        db.close()
        raise StoreError(why_not_opened(path, key, exc)) from exc
    except BaseException:
        db.close()
        raise
    return db


def _backed_up(db: sqlite_utils.Database, path: Path, first_pending: str) -> bool:
    """Whether a whole backup of the locked store was made before it is migrated."""
    if before_migrations is None or db.store_key is None:
        return False
    try:
        before_migrations(db, path, first_pending)
    except Exception as exc:  # any failure: the safety copy is made instead
        crashlog.write_crash_log(
            path.parent, type(exc), exc, exc.__traceback__, where="the backup before an update"
        )
        return False
    return True


def _configure(conn: sqlcipher3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    # FULL: a change the app has reported saved survives a power cut or a flat battery too;
    # NORMAL in WAL mode may lose the last transactions if the machine stops.
    conn.execute("PRAGMA synchronous = FULL")
    # 32 MB of page cache (SQLite's default is 2 MB): the change log's indexes outgrow the
    # default within a few thousand clients, and merging bundles reads them at random.
    conn.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")


def window_cache(db: sqlite_utils.Database) -> None:
    """Give the main window's connection a smaller page cache (2 MB, SQLite's own default, not
    32): what the pages read is a screenful through an index, a few screens fit, and with
    100,000 people a 32 MB cache filled by scrolling the list was a fifth of the app's memory
    (8 MB, the cache before, was filled by Today's first reads alone)."""
    db.execute(f"PRAGMA cache_size = -{_WINDOW_CACHE_KIB}")


def _create(path: Path, key: StoreKey | None, before_use: Callable[[], None] | None = None) -> None:
    """Build a new store beside `path`, then move it into place in one step (after
    `before_use`, which writes its key file, has run)."""
    tmp = path.with_name(path.name + ".creating")
    remove_with_sidecars(tmp)
    durable.create_private_file(tmp)  # 0600 from the start (SQLite copies its mode to the log)
    conn = _connect(tmp, key)
    try:
        db = _Store(conn, execute_plugins=False)
        _configure(conn)
        _migrations.migrations.apply(db)
        _ensure_device(db)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlcipher3.Error as exc:
        conn.close()
        remove_with_sidecars(tmp)
        raise StoreError(why_not_opened(path, key, exc)) from exc
    except BaseException:
        conn.close()
        remove_with_sidecars(tmp)
        raise
    conn.close()
    for suffix in SIDECARS:
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    try:
        if before_use is not None:
            before_use()
    except BaseException:
        remove_with_sidecars(tmp)
        raise
    durable.replace(tmp, path)


def _check_kind(path: Path, key: Key) -> None:
    """Refuse a file that is plainly not a store, or is locked when no key was given (or
    plain when one was), changing nothing. A store this process already has open is not
    read with Python (see _OPEN_HERE)."""
    kind = _held_kind(path) or sniff(path)
    nothing = "Nothing has been changed."
    if kind == "empty":
        raise StoreError(f"{path} is an empty file, not a CASS Desktop store. {nothing}")
    if kind == "pdf":
        raise StoreError(f"{path} is a PDF document, not a CASS Desktop store. {nothing}")
    if kind == "text":
        raise StoreError(f"{path} is a text file, not a CASS Desktop store. {nothing}")
    if kind == "sqlite" and key is not None:
        raise StoreError(
            f"{path} is not protected by a passphrase, but one was given. "
            f"Open it without a passphrase. {nothing}"
        )
    if kind == "other" and key is None:
        raise StoreError(
            f"{path} could not be read. It is protected by a passphrase and none was given, "
            f"or it is not a CASS Desktop store (it may be damaged or another kind of file). "
            f"{nothing}"
        )


def _check_existing(path: Path, key: Key) -> None:
    """Refuse anything that is not a store this version can open, changing nothing."""
    _check_kind(path, key)
    conn = _connect(path, key, read_only=True)
    try:
        check_is_ours(conn, path)
    except sqlcipher3.Error as exc:
        raise StoreError(why_not_opened(path, key, exc)) from exc
    finally:
        conn.close()


def _ensure_device(db: sqlite_utils.Database) -> None:
    """Give this store its device identity the first time it is opened."""
    if db.execute("SELECT 1 FROM local_state WHERE key = 'device_id'").fetchone():
        return
    with db.atomic():
        db.execute(
            "INSERT OR IGNORE INTO local_state (key, value) VALUES ('device_id', ?)",
            [uuid.uuid4().hex[:16]],  # 64 random bits: plenty to tell devices apart
        )
