"""Head office sends a revised form with `forms send`; every laptop holds it after its update."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cass_desktop import assessments, forms
from cass_desktop.assessments.sending import SendRefused, send_form
from cass_desktop.cli import main
from cass_desktop.data import changelog, store_path
from cass_desktop.sync.exporter import export_update
from cass_desktop.sync.importer import import_file

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "forms"


def _gad7(version_up: int = 0) -> dict:
    form = json.loads((RESOURCES / "gad-7.json").read_text(encoding="utf-8"))
    form["version"] += version_up
    return form


def _me(db) -> str:
    return changelog.device_id(db)


def test_a_form_sent_from_the_command_line_reaches_a_laptop(office, tmp_path, cass_passphrase):
    ho, ply = office.head_office, office.device("plymouth")
    revised = _gad7(version_up=3)
    path = tmp_path / "gad-7.json"
    path.write_text(json.dumps(revised), encoding="utf-8")
    ho_dir = Path(ho.conn.execute("PRAGMA database_list").fetchone()[2]).parent
    assert store_path(ho_dir).exists()
    assert main(["--data-dir", str(ho_dir), "forms", "send", str(path)]) == 0
    assert import_file(ply, export_update(ho, _me(ply), office.outbox)).refused is None
    entry = assessments.registry(ply).entry("gad-7", revised["version"])
    assert entry is not None and entry.origin == forms.HEAD_OFFICE
    assert assessments.registry(ply).latest("gad-7").version == revised["version"]


@pytest.mark.parametrize(
    ("where", "change", "words"),
    [
        ("head-office", lambda form: form, "is already held"),
        ("head-office", lambda form: {**form, "sections": "none"}, "was not sent"),
        ("plymouth", lambda form: {**form, "version": form["version"] + 1}, "Only head office"),
    ],
    ids=["the same version again", "a broken definition", "from a laptop"],
)
def test_a_form_that_may_not_be_sent_is_refused_and_nothing_kept(office, where, change, words):
    db = office.head_office if where == "head-office" else office.device(where)
    before = changelog.count_ops(db)
    with pytest.raises(SendRefused) as refused:
        send_form(db, json.dumps(change(_gad7())), "gad-7.json")
    assert words in str(refused.value) and "\n" not in str(refused.value)
    assert changelog.count_ops(db) == before
