"""Starting, saving, completing and listing a person's assessments."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from cass_desktop import forms
from cass_desktop.data import assessments as data
from cass_desktop.forms.answers import is_answered
from cass_desktop.forms.limits import Refused, read_json
from cass_desktop.forms.model import FormDefinition, Score
from cass_desktop.people import hold


@dataclass(frozen=True)
class Draft:
    id: str
    client_id: str
    definition: FormDefinition
    answers: dict[str, Any]
    corrects: str | None = None
    started_at: str = ""
    saved_at: str = ""


@dataclass(frozen=True)
class Completed:
    """A completed assessment as stored, with the definition it was made with (None when this
    laptop does not hold that version: it is still listed, with its stored scores)."""

    id: str
    row: dict[str, Any]
    record: forms.Assessment
    definition: FormDefinition | None
    corrected: bool = False  # a later assessment corrects this one

    @property
    def title(self) -> str:
        if self.definition is not None:
            return self.definition.title
        return self.record.form_id


@dataclass(frozen=True)
class Point:
    """One scored tool over time: its main score at each completed assessment, oldest first."""

    form_id: str
    title: str
    score: Score
    points: list[tuple[str, int, str]] = field(default_factory=list)  # (date, value, band)


def registry(db: sqlite_utils.Database) -> forms.Registry:
    """Every form this laptop holds: bundled, and head office's from the store."""
    return forms.load_registry(data.form_documents(db))


def _refuse_without_consent(db: sqlite_utils.Database, client_id: str) -> None:
    """No assessment is kept about someone who has not agreed to their information being held."""
    if hold.answer(db, client_id) == hold.NO:
        raise forms.FormError(hold.refusal("assessments"))


def start(
    db: sqlite_utils.Database,
    client_id: str,
    form_id: str,
    *,
    worker_id: str | None,
    corrects: str | None = None,
    held: forms.Registry | None = None,
) -> Draft:
    """A new draft of the newest version of the form. A correction starts from the answers of
    the assessment it corrects (those its questions still have)."""
    _refuse_without_consent(db, client_id)
    held = held or registry(db)
    definition = held.latest(form_id)
    if definition is None:
        raise forms.FormError(f"This laptop does not hold the form “{form_id}”.")
    answers: dict[str, Any] = {}
    if corrects is not None:
        original = data.get(db, corrects)
        if original is None or original["client_id"] != client_id or original["deleted"]:
            raise forms.FormError("The assessment to correct is not this person's.")
        before = forms.Assessment.from_record(original)
        answers = {k: v for k, v in before.answers.items() if k in definition.by_id}
    draft_id = data.new_draft(
        db,
        client_id,
        definition.id,
        definition.version,
        worker_id=worker_id,
        corrects=corrects,
        answers=answers,
    )
    found = draft(db, draft_id, held=held)
    assert found is not None
    return found


def draft(
    db: sqlite_utils.Database, draft_id: str, *, held: forms.Registry | None = None
) -> Draft | None:
    """A draft to resume, with the version of the form it was started with."""
    row = data.get_draft(db, draft_id)
    if row is None:
        return None
    held = held or registry(db)
    definition = held.get(row["form_id"], row["form_version"])
    if definition is None:
        raise forms.FormError(
            f"This draft uses “{row['form_id']}” version {row['form_version']}, which this "
            "laptop no longer holds."
        )
    answers = row["answers"] if isinstance(row["answers"], dict) else {}
    return Draft(
        row["id"],
        row["client_id"],
        definition,
        answers,
        row["corrects"],
        row["started_at"],
        row["saved_at"],
    )


def drafts(db: sqlite_utils.Database, client_id: str) -> list[dict[str, Any]]:
    """The person's drafts, last saved first."""
    return data.drafts_for_client(db, client_id)


def save_answers(db: sqlite_utils.Database, draft_id: str, answers: Mapping[str, Any]) -> None:
    """Keep the answers so far (as the worker types: nothing is checked until Complete)."""
    data.save_draft(db, draft_id, {k: v for k, v in answers.items() if is_answered(v)})


def delete_draft(db: sqlite_utils.Database, draft_id: str) -> None:
    data.delete_draft(db, draft_id)


