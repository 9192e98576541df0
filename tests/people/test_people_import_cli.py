"""`cass-desktop people import FILE.csv`: the preview printed, nothing saved without --yes."""

from __future__ import annotations

import pytest

from cass_desktop.data import changelog, clients, store_path
from cass_desktop.sites.setup import set_up_device
from tests.helpers.cli import run
from tests.helpers.people import add_person
from tests.helpers.stores import PASSPHRASE, new_store, reopen


@pytest.fixture
def folder(tmp_path, monkeypatch):
    db = new_store(store_path(tmp_path))
    set_up_device(db, "Plymouth Magistrates' Court", "Alex Carter")
    add_person(db, "Mohammed", "Al-Rashid", date_of_birth="15/06/1988", opened_on="01/01/2026")
    db.close()
    monkeypatch.setenv("CASS_PASSPHRASE", PASSPHRASE)
    return tmp_path


def people(folder) -> tuple[list[str], int]:
    db = reopen(store_path(folder))
    try:
        names = sorted(clients.display_name(r) for r in db["clients"].rows)
        return names, changelog.count_ops(db)
    finally:
        db.close()


def test_the_preview_is_printed_and_nothing_saved_without_yes(capsys, folder, tmp_path):
    csv = tmp_path / "caseload.csv"
    csv.write_text(
        "First name,Surname,DOB,Phone\n"
        "Muhammad,Alrashid,15/06/1988,\n"
        "Jo,Bloggs,14/03/1990,07700 900123\n"
        "Ann,Smith,,12\n",
        encoding="utf-8",
    )
    _names, before = people(folder)
    code, out, err = run(capsys, "--data-dir", str(folder), "people", "import", str(csv))
    assert code == 1
    assert "give --yes to import these people; nothing has been changed" in err
    assert "row 2: Possible duplicate: Muhammad Alrashid: possible duplicate of Mohammed " in out
    assert "row 3: Add: Jo Bloggs" in out
    assert "row 4: Not imported: Ann Smith: " in out
    assert "1 to add, 1 possible duplicate and 1 not imported, of 3 rows." in out
    assert people(folder)[1] == before

    code, out, err = run(capsys, "--data-dir", str(folder), "people", "import", str(csv), "--yes")
    assert (code, err) == (0, "")
    assert "Added 1 person." in out
    assert people(folder)[0] == ["Jo Bloggs", "Mohammed Al-Rashid"]


def test_a_hostile_file_is_refused_in_one_sentence(capsys, folder, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_bytes(b'First name,Surname\nJo,"Bloggs\n')
    _names, before = people(folder)
    code, _out, err = run(capsys, "--data-dir", str(folder), "people", "import", str(csv), "--yes")
    assert code == 1
    assert err.startswith('cass-desktop: Line 2 opens a quote (") that is never closed')
    assert err.rstrip().endswith("Nothing has been changed.")
    assert people(folder)[1] == before
