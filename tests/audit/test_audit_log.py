"""The audit log: edits recorded with their change, append-only in SQL, the chain checked
(and a break found and named), and the log carried to head office and checked there."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pyrage
import pytest

from cass_desktop import audit
from cass_desktop.audit import chain, section
from cass_desktop.audit.history import for_person
from cass_desktop.cli import main
from cass_desktop.data import audit as audit_data
from cass_desktop.data import changelog, clients, contacts, hearings, local, needs
from cass_desktop.people.saving import save_client
from cass_desktop.sync.bundle import AUDIT, MANIFEST, OPS, canonical
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import craft, keys_of, member_entry
from tests.helpers.people import add_person


def _person(db, given: str = "Ann", family: str = "Ashby") -> str:
    return add_person(db, given, family, opened_on="02/11/2026")


def _form(given: str = "Ann", family: str = "Ashby", **more: str) -> dict:
    return {"given_name": given, "family_name": family, "opened_on": "02/11/2026", **more}


def _entries(db) -> list[dict]:
    return list(audit_data.entries(db, changelog.device_id(db)))


def test_an_edit_is_recorded_with_the_change_under_the_current_worker(device_db):
    db = device_db
    person = _person(db)
    save_client(db, _form(phone="07700 900123"), person)
    save_client(db, _form(phone="07700 900123"), person)
    contact = contacts.create(db, {"client_id": person, "kind": "court", "summary": "Seen"})
    entries = _entries(db)
    assert [(e["action"], e["kind"]) for e in entries] == [
        ("create", "clients"),
        ("edit", "clients"),  # the second save changed nothing, so nothing is recorded
        ("create", "contacts"),
    ]
    assert entries[1]["detail"] == "phone"  # the field, never its value
    assert entries[2]["record_id"] == contact and entries[2]["client_id"] == person
    assert {e["worker_id"] for e in entries} == {local.get(db, "worker_id")}
    assert "07700" not in json.dumps(entries) and "Seen" not in json.dumps(entries)
    assert entries[0]["prev_hash"] == audit_data.GENESIS
    assert entries[1]["prev_hash"] == entries[0]["hash"]


def test_an_edit_that_fails_leaves_no_entry(device_db):
    db = device_db
    person = _person(db)
    before = len(_entries(db))
    with pytest.raises(RuntimeError), db.atomic():
        needs.create(db, {"client_id": person, "domain": "housing"})
        raise RuntimeError("power lost")
    assert len(_entries(db)) == before
    assert needs.for_client(db, person) == []


def test_the_log_refuses_update_and_delete_in_sql(device_db):
    db = device_db
    _person(db)
    for sql in ("UPDATE audit_log SET detail = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"):
            db.execute(sql)


def _tamper(db, sql: str, params=()) -> None:
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")
    db.execute(sql, params)


def test_a_broken_chain_is_found_and_named(device_db, tmp_path, capsys, cass_passphrase):
    db = device_db
    person = _person(db)
    for n in range(4):
        hearings.create(db, {"client_id": person, "starts_at": f"2026-12-0{n + 1}T10:00"})
    audit.viewed(db, person)
    assert chain.verify(db) == []
    _tamper(db, "UPDATE audit_log SET worker_id = NULL WHERE seq = 3")
    [broken] = chain.verify(db)
    assert broken.seq == 3 and "changed after it was written" in broken.what

    folder = Path(db.conn.execute("PRAGMA database_list").fetchone()[2]).parent
    assert main(["--data-dir", str(folder), "check"]) == 1
    said = capsys.readouterr().err
    assert "breaks at entry 3" in said and "changed after it was written" in said
    assert len(said.strip().splitlines()) == 1


def test_a_removed_or_rehashed_entry_is_found(device_db):
    db = device_db
    person = _person(db)
    for _ in range(3):
        audit.viewed(db, person)
    _tamper(db, "DELETE FROM audit_log WHERE seq = 2")
    [broken] = chain.verify(db)
    assert broken.seq == 2 and "missing" in broken.what


def test_a_rewritten_entry_with_a_new_hash_breaks_the_next(device_db):
    db = device_db
    person = _person(db)
    for _ in range(3):
        audit.viewed(db, person)
    row = dict(_entries(db)[1])
    row["worker_id"] = None
    _tamper(
        db,
        "UPDATE audit_log SET worker_id = NULL, hash = ? WHERE seq = 2",
        [audit_data.entry_hash(row)],
    )
    [broken] = chain.verify(db)
    assert broken.seq == 3 and "does not follow entry 2" in broken.what


def test_check_says_the_log_is_whole(device_db, capsys, cass_passphrase):
    db = device_db
    _person(db)
    folder = Path(db.conn.execute("PRAGMA database_list").fetchone()[2]).parent
    assert main(["--data-dir", str(folder), "check"]) == 0
    assert "the audit log is whole (1 entries)" in capsys.readouterr().out


def test_the_chain_is_verified_across_an_export_to_head_office(office, cass_passphrase, capsys):
    ho, ply = office.head_office, office.device("plymouth")
    person = _person(ply)
    audit.viewed(ply, person)
    contacts.create(ply, {"client_id": person, "kind": "court", "summary": "Seen at court"})
    result = import_file(ho, export_device(ply, office.outbox))
    assert result.refused is None
    me = changelog.device_id(ply)
    held = list(audit_data.entries(ho, me))
    assert [e["hash"] for e in held] == [e["hash"] for e in _entries(ply)][: len(held)]
    assert len(held) == 3 and chain.verify(ho) == []
    # Head office answers who looked at this person's record, and when.
    lines = for_person(ho, person)
    assert [line.action for line in lines].count("view") == 1
    assert {line.worker for line in lines} == {"Alex Carter"}

    # The next export carries only what head office may not hold, and still chains on.
    audit.viewed(ply, person)
    needs.create(ply, {"client_id": person, "domain": "housing"})
    assert import_file(ho, export_device(ply, office.outbox)).refused is None
    assert chain.verify(ho) == [] and audit_data.breaks(ho) == []
    assert len(list(audit_data.entries(ho, me))) >= 6

    folder = Path(ho.conn.execute("PRAGMA database_list").fetchone()[2]).parent
    assert main(["--data-dir", str(folder), "audit", "--person", person, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [e["what"] for e in shown["entries"]].count("Looked at the record") == 2
    assert {e["laptop"] for e in shown["entries"]} >= {"Plymouth's laptop (Alex Carter)"}


def _forged(office, ply, rewrite) -> Path:
    """Plymouth's next export with its audit section rewritten by `rewrite`, re-signed with
    Plymouth's own key (a laptop lying about its log, or one whose log was altered)."""
    ho = office.head_office
    path = export_device(ply, office.outbox)
    plain = pyrage.decrypt(path.read_bytes(), [keys_of(ho).identity()])
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        ops, trail = zf.read(OPS), zf.read(AUDIT)
    rows = [json.loads(line) for line in trail.splitlines()]
    trail = ("\n".join(json.dumps(r) for r in rewrite(rows)) + "\n").encode()
    manifest["members"] = {OPS: member_entry(ops), AUDIT: member_entry(trail)}
    manifest["signature"] = keys_of(ply).sign(canonical(manifest))
    return craft(
        path,
        manifest,
        ops,
        signer=None,
        recipient=keys_of(ho).recipient(),
        fix_members=False,
        members=[(OPS, ops), (AUDIT, trail), (MANIFEST, json.dumps(manifest).encode())],
    )


