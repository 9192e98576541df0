"""The erasure's reason reaches head office: the laptop's ERASURE entry (who, when, which id,
the reason's words) travels in its export's audit section and is kept at head office, whose
"who looked at this person" (audit.history.for_person, `cass-desktop audit --person`) then
answers for the erased id with the erasure line, after the views and edits made before it,
and says nothing of what was erased. Real stores, real bundles."""

from __future__ import annotations

import json

from cass_desktop import audit
from cass_desktop.audit import chain
from cass_desktop.audit.history import for_person
from cass_desktop.cli import main
from cass_desktop.data import audit as audit_data
from cass_desktop.data import changelog, clients, hearings, local
from cass_desktop.privacy import erasure
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from tests.helpers.pages import store_file
from tests.helpers.people import add_person

SECRET = "Penhallow-Adeyemi"  # a family name nothing else in these stores holds


def _person(db) -> str:
    person = add_person(db, "Maren", SECRET)
    hearings.create(db, {"client_id": person, "starts_at": "2026-11-27T10:00"})
    return person


def _imported(db, path) -> None:
    result = import_file(db, path)
    assert result.refused is None, result.refused


def test_head_office_holds_the_laptops_erasure_and_answers_who_looked_with_it(
    office, capsys, cass_passphrase
):
    ho, ply = office.head_office, office.device("plymouth")
    person = _person(ply)
    audit.viewed(ply, person)
    clients.update(ply, person, {"phone": "07700 900111"})
    _imported(ho, export_device(ply, office.outbox))
    gone = erasure.erase_person(ply, person, "asked")
    [at_laptop] = [e for e in audit_data.for_client(ply, [person]) if e["action"] == audit.ERASURE]
    _imported(ho, export_device(ply, office.outbox))

    # Head office holds the very entry the laptop wrote: who, when, which id, why.
    [held] = [e for e in audit_data.for_client(ho, [person]) if e["action"] == audit.ERASURE]
    assert held["hash"] == at_laptop["hash"] and held["device_id"] == changelog.device_id(ply)
    assert held["worker_id"] == local.current_worker_id(ply)
    assert held["worker_name"] == "Alex Carter"
    assert held["record_id"] == person and held["client_id"] == person
    assert held["at"] == at_laptop["at"] and held["at"][:10] == gone.erased_on
    assert held["detail"] == "the person asked (right to erasure)"
    assert chain.verify(ho) == []
    assert erasure.tombstone(ho, person).reason == "the person asked (right to erasure)"

    # Who looked at this person: the erasure first, then what was done before it.
    lines = for_person(ho, person)
    assert [line.action for line in lines][:1] == [audit.ERASURE]
    first = lines[0]
    assert first.what == "Erased the record (the person asked (right to erasure))"
    assert first.worker == "Alex Carter" and first.site == "Plymouth Magistrates' Court"
    assert first.device_id == changelog.device_id(ply)
    assert {audit.VIEW, audit.EDIT, audit.CREATE} <= {line.action for line in lines}
    assert not any(SECRET in repr(line) or "Maren" in repr(line) for line in lines)

    # The same from the command line at head office, for the erased id.
    args = ["--data-dir", str(store_file(ho).parent), "audit", "--person", person]
    assert main([*args, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["person"] == person
    top = shown["entries"][0]
    assert top["action"] == audit.ERASURE and top["worker"] == "Alex Carter"
    assert top["laptop"] == "Plymouth's laptop (Alex Carter)"
    assert main(args) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0].endswith(
        "Alex Carter (Plymouth Magistrates' Court): Erased the record "
        "(the person asked (right to erasure))"
    )
    assert SECRET not in "\n".join(said)
