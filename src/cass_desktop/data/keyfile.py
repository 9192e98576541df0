"""The store's key and the key file that keeps it, wrapped, beside the store.

A locked store is encrypted by SQLCipher with a random 256-bit *store key*, given to SQLCipher
as a raw key (so SQLCipher's own PBKDF2 is not run). The store key is never written down as
it is: the key file (`cass.key` beside `cass.db`, 0600, JSON) holds it *wrapped*, once for
each way of unlocking the store. Today that is one passphrase; the format is a list so that
each person using the laptop can have their own passphrase, and head office's recovery key
(age) another wrap, without the store being re-encrypted (issue 13).

A passphrase wrap: the passphrase (Unicode NFC, UTF-8) is stretched with Argon2id (its
parameters and a random salt are in the wrap), and the result is the AES-256-GCM key that
encrypts the store key. The GCM associated data binds the wrap to its key file (the file's
random `store_id`) and to everything else in the wrap (its id, kind, name, parameters), so a
wrap cannot be moved into another key file, nor its parameters altered, without unwrapping
failing. A wrong passphrase fails the GCM check: nothing else says whether it was right.

    {
      "format": "cass-desktop-key-file",
      "version": 1,
      "store_id": "<32 hex characters>",
      "created_at": "2026-11-27T16:40:00+00:00",
      "wraps": [
        {
          "id": "<16 hex characters>",
          "kind": "passphrase",
          "name": "",
          "created_at": "2026-11-27T16:40:00+00:00",
          "kdf": {"algorithm": "argon2id", "version": 19, "memory_kib": 262144,
                  "iterations": 2, "lanes": 4, "salt": "<base64, 16 bytes>"},
          "aead": "aes-256-gcm",
          "nonce": "<base64, 12 bytes>",
          "wrapped_key": "<base64, 32 bytes of key and 16 of tag>"
        }
      ]
    }

A passphrase wrap may also name the person whose passphrase it is: `name` (shown on the lock
screen) and `worker_id` (their worker record: what they do is recorded under it). Both are
covered by the associated data, so neither can be changed without the passphrase.

A recovery wrap (`"kind": "age"`) holds the store key encrypted with age to head office's
X25519 recipient (`recipient`, `sealed`, base64): head office's age identity opens it, so a
forgotten passphrase can be replaced (maintenance/recovery.py). What is sealed is a small JSON
text naming this key file's `store_id` with the key, so a recovery wrap moved into another key
file is refused.

Wraps of a kind this version does not know are kept as they are when the file is rewritten.

The module stays whole though it is over 500 lines: it is one file format and the cryptography
that reads and writes it, and whoever reviews how the store key is kept should find every line
of that in one place.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import json
import os
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2 import low_level as argon2
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from cass_desktop.app import durable

FORMAT = "cass-desktop-key-file"
VERSION = 1
KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
PASSPHRASE = "passphrase"
AGE = "age"
_MAX_NAME = 200
_MAX_SEALED = 4096
_MAX_FILE_BYTES = 1 << 20


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id's cost: memory in KiB, passes over it, and lanes (threads)."""

    memory_kib: int
    iterations: int
    lanes: int

    def weaker_than(self, other: Argon2Params) -> bool:
        return self.memory_kib < other.memory_kib or self.iterations < other.iterations


# 256 MiB, two passes, four lanes: about half a second on a two-core laptop of 2024, and a
# quarter of a gigabyte of memory for every guess an attacker makes (see docs/security.md).
PRODUCTION_ARGON2 = Argon2Params(memory_kib=256 * 1024, iterations=2, lanes=4)
_TEST_ARGON2 = Argon2Params(memory_kib=8, iterations=1, lanes=1)
_argon2 = PRODUCTION_ARGON2

# What a key file may ask for (a damaged or hostile file must not make unlocking take
# gigabytes or hours).
_LIMITS = {"memory_kib": (8, 4 * 1024 * 1024), "iterations": (1, 64), "lanes": (1, 64)}


def use_fast_kdf_for_tests() -> None:
    """TEST HOOK, for the test suite only: new passphrase wraps use Argon2id with tiny
    parameters, so the thousands of stores the tests make open in microseconds. Never called
    by the program; the parameters used are written in each wrap, and a wrap weaker than the
    program's own is strengthened the next time it is unlocked."""
    global _argon2
    _argon2 = _TEST_ARGON2


def argon2_params() -> Argon2Params:
    """The parameters new passphrase wraps are made with."""
    return _argon2


