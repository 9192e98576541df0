"""Nothing personal on disk in the clear: after a real export, delivery and import, no file in
the data folders, the outbox, the destination or the system temporary folder holds a person's
name; folders are 0700 and files 0600; symlinks planted where files are written are never
followed; a plain store from an earlier version must be locked before it holds keys."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from cass_desktop.app import durable
from cass_desktop.cli import main
from cass_desktop.data import clients, contacts, local, open_store, store_path
from cass_desktop.data.keyfile import key_path
from cass_desktop.sites.setup import SetupError, set_up_device, set_up_head_office
from cass_desktop.sync import identity, outbox
from cass_desktop.sync.bundle_writer import write_bundle
from cass_desktop.sync.exporter import ExportError, export_device
from cass_desktop.sync.importer import import_file
from cass_desktop.sync.keys import CardError, Keys
from tests.helpers.stores import new_store, plain_copy

# Made-up people, with details a search of raw bytes would find if they were in the clear.
PEOPLE = [
    {"given_name": "Siân", "family_name": "Ní Bhriain", "phone": "07700 900123"},
    {"given_name": "Demelza", "family_name": "Tregarthen", "phone": "07700 900456"},
]
NOTE = "Sleeping in her car near Sutton Harbour since the tenancy ended"


def _needles() -> list[bytes]:
    words = [NOTE, "Sutton Harbour"]
    for person in PEOPLE:
        words += [person["given_name"], person["family_name"], person["phone"]]
    found = []
    for word in words:
        for encoding in ("utf-8", "utf-16-le"):
            found.append(word.encode(encoding))
    found += [b"Bhriain", b"Tregarthen", b"900123"]
    return found


def _files(*folders: Path) -> list[Path]:
    return [Path(root) / name for f in folders for root, _, names in os.walk(f) for name in names]


def _in_the_clear(*folders: Path) -> list[tuple[str, bytes]]:
    hits = []
    for path in _files(*folders):
        if path.is_symlink():
            continue
        raw = path.read_bytes()
        hits += [(str(path), needle) for needle in _needles() if needle in raw]
    return hits


@pytest.fixture
def system_temp(tmp_path, monkeypatch) -> Path:
    """The system temporary folder, for this test alone (so every file in it is ours)."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert Path(tempfile.gettempdir()) == folder
    return folder


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_real_export_delivery_and_import_leave_nothing_in_the_clear(office, system_temp):
    ho, ply = office.head_office, office.device("plymouth")
    ply_dir, ho_dir = office.root / "plymouth", office.root / "head-office"
    site = local.get(ply, "site_id")
    for person in PEOPLE:
        client_id = clients.create(ply, {**person, "site_id": site}, "PLY")
    contacts.create(ply, {"client_id": client_id, "summary": NOTE, "kind": "drop_in"})

    waiting = outbox.outbox_dir(ply_dir)
    bundle = export_device(ply, waiting)
    destination = office.root / "shared-folder"
    destination.mkdir()
    result = outbox.deliver(ply, ply_dir, destination)
    assert result.delivered == [bundle.name]
    imported = import_file(ho, destination / bundle.name)
    assert imported.refused is None and imported.merge.applied > 0
    assert [c["family_name"] for c in clients.search(ho, "tregarthen")] == ["Tregarthen"]

    # Both stores are still open: their write-ahead logs and indexes are searched too.
    assert Path(str(store_path(ply_dir)) + "-wal").exists()
    folders = [ply_dir, ho_dir, waiting, destination, system_temp]
    assert _files(ply_dir, ho_dir, waiting, destination)
    assert _in_the_clear(*folders) == []
    assert list(system_temp.iterdir()) == []  # nothing was even put there

    # Private: folders 0700, every file 0600.
    for folder in (ply_dir, ho_dir, waiting):
        assert _mode(folder) == 0o700, folder
    for path in _files(ply_dir, ho_dir, waiting):
        assert _mode(path) == 0o600, path
    assert {p.name for p in ply_dir.iterdir()} >= {"cass.db", "cass.db-wal", "cass.key"}


def test_looser_modes_left_by_an_earlier_version_are_tightened_when_opened(tmp_path):
    db = new_store(store_path(tmp_path))
    clients.create(db, {"given_name": "Jo", "family_name": "Pascoe"}, "PLY")
    db.close()
    tmp_path.chmod(0o755)
    for path in (store_path(tmp_path), key_path(store_path(tmp_path))):
        path.chmod(0o644)
    copy = tmp_path / "cass.db.before-m002_x-20250101-090000.bak"
    copy.write_bytes(store_path(tmp_path).read_bytes())
    copy.chmod(0o644)
    reopened = open_store(store_path(tmp_path), key=db.store_key, create=False)
    assert _mode(tmp_path) == 0o700
    for path in tmp_path.iterdir():
        assert _mode(path) == 0o600, path
    reopened.close()


