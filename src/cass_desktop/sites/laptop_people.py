"""The people who use one laptop: each with their own name and passphrase, which unlock the
same store key (data/keyfile.py keeps one wrap of the key per person).

Each person is a worker record (at the laptop's court), so what they do is recorded under
their name: whoever's passphrase unlocked is the current worker (`current_worker_id`).
Adding or removing a person asks for the passphrase of whoever is at the keyboard, so a
passer-by at an unlocked laptop cannot give themselves a way in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from cass_desktop.app import durable
from cass_desktop.data import keyfile, local, sites
from cass_desktop.data.keyfile import KeyFile, KeyFileError, StoreKey, WrongPassphrase, key_path
from cass_desktop.data.passphrase import check_new_passphrase, rekey
from cass_desktop.data.store import StoreError, next_key_path, remove_safety_copies

_NOTHING = "Nothing has been changed."
LOCK_SETTING = "lock_after_minutes"
DEFAULT_LOCK_MINUTES = 10
MAX_LOCK_MINUTES = 240


class PeopleError(ValueError):
    """A change to the people on this laptop that cannot be made; one plain sentence."""


@dataclass(frozen=True)
class Person:
    """One way into this laptop's store: a person's passphrase."""

    wrap_id: str
    name: str  # "" for a passphrase made before people had their own names
    worker_id: str | None
    is_current: bool = False

    @property
    def shown_name(self) -> str:
        return self.name or "This laptop's passphrase"


def current_worker_id(db: sqlite_utils.Database) -> str | None:
    """Who is at the keyboard: the worker whose passphrase unlocked (the store, or the lock
    screen) last, else the laptop's own worker. Record "who" with this."""
    return local.current_worker_id(db)


def _keys(store_file: Path | str) -> KeyFile:
    return keyfile.read_beside(
        store_file,
        PeopleError,
        f"The key file {key_path(store_file)} is missing, so the people on this laptop "
        f"cannot be changed. {_NOTHING}",
    )


def people_in(store_file: Path | str, current: str | None = None) -> list[Person]:
    """The people whose passphrases unlock the store at `store_file` (from its key file,
    which the lock screen reads before anything is unlocked), in the order they were added."""
    try:
        keys = KeyFile.read(key_path(store_file))
    except KeyFileError:
        return []
    if keys is None:
        return []
    return [
        Person(
            str(w["id"]),
            str(w.get("name", "")),
            w.get("worker_id"),
            bool(current) and w.get("worker_id") == current,
        )
        for w in keys.passphrase_wraps()
    ]


def people(db: sqlite_utils.Database, store_file: Path | str) -> list[Person]:
    """The people on this laptop, the one at the keyboard marked."""
    found = people_in(store_file, current_worker_id(db))
    if not any(p.is_current for p in found):
        # A store unlocked with the laptop's first passphrase before it had a name.
        found = [
            Person(p.wrap_id, p.name, p.worker_id, not p.worker_id and not p.name) for p in found
        ]
    return found


def has_people(db: sqlite_utils.Database) -> bool:
    """Whether this store can have people of its own: a worker's laptop (a device) locked with
    a passphrase. Head office's store has one passphrase and no workers of its own."""
    return local.get(db, "role") == "device" and getattr(db, "store_key", None) is not None


def current_person(db: sqlite_utils.Database, store_file: Path | str) -> Person | None:
    return next((p for p in people(db, store_file) if p.is_current), None)


def _store_key(db: sqlite_utils.Database) -> StoreKey:
    key = getattr(db, "store_key", None)
    if not isinstance(key, StoreKey):
        raise PeopleError(
            "This store is not locked with a passphrase, so it has no people of its own. "
            "Lock it first (Settings ▸ Passphrase)."
        )
    return key


def _confirm_you(
    db: sqlite_utils.Database, keys: KeyFile, store_file: Path | str, yours: str
) -> dict:
    """The wrap of the person at the keyboard, opened with the passphrase they typed."""
    if not yours:
        raise PeopleError(f"Type your own passphrase first. {_NOTHING}")
    me = current_person(db, store_file)
    try:
        key, wrap = keys.unlock(yours, wrap_id=me.wrap_id if me else None)
    except WrongPassphrase:
        raise PeopleError(f"Your passphrase is not right. {_NOTHING}") from None
    if key != _store_key(db):
        raise PeopleError(f"The key file {keys.path} is not this store's. {_NOTHING}")
    return wrap