def test_a_forged_chain_in_a_bundle_is_refused_and_listed(office):
    ho, ply = office.head_office, office.device("plymouth")
    person = _person(ply)
    assert import_file(ho, export_device(ply, office.outbox)).refused is None
    for _ in range(3):
        audit.viewed(ply, person)
    contacts.create(ply, {"client_id": person, "kind": "court", "summary": "Seen"})

    def drop_a_view(rows):  # hide one look at the record, re-hashing what follows
        kept = [r for r in rows if r["seq"] != rows[1]["seq"]]
        return kept

    result = import_file(ho, _forged(office, ply, drop_a_view))
    assert result.refused is None  # the day's work is still applied ...
    assert result.merge.applied > 0
    [noted] = audit_data.breaks(ho)  # ... but the log is not taken, and says why
    assert "the audit log in it was not taken" in noted["sentence"]
    assert "missing" in noted["sentence"]
    assert len(list(audit_data.entries(ho, changelog.device_id(ply)))) == 1
    assert chain.verify(ho) == []


def test_a_rewritten_history_is_refused_against_what_head_office_holds(office):
    ho, ply = office.head_office, office.device("plymouth")
    person = _person(ply)
    audit.viewed(ply, person)
    assert import_file(ho, export_device(ply, office.outbox)).refused is None
    contacts.create(ply, {"client_id": person, "kind": "court", "summary": "Seen"})
    me = changelog.device_id(ply)

    def rewrite_all(rows):  # a whole new chain from the start, every hash right
        prev, out = audit_data.GENESIS, []
        for seq, row in enumerate(rows, start=1):
            row = {**row, "seq": seq, "prev_hash": prev, "worker_id": None}
            row["hash"] = audit_data.entry_hash(row)
            prev = row["hash"]
            out.append(row)
        return out

    # Make the laptop send from the start, as a laptop that lost its records would.
    local.put(ply, "audit_sent", {})
    import_file(ho, _forged(office, ply, rewrite_all))
    [noted] = audit_data.breaks(ho)
    assert "differs from the copy head office already holds" in noted["sentence"]
    assert all(e["worker_id"] for e in audit_data.entries(ho, me))


