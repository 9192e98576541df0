"""Passphrases: locking a plain store in place, changing the passphrase, and the command line
with CASS_PASSPHRASE, --passphrase-file, and without either on a locked store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cass_desktop.data import StoreError, clients, local, open_store, store_path
from cass_desktop.data.keyfile import key_path
from cass_desktop.data.passphrase import (
    PassphraseError,
    change_passphrase,
    check_new_passphrase,
    encrypt_in_place,
    is_locked,
    locked_message,
    new_passphrase_problem,
)
from cass_desktop.sites.setup import is_set_up, set_up_device
from cass_desktop.sync import identity
from tests.helpers.cli import run
from tests.helpers.stores import new_store, plain_copy

SQLITE_HEADER = b"SQLite format 3\x00"
KEY = "granite harbour lantern"


@pytest.fixture(autouse=True)
def _no_passphrase_in_the_environment(monkeypatch):
    monkeypatch.delenv("CASS_PASSPHRASE", raising=False)


def _plain_store_with_people(folder: Path) -> tuple[Path, list[str]]:
    """A store set up by an earlier version without a passphrase (this version refuses to
    set one up plain): made locked in a scratch folder, then copied out in the clear."""
    scratch = folder.parent / (folder.name + "-scratch")
    scratch.mkdir()
    db = new_store(store_path(scratch))
    set_up_device(db, "Truro Magistrates' Court", "Jo Pengelly")
    ids = [
        clients.create(db, {"given_name": given, "family_name": family}, "TRU")
        for given, family in [("Siân", "Pascoe"), ("Łukasz", "Nowak"), ("Demelza", "Tregear")]
    ]
    path = plain_copy(db, store_path(folder))
    db.close()
    return path, ids


# --- choosing a passphrase --------------------------------------------------------------------


def test_a_new_passphrase_must_be_long_enough_and_typed_the_same_twice():
    assert new_passphrase_problem("", "") == "Enter a passphrase."
    assert "at least 10 characters" in new_passphrase_problem("short", "short")
    assert "not the same" in new_passphrase_problem(KEY, KEY + "!")
    assert new_passphrase_problem(KEY, KEY) is None


# --- locking a plain store in place ------------------------------------------------------------


def test_encrypting_in_place_keeps_every_record_and_leaves_no_plain_copy(tmp_path):
    path, ids = _plain_store_with_people(tmp_path)
    # a plain safety copy from an earlier update would give the records away
    (tmp_path / "cass.db.before-m010_x-20260101-090000.bak").write_bytes(path.read_bytes())
    db = open_store(path)
    device_before = local.get(db, "device_id")
    clients.create(db, {"given_name": "Only", "family_name": "In-the-log"}, "TRU")
    ops_before = db.execute("SELECT count(*) FROM ops").fetchone()[0]

    encrypt_in_place(db, path, KEY)
    assert db.execute("SELECT count(*) FROM ops").fetchone()[0] == ops_before

    # The same db object carries on, now over the locked store.
    assert clients.get(db, ids[0])["family_name"] == "Pascoe"
    clients.create(db, {"given_name": "After", "family_name": "Locking"}, "TRU")
    ops_after = db.execute("SELECT count(*) FROM ops").fetchone()[0]
    db.close()
    assert is_locked(path)
    raw = path.read_bytes()
    assert not raw.startswith(SQLITE_HEADER)
    assert b"Pascoe" not in raw and b"Nowak" not in raw
    names = sorted(p.name for p in tmp_path.iterdir())
    # no plain file, sidecar, safety copy or half-made file; the key file is new
    assert names == ["cass.db", "cass.key"], names
    with pytest.raises(StoreError, match="protected by a passphrase and none was given"):
        open_store(path)

    locked = open_store(path, key=KEY, create=False)
    assert [clients.get(locked, i)["family_name"] for i in ids] == ["Pascoe", "Nowak", "Tregear"]
    assert [c["family_name"] for c in clients.search(locked, "in-the-log")] == ["In-the-log"]
    assert [c["family_name"] for c in clients.search(locked, "locking")] == ["Locking"]
    assert clients.count(locked) == 5
    assert locked.execute("SELECT count(*) FROM ops").fetchone()[0] == ops_after
    assert local.get(locked, "device_id") == device_before
    assert is_set_up(locked)
    locked.close()


def test_a_short_passphrase_does_not_lock_anything(tmp_path):
    path, _ = _plain_store_with_people(tmp_path)
    before = path.read_bytes()
    db = open_store(path)
    with pytest.raises(PassphraseError, match="at least 10"):
        encrypt_in_place(db, path, "short")
    assert clients.count(db) == 3
    db.close()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cass.db"]  # and no key file


def test_a_store_open_elsewhere_is_not_swapped_and_nothing_half_made_is_left(tmp_path):
    path, _ = _plain_store_with_people(tmp_path)
    db = open_store(path)
    other = open_store(path)  # another copy of the app, say
    clients.count(other)
    other.conn.execute("BEGIN")
    other.execute("SELECT count(*) FROM clients").fetchone()  # holds the log open
    with pytest.raises(StoreError, match="open in another copy"):
        encrypt_in_place(db, path, KEY)
    other.conn.execute("COMMIT")
    other.close()
    assert not is_locked(path)
    assert clients.count(db) == 3  # still connected to the plain store
    db.close()
    assert not list(tmp_path.glob("*.encrypting*"))
    assert not key_path(path).exists()  # nothing half-made: no key file for a plain store


def test_changing_the_passphrase_asks_the_current_one(tmp_path):
    path = store_path(tmp_path)
    db = open_store(path, key=KEY)
    client_id = clients.create(db, {"given_name": "Jo", "family_name": "Pascoe"}, "PLY")
    with pytest.raises(StoreError, match="current passphrase is wrong"):
        change_passphrase(db, path, "not the passphrase", "a brand new passphrase")
    with pytest.raises(PassphraseError, match="at least 10"):
        change_passphrase(db, path, KEY, "tiny")
    change_passphrase(db, path, KEY, "a brand new passphrase")
    clients.create(db, {"given_name": "Al", "family_name": "Tregear"}, "PLY")
    db.close()
    with pytest.raises(StoreError, match="passphrase is wrong"):
        open_store(path, key=KEY)
    again = open_store(path, key="a brand new passphrase")
    assert clients.get(again, client_id)["family_name"] == "Pascoe"
    assert clients.count(again) == 2
    again.close()


# --- the command line --------------------------------------------------------------------------


def test_setup_with_cass_passphrase_makes_a_locked_store(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CASS_PASSPHRASE", KEY)
    code, out, err = run(
        capsys,
        "--data-dir",
        str(tmp_path),
        "setup",
        "--role",
        "device",
        "--site",
        "Bodmin Magistrates' Court",
        "--worker",
        "Jo Pengelly",
    )
    assert code == 0, err
    assert "Set up as a device" in out
    path = store_path(tmp_path)
    assert not path.read_bytes().startswith(SQLITE_HEADER)
    db = open_store(path, key=KEY)
    assert is_set_up(db)
    db.close()

    # Later commands read the same variable.
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "keys", "list")
    assert code == 0, err


def test_setup_with_a_passphrase_file_locks_an_existing_plain_store(capsys, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    open_store(store_path(data)).close()  # made by an earlier command, still plain
    secret = tmp_path / "passphrase.txt"
    secret.write_text(KEY + "\nanything after the first line is ignored\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        "--data-dir",
        str(data),
        "--passphrase-file",
        str(secret),
        "setup",
        "--role",
        "head-office",
        "--name",
        "Devon and Cornwall CASS",
    )
    assert code == 0, err
    assert "Set up as head office" in out
    assert is_locked(store_path(data))
    assert sorted(p.name for p in data.iterdir()) == ["cass.db", "cass.key"]
    code, _out, err = run(
        capsys, "--data-dir", str(data), "--passphrase-file", str(secret), "keys", "list"
    )
    assert code == 0, err
    db = open_store(store_path(data), key=KEY)
    assert identity.role(db) == "head-office"
    assert local.get(db, "organisation") == "Devon and Cornwall CASS"
    db.close()


def test_setup_with_a_short_passphrase_is_refused_in_one_line(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CASS_PASSPHRASE", "short")
    code, out, err = run(
        capsys, "--data-dir", str(tmp_path), "setup", "--role", "head-office", "--name", "CASS"
    )
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and "at least 10 characters" in err
    assert list(tmp_path.iterdir()) == []


def test_a_locked_store_without_a_passphrase_is_one_plain_line(capsys, tmp_path):
    path = store_path(tmp_path)
    open_store(path, key=KEY).close()
    before = path.read_bytes()
    for argv in (
        ["keys", "list"],
        ["export", "--out", str(tmp_path)],
    ):
        code, out, err = run(capsys, "--data-dir", str(tmp_path), *argv)
        assert code == 1 and out == ""
        assert err.splitlines() == [f"cass-desktop: {locked_message(path)}"]
        assert "locked with a passphrase: give it with --passphrase-file or CASS_PASSPHRASE." in err
    # Demo data never goes in a locked (real) store: refused without asking for the passphrase.
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "demo-data", "--clients", "1")
    assert code == 1 and out == "" and len(err.splitlines()) == 1
    assert "locked with a passphrase, or is not a CASS Desktop store" in err
    assert path.read_bytes() == before


def test_a_wrong_passphrase_is_one_line_and_changes_nothing(capsys, tmp_path, monkeypatch):
    path = store_path(tmp_path)
    open_store(path, key=KEY).close()
    before = path.read_bytes()
    monkeypatch.setenv("CASS_PASSPHRASE", "not the right one")
    code, out, err = run(capsys, "--data-dir", str(tmp_path), "keys", "list")
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and "passphrase is wrong" in err
    assert path.read_bytes() == before


def test_an_empty_passphrase_file_is_refused(capsys, tmp_path):
    secret = tmp_path / "empty.txt"
    secret.write_text("\n", encoding="utf-8")
    code, _out, err = run(
        capsys, "--data-dir", str(tmp_path), "--passphrase-file", str(secret), "keys", "list"
    )
    assert code == 1
    assert err.splitlines() == [f"cass-desktop: The first line of {secret} is empty."]
    assert not store_path(tmp_path).exists()


def test_selftest_unlocks_with_cass_passphrase_and_says_one_line_without(tmp_path):
    """A subprocess: selftest makes its own QApplication."""
    path = store_path(tmp_path)
    open_store(path, key=KEY).close()
    env = {k: v for k, v in os.environ.items() if k != "CASS_PASSPHRASE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    argv = [sys.executable, "-m", "cass_desktop", "--data-dir", str(tmp_path), "selftest"]
    refused = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.splitlines() == [f"cass-desktop: {locked_message(path)}"]
    env["CASS_PASSPHRASE"] = KEY
    passed = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    assert passed.returncode == 0, passed.stderr
    assert "the main window was built" in passed.stdout


# --- how strong a passphrase must be -----------------------------------------------------------


@pytest.mark.parametrize(
    ("weak", "why"),
    [
        ("aaaaaaaaaa", "repeated letters like “aaa” are easy to guess"),
        ("password123", "a very common password"),
        ("abcdefghij", "sequences like “abc”"),
        ("qwertyuiop", "one of the most common passwords"),
        ("14/03/1991x", "dates are easy to guess"),
    ],
)
def test_a_passphrase_that_is_easy_to_guess_is_refused_saying_why(weak, why):
    problem = new_passphrase_problem(weak, weak)
    assert problem is not None and problem.startswith("This passphrase is too easy to guess")
    assert why in problem
    assert "Add another word or two" in problem
    assert len(problem.split(". ")) <= 2 and "zxcvbn" not in problem
    with pytest.raises(PassphraseError, match="too easy to guess"):
        check_new_passphrase(weak)


def test_names_typed_on_the_same_screen_count_as_easy_to_guess():
    assert new_passphrase_problem("Jo Pengelly 1", "Jo Pengelly 1") is None
    assert "too easy to guess" in new_passphrase_problem(
        "Jo Pengelly 1", "Jo Pengelly 1", words=["Jo Pengelly"]
    )
    for good in (KEY, "slate quay morning tide", "a brand new passphrase"):
        assert new_passphrase_problem(good, good) is None


def test_setup_refuses_aaaaaaaaaa_in_one_line(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("CASS_PASSPHRASE", "aaaaaaaaaa")
    code, out, err = run(
        capsys, "--data-dir", str(tmp_path), "setup", "--role", "head-office", "--name", "CASS"
    )
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and "too easy to guess" in err and "“aaa”" in err
    assert list(tmp_path.iterdir()) == []


# --- no passphrase given: refused, or asked for at a terminal ---------------------------------


def test_setup_without_a_passphrase_and_no_terminal_is_refused(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    code, out, err = run(
        capsys, "--data-dir", str(tmp_path), "setup", "--role", "head-office", "--name", "CASS"
    )
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "cass-desktop: setup needs a passphrase to lock the store with: give it with "
        "--passphrase-file or CASS_PASSPHRASE, or run it in a terminal to be asked for one."
    ]
    assert list(tmp_path.iterdir()) == []


class Terminal:
    """A person at a terminal: getpass answers in turn, and what each prompt said."""

    def __init__(self, monkeypatch, *answers: str):
        self.answers = list(answers)
        self.prompts: list[str] = []
        monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
        monkeypatch.setattr("cass_desktop.cli.store.getpass.getpass", self.getpass)

    def getpass(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0)


def test_setup_at_a_terminal_asks_twice_hidden_and_says_why_one_is_weak(
    capsys, tmp_path, monkeypatch
):
    terminal = Terminal(monkeypatch, "aaaaaaaaaa", KEY, KEY + "x", KEY, KEY)
    code, out, err = run(
        capsys,
        "--data-dir", str(tmp_path),
        "setup", "--role", "device", "--site", "Bodmin Magistrates' Court",
        "--worker", "Jo Pengelly",
    )  # fmt: skip
    assert code == 0, err
    assert "Set up as a device" in out
    assert terminal.answers == []
    assert [p.split(" (")[0] for p in terminal.prompts] == [
        "New passphrase",
        "New passphrase",
        "The same passphrase again: ",
        "New passphrase",
        "The same passphrase again: ",
    ]
    assert "too easy to guess: repeated letters" in err
    assert "not the same" in err
    assert KEY not in out + err  # never shown
    db = open_store(store_path(tmp_path), key=KEY)
    assert is_set_up(db)
    db.close()


def test_a_locked_store_at_a_terminal_asks_for_its_passphrase_hidden(capsys, tmp_path, monkeypatch):
    open_store(store_path(tmp_path), key=KEY).close()
    terminal = Terminal(monkeypatch, KEY)
    code, _out, err = run(capsys, "--data-dir", str(tmp_path), "keys", "list")
    assert code == 0, err
    assert terminal.prompts == [
        f"Passphrase for {store_path(tmp_path)} (it is not shown as you type): "
    ]
    Terminal(monkeypatch, "not the passphrase at all")
    code, _out, err = run(capsys, "--data-dir", str(tmp_path), "keys", "list")
    assert code == 1 and "passphrase is wrong" in err


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_prompt_is_hidden_on_a_real_terminal(tmp_path):
    """The command driven through a pseudo-terminal, as a person at one would."""
    import pty
    import select

    open_store(store_path(tmp_path), key=KEY).close()
    env = {k: v for k, v in os.environ.items() if k != "CASS_PASSPHRASE"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, with the pseudo-terminal as its terminal
        os.execve(
            sys.executable,
            [sys.executable, "-m", "cass_desktop", "--data-dir", str(tmp_path), "keys", "list"],
            env,
        )
    seen = b""

    def read_until(wanted: bytes) -> None:
        nonlocal seen
        while wanted not in seen:
            ready, _, _ = select.select([fd], [], [], 60)
            assert ready, seen
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk

    read_until(b"not shown as you type")
    os.write(fd, KEY.encode() + b"\n")
    read_until(b"\x00never\x00")  # to the end
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, seen
    assert b"Passphrase for" in seen
    assert KEY.encode() not in seen  # not echoed