def _name_unnamed(db: sqlite_utils.Database, keys: KeyFile, wrap: dict, passphrase: str) -> None:
    """Give the laptop's first passphrase its worker's name, now that it is typed."""
    if wrap.get("worker_id") or wrap.get("name"):
        return
    worker = local.get(db, "worker_id")
    name = local.worker_name(db, worker)
    if name:
        keys.rewrap(wrap["id"], _store_key(db), passphrase, name=name, worker_id=worker)


def add_person(
    db: sqlite_utils.Database,
    store_file: Path | str,
    yours: str,
    name: str,
    passphrase: str,
    again: str | None = None,
) -> Person:
    """Let `name` unlock this laptop with their own `passphrase` (typed twice, by them).
    `yours` is the passphrase of whoever is at the keyboard. A worker record is made for them
    at the laptop's court (or an existing one of the same name is used)."""
    name = " ".join(name.split())
    if not name:
        raise PeopleError("Enter the person's name, as it should appear on letters.")
    if len(name) > 200:
        raise PeopleError("That name is too long.")
    if not has_people(db):
        raise PeopleError(
            f"Only a worker's laptop, set up and locked, has people of its own. {_NOTHING}"
        )
    keys = _keys(store_file)
    mine = _confirm_you(db, keys, store_file, yours)
    site_id = local.get(db, "site_id")
    site = sites.get_site(db, site_id) if site_id else None
    words = [name] + ([site["name"]] if site and site.get("name") else [])
    check_new_passphrase(passphrase, again, words=words)
    held = people(db, store_file)
    taken = {p.name.casefold() for p in held if p.name}
    if any(not p.name for p in held):  # the laptop's first passphrase, not yet named
        taken.add(local.worker_name(db, local.get(db, "worker_id")).casefold())
    if name.casefold() in taken:
        raise PeopleError(f"{name} can already unlock this laptop. {_NOTHING}")
    for wrap in keys.passphrase_wraps():
        try:
            keys.unlock(passphrase, wrap_id=wrap["id"])
        except WrongPassphrase:
            continue
        raise PeopleError(
            f"That passphrase is already someone's on this laptop: choose another. {_NOTHING}"
        )
    _name_unnamed(db, keys, mine, yours)
    worker_id = None
    if site_id:
        worker = next(
            (w for w in sites.list_workers(db, site_id) if w["name"].casefold() == name.casefold()),
            None,
        )
        worker_id = (
            worker["id"] if worker else sites.create_worker(db, {"name": name, "site_id": site_id})
        )
    wrap = keys.add_passphrase(_store_key(db), passphrase, name=name, worker_id=worker_id)
    keys.save()
    return Person(wrap["id"], name, worker_id)


def remove_person(
    db: sqlite_utils.Database, store_file: Path | str, wrap_id: str, yours: str
) -> Person:
    """Take away `wrap_id`'s way in (their passphrase no longer unlocks this key file).
    Nobody removes themselves, and the last person cannot be removed. Their worker record
    stays: what they did is still recorded under their name."""
    keys = _keys(store_file)
    mine = _confirm_you(db, keys, store_file, yours)
    gone = next((p for p in people(db, store_file) if p.wrap_id == wrap_id), None)
    if gone is None:
        raise PeopleError(f"That person cannot unlock this laptop already. {_NOTHING}")
    if wrap_id == mine["id"]:
        raise PeopleError(
            f"You cannot remove yourself: another person on this laptop can. {_NOTHING}"
        )
    _name_unnamed(db, keys, mine, yours)
    try:
        keys.remove(wrap_id)
    except KeyFileError as exc:
        raise PeopleError(f"{exc} {_NOTHING}") from exc
    keys.save()
    return gone


def change_own_passphrase(
    db: sqlite_utils.Database, store_file: Path | str, current: str, new: str
) -> None:
    """The person at the keyboard changes their own passphrase (after typing the current
    one); other people's are left as they are. Safety copies the store key does not open are
    deleted, as for any passphrase change."""
    me = current_person(db, store_file)
    words = [me.name] if me and me.name else []
    check_new_passphrase(new, words=words)
    keys = _keys(store_file)
    if not current:
        raise StoreError("Enter the current passphrase.")
    try:
        key, wrap = keys.unlock(current, wrap_id=me.wrap_id if me else None)
    except WrongPassphrase:
        raise StoreError("The current passphrase is wrong. Nothing has been changed.") from None
    if key != _store_key(db):
        raise StoreError(f"The key file {keys.path} is not this store's. Nothing has been changed.")
    keys.rewrap(wrap["id"], key, new)
    _name_unnamed(db, keys, keys.wrap(wrap["id"]) or wrap, new)
    keys.save()
    remove_safety_copies(Path(store_file), key)