def complete(
    db: sqlite_utils.Database,
    draft_id: str,
    answers: Mapping[str, Any] | None = None,
    *,
    worker_id: str | None,
    completed_at: str | None = None,
) -> str:
    """Complete the draft (with `answers`, if given): check and score it, store it read-only
    and drop the draft, in one transaction. Raises AnswersError (every problem) if a shown
    question still needs an answer or an answer does not fit."""
    if not worker_id:
        raise forms.FormError("Set up this laptop with its worker before completing assessments.")
    found = draft(db, draft_id)
    if found is None:
        raise forms.FormError("This draft is no longer held.")
    _refuse_without_consent(db, found.client_id)
    given = dict(found.answers if answers is None else answers)
    done = forms.complete(
        found.definition,
        given,
        completed_by=worker_id,
        completed_at=completed_at,
        corrects=found.corrects,
    )
    with db.atomic():
        assessment_id = data.create(
            db, {"client_id": found.client_id, "status": "completed", **done.to_record()}
        )
        data.delete_draft(db, draft_id)
    return assessment_id


def history(
    db: sqlite_utils.Database, client_id: str, *, held: forms.Registry | None = None
) -> list[Completed]:
    """The person's completed assessments, newest first."""
    held = held or registry(db)
    corrected = data.corrected_ids(db, client_id)
    found: list[Completed] = []
    for row in data.for_client(db, client_id):
        try:
            record = forms.Assessment.from_record(row)
        except forms.FormError:
            continue  # not the shape stored: nothing to show
        definition = held.get(record.form_id, record.form_version)
        if definition is not None and record.form_sha256 not in ("", definition.sha256):
            definition = None
        found.append(Completed(row["id"], row, record, definition, row["id"] in corrected))
    found.reverse()
    return found


def completed(
    db: sqlite_utils.Database, assessment_id: str, *, held: forms.Registry | None = None
) -> Completed | None:
    """One completed assessment, as `history` lists it."""
    row = data.get(db, assessment_id)
    if row is None or row["deleted"]:
        return None
    for done in history(db, row["client_id"], held=held):
        if done.id == assessment_id:
            return done
    return None


def draft_held(db: sqlite_utils.Database, draft_id: str) -> bool:
    return data.get_draft(db, draft_id) is not None


def main_score(definition: FormDefinition) -> Score | None:
    """The score a tool is known by: its first with bands, else its last."""
    if not definition.scores:
        return None
    banded = [s for s in definition.scores if s.bands]
    return banded[0] if banded else definition.scores[-1]


def series(
    db: sqlite_utils.Database, client_id: str, *, held: forms.Registry | None = None
) -> list[Point]:
    """Each scored tool the person has completed, its main score over time (corrected
    assessments left out: their correction stands for them)."""
    by_form: dict[str, Point] = {}
    for done in reversed(history(db, client_id, held=held)):
        if done.corrected or done.definition is None:
            continue
        score = main_score(done.definition)
        if score is None:
            continue
        value = done.record.scores.get(score.id)
        if not isinstance(value, int):
            continue
        band = done.record.bands.get(score.id) or {}
        line = by_form.get(done.record.form_id)
        if line is None:
            line = by_form[done.record.form_id] = Point(
                done.record.form_id, done.definition.title, score
            )
        else:  # the newest version's range and bands are drawn
            by_form[done.record.form_id] = line = Point(
                line.form_id, done.definition.title, score, line.points
            )
        line.points.append((done.record.completed_at[:10], value, str(band.get("label") or "")))
    return list(by_form.values())


def rescore_all(
    db: sqlite_utils.Database, form_id: str | None = None, *, held: forms.Registry | None = None
) -> Iterator[tuple[dict[str, Any], forms.Result]]:
    """Every stored assessment (of one form) scored again with its own version, for a report."""
    held = held or registry(db)
    for row in data.iter_completed(db, form_id):
        try:
            row["answers"] = read_json(row["answers"] or "{}")
        except Refused as refused:
            raise forms.FormError(
                f"A stored assessment's answers cannot be read: {refused.problem.message}."
            ) from None
        yield row, forms.rescore(row, held)