class KeyFileError(Exception):
    """A key file that cannot be used; the message is one plain sentence for a person."""


class WrongPassphrase(KeyFileError):
    """No wrap in the key file opens with the passphrase given."""


class StoreKey:
    """A store's 256-bit key. Its value is never shown by repr() or str()."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes):
        if not isinstance(raw, bytes) or len(raw) != KEY_BYTES:
            raise ValueError("a store key is 32 bytes")
        self._raw = raw

    @classmethod
    def random(cls) -> StoreKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @property
    def raw(self) -> bytes:
        return self._raw

    def sqlcipher_key(self) -> str:
        """The key as SQLCipher takes a raw key: x'<64 hex digits>' (no key derivation)."""
        return f"x'{self._raw.hex()}'"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoreKey) and hmac.compare_digest(self._raw, other._raw)

    def __hash__(self) -> int:
        return hash(self._raw)

    def __repr__(self) -> str:
        return "StoreKey(<hidden>)"

    __str__ = __repr__


def key_path(store: Path | str) -> Path:
    """The key file of the store at `store`: cass.key beside cass.db."""
    return Path(store).with_suffix(".key")


def read_beside(store: Path | str, refused: Callable[[str], Exception], missing: str) -> KeyFile:
    """The key file of the store at `store`. One that cannot be read raises `refused(why)`;
    none there raises `refused(missing)` (the caller's sentence saying what cannot be done)."""
    try:
        keys = KeyFile.read(key_path(store))
    except KeyFileError as exc:
        raise refused(str(exc)) from exc
    if keys is None:
        raise refused(missing)
    return keys


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, size: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64")
    data = base64.b64decode(text.encode("ascii"), validate=True)
    if size is not None and len(data) != size:
        raise ValueError("wrong size")
    return data


def _secret(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _derive(passphrase: str, salt: bytes, params: Argon2Params) -> bytes:
    return argon2.hash_secret_raw(
        secret=_secret(passphrase),
        salt=salt,
        time_cost=params.iterations,
        memory_cost=params.memory_kib,
        parallelism=params.lanes,
        hash_len=KEY_BYTES,
        type=argon2.Type.ID,
        version=argon2.ARGON2_VERSION,
    )


@dataclass
class KeyFile:
    """A key file: the store it belongs to and the wraps of its key."""

    path: Path
    store_id: str
    created_at: str
    wraps: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def new(cls, path: Path | str) -> KeyFile:
        return cls(Path(path), secrets.token_hex(16), _now())

    # Reading ------------------------------------------------------------------------------
    @classmethod
    def read(cls, path: Path | str) -> KeyFile | None:
        """The key file at `path`; None when there is none. A file that is not a whole key
        file raises KeyFileError, in words."""
        path = Path(path)
        try:
            with open(path, "rb") as fh:
                raw = fh.read(_MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise KeyFileError(
                f"The key file {path} could not be read ({exc.strerror or exc})."
            ) from exc
        durable.tighten(path)
        damaged = KeyFileError(
            f"The key file {path} is damaged, so the store cannot be unlocked. "
            "Nothing has been changed: put back a good copy of it."
        )
        if len(raw) > _MAX_FILE_BYTES:
            raise damaged
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise damaged from None
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise damaged
        version = body.get("version")
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise KeyFileError(
                f"The key file {path} was written by a newer version of CASS Desktop. "
                "Install the newer version to unlock the store; nothing has been changed."
            )
        store_id, wraps = body.get("store_id"), body.get("wraps")
        if (
            version != VERSION
            or not isinstance(store_id, str)
            or not store_id
            or not isinstance(wraps, list)
            or not all(isinstance(w, dict) for w in wraps)
        ):
            raise damaged
        for wrap in wraps:
            if wrap.get("kind") == PASSPHRASE and not _well_formed(wrap):
                raise damaged
            if wrap.get("kind") == AGE and not _well_formed_age(wrap):
                raise damaged
        return cls(path, store_id, str(body.get("created_at", "")), wraps)

    def passphrase_wraps(self) -> list[dict[str, Any]]:
        return [w for w in self.wraps if w.get("kind") == PASSPHRASE]

    def age_wraps(self) -> list[dict[str, Any]]:
        return [w for w in self.wraps if w.get("kind") == AGE]

    def wrap(self, wrap_id: str) -> dict[str, Any] | None:
        return next((w for w in self.wraps if w.get("id") == wrap_id), None)

    # Unlocking ----------------------------------------------------------------------------
    def unlock(
        self, passphrase: str, *, wrap_id: str | None = None
    ) -> tuple[StoreKey, dict[str, Any]]:
        """The store key, and the wrap the passphrase opened. WrongPassphrase if none. With
        `wrap_id` (the person chosen on the lock screen) only that wrap is tried: one key
        derivation, and one person's passphrase never unlocks as another."""
        wraps = self.passphrase_wraps()
        if wrap_id is not None:
            wraps = [w for w in wraps if w.get("id") == wrap_id]
        for wrap in wraps:
            kdf = wrap["kdf"]
            params = Argon2Params(kdf["memory_kib"], kdf["iterations"], kdf["lanes"])
            wrapping = _derive(passphrase, _unb64(kdf["salt"]), params)
            try:
                raw = AESGCM(wrapping).decrypt(
                    _unb64(wrap["nonce"]), _unb64(wrap["wrapped_key"]), self._associated(wrap)
                )
            except InvalidTag:
                continue
            if len(raw) == KEY_BYTES:
                return StoreKey(raw), wrap
        raise WrongPassphrase(f"The passphrase does not open the key file {self.path}.")

    def params_of(self, wrap: dict[str, Any]) -> Argon2Params:
        kdf = wrap["kdf"]
        return Argon2Params(kdf["memory_kib"], kdf["iterations"], kdf["lanes"])

    # Changing -----------------------------------------------------------------------------
    def add_passphrase(
        self, key: StoreKey, passphrase: str, *, name: str = "", worker_id: str | None = None
    ) -> dict[str, Any]:
        """Wrap `key` with a passphrase, as a new wrap; returns it (call `save`)."""
        wrap = self._wrap(key, passphrase, secrets.token_hex(8), name, worker_id)
        self.wraps.append(wrap)
        return wrap

    def rewrap(
        self,
        wrap_id: str,
        key: StoreKey,
        passphrase: str,
        *,
        name: str | None = None,
        worker_id: str | None = None,
    ) -> dict[str, Any]:
        """Replace the wrap `wrap_id` by one of the same id (and the same name and worker,
        unless new ones are given) under a passphrase, with a new salt and today's
        parameters; other wraps are kept as they are."""
        for index, old in enumerate(self.wraps):
            if old.get("id") == wrap_id:
                wrap = self._wrap(
                    key,
                    passphrase,
                    wrap_id,
                    str(old.get("name", "")) if name is None else name,
                    old.get("worker_id") if worker_id is None else worker_id,
                )
                self.wraps[index] = wrap
                return wrap
        raise KeyError(wrap_id)

    def remove(self, wrap_id: str) -> dict[str, Any]:
        """Take the wrap `wrap_id` out (call `save`). The last passphrase wrap cannot be
        removed: nobody could unlock the store."""
        wrap = self.wrap(wrap_id)
        if wrap is None:
            raise KeyError(wrap_id)
        if wrap.get("kind") == PASSPHRASE and len(self.passphrase_wraps()) == 1:
            raise KeyFileError("The last passphrase cannot be removed: nobody could unlock.")
        self.wraps.remove(wrap)
        return wrap

    # Recovery through head office (age) -------------------------------------------------
    def add_recovery(self, key: StoreKey, recipient: str) -> dict[str, Any]:
        """Wrap `key` to head office's age `recipient` (replacing a recovery wrap to another
        recipient: one head office at a time); returns it (call `save`)."""
        import pyrage

        sealed_text = json.dumps({"store_id": self.store_id, "key": key.raw.hex()})
        to = pyrage.x25519.Recipient.from_str(recipient)
        sealed = pyrage.encrypt(sealed_text.encode("ascii"), [to])
        self.wraps = [w for w in self.wraps if w.get("kind") != AGE]
        wrap = {
            "id": secrets.token_hex(8),
            "kind": AGE,
            "name": "head office",
            "created_at": _now(),
            "recipient": recipient,
            "sealed": _b64(sealed),
        }
        self.wraps.append(wrap)
        return wrap

    def recover(self, identity_text: str) -> StoreKey:
        """The store key, opened from the recovery wrap with head office's age identity
        (the text of its identity file). KeyFileError, in words, when it cannot be."""
        import pyrage

        wraps = self.age_wraps()
        if not wraps:
            raise KeyFileError(
                "This laptop's key file has no recovery key: head office's card was not "
                "trusted while it was unlocked, so it cannot be recovered this way."
            )
        identities = []
        for line in identity_text.splitlines():
            line = line.strip()
            if line.startswith("AGE-SECRET-KEY-"):
                try:
                    identities.append(pyrage.x25519.Identity.from_str(line))
                except Exception:
                    continue
        if not identities:
            raise KeyFileError("That file holds no age identity of head office's.")
        for wrap in wraps:
            try:
                opened = pyrage.decrypt(_unb64(wrap["sealed"]), identities)
                body = json.loads(opened.decode("ascii"))
            except Exception:
                continue
            if not isinstance(body, dict) or body.get("store_id") != self.store_id:
                continue
            try:
                raw = bytes.fromhex(str(body.get("key", "")))
            except ValueError:
                continue
            if len(raw) == KEY_BYTES:
                return StoreKey(raw)
        raise KeyFileError(
            "That is not the identity of the head office this laptop trusts, so the store "
            "cannot be recovered with it. Nothing has been changed."
        )

    def save(self) -> Path:
        """Write the key file atomically (a whole old file or a whole new one), 0600."""
        body = {
            "format": FORMAT,
            "version": VERSION,
            "store_id": self.store_id,
            "created_at": self.created_at,
            "wraps": self.wraps,
        }
        text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
        return durable.write_atomically(self.path, text.encode("utf-8"))

    def _wrap(
        self,
        key: StoreKey,
        passphrase: str,
        wrap_id: str,
        name: str,
        worker_id: str | None = None,
    ) -> dict[str, Any]:
        params = argon2_params()
        salt = os.urandom(SALT_BYTES)
        nonce = os.urandom(NONCE_BYTES)
        wrap: dict[str, Any] = {
            "id": wrap_id,
            "kind": PASSPHRASE,
            "name": name,
            "created_at": _now(),
            "kdf": {
                "algorithm": "argon2id",
                "version": argon2.ARGON2_VERSION,
                "memory_kib": params.memory_kib,
                "iterations": params.iterations,
                "lanes": params.lanes,
                "salt": _b64(salt),
            },
            "aead": "aes-256-gcm",
            "nonce": _b64(nonce),
        }
        if worker_id:
            wrap["worker_id"] = worker_id
        wrapping = _derive(passphrase, salt, params)
        sealed = AESGCM(wrapping).encrypt(nonce, key.raw, self._associated(wrap))
        wrap["wrapped_key"] = _b64(sealed)
        return wrap

    def _associated(self, wrap: dict[str, Any]) -> bytes:
        """What each wrap's GCM tag also covers: this key file and the wrap's own fields."""
        bound = {
            "format": FORMAT,
            "version": VERSION,
            "store_id": self.store_id,
            "wrap": {k: wrap[k] for k in ("id", "kind", "name", "kdf", "aead")},
        }
        if "worker_id" in wrap:  # wraps made before people had their own have none
            bound["wrap"]["worker_id"] = wrap["worker_id"]
        return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _well_formed(wrap: dict[str, Any]) -> bool:
    """A passphrase wrap with every field present, of the right kind and within limits."""
    kdf = wrap.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("algorithm") != "argon2id":
        return False
    if kdf.get("version") != argon2.ARGON2_VERSION or wrap.get("aead") != "aes-256-gcm":
        return False
    if not isinstance(wrap.get("id"), str) or not isinstance(wrap.get("name", ""), str):
        return False
    if len(wrap.get("name", "")) > _MAX_NAME:
        return False
    if "worker_id" in wrap and not (
        isinstance(wrap["worker_id"], str) and 0 < len(wrap["worker_id"]) <= 64
    ):
        return False
    for name, (low, high) in _LIMITS.items():
        value = kdf.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            return False
    if kdf["memory_kib"] < 8 * kdf["lanes"]:
        return False
    try:
        salt = _unb64(kdf.get("salt"))
        _unb64(wrap.get("nonce"), NONCE_BYTES)
        _unb64(wrap.get("wrapped_key"), KEY_BYTES + 16)
    except (ValueError, binascii.Error, UnicodeEncodeError):
        return False
    return 8 <= len(salt) <= 64


def _well_formed_age(wrap: dict[str, Any]) -> bool:
    """A recovery wrap with its fields present, of the right kind and size."""
    recipient, sealed = wrap.get("recipient"), wrap.get("sealed")
    if not isinstance(wrap.get("id"), str) or not isinstance(recipient, str):
        return False
    if not recipient.startswith("age1") or len(recipient) > 100:
        return False
    if not isinstance(sealed, str) or len(sealed) > _MAX_SEALED:
        return False
    try:
        _unb64(sealed)
    except (ValueError, binascii.Error, UnicodeEncodeError):
        return False
    return True
