"""Passphrases: telling a locked store from a plain one, locking a plain store in place, and
changing the passphrase of a locked one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import sqlcipher3
import sqlite_utils

from cass_desktop.app import durable
from cass_desktop.data import store as _store
from cass_desktop.data.keyfile import (
    KeyFile,
    KeyFileError,
    StoreKey,
    WrongPassphrase,
    key_path,
    read_beside,
)
from cass_desktop.data.store import StoreError

MIN_LENGTH = 10


def locked_message(path: Path | str) -> str:
    """The one line the command says for a locked store given no passphrase. (A damaged file
    cannot be told from a locked one without the passphrase, so the file is named.)"""
    return (
        f"This store ({path}) is locked with a passphrase: "
        "give it with --passphrase-file or CASS_PASSPHRASE."
    )


class PassphraseError(ValueError):
    """A new passphrase that cannot be used; the message says what to change."""


MIN_SCORE = 3  # zxcvbn's scale of 0 to 4: 3 is "safely unguessable" online, hard offline

# Words anyone would try first against this app's stores.
_APP_WORDS = (
    "cass", "desktop", "cassdesktop", "court", "courts", "magistrates", "liaison",
    "diversion", "plymouth", "bodmin", "truro", "devon", "cornwall", "passphrase", "password",
)  # fmt: skip

# zxcvbn's warnings and suggestions, in the words this app uses (British English, plain).
_WARNINGS = {
    "Straight rows of keys are easy to guess.": "rows of keys next to each other are easy to guess",
    "Short keyboard patterns are easy to guess.": "patterns on the keyboard are easy to guess",
    'Repeats like "aaa" are easy to guess.': "repeated letters like “aaa” are easy to guess",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': "a few letters "
    "repeated are hardly harder to guess than the letters once",
    "Sequences like abc or 6543 are easy to guess.": "sequences like “abc” or “6543” are easy "
    "to guess",
    'Sequences like "abc" or "6543" are easy to guess.': "sequences like “abc” or “6543” are "
    "easy to guess",
    "Recent years are easy to guess.": "recent years are easy to guess",
    "Dates are often easy to guess.": "dates are easy to guess",
    "This is a top-10 common password.": "it is one of the most common passwords",
    "This is a top-100 common password.": "it is one of the most common passwords",
    "This is a very common password.": "it is a very common password",
    "This is similar to a commonly used password.": "it is very like a common password",
    "A word by itself is easy to guess.": "one word on its own is easy to guess",
    "Names and surnames by themselves are easy to guess.": "names on their own are easy to guess",
    "Common names and surnames are easy to guess.": "common names are easy to guess",
}
_SUGGESTIONS = {
    "Add another word or two. Uncommon words are better.": "Add another word or two; uncommon "
    "words are better.",
    "Use a few words, avoid common phrases.": "Use a few words that do not usually go together.",
    "Use a few words, avoid common phrases": "Use a few words that do not usually go together.",
    "Avoid recent years.": "Leave out years, and dates that have to do with you.",
    "Avoid years that are associated with you.": "Leave out years, and dates that have to do "
    "with you.",
    "Avoid dates and years that are associated with you.": "Leave out years, and dates that "
    "have to do with you.",
    "Predictable substitutions like '@' instead of 'a' don't help very much.": "Swapping "
    "letters for look-alike symbols (@ for a) does not make it much harder to guess.",
}
_DEFAULT_SUGGESTION = "Add another word or two; uncommon words are better."


def strength_problem(passphrase: str, words: Iterable[str] = ()) -> str | None:
    """Why `passphrase` is too easy to guess, in plain words; None when it will do.

    Checked with zxcvbn (Dropbox's estimator, which knows common passwords, names, words,
    keyboard patterns, sequences, repeats and dates); `words` are more to count as easy
    (the worker's name, the court, the organisation).
    """
    from zxcvbn import zxcvbn  # loads its word lists (a few MB) only when a passphrase is set

    known = list(_APP_WORDS)
    for word in words:
        text = " ".join(word.casefold().split())
        if text:
            known += [text, *(part for part in re.split(r"\W+", text) if len(part) > 1)]
    result = zxcvbn(passphrase, user_inputs=known)
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result.get("feedback") or {}
    warning = _WARNINGS.get(feedback.get("warning") or "", "")
    if not warning and feedback.get("warning"):
        text = feedback["warning"].rstrip(".")
        warning = text[:1].lower() + text[1:]
    advice = next(
        (_SUGGESTIONS[s] for s in feedback.get("suggestions") or [] if s in _SUGGESTIONS),
        _DEFAULT_SUGGESTION,
    )
    reason = (
        f"This passphrase is too easy to guess: {warning}."
        if warning
        else ("This passphrase is too easy to guess.")
    )
    return f"{reason} {advice}"


def new_passphrase_problem(first: str, second: str, *, words: Iterable[str] = ()) -> str | None:
    """What is wrong with a new passphrase typed twice, in plain words; None when it is fine.

    The same rule for the app and the command line: at least MIN_LENGTH characters, hard to
    guess (zxcvbn score of at least MIN_SCORE, see `strength_problem`), typed the same twice.
    """
    if not first:
        return "Enter a passphrase."
    if len(first) < MIN_LENGTH:
        return (
            f"The passphrase must be at least {MIN_LENGTH} characters long "
            f"(this one has {len(first)}). A few words together are easy to remember."
        )
    weak = strength_problem(first, words)
    if weak:
        return weak
    if first != second:
        return "The two passphrases are not the same. Type them again."
    return None


def check_new_passphrase(
    first: str, second: str | None = None, *, words: Iterable[str] = ()
) -> None:
    """Raise PassphraseError unless `first` (typed again as `second`) will do."""
    problem = new_passphrase_problem(first, first if second is None else second, words=words)
    if problem:
        raise PassphraseError(problem)


def is_locked(path: Path | str) -> bool:
    """Whether the store file at `path` is encrypted (it has no plain SQLite header).

    A missing file is not locked. Anything that is neither a plain database nor a known other
    kind of file is taken as locked: opening it with a passphrase then says whether the
    passphrase is wrong or the file is damaged.
    """
    path = Path(path)
    if not path.is_file():
        return False
    return _store.sniff(path) == "other"


def encrypt_in_place(db: sqlite_utils.Database, path: Path | str, key: str) -> None:
    """Lock the plain store open as `db` (its file is `path`) with the passphrase `key`.

    A new random store key is made and the whole store is exported into a file beside it,
    encrypted with that key, which is written to disk; the key file (cass.key), holding the
    store key wrapped with the passphrase, is written; then the encrypted file is moved over
    the plain one in one step, so the plain copy is gone and a failure at any point leaves
    the plain store as it was and no half-made file. Afterwards `db` is connected to the
    encrypted store, so everything holding it carries on working. Plain safety copies made
    before earlier updates (cass.db.before-….bak) are deleted too.
    """
    path = Path(path)
    check_new_passphrase(key)
    if is_locked(path):
        raise StoreError("This store is already locked with a passphrase.")
    if db.conn.in_transaction:
        raise StoreError("The store is busy saving a change. Try again in a moment.")
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        raise StoreError(_store.IN_USE)
    store_key = StoreKey.random()
    tmp = path.with_name(path.name + ".encrypting")
    _store.remove_with_sidecars(tmp)
    try:
        durable.create_private_file(tmp)
        _store.export_to(db, tmp, store_key)
    except sqlcipher3.Error as exc:
        _store.remove_with_sidecars(tmp)
        raise StoreError(
            f"The store could not be locked ({exc}). Nothing has been changed."
        ) from exc
    except BaseException:
        _store.remove_with_sidecars(tmp)
        raise

    db.conn.close()
    wrote_key_file = False
    try:
        if any(Path(str(path) + s).exists() for s in ("-wal", "-shm")):
            raise StoreError(_store.IN_USE)
        _store._new_key_file(path, store_key, key)
        wrote_key_file = True
        _store.swap_in(tmp, path)
    except BaseException:
        _store.remove_with_sidecars(tmp)
        if wrote_key_file:  # it would open nothing: the store is still plain
            key_path(path).unlink(missing_ok=True)
        db.conn = _store.open_store(path, create=False).conn
        raise
    reopened = _store.open_store(path, key=store_key, create=False)
    db.conn = reopened.conn
    db.store_key = store_key
    _store.remove_safety_copies(path, store_key)


def change_passphrase(db: sqlite_utils.Database, path: Path | str, current: str, new: str) -> None:
    """Change the passphrase of the locked store open as `db`, after checking the current one.

    The store key stays the same; the key file is written again with it wrapped under the new
    passphrase (new salt, today's Argon2id settings). Safety copies the store key does not
    open (plain ones, or ones an earlier version locked with the old passphrase) are deleted,
    so nothing stays readable with the old passphrase. A wrong current passphrase raises
    StoreError and changes nothing.
    """
    path = Path(path)
    check_new_passphrase(new)
    if not is_locked(path):
        raise StoreError("This store is not locked with a passphrase yet.")
    if not current:
        raise StoreError("Enter the current passphrase.")
    keys = read_beside(
        path,
        StoreError,
        f"The key file {key_path(path)} is missing, so the passphrase cannot be changed. "
        "Nothing has been changed.",
    )
    try:
        store_key, wrap = keys.unlock(current)
    except WrongPassphrase:
        raise StoreError("The current passphrase is wrong. Nothing has been changed.") from None
    if store_key != getattr(db, "store_key", None):
        raise StoreError(f"The key file {keys.path} is not this store's. Nothing has been changed.")
    keys.rewrap(wrap["id"], store_key, new)
    keys.save()
    _store.remove_safety_copies(path, store_key)


def unlocks_with(path: Path | str, passphrase: str) -> StoreKey | None:
    """The store key the passphrase unlocks from the key file beside `path`, or None."""
    try:
        keys = KeyFile.read(key_path(path))
        return None if keys is None else keys.unlock(passphrase)[0]
    except KeyFileError:
        return None


def rekey(db: sqlite_utils.Database, path: Path | str, new_key: StoreKey) -> None:
    """Re-encrypt the locked store open as `db` with `new_key` (SQLCipher's `PRAGMA rekey`,
    every page rewritten in one transaction: a failure leaves it under the old key). Refused
    while another connection of this process has the store open (a background task), or
    while another program does. The key file is the caller's to write (see
    sites/laptop_people.change_store_key)."""
    path = Path(path)
    if not isinstance(getattr(db, "store_key", None), StoreKey):
        raise StoreError("This store is not locked with a passphrase yet.")
    if len(_store._held_by(path)) > 1 or db.conn.in_transaction:
        raise StoreError("The store is busy. Try again in a moment; nothing has been changed.")
    busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    if busy:
        raise StoreError(_store.IN_USE)
    try:
        db.execute("PRAGMA rekey = " + _store.quote(new_key.sqlcipher_key()))
    except sqlcipher3.Error as exc:
        raise StoreError(
            f"The store key could not be changed ({exc}). Nothing has been changed."
        ) from exc
    db.store_key = new_key
    if not _store._opens(path, new_key):  # pragma: no cover (SQLCipher's own guarantee)
        raise StoreError("The store did not open with its new key after it was changed.")