def unlock_as(
    db: sqlite_utils.Database, store_file: Path | str, wrap_id: str | None, passphrase: str
) -> Person:
    """The lock screen: `passphrase` must be the person `wrap_id`'s and open this store's
    key; they become the current worker. Raises PeopleError (nothing changed) otherwise."""
    keys = _keys(store_file)
    try:
        key, wrap = keys.unlock(passphrase, wrap_id=wrap_id)
    except WrongPassphrase:
        raise PeopleError("That passphrase is not right. Check Caps Lock and try again.") from None
    if key != _store_key(db):
        raise PeopleError(f"The key file {keys.path} is not this store's.")
    if not wrap.get("worker_id") and not wrap.get("name"):
        _name_unnamed(db, keys, wrap, passphrase)
        keys.save()
        wrap = keys.wrap(wrap["id"]) or wrap
    worker = wrap.get("worker_id")
    local.set_unlocked_by(db, worker)
    return Person(str(wrap["id"]), str(wrap.get("name", "")), worker, True)


def lock_minutes(db: sqlite_utils.Database) -> int:
    """How long the app waits, idle, before it locks (minutes; 0 is never)."""
    value = local.get(db, LOCK_SETTING, DEFAULT_LOCK_MINUTES)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        return DEFAULT_LOCK_MINUTES
    return min(value, MAX_LOCK_MINUTES)


def set_lock_minutes(db: sqlite_utils.Database, minutes: int) -> None:
    if not 0 <= minutes <= MAX_LOCK_MINUTES:
        raise PeopleError(f"Choose between 1 and {MAX_LOCK_MINUTES} minutes, or never.")
    local.put(db, LOCK_SETTING, int(minutes))


@dataclass(frozen=True)
class KeyChanged:
    removed: list[str]  # the people whose passphrases no longer unlock (to be added again)
    recovery_kept: bool  # head office's recovery wrap made again for the new key


def change_store_key(db: sqlite_utils.Database, store_file: Path | str, yours: str) -> KeyChanged:
    """Re-encrypt the store with a new random key (after someone who may have copied the key
    file is removed): afterwards no copy of the old key file opens the store as it is now.
    Only the person at the keyboard's passphrase, and head office's recovery key, can be
    wrapped again (nobody else's passphrase is known): everyone else is added again.

    The new key file is written beside the old (cass.key.next) before the store is
    re-encrypted, and moved into place after; an interruption in between is finished the
    next time the store is unlocked (data/store.py). Backups made before keep the old key
    and their own key file, by design."""
    if not has_people(db):
        raise PeopleError(
            f"Only a worker's laptop, set up and locked, has a key to change. {_NOTHING}"
        )
    store_file = Path(store_file)
    keys = _keys(store_file)
    mine = _confirm_you(db, keys, store_file, yours)
    new_key = StoreKey.random()
    fresh = KeyFile(next_key_path(store_file), keys.store_id, keys.created_at, [dict(mine)])
    if mine.get("worker_id") or mine.get("name"):
        fresh.rewrap(mine["id"], new_key, yours)
    else:  # the laptop's first passphrase, named for its worker now
        worker = local.get(db, "worker_id")
        name = local.worker_name(db, worker)
        fresh.rewrap(mine["id"], new_key, yours, name=name, worker_id=worker or None)
    recipients = [str(w["recipient"]) for w in keys.age_wraps()]
    for recipient in recipients[:1]:
        fresh.add_recovery(new_key, recipient)
    removed = [
        str(w.get("name") or "the laptop's first passphrase")
        for w in keys.passphrase_wraps()
        if w.get("id") != mine["id"]
    ]
    fresh.save()
    try:
        rekey(db, store_file, new_key)
    except BaseException:
        next_key_path(store_file).unlink(missing_ok=True)
        raise
    durable.replace(next_key_path(store_file), keys.path)
    remove_safety_copies(store_file, new_key)
    return KeyChanged(removed, bool(recipients))
