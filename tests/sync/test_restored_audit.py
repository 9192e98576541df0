"""A restored laptop's audit log is brought back into step with head office's (sync/restore.py,
audit/section.py `take_back`): the entries the lost laptop made after the copy come back from
head office, those made on the restored laptop since move to follow them after an entry
recording the restore, and head office shows the laptop's chain whole with the restore marked.
Real tampering still shows: a gap, an edited entry, or a fork no signed ask came before.

Real stores, restored from real backups through the app's own restore path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cass_desktop import audit
from cass_desktop.audit import chain
from cass_desktop.cli import main
from cass_desktop.data import audit as audit_data
from cass_desktop.data import changelog, clients, local
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import dump, unpack, with_audit
from tests.helpers.restored import back_up, bring_back, restore, sync, take, update


def _log(db, device: str) -> list[dict]:
    return list(audit_data.entries(db, device))


def _restored_with_a_lost_day(office, tmp_path):
    """Plymouth syncs, is backed up, works a day head office receives (changes and audit
    entries), and is restored from the backup; then works on."""
    ply = office.device("plymouth")
    me = changelog.device_id(ply)
    person = clients.create(ply, {"given_name": "Siân", "site_id": local.get(ply, "site_id")})
    sync(office, ply)
    backup = back_up(ply, office.root / "plymouth", tmp_path / "plymouth.cassbackup")
    audit.viewed(ply, person)
    clients.update(ply, person, {"phone": "07700 900001"})
    sync(office, ply)
    lost = _log(office.head_office, me)
    laptop = restore(office, "plymouth", backup, tmp_path / "work")
    copy_top = audit_data.last(laptop, me)[0] - 1  # the copy's, then the restore's own entry
    assert lost[copy_top] != audit_data.held(laptop, me, copy_top + 1)
    audit.viewed(laptop, person)
    clients.update(laptop, person, {"given_name": "Siani"})
    since = [e for e in _log(laptop, me) if e["seq"] > copy_top]
    return laptop, person, copy_top, lost, since


def test_the_restored_laptops_audit_log_is_whole_at_head_office_with_the_restore_marked(
    office, tmp_path, capsys, cass_passphrase
):
    ho = office.head_office
    laptop, _person, copy_top, lost, since = _restored_with_a_lost_day(office, tmp_path)
    me = changelog.device_id(laptop)
    # The restore, the view and the edit made since the copy (the restore entry first).
    assert [e["action"] for e in since] == ["restore", "view", "edit"]
    back = bring_back(office, laptop)
    assert back.warning is None
    # On the laptop: the lost laptop's entries as head office holds them, then the entry
    # recording the move, then those made here since, each kept but for its number.
    log = _log(laptop, me)
    assert chain.verify(laptop) == []
    # The log is append-only again: no entry can be removed or changed.
    for sql in ("DELETE FROM audit_log WHERE seq = 1", "UPDATE audit_log SET detail = ''"):
        with pytest.raises(Exception, match="append-only"):
            laptop.execute(sql)
    assert log[: len(lost)] == lost
    marker = log[len(lost)]
    assert marker["action"] == "restore" and marker["seq"] == lost[-1]["seq"] + 1
    assert f"ends at entry {copy_top}" in marker["detail"]
    assert "made here since the copy follow this one" in marker["detail"]
    keep = ("at", "worker_id", "action", "kind", "record_id", "client_id", "detail")
    moved = log[len(lost) + 1 : len(lost) + 1 + len(since)]
    assert [[e[k] for k in keep] for e in moved] == [[e[k] for k in keep] for e in since]
    assert [e["seq"] for e in moved] == [marker["seq"] + n for n in range(1, len(since) + 1)]
    # Its next export carries them; head office takes the section: whole, nothing broken.
    sync(office, laptop)
    assert audit_data.breaks(ho) == []
    assert chain.verify(ho) == []
    held = _log(ho, me)
    assert held[: len(lost)] == lost  # nothing head office held changed
    assert held == [e for e in _log(laptop, me) if e["seq"] <= held[-1]["seq"]]
    assert [e["action"] for e in held[len(lost) : len(lost) + 1]] == ["restore"]
    # `check` at head office says the log is whole and where the restore is marked.
    folder = Path(ho.conn.execute("PRAGMA database_list").fetchone()[2]).parent
    assert main(["--data-dir", str(folder), "check"]) == 0
    said = capsys.readouterr().out
    assert "the audit log is whole" in said
    assert "restores from a copy marked in it: Plymouth's laptop (Alex Carter) at entry " in said
    # And it goes on as any laptop's log.
    clients.update(laptop, _person, {"phone": "07700 900777"})
    sync(office, laptop)
    assert audit_data.breaks(ho) == [] and chain.verify(ho) == []
    assert _log(ho, me)[-1]["hash"] in {e["hash"] for e in _log(laptop, me)}


def test_restored_from_a_backup_made_just_before_its_last_export(office, tmp_path):
    """The end of a day: the worker backs up, then exports the day's work; the laptop is lost.
    The copy holds every change head office holds, so no change differs; the audit entries
    written after the copy (the backup's own, the export's) do, and they tell the laptop it
    was restored."""
    ho, ply = office.head_office, office.device("plymouth")
    me = changelog.device_id(ply)
    person = clients.create(ply, {"given_name": "Siân", "site_id": local.get(ply, "site_id")})
    sync(office, ply)
    audit.viewed(ply, person)
    clients.update(ply, person, {"phone": "07700 900001"})
    backup = back_up(ply, office.root / "plymouth", tmp_path / "evening.cassbackup")
    sync(office, ply)
    audit.viewed(ply, person)
    clients.update(ply, person, {"family_name": "Evans"})
    sync(office, ply)  # the entries after the backup, at head office
    laptop = restore(office, "plymouth", backup, tmp_path / "work")
    audit.viewed(laptop, person)
    back = bring_back(office, laptop)
    assert "back in step" in back.note
    sync(office, laptop)
    assert audit_data.breaks(ho) == []
    assert chain.verify(ho) == [] and chain.verify(laptop) == []
    held = _log(ho, me)
    assert held == _log(laptop, me)[: len(held)]
    assert clients.get(laptop, person)["family_name"] == "Evans"


def test_restored_when_no_change_differs_only_the_audit_log_moves(office, tmp_path):
    ho, ply = office.head_office, office.device("plymouth")
    person = clients.create(ply, {"given_name": "Ola", "site_id": local.get(ply, "site_id")})
    clients.update(ply, person, {"phone": "07700 900001"})
    backup = back_up(ply, office.root / "plymouth", tmp_path / "evening.cassbackup")
    sync(office, ply)  # the day's work, all in the copy, and the backup's entry after it
    laptop = restore(office, "plymouth", backup, tmp_path / "work")
    audit.viewed(laptop, person)
    back = bring_back(office, laptop)
    assert back.note.endswith(
        "its audit log now follows the entries head office holds from before the restore."
    )
    clients.update(laptop, person, {"family_name": "Penrose"})
    sync(office, laptop)
    assert audit_data.breaks(ho) == [] and chain.verify(ho) == []
    assert clients.get(ho, person)["family_name"] == "Penrose"


def test_a_laptop_restored_twice_keeps_one_whole_audit_log(office, tmp_path):
    ho = office.head_office
    laptop, person, *_ = _restored_with_a_lost_day(office, tmp_path)
    bring_back(office, laptop)
    sync(office, laptop)
    second = back_up(laptop, office.root / "plymouth", tmp_path / "second.cassbackup")
    audit.viewed(laptop, person)
    clients.update(laptop, person, {"family_name": "Evans"})
    sync(office, laptop)
    laptop = restore(office, "plymouth", second, tmp_path / "work2")
    clients.update(laptop, person, {"family_name": "Evana"})
    bring_back(office, laptop)
    sync(office, laptop)
    me = changelog.device_id(laptop)
    assert audit_data.breaks(ho) == [] and chain.verify(ho) == [] and chain.verify(laptop) == []
    assert [e["action"] for e in _log(ho, me)].count("restore") == 4  # two restores, two moves


def test_an_update_imported_twice_moves_the_audit_log_once(office, tmp_path):
    laptop, *_ = _restored_with_a_lost_day(office, tmp_path)
    take(laptop, update(office, laptop))
    take(office.head_office, export_device(laptop, office.outbox))
    second = update(office, laptop)
    take(laptop, second)
    held = dump(laptop)
    again = take(laptop, second)
    assert again.merge.applied == 0 and dump(laptop) == held
    assert chain.verify(laptop) == []


# -- tampering still shows ----------------------------------------------------------------------


def _with_section(ctx_office, laptop, path, section: bytes, name: str):
    """The laptop's real export `path`, its audit section replaced, signed again by the
    laptop (a compromised laptop holds its own key)."""
    ho = ctx_office.head_office
    manifest, ops = unpack(path, ho)
    return with_audit(path.parent / f"{name}.cassbundle", manifest, ops, section, laptop, ho)


def _lines(entries: list[dict]) -> bytes:
    return b"".join(
        json.dumps(e, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for e in entries
    )


def _chained(entries: list[dict], seq: int, prev: str) -> list[dict]:
    out = []
    for entry in entries:
        seq += 1
        entry = {**entry, "seq": seq, "prev_hash": prev}
        entry["hash"] = prev = audit_data.entry_hash(entry)
        out.append(entry)
    return out


def _sent_and_refused(office, laptop, path, entries, name: str) -> str:
    """The export with `entries` as its section: the changes are taken, the section is not
    (listed under Devices in one sentence), and head office's log is as it was."""
    ho = office.head_office
    me = changelog.device_id(laptop)
    held = _log(ho, me)
    result = import_file(ho, _with_section(office, laptop, path, _lines(entries), name))
    assert result.refused is None
    assert _log(ho, me) == held
    sentence = audit_data.breaks(ho, me)[0]["sentence"]
    assert sentence.startswith(f"{name}.cassbundle: the audit log in it was not taken")
    assert sentence.endswith(".") and "\n" not in sentence
    return sentence