@pytest.mark.parametrize(
    "bad",
    [
        lambda r: {**r, "action": "rm -rf"},
        lambda r: {**r, "detail": "x" * 501},
        lambda r: {**r, "detail": "bell\x07"},
        lambda r: {**r, "seq": -1},
        lambda r: {**r, "device_id": "0" * 16},
        lambda r: {**r, "extra": 1},
        lambda r: {**r, "client_id": "../../etc"},
    ],
)
def test_a_section_line_of_the_wrong_shape_is_refused(device_db, bad):
    db = device_db
    _person(db)
    me = changelog.device_id(db)
    [row] = _entries(db)
    data = (json.dumps(bad(row)) + "\n").encode()
    with pytest.raises(section.SectionRefused):
        section.check(db, me, data)


def test_the_history_reads_in_words(device_db):
    db = device_db
    person = _person(db)
    save_client(db, _form(postcode="PL1 1AA"), person)
    audit.viewed(db, person)
    whats = [line.what for line in for_person(db, person)]
    assert whats == ["Looked at the record", "Changed details (Postcode)", "Added details"]
    assert clients.get(db, person)["postcode"] == "PL1 1AA"


def test_a_section_arriving_before_an_earlier_one_chains_once_the_gap_is_filled(office):
    from cass_desktop.data import sync as sync_data

    ho, ply = office.head_office, office.device("plymouth")
    person = _person(ply)
    bundles = []
    for _ in range(3):
        audit.viewed(ply, person)
        contacts.create(ply, {"client_id": person, "kind": "court", "summary": "Seen"})
        bundles.append(export_device(ply, office.outbox))
        local.put(ply, "acked_seq", sync_data.last_own_seq(ply))  # as if acknowledged
    first, second, third = bundles
    for path in (first, third, second):
        assert import_file(ho, path).refused is None
    assert audit_data.breaks(ho) == []
    me = changelog.device_id(ply)
    assert chain.verify(ho) == []
    held = [e["seq"] for e in audit_data.entries(ho, me)]
    assert held == list(range(1, len(held) + 1)) and len(held) >= 9
