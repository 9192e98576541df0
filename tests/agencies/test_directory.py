"""An agency typed into the directory is checked and saved through agencies/directory.py."""

from __future__ import annotations

import pytest

from cass_desktop.agencies import directory
from cass_desktop.data import agencies


def test_an_agency_needs_a_name_and_a_real_email_and_nothing_is_saved_otherwise(device_db):
    before = len(agencies.list_all(device_db))
    with pytest.raises(directory.AgencyInvalid) as refused:
        directory.save_agency(device_db, {"name": " "})
    assert (str(refused.value), refused.value.field) == ("Enter the agency's name.", "name")
    with pytest.raises(directory.AgencyInvalid) as refused:
        directory.save_agency(device_db, {"name": "Shelter", "email": "shelter@"})
    assert refused.value.field == "email" and "is not an email address" in str(refused.value)
    assert len(agencies.list_all(device_db)) == before


def test_a_second_agency_of_the_same_name_is_saved_only_when_asked(device_db):
    first = directory.save_agency(device_db, {"name": "Shelter Plymouth"})
    with pytest.raises(directory.NameTaken) as taken:
        directory.save_agency(device_db, {"name": "shelter  plymouth"})
    assert taken.value.other["id"] == first
    second = directory.save_agency(device_db, {"name": "shelter  plymouth"}, keep_both=True)
    assert second != first
    changed = {"name": "Shelter Plymouth", "phone": "1"}
    assert directory.save_agency(device_db, changed, first, keep_both=True) == first
    assert agencies.get(device_db, first)["phone"] == "1"
