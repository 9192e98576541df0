"""Head office's conflicts: described in words, resolved as changes that reach the devices."""

from __future__ import annotations

import datetime as dt

import pytest

from cass_desktop.data import changelog, clients, local
from cass_desktop.data import sync as sync_data
from cass_desktop.headoffice import ReviewError, conflicts
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file


def _site_id(db):
    return local.get(db, "site_id")


def _conflict_on_phone(office):
    """Head office and Plymouth both change Aisling's phone without seeing each other's."""
    ho, ply = office.head_office, office.device("plymouth")
    person = clients.create(
        ply, {"given_name": "Aisling", "family_name": "Ó Briain", "site_id": _site_id(ply)}, "PLY"
    )
    import_file(ho, export_device(ply, office.outbox))
    clients.update(ho, person, {"phone": "07700 900001"})
    clients.update(ply, person, {"phone": "07700 900002"})
    assert import_file(ho, export_device(ply, office.outbox)).merge.conflicts == 1
    return person


def test_a_conflict_is_described_in_words(office):
    person = _conflict_on_phone(office)
    [view] = conflicts.conflicts(office.head_office)
    assert view.record.startswith("Aisling Ó Briain (PLY-")
    assert view.field_label == "Phone"
    assert view.client_id == person
    assert view.can_type
    kept, other = view.choices
    assert (kept.shown, kept.source, kept.current) == (
        "07700 900002",
        "Plymouth (Alex Carter)",
        True,
    )
    assert (other.shown, other.source, other.current) == ("07700 900001", "Head office", False)
    assert dt.datetime.fromisoformat(kept.when).date() == dt.date.today()


def test_resolving_a_conflict_is_a_change_that_reaches_the_device(office):
    ho, ply = office.head_office, office.device("plymouth")
    person = _conflict_on_phone(office)
    [view] = conflicts.conflicts(ho)
    before = changelog.count_ops(ho, changelog.device_id(ho))
    # Head office keeps its own value, the one that lost on clocks.
    conflicts.resolve_conflict(ho, view.id, view.choices[1].value, "Priya Raman")
    assert conflicts.conflict_count(ho) == 0
    assert clients.get(ho, person)["phone"] == "07700 900001"
    assert changelog.count_ops(ho, changelog.device_id(ho)) == before + 1
    resolved = sync_data.get_conflict(ho, view.id)
    assert resolved["resolved_by"] == "Priya Raman"
    assert resolved["resolved_value_json"] == '"07700 900001"'
    assert resolved["resolved_at"]
    with pytest.raises(ReviewError, match="already resolved by Priya Raman"):
        conflicts.resolve_conflict(ho, view.id, "07700 900003", "Priya Raman")

    update = export_update(ho, changelog.device_id(ply), office.outbox)
    assert import_file(ply, update).refused is None
    assert clients.get(ply, person)["phone"] == "07700 900001"


def test_a_typed_value_resolves_a_conflict(office):
    ho = office.head_office
    person = _conflict_on_phone(office)
    [view] = conflicts.conflicts(ho)
    value = conflicts.value_from_text("clients", "phone", "  01632 960123 ")
    conflicts.resolve_conflict(ho, view.id, value, "Priya Raman")
    assert clients.get(ho, person)["phone"] == "01632 960123"


def test_typed_values_are_checked():
    assert conflicts.value_from_text("clients", "date_of_birth", "14/03/1990") == "1990-03-14"
    assert conflicts.value_from_text("hearings", "starts_at", "27/11/2026 10:30") == (
        "2026-11-27T10:30"
    )
    assert conflicts.value_from_text("clients", "phone", "   ") is None
    with pytest.raises(ReviewError, match="Date of birth: “31/02/1990” is not a date"):
        conflicts.value_from_text("clients", "date_of_birth", "31/02/1990")
    with pytest.raises(ReviewError, match="Minutes must be a whole number"):
        conflicts.value_from_text("contacts", "duration_minutes", "half an hour")
    with pytest.raises(ReviewError, match="Keyworker can only be one of the values shown"):
        conflicts.value_from_text("clients", "keyworker_id", "Alex")