def test_after_a_restore_a_gap_an_edit_or_a_forged_fork_still_shows_as_broken(office, tmp_path):
    ho = office.head_office
    laptop, person, copy_top, lost, since = _restored_with_a_lost_day(office, tmp_path)
    me = changelog.device_id(laptop)
    bring_back(office, laptop)
    clients.update(laptop, person, {"phone": "07700 900555"})
    path = export_device(laptop, office.outbox)
    section = [e for e in _log(laptop, me) if e["seq"] > lost[-1]["seq"]]
    # An entry edited after it was written (its hash no longer matches).
    edited = [dict(e) for e in section]
    edited[1]["detail"] = "nothing to see"
    assert "fingerprint" in _sent_and_refused(office, laptop, path, edited, "edited")
    # A fork no signed ask came before: the entries made since the copy, chained on from the
    # copy's last entry, under numbers head office holds from the lost laptop.
    copy_hash = lost[copy_top - 1]["hash"]
    forked = _chained(since, copy_top, copy_hash)
    assert "rewritten" in _sent_and_refused(office, laptop, path, forked, "forked")
    # The lost laptop's own entries told differently, to hide what it did.
    hidden = [dict(e) for e in lost[copy_top:]]
    hidden[0]["detail"] = "edit"
    hidden = _chained(hidden, copy_top, copy_hash)
    assert "rewritten" in _sent_and_refused(office, laptop, path, hidden, "hidden")
    # Head office's log of the laptop is as it was, and whole.
    assert chain.verify(ho) == []
    assert _log(ho, me) == lost
    # A gap (the entry recording the restore left out) is kept to be checked when the entry
    # before it comes, as any section ahead of its turn, and the check shows it missing.
    result = import_file(ho, _with_section(office, laptop, path, _lines(section[1:]), "gap"))
    assert result.refused is None
    broken = chain.verify(ho)
    assert [(b.device_id, b.seq) for b in broken] == [(me, lost[-1]["seq"] + 1)]
    assert "is missing" in broken[0].what
