"""Assessments in the store: drafts, completing, read-only records, revised forms, needs, the
package of support, and the trust boundary (head office's forms, laptops' assessments)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cass_desktop import assessments, forms
from cass_desktop.data import agencies, changelog, clients, local, needs
from cass_desktop.data import assessments as assessment_data
from cass_desktop.headoffice import refusals
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.people import add_person

RESOURCES = Path(__file__).resolve().parents[2] / "resources" / "forms"
PHQ9_ITEMS = [f"q{n}" for n in range(1, 10)]


def _phq9(values: list[int]) -> dict:
    definition = forms.load_registry().latest("phq-9")
    ids = [f.id for f in definition.fields if f.scored]
    answers = dict(zip(ids, values, strict=True))
    for f in definition.fields:  # any other required question (none in the bundled one)
        if f.required and f.id not in answers:
            answers[f.id] = f.options[0].value if f.options else "n/a"
    return answers


def _person(db, **values) -> str:
    return add_person(db, "Morwenna", "Trewin", **values)


def _worker(db) -> str:
    return local.get(db, "worker_id")


def test_a_draft_is_kept_and_completing_it_stores_the_scores(device_db):
    person = _person(device_db)
    draft = assessments.start(device_db, person, "phq-9", worker_id=_worker(device_db))
    answers = _phq9([1, 1, 1, 1, 1, 1, 1, 1, 1])
    assessments.save_answers(device_db, draft.id, {"q1": 1})
    assert assessments.draft(device_db, draft.id).answers == {"q1": 1}
    assert [d["id"] for d in assessments.drafts(device_db, person)] == [draft.id]
    # No change-log entry for a draft: it is local until it is completed.
    assert changelog.count_ops(device_db) == changelog.count_ops(device_db)
    with pytest.raises(forms.AnswersError):
        assessments.complete(device_db, draft.id, worker_id=_worker(device_db))
    done = assessments.complete(device_db, draft.id, answers, worker_id=_worker(device_db))
    assert assessments.drafts(device_db, person) == []
    [held] = assessments.history(device_db, person)
    assert held.id == done and held.record.scores["total"] == 9
    assert held.record.bands["total"]["from"] == 5
    assert held.record.completed_by == _worker(device_db)
    [line] = assessments.series(device_db, person)
    assert line.form_id == "phq-9" and [p[1] for p in line.points] == [9]


def test_a_correction_is_a_new_assessment_and_the_first_is_unchanged(device_db):
    person = _person(device_db)
    me = _worker(device_db)
    first = assessments.start(device_db, person, "phq-9", worker_id=me)
    first_id = assessments.complete(device_db, first.id, _phq9([0] * 9), worker_id=me)
    before = assessment_data.get(device_db, first_id)
    fix = assessments.start(device_db, person, "phq-9", worker_id=me, corrects=first_id)
    assert fix.answers["q1"] == 0  # starts from the answers it corrects
    fix_id = assessments.complete(device_db, fix.id, _phq9([3] * 9), worker_id=me)
    assert assessment_data.get(device_db, first_id) == before
    newest, older = assessments.history(device_db, person)
    assert newest.id == fix_id and newest.record.corrects == first_id and older.corrected
    assert [p[1] for p in assessments.series(device_db, person)[0].points] == [27]
    assert not hasattr(assessment_data, "update")  # nothing changes a completed one


def test_an_old_assessment_scores_the_same_after_its_form_is_revised(device_db):
    person = _person(device_db)
    me = _worker(device_db)
    draft = assessments.start(device_db, person, "gad-7", worker_id=me)
    definition = draft.definition
    answers = {f.id: 1 for f in definition.fields if f.scored}
    old = assessments.complete(device_db, draft.id, answers, worker_id=me)
    # Head office revises the form (as held after an update): a total of 7 is now minimal.
    revised = json.loads((RESOURCES / "gad-7.json").read_text(encoding="utf-8"))
    revised["version"] = definition.version + 1
    bands = revised["scoring"]["scores"][0]["bands"]
    bands[0]["to"], bands[1]["from"] = 7, 8
    assessment_data.save_form_document(device_db, "gad-7", json.dumps(revised), revised["version"])
    held = assessments.registry(device_db)
    assert held.refused == []
    newer = held.latest("gad-7")
    assert newer.version == definition.version + 1
    assert forms.score_answers(newer, answers).bands["total"].key == "minimal"
    [row] = assessments.history(device_db, person)
    assert row.id == old and row.definition.version == definition.version
    assert row.record.bands["total"]["key"] == "mild"
    [(_, again)] = list(assessments.rescore_all(device_db, "gad-7"))
    assert again.scores == dict(row.record.scores) and forms.differences(row.row, held) == []
    new = assessments.start(device_db, person, "gad-7", worker_id=me)
    assert new.definition.version == definition.version + 1


def test_confirmed_needs_are_recorded_once_per_domain_and_agencies_suggested(device_db):
    person = _person(device_db, postcode="PL1 2AB")
    shelter = agencies.create(
        device_db, {"name": "Shelter Plymouth", "domains": "housing", "areas": "Plymouth"}
    )
    agencies.create(device_db, {"name": "Bristol Homes", "domains": "housing", "areas": "Bristol"})
    agencies.create(device_db, {"name": "National Line", "domains": "housing"})
    agencies.create(device_db, {"name": "Closed Door", "domains": "housing", "active": 0})
    recovery = agencies.create(device_db, {"name": "Recovery", "domains": "substances"})
    ids = assessments.record_needs(
        device_db,
        person,
        [
            assessments.Confirmed("housing", "medium", "soon", "From the screen."),
            assessments.Confirmed("alcohol", "high", "urgent"),
        ],
    )
    again = assessments.record_needs(
        device_db, person, [assessments.Confirmed("housing", "high", "routine")]
    )
    assert again == ids[:1]
    housing = needs.get(device_db, ids[0])
    assert (housing["level"], housing["urgency"]) == ("high", "soon")
    package = assessments.package_of_support(device_db, person)
    assert [need["domain"] for need, _ in package] == ["alcohol", "housing"]
    assert [s.agency["id"] for s in package[0][1]] == [recovery]
    names = [s.agency["name"] for s in package[1][1]]
    assert names == ["Shelter Plymouth", "National Line", "Bristol Homes"]
    assert package[1][1][0].agency["id"] == shelter


def test_area_match_is_by_name_postcode_or_court():
    areas = assessments.support.person_areas(
        {
            "postcode": "tr1 1aa",
            "address": "1 Lemon St\nTruro",
            "site_name": "Bodmin Magistrates' Court",
        }
    )
    assert {"tr1", "tr", "truro", "bodmin"} <= set(areas)
    assert assessments.area_match("Cornwall, Truro", areas)[0] == assessments.support.IN_AREA
    assert assessments.area_match("", areas)[0] == assessments.support.ANYWHERE
    assert assessments.area_match("Leeds", areas)[0] == assessments.support.ELSEWHERE


def test_a_service_covering_the_persons_area_is_in_their_area():
    """The area hierarchy: a Devon-wide service covers someone in Plymouth; a Cornwall-wide
    one does not."""
    areas = assessments.support.person_areas({"address": "4 Frankfort Gate\nPlymouth"})
    assert assessments.area_match("Devon-wide", areas)[0] == assessments.support.IN_AREA
    assert assessments.area_match("Devon and Cornwall", areas)[0] == assessments.support.IN_AREA
    assert assessments.area_match("Cornwall-wide", areas)[0] == assessments.support.ELSEWHERE


# -- the trust boundary -----------------------------------------------------------------------


def _me(db) -> str:
    return changelog.device_id(db)


def test_a_bad_form_from_head_office_is_refused_whole(office):
    ho, ply = office.head_office, office.device("plymouth")
    good = (RESOURCES / "gad-7.json").read_text(encoding="utf-8")
    bad = json.loads(good)
    bad["version"] = 90
    bad["sections"][0]["fields"][0]["kind"] = "slider"
    assessment_data.save_form_document(ho, "gad-7", json.dumps(bad), 90)
    before = changelog.count_ops(ply)
    result = import_file(ply, export_update(ho, _me(ply), office.outbox))
    assert result.refused is not None
    assert "the assessment form “gad-7” (version 90) in it cannot be used" in result.refused
    assert "slider" in result.refused and "\n" not in result.refused
    assert changelog.count_ops(ply) == before
    assert assessments.registry(ply).latest("gad-7").version != 90


def test_a_good_form_from_head_office_is_held_and_listed(office):
    ho, ply = office.head_office, office.device("plymouth")
    revised = json.loads((RESOURCES / "gad-7.json").read_text(encoding="utf-8"))
    revised["version"] += 5
    assessment_data.save_form_document(ho, "gad-7", json.dumps(revised), revised["version"])
    assert import_file(ply, export_update(ho, _me(ply), office.outbox)).refused is None
    entry = assessments.registry(ply).entry("gad-7", revised["version"])
    assert entry is not None and entry.origin == forms.HEAD_OFFICE


def test_a_laptops_assessment_of_another_courts_person_is_refused(office):
    ho, truro, bodmin = office.head_office, office.device("truro"), office.device("bodmin")
    theirs = clients.create(
        bodmin, {"given_name": "Jago", "site_id": local.get(bodmin, "site_id")}, "BOD"
    )
    assert import_file(ho, export_device(bodmin, office.outbox)).refused is None
    assert import_file(truro, export_update(ho, _me(truro), office.outbox)).refused is None
    me = local.get(truro, "worker_id")
    draft = assessments.start(truro, theirs, "phq-9", worker_id=me)
    done = assessments.complete(truro, draft.id, _phq9([1] * 9), worker_id=me)
    mine = clients.create(
        truro, {"given_name": "Kerensa", "site_id": local.get(truro, "site_id")}, "TRU"
    )
    draft = assessments.start(truro, mine, "phq-9", worker_id=me)
    kept = assessments.complete(truro, draft.id, _phq9([2] * 9), worker_id=me)
    result = import_file(ho, export_device(truro, office.outbox))
    assert result.refused is None and result.merge.refused > 0
    assert changelog.get(ho, "assessments", done) is None
    assert changelog.get(ho, "assessments", kept) is not None
    reasons = [view.reason for view in refusals.refusals(ho, _me(truro))]
    assert any("Bodmin person's assessment" in r for r in reasons), reasons


def test_a_completed_assessment_changed_afterwards_is_refused(office):
    ho, truro = office.head_office, office.device("truro")
    me = local.get(truro, "worker_id")
    mine = clients.create(
        truro, {"given_name": "Kerensa", "site_id": local.get(truro, "site_id")}, "TRU"
    )
    draft = assessments.start(truro, mine, "phq-9", worker_id=me)
    done = assessments.complete(truro, draft.id, _phq9([2] * 9), worker_id=me)
    assert import_file(ho, export_device(truro, office.outbox)).merge.refused == 0
    changelog.save(truro, "assessments", {"scores": '{"total": 0}'}, done)  # a tampered laptop
    result = import_file(ho, export_device(truro, office.outbox))
    assert result.merge.refused == 1
    assert json.loads(changelog.get(ho, "assessments", done)["scores"])["total"] == 18
    reasons = [view.reason for view in refusals.refusals(ho, _me(truro))]
    assert any("completed assessment; a correction is made as a new one" in r for r in reasons)


def test_forms_list_includes_head_office_forms_from_the_store(
    device_db, tmp_path, capsys, cass_passphrase
):
    from cass_desktop.cli import main

    revised = json.loads((RESOURCES / "gad-7.json").read_text(encoding="utf-8"))
    revised["version"] += 1
    assessment_data.save_form_document(device_db, "gad-7", json.dumps(revised), revised["version"])
    code = main(["--data-dir", str(tmp_path), "forms", "list"])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    [line] = [x for x in out.splitlines() if x.startswith("gad-7 ") and "head office" in x]
    assert f"v{revised['version']}" in line