def test_a_symlink_where_a_bundle_is_written_is_not_followed(device_db, tmp_path, monkeypatch):
    victim = tmp_path / "victim.txt"
    victim.write_text("not to be overwritten", encoding="utf-8")
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "cass-test.cassbundle"
    # At the name, at the temporary name earlier versions used, and at the next name
    # mkstemp will try: none is written through.
    target.symlink_to(victim)
    (out / f".{target.name}.part").symlink_to(victim)
    planted = out / f".{target.name}.planted.part"
    planted.symlink_to(victim)
    names = iter(["planted", "fresh123"])
    monkeypatch.setattr(tempfile, "_get_candidate_names", lambda: names)
    keys = Keys.generate()
    write_bundle(target, {"kind": "device-export"}, ['{"a":1}'], keys, keys.recipient())
    assert victim.read_text(encoding="utf-8") == "not to be overwritten"
    assert not target.is_symlink() and target.read_bytes().startswith(b"age-encryption.org")
    assert _mode(target) == 0o600
    assert planted.is_symlink()  # left as it was, not opened
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [target.name, f".{target.name}.part", planted.name]
    )


def test_the_age_identity_is_written_privately_and_not_through_a_symlink(
    office, tmp_path, capsys, cass_passphrase
):
    office.head_office.close()
    victim = tmp_path / "victim.txt"
    victim.write_text("not to be overwritten", encoding="utf-8")
    out = tmp_path / "head-office.key"
    out.symlink_to(victim)
    code = main(
        ["--data-dir", str(office.root / "head-office"), "keys", "age-identity", "--out", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "not to be overwritten"
    assert not out.is_symlink() and "AGE-SECRET-KEY-" in out.read_text(encoding="ascii")
    assert _mode(out) == 0o600

    # An existing file readable by others is replaced by a private one.
    out.unlink()
    out.write_text("old", encoding="utf-8")
    out.chmod(0o644)
    assert main(["--data-dir", str(office.root / "head-office"), "keys", "age-identity",
                 "--out", str(out)]) == 0  # fmt: skip
    assert _mode(out) == 0o600 and "AGE-SECRET-KEY-" in out.read_text(encoding="ascii")


def test_durable_writes_are_all_or_nothing(tmp_path):
    target = tmp_path / "file.txt"
    durable.write_atomically(target, b"first")

    def half(out) -> None:
        out.write(b"half of it")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        durable.write_atomically(target, half)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]
    folder = durable.private_dir(tmp_path / "a" / "b")
    assert _mode(folder) == 0o700


def test_the_command_line_runs_with_a_private_umask(tmp_path, capsys, monkeypatch):
    seen = []
    monkeypatch.setattr("cass_desktop.cli._main", lambda argv: seen.append(os.umask(0o022)) or 0)
    before = os.umask(0o022)
    try:
        assert main(["--version"]) == 0
        assert seen == [0o077]
        assert os.umask(0o022) == 0o022  # put back afterwards (for the tests' own process)
    finally:
        os.umask(before)


# --- a plain store from an earlier version ---------------------------------------------------


@pytest.fixture
def earlier_plain(device_db, tmp_path):
    """A device store an earlier version set up without a passphrase, keys and all."""
    identity.ensure_keys(device_db)
    folder = tmp_path / "earlier"
    folder.mkdir()
    plain_copy(device_db, store_path(folder))
    db = open_store(store_path(folder))
    yield db, folder
    db.close()


def test_a_plain_store_cannot_hold_keys_export_or_write_a_card(earlier_plain, tmp_path):
    db, _folder = earlier_plain
    with pytest.raises(CardError, match="Protect with a passphrase"):
        identity.ensure_keys(db)
    with pytest.raises(CardError, match="not locked with a passphrase"):
        identity.my_card(db)
    with pytest.raises(ExportError, match="Settings ▸ Passphrase ▸ Protect with a passphrase"):
        export_device(db, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_command_line_says_how_to_lock_a_plain_store(earlier_plain, tmp_path, capsys):
    db, folder = earlier_plain
    db.close()
    out = tmp_path / "out"
    out.mkdir()
    for argv in (["export", "--out", str(out)], ["keys", "card", "--out", str(out / "x.card")]):
        assert main(["--data-dir", str(folder), *argv]) == 1
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and "not locked with a passphrase" in err, err
    assert list(out.iterdir()) == []


def test_set_up_refuses_a_plain_store_but_not_the_demo(tmp_path):
    db = open_store(store_path(tmp_path))
    with pytest.raises(SetupError, match="Choose a passphrase first"):
        set_up_device(db, "Plymouth Magistrates' Court", "Alex Carter")
    with pytest.raises(SetupError, match="Choose a passphrase first"):
        set_up_head_office(db, "Devon and Cornwall CASS")
    assert local.get(db, "role") is None
    local.mark_demo(db)  # the demo store, made-up people only, stays plain
    set_up_device(db, "Plymouth Magistrates' Court", "Sam Okafor")
    assert identity.ensure_keys(db)
    db.close()


def test_an_outbox_left_readable_by_others_is_tightened_at_the_next_delivery(device_db, tmp_path):
    folder = outbox.outbox_dir(tmp_path)
    folder.mkdir()
    folder.chmod(0o755)
    old = folder / "cass-plymouth-0123abcd-1-2-20260101-090000.cassbundle"
    old.write_bytes(b"age-encryption.org/v1\n...")
    old.chmod(0o644)
    outbox.deliver(device_db, tmp_path)  # no destination set: it only looks
    assert _mode(folder) == 0o700 and _mode(old) == 0o600
