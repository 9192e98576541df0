"""The key file: a random store key, wrapped with the passphrase (Argon2id, AES-256-GCM), in
cass.key beside the store; what a wrong passphrase, a missing or damaged key file do; stores
locked by an earlier version moving to it; changing the passphrase."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from cass_desktop.data import StoreError, clients, keyfile, open_store, store_path
from cass_desktop.data.keyfile import KeyFile, StoreKey, key_path
from cass_desktop.data.passphrase import change_passphrase, unlocks_with
from tests.helpers.stores import earlier_version_copy, new_store, plain_copy

KEY = "granite harbour lantern"
NEW = "slate quay morning tide"


def _hashes(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _refused_untouched(path: Path, key, match: str) -> str:
    before = _hashes(path.parent)
    with pytest.raises(StoreError, match=match) as caught:
        open_store(path, key=key, create=False)
    after = _hashes(path.parent)
    assert {name: after.get(name) for name in before} == before
    assert not [n for n in after if n.endswith((".bak", ".keying", ".part"))]
    message = str(caught.value)
    for jargon in ("Error", "sqlite", "PRAGMA", "Traceback", "InvalidTag", "argon2", "GCM"):
        assert jargon not in message.replace(str(path.parent), ""), message
    return message


def _opens_with_sqlcipher(path: Path, key: str) -> bool:
    conn = sqlcipher3.connect(str(path))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA key = '" + key.replace("'", "''") + "'")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


@pytest.fixture
def locked(tmp_path) -> tuple[Path, str]:
    path = store_path(tmp_path)
    db = open_store(path, key=KEY)
    client_id = clients.create(db, {"given_name": "Siân", "family_name": "Pascoe"}, "PLY")
    db.close()
    return path, client_id


# --- the key file ------------------------------------------------------------------------------


def test_a_new_locked_store_has_a_key_file_holding_its_key_wrapped(locked):
    path, client_id = locked
    keys = key_path(path)
    assert keys == path.with_name("cass.key")
    assert keys.stat().st_mode & 0o777 == 0o600
    body = json.loads(keys.read_text(encoding="utf-8"))
    assert body["format"] == "cass-desktop-key-file" and body["version"] == 1
    assert len(body["store_id"]) == 32
    [wrap] = body["wraps"]  # a list: issue 13 adds one per person and one for head office
    assert wrap["kind"] == "passphrase" and wrap["aead"] == "aes-256-gcm"
    assert wrap["kdf"]["algorithm"] == "argon2id" and wrap["kdf"]["version"] == 19
    assert len(base64.b64decode(wrap["kdf"]["salt"])) == 16
    assert len(base64.b64decode(wrap["nonce"])) == 12
    assert len(base64.b64decode(wrap["wrapped_key"])) == 48  # 32-byte key and 16-byte tag
    assert KEY not in keys.read_text(encoding="utf-8")

    # The store is encrypted with the store key itself (a raw SQLCipher key): the passphrase
    # given to SQLCipher directly does not open it.
    assert not _opens_with_sqlcipher(path, KEY)
    key = unlocks_with(path, KEY)
    assert key is not None and key.raw.hex() not in keys.read_text(encoding="utf-8")
    db = open_store(path, key=key, create=False)
    assert clients.get(db, client_id)["family_name"] == "Pascoe"
    assert db.store_key == key
    db.close()


def test_a_store_key_never_shows_its_value():
    key = StoreKey.random()
    assert key.raw.hex() not in repr(key) and key.raw.hex() not in str(key)
    assert key == StoreKey(key.raw) and key != StoreKey.random()


def test_the_programs_argon2_settings_are_the_strong_ones():
    """The suite runs with the test hook; a fresh process, as the app is, does not."""
    code = (
        "from cass_desktop.data import keyfile; p = keyfile.argon2_params(); "
        "print(p == keyfile.PRODUCTION_ARGON2, p.memory_kib, p.iterations, p.lanes)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert out == ["True", "262144", "2", "4"]
    assert keyfile.PRODUCTION_ARGON2.memory_kib >= 256 * 1024


def test_the_program_wipes_sqlciphers_memory_on_a_locked_store(tmp_path):
    """The suite runs with memory security off; a fresh process, as the app is, turns it on
    for a locked store (keys and decrypted pages locked in memory and wiped when freed)."""
    code = (
        "import sys, pathlib; from cass_desktop.data import keyfile, store; "
        "from tests.helpers.stores import new_store; keyfile.use_fast_kdf_for_tests(); "
        "db = new_store(store.store_path(pathlib.Path(sys.argv[1]))); "
        "print(store.MEMORY_SECURITY, db.execute('PRAGMA cipher_memory_security').fetchone()[0])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    ).stdout.split()
    assert out == ["True", "1"]


def test_a_wrong_passphrase_is_one_sentence_and_changes_nothing(locked):
    path, _ = locked
    message = _refused_untouched(path, "granite harbour lanterns", "passphrase is wrong")
    assert message.endswith("Nothing has been changed.")


def test_a_missing_key_file_is_one_sentence_and_changes_nothing(locked):
    path, _ = locked
    key_path(path).unlink()
    message = _refused_untouched(path, KEY, "key file cass.key")
    assert "missing" in message
    assert not key_path(path).exists()


@pytest.mark.parametrize(
    "damage",
    ["not json", "truncated", "no wraps", "newer", "salt changed", "parameters changed",
     "key changed", "huge memory"],
)  # fmt: skip
def test_a_damaged_key_file_is_one_sentence_and_changes_nothing(locked, damage):
    path, _ = locked
    keys = key_path(path)
    text = keys.read_text(encoding="utf-8")
    body = json.loads(text)
    wrap = body["wraps"][0]
    if damage == "not json":
        keys.write_bytes(b"\x00\xff garbage")
    elif damage == "truncated":
        keys.write_text(text[: len(text) // 2], encoding="utf-8")
    else:
        if damage == "no wraps":
            del body["wraps"]
        elif damage == "newer":
            body["version"] = 2
        elif damage == "salt changed":
            wrap["kdf"]["salt"] = base64.b64encode(b"\x01" * 16).decode()
        elif damage == "parameters changed":  # bound into the GCM tag: cannot be weakened
            wrap["kdf"]["iterations"] += 1
        elif damage == "key changed":
            raw = bytearray(base64.b64decode(wrap["wrapped_key"]))
            raw[0] ^= 1
            wrap["wrapped_key"] = base64.b64encode(bytes(raw)).decode()
        elif damage == "huge memory":
            wrap["kdf"]["memory_kib"] = 1 << 40
        keys.write_text(json.dumps(body), encoding="utf-8")
    expected = {
        "newer": "newer version",
        "salt changed": "passphrase is wrong",
        "parameters changed": "passphrase is wrong",
        "key changed": "passphrase is wrong",
    }.get(damage, "key file .* is damaged")
    _refused_untouched(path, KEY, expected)


def test_the_key_file_of_another_store_is_refused_in_words(locked, tmp_path):
    path, _ = locked
    other = tmp_path / "other"
    other.mkdir()
    open_store(store_path(other), key=KEY).close()
    key_path(path).write_bytes(key_path(store_path(other)).read_bytes())
    _refused_untouched(path, KEY, "key file of another store")


def test_a_wrap_made_with_weaker_settings_is_strengthened_when_unlocked(locked, monkeypatch):
    path, client_id = locked
    stronger = keyfile.Argon2Params(memory_kib=64, iterations=2, lanes=1)
    monkeypatch.setattr(keyfile, "_argon2", stronger)
    db = open_store(path, key=KEY, create=False)
    db.close()
    [wrap] = json.loads(key_path(path).read_text(encoding="utf-8"))["wraps"]
    assert (wrap["kdf"]["memory_kib"], wrap["kdf"]["iterations"]) == (64, 2)
    again = open_store(path, key=KEY, create=False)
    assert clients.get(again, client_id)["given_name"] == "Siân"
    again.close()


# --- changing the passphrase -----------------------------------------------------------------


def test_changing_the_passphrase_rewraps_the_same_key_and_keeps_other_wraps(locked):
    path, client_id = locked
    db = open_store(path, key=KEY, create=False)
    key = db.store_key
    keys = KeyFile.read(key_path(path))
    # A wrap of a kind this version does not use (issue 13: head office's recovery key).
    recovery = {"id": "0123456789abcdef", "kind": "age-recipient", "recipient": "age1x", "x": 1}
    keys.wraps.append(recovery)
    keys.save()
    change_passphrase(db, path, KEY, NEW)
    db.close()
    body = json.loads(key_path(path).read_text(encoding="utf-8"))
    assert body["wraps"][1] == recovery
    assert unlocks_with(path, KEY) is None
    assert unlocks_with(path, NEW) == key  # the store was not re-encrypted
    assert key_path(path).stat().st_mode & 0o777 == 0o600
    reopened = open_store(path, key=NEW, create=False)
    assert clients.get(reopened, client_id)["family_name"] == "Pascoe"
    reopened.close()


def test_no_safety_copy_stays_readable_with_the_old_passphrase(tmp_path):
    """Copies the store key opens are kept; plain ones, and ones an earlier version locked
    with the old passphrase, are removed when the passphrase is changed."""
    path = store_path(tmp_path)
    db = open_store(path, key=KEY)
    clients.create(db, {"given_name": "Siân", "family_name": "Pascoe"}, "PLY")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    kept = tmp_path / "cass.db.before-m009_x-20260101-090000.bak"
    kept.write_bytes(path.read_bytes())  # made by an update under this key: still the key's
    plain = plain_copy(db, tmp_path / "cass.db.before-m003_y-20250101-090000.bak")
    old = earlier_version_copy(db, tmp_path / "cass.db.before-m005_z-20250601-090000.bak", KEY)
    change_passphrase(db, path, KEY, NEW)
    db.close()
    assert kept.exists() and not plain.exists() and not old.exists()
    copy = open_store(kept, key=unlocks_with(path, NEW), create=False)
    assert clients.count(copy) == 1
    copy.close()


# --- stores locked by an earlier version -------------------------------------------------------


def _earlier_version_store(tmp_path: Path) -> tuple[Path, str]:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    db = new_store(store_path(scratch))
    client_id = clients.create(db, {"given_name": "Łukasz", "family_name": "Nowak"}, "PLY")
    folder = tmp_path / "laptop"
    folder.mkdir()
    path = earlier_version_copy(db, store_path(folder), KEY)
    db.close()
    return path, client_id


def test_a_store_locked_by_an_earlier_version_moves_to_a_key_file_when_unlocked(tmp_path):
    path, client_id = _earlier_version_store(tmp_path)
    assert _opens_with_sqlcipher(path, KEY) and not key_path(path).exists()
    _refused_untouched(path, "not the passphrase", "passphrase is wrong")

    db = open_store(path, key=KEY, create=False)
    assert clients.get(db, client_id)["family_name"] == "Nowak"
    clients.create(db, {"given_name": "After", "family_name": "Moving"}, "PLY")
    db.close()
    # Now under a random store key kept in the key file, not SQLCipher's passphrase lock.
    assert key_path(path).exists() and not _opens_with_sqlcipher(path, KEY)
    assert b"Nowak" not in path.read_bytes()
    [copy] = path.parent.glob("cass.db.before-keyfile-*.bak")
    assert _opens_with_sqlcipher(copy, KEY)  # the copy kept, as before an update
    assert copy.stat().st_mode & 0o777 == 0o600
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["cass.db", copy.name, "cass.key"], names

    again = open_store(path, key=KEY, create=False)
    assert clients.count(again) == 2
    # Changing the passphrase removes the copy the old passphrase opens.
    change_passphrase(again, path, KEY, NEW)
    again.close()
    assert not copy.exists()


def test_a_move_to_the_key_file_that_stopped_half_way_is_finished(tmp_path):
    path, client_id = _earlier_version_store(tmp_path)
    # The key file was written, the store not yet swapped (the laptop went off).
    keys = KeyFile.new(key_path(path))
    keys.add_passphrase(StoreKey.random(), KEY)
    keys.save()
    db = open_store(path, key=KEY, create=False)
    assert clients.get(db, client_id)["given_name"] == "Łukasz"
    assert db.store_key == unlocks_with(path, KEY)
    db.close()
    assert not _opens_with_sqlcipher(path, KEY)
