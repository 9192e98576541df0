"""Recovering a forgotten passphrase through head office, without head office ever holding the
laptop's data.

Once a laptop trusts head office's card, its store key is also wrapped (in the key file, with
age) to head office's age recipient: the X25519 key that bundles for head office are already
encrypted to, whose public half the card carries and the laptop checked by its fingerprint.
When a person forgets their passphrase, head office's age identity file (`cass-desktop keys
age-identity --out FILE` at head office) opens that wrap on the laptop, and the person sets a
new passphrase. Head office never receives the laptop's store or key file.

Why head office's bundle key and not a separate recovery key: head office can already read
everything a laptop exports with that key, so it opening the laptop's store too adds only the
work not yet exported; a separate key would have to be made, sent to every laptop through a
channel as well checked as the card, and kept as safely, for little gain. The cost: whoever
holds head office's identity file and a laptop's files (store and key file) can open that
laptop's store. docs/security.md says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from cass_desktop.data import backup as _copy
from cass_desktop.data import local, peers
from cass_desktop.data.keyfile import KeyFile, KeyFileError, key_path, read_beside
from cass_desktop.data.passphrase import check_new_passphrase
from cass_desktop.data.store import is_protected, remove_safety_copies

_MAX_IDENTITY_BYTES = 64 << 10
_NOTHING = "Nothing has been changed."


class RecoveryError(ValueError):
    """A recovery that cannot be done; one plain sentence, nothing changed."""


@dataclass(frozen=True)
class Recovered:
    name: str  # whose passphrase was replaced ("" for the laptop's first, unnamed one)


def ensure_recovery(db: sqlite_utils.Database, store_file: Path | str) -> bool:
    """Wrap the store key to the trusted head office's age recipient, if it is not already
    (replacing a wrap to a head office no longer trusted). True when the key file changed."""
    key = getattr(db, "store_key", None)
    if key is None or not is_protected(db) or local.is_demo(db):
        return False
    office = peers.head_office(db)
    recipient = (office or {}).get("age_recipient")
    if not recipient:
        return False
    try:
        keys = KeyFile.read(key_path(store_file))
    except KeyFileError:
        return False
    if keys is None or any(w.get("recipient") == recipient for w in keys.age_wraps()):
        return False
    keys.add_recovery(key, recipient)
    keys.save()
    return True


def has_recovery(store_file: Path | str) -> bool:
    """Whether the laptop's key file can be opened with head office's identity."""
    try:
        keys = KeyFile.read(key_path(store_file))
    except KeyFileError:
        return False
    return bool(keys and keys.age_wraps())


def _read_identity(identity_file: Path) -> str:
    try:
        with open(identity_file, "rb") as fh:
            raw = fh.read(_MAX_IDENTITY_BYTES + 1)
    except OSError as exc:
        raise RecoveryError(
            f"{identity_file} could not be read ({exc.strerror or exc}). {_NOTHING}"
        ) from exc
    if len(raw) > _MAX_IDENTITY_BYTES:
        raise RecoveryError(f"{identity_file} is not head office's key file. {_NOTHING}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RecoveryError(f"{identity_file} is not head office's key file. {_NOTHING}") from None


def recover(
    store_file: Path | str,
    identity_file: Path | str,
    new_passphrase: str,
    again: str | None = None,
    *,
    person: str | None = None,
) -> Recovered:
    """Set a new passphrase for `person` (a name, or a wrap id; may be left out when only one
    person uses the laptop) with head office's age identity file. Everything is checked
    (the identity opens the recovery wrap, its key opens the store, the new passphrase will
    do) before the key file is written; other people's passphrases are left as they are."""
    store_file, identity_file = Path(store_file), Path(identity_file)
    if not store_file.is_file():
        raise RecoveryError(f"There is no store at {store_file}. {_NOTHING}")
    keys = read_beside(
        store_file,
        RecoveryError,
        f"The key file {key_path(store_file)} is missing, so the store cannot be recovered. "
        "Put back a copy of it (a backup holds one).",
    )
    wraps = keys.passphrase_wraps()
    if person is None:
        if len(wraps) != 1:
            names = ", ".join(w.get("name") or "the laptop's first passphrase" for w in wraps)
            raise RecoveryError(f"Say whose passphrase to replace: {names}. {_NOTHING}")
        chosen = wraps[0]
    else:
        wanted = " ".join(person.split()).casefold()
        chosen = next(
            (
                w
                for w in wraps
                if w.get("id") == person or str(w.get("name", "")).casefold() == wanted
            ),
            None,
        )
        if chosen is None:
            raise RecoveryError(f"Nobody called {person} can unlock this laptop. {_NOTHING}")
    try:
        key = keys.recover(_read_identity(identity_file))
    except KeyFileError as exc:
        raise RecoveryError(str(exc)) from exc
    if not _copy.opens_with(store_file, key):
        raise RecoveryError(
            f"The recovered key does not open {store_file}: the key file is another store's. "
            f"{_NOTHING}"
        )
    words = [str(chosen.get("name", ""))] if chosen.get("name") else []
    check_new_passphrase(new_passphrase, again, words=words)
    keys.rewrap(chosen["id"], key, new_passphrase)
    keys.save()
    remove_safety_copies(store_file, key)
    return Recovered(str(chosen.get("name", "")))
