"""The outbox: exports wait there until the destination folder takes them, checked by hash."""

from __future__ import annotations

import errno
import hashlib
import os

import pytest

from cass_desktop.data import changelog, clients, deliveries, local
from cass_desktop.sync import outbox
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plymouth(office):
    """Plymouth's store, its data folder, and one export waiting in its outbox."""
    db = office.device("plymouth")
    data_dir = office.root / "plymouth"
    clients.create(db, {"given_name": "Siân", "family_name": "Ní Bhriain"}, "PLY")
    bundle = export_device(db, outbox.outbox_dir(data_dir))
    return db, data_dir, bundle


def test_delivery_copies_checks_and_records(plymouth, tmp_path):
    db, data_dir, bundle = plymouth
    share = tmp_path / "share"
    share.mkdir()
    outbox.set_destination(db, share)
    assert [b.name for b in outbox.waiting_bundles(db, data_dir)] == [bundle.name]

    result = outbox.deliver(db, data_dir)

    assert result.problem is None
    assert result.delivered == [bundle.name] and result.waiting == []
    copy = share / bundle.name
    assert copy.read_bytes() == bundle.read_bytes()
    assert [p.name for p in share.iterdir()] == [bundle.name]  # no temporary file left
    record = deliveries.get(db, bundle.name)
    assert record["sha256"] == _sha(bundle) and record["destination"] == str(share)
    assert bundle.exists()  # kept in the outbox until head office confirms it holds it
    state = outbox.state(db, data_dir)
    assert state.waiting == 0 and state.last_delivered_at == record["delivered_at"]


def test_delivering_again_changes_nothing(plymouth, tmp_path):
    db, data_dir, bundle = plymouth
    share = tmp_path / "share"
    share.mkdir()
    outbox.deliver(db, data_dir, share)
    # Head office took the file away after importing it: it is not sent a second time.
    (share / bundle.name).unlink()
    again = outbox.deliver(db, data_dir, share)
    assert again.delivered == [] and again.waiting == [] and again.problem is None
    assert list(share.iterdir()) == []


def test_a_copy_already_there_with_the_same_hash_counts_as_delivered(plymouth, tmp_path):
    db, data_dir, bundle = plymouth
    share = tmp_path / "share"
    share.mkdir()
    (share / bundle.name).write_bytes(bundle.read_bytes())
    before = (share / bundle.name).stat().st_mtime_ns
    result = outbox.deliver(db, data_dir, share)
    assert result.delivered == [bundle.name]
    assert (share / bundle.name).stat().st_mtime_ns == before  # left alone, not copied again


def test_a_damaged_copy_at_the_destination_is_replaced(plymouth, tmp_path):
    db, data_dir, bundle = plymouth
    share = tmp_path / "share"
    share.mkdir()
    (share / bundle.name).write_bytes(bundle.read_bytes()[:100])  # a copy cut short
    result = outbox.deliver(db, data_dir, share)
    assert result.delivered == [bundle.name]
    assert _sha(share / bundle.name) == _sha(bundle)


