"""`cass-desktop look-alikes`: who the New person check would show, with reasons and scores."""

from __future__ import annotations

import json

import pytest

from cass_desktop.data import changelog, clients, store_path
from tests.helpers.cli import run
from tests.helpers.stores import PASSPHRASE, new_store, reopen


@pytest.fixture
def folder(tmp_path, monkeypatch):
    db = new_store(store_path(tmp_path))
    for given, family, born in [
        ("Katarzyna", "Kamińska", "1979-04-08"),
        ("Mohammed", "Al-Rashid", "1988-06-15"),
        ("James", "Smith", "1985-07-22"),
    ]:
        clients.create(db, {"given_name": given, "family_name": family, "date_of_birth": born})
    db.close()
    monkeypatch.setenv("CASS_PASSPHRASE", PASSPHRASE)
    return tmp_path


def ops(folder) -> int:
    db = reopen(store_path(folder))
    try:
        return changelog.count_ops(db)
    finally:
        db.close()


def test_it_shows_who_the_new_person_check_would_and_writes_nothing(capsys, folder):
    before = ops(folder)
    code, out, err = run(
        capsys, "--data-dir", str(folder), "look-alikes", "--given", "Muhammad",
        "--family", "Alrashid", "--dob", "15/06/1988", "--json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    [person] = json.loads(out)["people"]
    assert person["name"] == "Mohammed Al-Rashid" and person["flagged"]
    assert "same date of birth" in person["reasons"]
    assert person["score"] >= 0.95
    assert ops(folder) == before


def test_words_for_a_person_with_a_year_typo_and_a_namesake_born_another_day(capsys, folder):
    code, out, _err = run(
        capsys, "--data-dir", str(folder), "look-alikes", "--given", "Katarzyna",
        "--family", "Kaminska", "--dob", "08/04/1997",
    )  # fmt: skip
    assert code == 0
    assert "Katarzyna Kamińska" in out and "may be the same person" in out
    assert "two digits swapped" in out
    code, out, _err = run(
        capsys, "--data-dir", str(folder), "look-alikes", "--given", "James",
        "--family", "Smith", "--dob", "01/01/2000",
    )  # fmt: skip
    assert "same name, born another day" in out


def test_nothing_alike_and_bad_input_are_said_in_one_line(capsys, folder):
    code, out, _err = run(
        capsys, "--data-dir", str(folder), "look-alikes", "--given", "Zebedee", "--family", "Quux"
    )
    assert (code, out.strip()) == (0, "No one already held looks like this person.")
    code, out, err = run(
        capsys, "--data-dir", str(folder), "look-alikes", "--family", "Smith", "--dob", "31/02/1990"
    )
    assert code == 1 and out == "" and len(err.splitlines()) == 1
    assert err.startswith("cass-desktop: --dob:")
