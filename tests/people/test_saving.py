"""A person's details are checked and saved through people/saving.py, never half-saved."""

from __future__ import annotations

import pytest

from cass_desktop.data import clients
from cass_desktop.people.saving import ClientInvalid, save_client
from cass_desktop.records import dates

TODAY = dates.today().strftime("%d/%m/%Y")


def test_a_form_with_problems_is_refused_whole_and_nothing_is_saved(device_db):
    before = device_db["clients"].count
    with pytest.raises(ClientInvalid) as refused:
        save_client(device_db, {"family_name": "Pascoe", "email": "k@", "opened_on": TODAY})
    fields = [problem.field for problem in refused.value.problems]
    assert fields == ["given_name", "email"]
    assert "Enter their first name." in str(refused.value)
    assert device_db["clients"].count == before


def test_a_new_person_is_saved_at_the_site_and_a_change_to_them_is_saved(device_db):
    site = device_db["sites"].get(next(iter(r["id"] for r in device_db["sites"].rows)))
    form = {
        "given_name": " Kerensa ",
        "family_name": "Pascoe",
        "date_of_birth": "14/03/1990",
        "postcode": "pl1 2ab",
        "opened_on": TODAY,
    }
    client_id = save_client(device_db, form, site_id=site["id"], site_code="PLY")
    saved = clients.get(device_db, client_id)
    assert (saved["given_name"], saved["date_of_birth"]) == ("Kerensa", "1990-03-14")
    assert saved["postcode"] == "PL1 2AB" and saved["site_id"] == site["id"]
    assert saved["reference"].startswith("PLY-")
    assert save_client(device_db, {**form, "phone": "07700 900123"}, client_id) == client_id
    assert clients.get(device_db, client_id)["phone"] == "07700 900123"
