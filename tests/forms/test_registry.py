"""The registry: bundled forms, head office's, every version kept, newest for new assessments."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cass_desktop import forms
from cass_desktop.forms.registry import bundled_dir
from cass_desktop.records.vocab import NEED_DOMAINS
from tests.helpers.forms import small

BUNDLED_IDS = {
    "ld-screen",
    "multiple-needs",
    "phq-9",
    "gad-7",
    "audit-c",
    "audit",
    "brief-mh-screen",
    "self-harm",
}

# The content of each bundled (id, version), pinned. Stored assessments name a version and
# must score the same for ever: a revised form is a new file with a new version, and the
# old file is kept (renamed ID.vN.json). If this fails, you changed a form in place.
PINNED = {
    ("audit", 1): "412278521da51b3ca04f26756d1bc05bf5461fff9605076af723a9ec9af35b56",
    ("audit-c", 1): "c063e2a74be414f86d05b82f3ffd253008ca913d636380bb31234d9b84093468",
    ("brief-mh-screen", 1): "7d1fc0e4bb9d23344793aa6b6b29f114a4219aaff752d8423a590353a7b32ff6",
    ("gad-7", 1): "d22939e7634fa42c09dfb76fa40c97d48d48ee9176e714bfd08d99c742ba476f",
    ("ld-screen", 1): "d03acff89eb50abe480ef65e604a37a7fccfb3ddfdd212849da9e6b0387b452e",
    ("multiple-needs", 1): "e4221d1fff006fc8ef372fc772162c5cfc7d36d14b3d499c123e41f4531881e2",
    ("phq-9", 1): "dcc1019f00412caa6b5daae09fb81ab1cac8b033d108a71eb34550a7e59ff71f",
    ("self-harm", 1): "680219463055601c92138e1fb51e40b5d339d1dad71c7a17db81526f3c64da36",
}


def document(raw: dict, **changes) -> dict:
    row = {
        "kind": "form",
        "name": raw["id"],
        "content": json.dumps(raw),
        "version": raw["version"],
        "deleted": 0,
    }
    return row | changes


def test_every_bundled_form_loads(registry):
    assert registry.refused == []
    assert {e.id for e in registry.available()} == BUNDLED_IDS
    assert all(e.origin == forms.BUNDLED for e in registry.entries())


def test_bundled_versions_are_never_changed_in_place(registry):
    held = {(e.id, e.version): e.definition.sha256 for e in registry.entries()}
    assert held == PINNED


def test_bundled_forms_offer_only_forms_that_are_bundled(registry):
    for entry in registry.entries():
        for flag in entry.definition.flags:
            assert flag.offer is None or flag.offer in BUNDLED_IDS, (entry.id, flag.id)


def test_bundled_forms_say_whether_they_may_be_reproduced(registry):
    for entry in registry.entries():
        licence = entry.definition.licence
        assert licence.may_reproduce, entry.id  # nothing bundled may be unlicensed
        assert licence.owner and licence.notes, entry.id
    assert "Pfizer" in registry.latest("phq-9").licence.owner
    assert registry.latest("audit").licence.owner == "World Health Organization"


def test_every_need_a_bundled_form_proposes_has_a_place_to_be_stored(registry):
    for entry in registry.entries():
        form = entry.definition
        for rule in form.needs:
            if rule.domain in NEED_DOMAINS:
                continue
            declared = form.domains[rule.domain]
            assert declared.vocab in NEED_DOMAINS or rule.domain == "charge_related", rule


def test_head_office_adds_a_form_and_a_newer_version_wins_for_new_assessments():
    custom = small()
    phq = json.loads((bundled_dir() / "phq-9.json").read_text(encoding="utf-8"))
    phq["version"] = 2
    phq["title"] = "PHQ-9 (head office's revision)"
    registry = forms.load_registry([document(custom), document(phq)])
    assert registry.refused == []
    assert registry.latest("small").title == "A small form"
    assert registry.versions("phq-9") == [1, 2]
    assert registry.latest("phq-9").title == "PHQ-9 (head office's revision)"
    assert registry.get("phq-9", 1).title.startswith("PHQ-9: depression")
    newest = {e.id: e for e in registry.available()}
    assert (newest["phq-9"].version, newest["phq-9"].origin) == (2, forms.HEAD_OFFICE)
    assert newest["phq-9"].label == "head office's form “phq-9” (version 2)"


def test_one_version_means_one_content():
    phq = json.loads((bundled_dir() / "phq-9.json").read_text(encoding="utf-8"))
    same = document(phq)  # the bundled content again, respaced: held once, quietly
    same["content"] = json.dumps(phq, indent=4)
    changed = dict(phq, title="Changed without a new version")
    registry = forms.load_registry([same, document(changed)])
    assert registry.latest("phq-9").title.startswith("PHQ-9: depression")
    [refusal] = registry.refused
    assert refusal.lines() == [
        "head office's form “phq-9” (version 1): version 1 of “phq-9” is already held "
        "(phq-9.json (bundled)) with different content; a revised form needs a new version "
        "number"
    ]


def test_head_office_forms_that_fail_are_refused_and_the_rest_still_load():
    bad = small()
    bad["sections"][0]["fields"][1]["kind"] = "slider"
    rows = [
        document(bad),
        {"kind": "form", "name": "junk", "content": "{not json", "version": 1},
        {"kind": "form", "name": "none", "content": None, "version": 1},
        document(small(), name="other"),
        document(small(), version=3),
        document(dict(small(), id="fine")),
        {"kind": "letter_template", "name": "x", "content": "{# title: X #}", "version": 1},
        document(dict(small(), id="gone"), deleted=1),
    ]
    registry = forms.load_registry(rows)
    assert registry.latest("fine") is not None
    assert registry.latest("small") is None and registry.latest("gone") is None
    lines = [line for refusal in registry.refused for line in refusal.lines()]
    assert lines == [
        "head office's form “small” (version 1), line 1: field “often”: has the unknown kind "
        "“slider”; kinds are text, long_text, number, date, yes_no, single_choice, "
        "multiple_choice, scale",
        "head office's form “junk” (version 1), line 1: it is not valid JSON (Expecting "
        "property name enclosed in double quotes)",
        "head office's form “none” (version 1): it has no content",
        "head office's form “other” (version 1): it is sent as “other” but its id is “small”",
        "head office's form “small” (version 3): it is sent as version 3 but says it is 1",
    ]


def test_old_bundled_versions_are_kept_beside_the_current_one(tmp_path: Path):
    folder = tmp_path / "forms"
    folder.mkdir()
    shutil.copy(bundled_dir() / "gad-7.json", folder / "gad-7.v1.json")
    newer = json.loads((bundled_dir() / "gad-7.json").read_text(encoding="utf-8"))
    newer["version"] = 2
    (folder / "gad-7.json").write_text(json.dumps(newer), encoding="utf-8")
    (folder / "misnamed.json").write_text(json.dumps(small()), encoding="utf-8")
    registry = forms.load_registry(folder=folder)
    assert registry.versions("gad-7") == [1, 2]
    [refusal] = registry.refused
    assert refusal.lines() == [
        "misnamed.json: holds “small” version 1, so it should be named small.json (the "
        "current version) or small.v1.json"
    ]


@pytest.mark.parametrize("form_id", sorted(BUNDLED_IDS))
def test_bundled_files_are_named_by_their_id(form_id):
    assert (bundled_dir() / f"{form_id}.json").is_file()
