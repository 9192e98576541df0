"""The agency data functions added for the directory page and the CSV import."""

from __future__ import annotations

import pytest

from cass_desktop.data import agencies, changelog


def test_list_all_holds_inactive_but_not_deleted_oldest_first(device_db):
    first = agencies.create(device_db, {"name": "Zephyr Advice", "active": 0})
    second = agencies.create(device_db, {"name": "Abbey Housing"})
    gone = agencies.create(device_db, {"name": "Closed Down"})
    changelog.delete(device_db, "agencies", gone)
    assert [a["id"] for a in agencies.list_all(device_db)] == [first, second]


def test_name_taken_ignores_case_spacing_and_the_agency_itself(device_db):
    harbour = agencies.create(device_db, {"name": "Harbourside  Wellbeing Hub"})
    assert agencies.name_taken(device_db, "harbourside wellbeing hub")["id"] == harbour
    assert agencies.name_taken(device_db, "  HARBOURSIDE Wellbeing   Hub ")["id"] == harbour
    assert agencies.name_taken(device_db, "Harbourside Wellbeing Hub", exclude_id=harbour) is None
    assert agencies.name_taken(device_db, "Harbourside") is None
    assert agencies.name_taken(device_db, "   ") is None
    assert agencies.name_taken(device_db, "ÉCOLE Kernow") is None
    ecole = agencies.create(device_db, {"name": "École Kernow"})
    assert agencies.name_taken(device_db, "école kernow")["id"] == ecole


def test_save_import_adds_and_updates_in_one_transaction(device_db):
    held = agencies.create(device_db, {"name": "Tamar Housing", "phone": "01632 960101"})
    ids = agencies.save_import(
        device_db,
        [{"name": "New One", "domains": "legal"}, {"name": "New Two"}],
        [(held, {"phone": "01632 960999"})],
    )
    assert len(ids) == 2
    assert agencies.get(device_db, held)["phone"] == "01632 960999"
    assert {a["name"] for a in agencies.list_all(device_db)} == {
        "Tamar Housing",
        "New One",
        "New Two",
    }


def test_save_import_writes_nothing_when_any_part_fails(device_db):
    held = agencies.create(device_db, {"name": "Tamar Housing", "phone": "01632 960101"})
    before = changelog.count_ops(device_db)
    with pytest.raises(ValueError, match="no field"):
        agencies.save_import(
            device_db,
            [{"name": "New One"}],
            [(held, {"phone": "01632 960999"}), (held, {"colour": "blue"})],
        )
    assert changelog.count_ops(device_db) == before
    assert [a["name"] for a in agencies.list_all(device_db)] == ["Tamar Housing"]
    assert agencies.get(device_db, held)["phone"] == "01632 960101"


def test_search_by_need_area_and_words(device_db):
    agencies.create(
        device_db,
        {"name": "Tamar Housing", "domains": "housing,benefits", "areas": "Plymouth, South Hams"},
    )
    agencies.create(
        device_db, {"name": "Kernow Recovery", "domains": "substances", "areas": "Cornwall"}
    )
    agencies.create(
        device_db,
        {"name": "Old Shelter", "domains": "housing", "areas": "Cornwall", "active": 0},
    )
    names = lambda rows: [r["name"] for r in rows]  # noqa: E731
    assert names(agencies.search(device_db, domain="housing")) == ["Tamar Housing"]
    assert names(agencies.search(device_db, domain="housing", include_inactive=True)) == [
        "Old Shelter",
        "Tamar Housing",
    ]
    assert names(agencies.search(device_db, area="Cornwall")) == ["Kernow Recovery"]
    assert names(agencies.search(device_db, "kern")) == ["Kernow Recovery"]
    assert agencies.areas(device_db) == ["Cornwall", "Plymouth", "South Hams"]
