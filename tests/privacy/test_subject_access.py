"""The subject access pack: every kind of record held about a person, in a PDF and JSON,
written privately only where asked, recorded in the audit log; the retention review."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from cass_desktop import audit
from cass_desktop.cli import main
from cass_desktop.data import audit as audit_data
from cass_desktop.data import changelog
from cass_desktop.privacy import retention
from cass_desktop.privacy.subject_access import (
    PACK_KINDS,
    SubjectAccessError,
    gather,
    write_pack,
)
from cass_desktop.records.schema import SYNCED
from cass_desktop.sync import settings_section
from tests.helpers.pdf import pdf_text
from tests.helpers.people import add_person

# Every kind of record about a person, from records/schema.py: the person's own record, and
# every table with a field linking to them. A kind added there fails these tests until the
# pack holds it.
KINDS_ABOUT_A_PERSON = {"clients"} | {
    table
    for table, fields in SYNCED.items()
    if any(f.link == "clients" and name == "client_id" for name, f in fields.items())
}


def _person(db) -> str:
    return add_person(db, "Nia", "Quenby", opened_on="02/11/2026")


def _one_of_each(db, person: str) -> dict[str, str]:
    """One record of every kind about `person`, written through the change log."""
    made = {"clients": person}
    for kind in sorted(KINDS_ABOUT_A_PERSON - {"clients"}):
        made[kind] = changelog.save(db, kind, {"client_id": person})
    return made


def test_the_pack_holds_every_kind_of_record(device_db):
    db = device_db
    person = _person(db)
    made = _one_of_each(db, person)
    assert set(PACK_KINDS) == KINDS_ABOUT_A_PERSON
    pack = gather(db, person)
    for kind, record_id in made.items():
        assert record_id in {row["id"] for row in pack.records[kind]}, kind


def test_the_pack_is_written_privately_and_recorded(device_db, tmp_path):
    db = device_db
    person = _person(db)
    _one_of_each(db, person)
    audit.viewed(db, person)
    out = tmp_path / "for-nia"
    out.mkdir()
    folder = write_pack(db, person, out)
    pdf, data = folder / "subject-access.pdf", folder / "subject-access.json"
    for path in (pdf, data):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    held = json.loads(data.read_text())
    assert held["person_id"] == person
    assert set(held["records"]) == set(PACK_KINDS)
    assert held["records"]["clients"][0]["family_name"] == "Quenby"
    assert any(e["action"] == "view" for e in held["audit"])
    words = pdf_text(pdf, tmp_path)
    assert "Information held about you" in words and "Nia Quenby" in words
    for heading in PACK_KINDS.values():
        assert heading in words
    assert "Looked at the record" in words
    last = list(audit_data.entries(db, changelog.device_id(db)))[-1]
    assert (last["action"], last["client_id"]) == ("subject_access", person)


def test_an_unknown_person_or_folder_is_refused_in_words(device_db, tmp_path):
    db = device_db
    with pytest.raises(SubjectAccessError, match="No one is held"):
        write_pack(db, "0190f1a4-0000-7000-8000-000000000000", tmp_path)
    person = _person(db)
    with pytest.raises(SubjectAccessError, match="does not exist"):
        write_pack(db, person, tmp_path / "nowhere")


def test_the_command_writes_the_pack(device_db, tmp_path, capsys, cass_passphrase):
    db = device_db
    person = _person(db)
    folder = Path(db.conn.execute("PRAGMA database_list").fetchone()[2]).parent
    out = tmp_path / "out"
    out.mkdir()
    assert main(["--data-dir", str(folder), "subject-access", person, "--out", str(out)]) == 0
    assert "not encrypted" in capsys.readouterr().out
    [made] = list(out.iterdir())
    assert sorted(p.name for p in made.iterdir()) == ["subject-access.json", "subject-access.pdf"]


def test_retention_lists_people_six_years_after_the_last_work(device_db, capsys, cass_passphrase):
    db = device_db
    old = _person(db)
    changelog.save(
        db,
        "clients",
        {"status": "closed", "opened_on": "2018-06-01", "closed_on": "2019-03-01"},
        old,
    )
    recent = _person(db)
    changelog.save(
        db,
        "clients",
        {"status": "closed", "opened_on": "2023-06-01", "closed_on": "2024-03-01"},
        recent,
    )
    on = dt.date(2026, 12, 1)
    assert [d.client_id for d in retention.due(db, on)] == [old]
    [due] = retention.due(db, on)
    assert due.due_on == "2025-03-01" and due.last_activity == "2019-03-01"
    # A contact since keeps them: the clock runs from the last work.
    changelog.save(db, "contacts", {"client_id": old, "at": "2021-05-01T10:00"})
    assert retention.due(db, on) == []
    # Head office's setting arriving in an update (tests/sync/test_settings_section.py).
    assert settings_section.take(db, b'{"retention_years":2,"revision":1}')
    assert [d.client_id for d in retention.due(db, on)] == [old, recent]
    with pytest.raises(retention.RetentionError):
        retention.set_years(db, 0)

    folder = Path(db.conn.execute("PRAGMA database_list").fetchone()[2]).parent
    assert main(["--data-dir", str(folder), "retention", "--due", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["years"] == 2 and {d["id"] for d in shown["due"]} == {old, recent}


def test_at_head_office_the_pack_covers_every_site_and_laptop(office):
    from cass_desktop.sync.exporter import export_device
    from cass_desktop.sync.importer import import_file

    ho, ply = office.head_office, office.device("plymouth")
    person = _person(ply)
    audit.viewed(ply, person)
    changelog.save(ply, "contacts", {"client_id": person, "summary": "Seen at Plymouth"})
    assert import_file(ho, export_device(ply, office.outbox)).refused is None
    audit.viewed(ho, person)  # and looked at at head office
    pack = gather(ho, person)
    assert [row["summary"] for row in pack.records["contacts"]] == ["Seen at Plymouth"]
    devices = {e["device_id"] for e in pack.audit if e["action"] == "view"}
    assert devices == {changelog.device_id(ply), changelog.device_id(ho)}