def test_a_copy_that_does_not_match_is_removed_and_the_bundle_waits(
    plymouth, tmp_path, monkeypatch
):
    db, data_dir, bundle = plymouth
    share = tmp_path / "share"
    share.mkdir()

    def garbled(src, dst):
        data = bytearray(src.read())
        data[len(data) // 2] ^= 0xFF
        dst.write(bytes(data))

    monkeypatch.setattr(outbox, "_copy", garbled)
    result = outbox.deliver(db, data_dir, share)
    assert result.delivered == [] and result.waiting == [bundle.name]
    assert "did not match" in result.problem
    assert list(share.iterdir()) == []
    assert deliveries.get(db, bundle.name) is None

    monkeypatch.undo()
    assert outbox.deliver(db, data_dir, share).delivered == [bundle.name]


def test_a_missing_destination_leaves_the_bundle_waiting(plymouth, tmp_path):
    db, data_dir, bundle = plymouth
    gone = tmp_path / "not-mounted" / "cass"
    outbox.set_destination(db, gone)
    result = outbox.deliver(db, data_dir)
    assert result.delivered == [] and result.waiting == [bundle.name]
    assert "cannot be reached" in result.problem and str(gone) in result.problem
    assert not gone.exists()  # never made: it may be a share that is not connected
    state = outbox.state(db, data_dir)
    assert state.waiting == 1 and state.last_problem == result.problem


def test_a_file_in_place_of_the_folder_says_so(plymouth, tmp_path):
    db, data_dir, _bundle = plymouth
    not_a_folder = tmp_path / "share.txt"
    not_a_folder.write_text("x")
    result = outbox.deliver(db, data_dir, not_a_folder)
    assert "is a file, not a folder" in result.problem


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EROFS, "not allowed to write"),
        (errno.EACCES, "not allowed to write"),
        (errno.ENOSPC, "is full"),
    ],
)
def test_an_unwritable_or_full_destination_leaves_the_bundle_waiting(
    plymouth, tmp_path, monkeypatch, code, words
):
    db, data_dir, bundle = plymouth
    share = tmp_path / "share"
    share.mkdir()

    def fails(src, dst):
        dst.write(src.read(10))
        raise OSError(code, os.strerror(code))

    # Tests run as root, which ignores folder permissions: the failure is made at the copy.
    monkeypatch.setattr(outbox, "_copy", fails)
    result = outbox.deliver(db, data_dir, share)
    assert words in result.problem and "stays in the outbox" in result.problem
    assert result.waiting == [bundle.name]
    assert list(share.iterdir()) == []  # the partial copy is removed
    assert deliveries.get(db, bundle.name) is None


def test_check_now_tries_writing_to_the_folder(plymouth, tmp_path, monkeypatch):
    db, data_dir, bundle = plymouth
    share = tmp_path / "share"
    share.mkdir()
    outbox.set_destination(db, share)
    real_open = open

    def read_only(path, mode="r", *args, **kwargs):
        if "w" in mode and str(path).startswith(str(share)):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", read_only)
    result = outbox.check_now(db, data_dir)
    assert "not allowed to write" in result.problem and result.waiting == [bundle.name]
    monkeypatch.undo()
    result = outbox.check_now(db, data_dir)
    assert result.problem is None and result.delivered == [bundle.name]
    assert [p.name for p in share.iterdir()] == [bundle.name]


def test_no_destination_says_what_to_do(plymouth):
    db, data_dir, bundle = plymouth
    result = outbox.deliver(db, data_dir)
    assert "No destination folder" in result.problem and result.waiting == [bundle.name]


def test_bundles_head_office_holds_are_tidied_after_delivery(office, plymouth, tmp_path):
    db, data_dir, bundle = plymouth
    share = tmp_path / "share"
    share.mkdir()
    outbox.deliver(db, data_dir, share)
    ho = office.head_office
    assert import_file(ho, share / bundle.name).refused is None
    update = export_update(ho, changelog.device_id(db), office.outbox)
    assert import_file(db, update).refused is None
    assert outbox.tidy(db, data_dir) == [bundle.name]
    assert not bundle.exists()
    state = outbox.state(db, data_dir)
    assert state.acked_seq == outbox.bundle_range(bundle.name)[1]
    assert state.acked_up_to is not None and state.unexported == 0
    assert state.head_office == "Devon and Cornwall CASS"


def test_an_undelivered_bundle_is_never_tidied(office, plymouth):
    db, data_dir, bundle = plymouth
    local.put(db, "acked_seq", 10_000)
    assert outbox.tidy(db, data_dir) == []
    assert bundle.exists()


def test_bundle_range_reads_the_name():
    assert outbox.bundle_range("cass-plymouth-1a2b3c4d-101-612-20261127-171502.cassbundle") == (
        101,
        612,
    )
    assert outbox.bundle_range("cass-update-plymouth-1a2b3c4d-20261127-171502.cassbundle") is None
