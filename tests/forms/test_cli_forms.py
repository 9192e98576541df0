"""`cass-desktop forms list | check | score | template`, run in-process."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from cass_desktop.cli import forms as forms_cli
from tests.helpers.cli import run
from tests.helpers.forms import small

DATA = Path(__file__).parent / "data"


def run_forms(capsys: pytest.CaptureFixture[str], folder: Path, *argv: str) -> tuple[int, str, str]:
    """`cass-desktop --data-dir folder forms ...`."""
    return run(capsys, "--data-dir", str(folder), "forms", *argv)


def write(path: Path, value) -> Path:
    path.write_text(value if isinstance(value, str) else json.dumps(value, indent=2), "utf-8")
    return path


def test_list_shows_every_bundled_form(capsys, tmp_path):
    code, out, err = run_forms(capsys, tmp_path, "list")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 8
    phq = next(line for line in lines if line.startswith("phq-9 "))
    assert "v1" in phq and "bundled" in phq and "PHQ-9: depression" in phq
    assert "[Pfizer Inc.: free to reproduce]" in phq


def test_list_includes_head_office_forms_when_given_the_documents(capsys):
    row = {"kind": "form", "name": "small", "content": json.dumps(small()), "version": 1}
    bad = {"kind": "form", "name": "broken", "content": "{", "version": 2}
    args = argparse.Namespace(forms_command="list")
    assert forms_cli._forms(args, [row, bad]) == 0
    out, err = capsys.readouterr()
    [line] = [x for x in out.splitlines() if x.startswith("small ")]
    assert "head office" in line and "A small form" in line
    assert err.startswith("head office's form “broken” (version 2) was refused: ")


def test_check_a_good_file(capsys, tmp_path):
    code, out, err = run_forms(capsys, tmp_path, "check", str(DATA / "sixty-questions.json"))
    assert (code, err) == (0, "")
    assert out == (
        "sixty-questions.json: “sixty-questions” version 1 (Sixty questions (for tests and the "
        "UI benchmark)) is a valid form: 6 sections, 60 fields, 7 scores, 1 flag rule, "
        "0 need rules.\n"
    )


def test_check_a_bad_file_prints_one_problem_a_line(capsys, tmp_path):
    raw = small()
    raw["sections"][0]["fields"][1]["kind"] = "slider"
    raw["sections"][0]["fields"][0]["requred"] = True
    raw["scoring"]["flags"][0]["when"] = {"field": "oftn", "equals": 2}
    path = write(tmp_path / "bad.json", raw)
    code, out, err = run_forms(capsys, tmp_path, "check", str(path))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 4
    assert all(x.startswith("bad.json, line ") for x in lines[:3])
    assert "field “drinks”: has an unknown key “requred”" in lines[0]
    assert "field “often”: has the unknown kind “slider”" in lines[1]
    assert "flag “daily”: when names “oftn”, which is not a field" in lines[2]
    assert lines[3] == "cass-desktop: bad.json was refused (3 problems); nothing in it was loaded."


def test_check_refuses_a_changed_form_under_a_bundled_version(capsys, tmp_path):
    phq = json.loads(Path("resources/forms/phq-9.json").read_text("utf-8"))
    phq["title"] = "Edited in place"
    code, _, err = run_forms(capsys, tmp_path, "check", str(write(tmp_path / "phq-9.json", phq)))
    assert code == 1
    assert "version 1 of “phq-9” is already phq-9.json (bundled) with different content" in err


def test_check_a_missing_file(capsys, tmp_path):
    code, out, err = run_forms(capsys, tmp_path, "check", str(tmp_path / "nope.json"))
    assert code == 1 and out == "" and len(err.splitlines()) == 1
    assert "No such file" in err


def test_template_then_score(capsys, tmp_path):
    code, out, err = run_forms(capsys, tmp_path, "template", "phq-9")
    assert (code, err) == (0, "")
    template = json.loads(out)
    assert template["form"] == "phq-9" and template["version"] == 1
    assert set(template["answers"]) == {f"q{n}" for n in range(1, 10)} | {"difficulty"}
    assert all(v is None for v in template["answers"].values())
    q1 = template["allowed"]["q1"]
    assert q1["kind"] == "single_choice" and q1["required"] is True
    assert [o["value"] for o in q1["options"]] == [0, 1, 2, 3]
    assert template["allowed"]["difficulty"]["shown_if"].startswith("q1 is more than 0 or")

    template["answers"] |= {f"q{n}": 1 for n in range(1, 10)} | {"difficulty": "somewhat"}
    path = write(tmp_path / "answers.json", template)
    code, out, err = run_forms(capsys, tmp_path, "score", "phq-9", str(path))
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["scores"] == {"total": 9}  # nine 1s
    assert result["bands"]["total"]["key"] == "mild"
    assert [f["id"] for f in result["flags"]] == ["item9"]


def test_score_reads_a_plain_answers_object_too(capsys, tmp_path):
    path = write(tmp_path / "a.json", {"q1": 4, "q2": 4, "q3": 4})
    code, out, _ = run_forms(capsys, tmp_path, "score", "audit-c", str(path))
    assert code == 0
    assert json.loads(out)["scores"] == {"total": 12}


def test_score_names_the_questions_and_lines_that_do_not_fit(capsys, tmp_path):
    path = write(tmp_path / "a.json", {"q1": 4, "q2": "lots", "q4": 1})
    code, out, err = run_forms(capsys, tmp_path, "score", "audit-c", str(path))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "a.json, line 4: “q4”: there is no such question in audit-c version 1",
        "a.json, line 3: field “q2”: “lots” is not one of its options (0, 1, 2, 3, 4)",
        "a.json, line 1: field “q3”: is shown and needs an answer",
        "cass-desktop: a.json does not fit “audit-c” version 1 (--partial scores a form not "
        "yet finished).",
    ]


def test_score_partial_leaves_unfinished_scores_empty(capsys, tmp_path):
    path = write(tmp_path / "a.json", {"q1": 4})
    code, out, _ = run_forms(capsys, tmp_path, "score", "audit-c", str(path), "--partial")
    assert code == 0
    assert json.loads(out)["scores"] == {"total": None}


def test_score_an_unknown_form_or_version(capsys, tmp_path):
    path = write(tmp_path / "a.json", {})
    code, out, err = run_forms(capsys, tmp_path, "score", "wemwbs", str(path))
    assert code == 1 and out == ""
    assert err.startswith("cass-desktop: There is no form “wemwbs” here. There are: audit,")
    code, _, err = run_forms(capsys, tmp_path, "template", "phq-9", "--form-version", "3")
    assert (code, err) == (1, "cass-desktop: There is no version 3 of “phq-9” here (there is 1).\n")


def test_score_answers_for_another_form(capsys, tmp_path):
    code, out, _ = run_forms(capsys, tmp_path, "template", "gad-7")
    path = write(tmp_path / "a.json", out)
    code, _, err = run_forms(capsys, tmp_path, "score", "phq-9", str(path))
    assert (code, err) == (1, "cass-desktop: a.json holds answers to “gad-7”, not “phq-9”.\n")


def test_score_unreadable_answers(capsys, tmp_path):
    path = write(tmp_path / "a.json", '{"q1": 1,,}')
    code, _, err = run_forms(capsys, tmp_path, "score", "phq-9", str(path))
    assert code == 1
    assert err.startswith("cass-desktop: The answers cannot be read: line 1: it is not valid JSON")
