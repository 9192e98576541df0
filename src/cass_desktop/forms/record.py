"""A completed assessment: what is stored, and re-scoring it with the version it was made with.

Once completed an assessment is read-only: a correction is a new assessment whose `corrects`
names the one it corrects. The record keeps the form's id, version and fingerprint, every
answer shown, and the scores, bands, flags and proposed needs computed then, so it can be
shown without re-scoring, and re-scored to prove it still scores the same (`differences`).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cass_desktop.forms.errors import AnswersError, FormError
from cass_desktop.forms.limits import Refused, read_json
from cass_desktop.forms.model import FormDefinition
from cass_desktop.forms.registry import Registry
from cass_desktop.forms.scoring import Result, band_dict, score_answers, score_trusted

# The JSON columns of a record, which may be given as text (as the store keeps them).
JSON_KEYS = ("answers", "scores", "bands", "flags", "needs")
RECORD_KEYS = (
    "form_id",
    "form_version",
    "form_sha256",
    *JSON_KEYS,
    "completed_by",
    "completed_at",
    "corrects",
)


@dataclass(frozen=True)
class Assessment:
    form_id: str
    form_version: int
    form_sha256: str
    answers: Mapping[str, Any]
    scores: Mapping[str, int | None]
    bands: Mapping[str, Mapping[str, Any] | None]
    flags: tuple[Mapping[str, Any], ...]
    needs: tuple[Mapping[str, Any], ...]
    completed_by: str
    completed_at: str  # ISO 8601, to the second
    corrects: str | None = None  # the id of the assessment this one corrects

    def to_record(self) -> dict[str, Any]:
        """The record to store: plain JSON values (copies), keys as RECORD_KEYS."""
        return copy.deepcopy(
            {
                "form_id": self.form_id,
                "form_version": self.form_version,
                "form_sha256": self.form_sha256,
                "answers": dict(self.answers),
                "scores": dict(self.scores),
                "bands": dict(self.bands),
                "flags": [dict(f) for f in self.flags],
                "needs": [dict(n) for n in self.needs],
                "completed_by": self.completed_by,
                "completed_at": self.completed_at,
                "corrects": self.corrects,
            }
        )

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Assessment:
        """An assessment from a stored record (its JSON columns as values or as JSON text).

        Other keys (the store's id, client_id, created...) are passed over. Raises FormError
        when the record is not the shape stored.
        """
        values = {key: record.get(key) for key in RECORD_KEYS}
        for key in JSON_KEYS:
            if isinstance(values[key], str | bytes):
                try:
                    values[key] = read_json(values[key])
                except Refused as refused:
                    raise FormError(
                        f"The stored assessment's {key} cannot be read: {refused.problem.message}."
                    ) from None
        shapes = {
            "form_id": str,
            "form_version": int,
            "answers": dict,
            "scores": dict,
            "bands": dict,
            "flags": list,
            "needs": list,
            "completed_by": str,
            "completed_at": str,
        }
        for key, shape in shapes.items():
            if not isinstance(values[key], shape) or isinstance(values[key], bool):
                raise FormError(f"The stored assessment has no usable {key}.")
        return cls(
            form_id=values["form_id"],
            form_version=values["form_version"],
            form_sha256=values["form_sha256"] or "",
            answers=values["answers"],
            scores=values["scores"],
            bands=values["bands"],
            flags=tuple(values["flags"]),
            needs=tuple(values["needs"]),
            completed_by=values["completed_by"],
            completed_at=values["completed_at"],
            corrects=values["corrects"],
        )


def complete(
    definition: FormDefinition,
    answers: Mapping[str, Any],
    *,
    completed_by: str,
    completed_at: dt.datetime | str | None = None,
    corrects: str | None = None,
) -> Assessment:
    """The completed assessment, scored. Raises AnswersError (every problem, each naming its
    question) unless every question shown that needs an answer has one, and all answers fit.

    Answers to questions that are not shown are left out of the record.
    """
    if not completed_by:
        raise FormError("An assessment needs the worker who completed it.")
    result = score_answers(definition, answers, partial=False)
    return Assessment(
        form_id=definition.id,
        form_version=definition.version,
        form_sha256=definition.sha256,
        answers=dict(result.answers),
        scores=dict(result.scores),
        bands={key: band_dict(band) for key, band in result.bands.items()},
        flags=tuple(f.to_dict() for f in result.flags),
        needs=tuple(n.to_dict() for n in result.needs),
        completed_by=completed_by,
        completed_at=_when(completed_at),
        corrects=corrects,
    )


def definition_for(record: Assessment | Mapping[str, Any], registry: Registry) -> FormDefinition:
    """The definition the assessment was made with (its own version), or FormError."""
    form_id, version, sha256, _ = _scoring_parts(record)
    return _held(registry, form_id, version, sha256)


def _held(registry: Registry, form_id: str, version: int, sha256: str) -> FormDefinition:
    definition = registry.get(form_id, version)
    if definition is None:
        raise FormError(
            f"This assessment was made with “{form_id}” version {version}, which this laptop "
            "does not hold."
        )
    if sha256 and sha256 != definition.sha256:
        raise FormError(
            f"This assessment was made with a different “{form_id}” version {version} from "
            "the one held here (their fingerprints differ)."
        )
    return definition


def _scoring_parts(
    record: Assessment | Mapping[str, Any],
) -> tuple[str, int, str, Mapping[str, Any]]:
    """(form id, version, fingerprint, answers): all re-scoring needs, read without building
    a whole Assessment (a report re-scores thousands)."""
    if isinstance(record, Assessment):
        return record.form_id, record.form_version, record.form_sha256, record.answers
    answers = record.get("answers")
    if isinstance(answers, str | bytes) or not isinstance(answers, Mapping):
        return _scoring_parts(Assessment.from_record(record))
    form_id, version = record.get("form_id"), record.get("form_version")
    if not isinstance(form_id, str) or type(version) is not int:
        return _scoring_parts(Assessment.from_record(record))  # says what is wrong
    return form_id, version, record.get("form_sha256") or "", answers


def rescore(
    record: Assessment | Mapping[str, Any], registry: Registry, *, check: bool = True
) -> Result:
    """The assessment scored again with the definition version it was made with.

    With `check` (the default) its answers are checked first, as a record from another laptop
    should be: AnswersError if they do not fit. check=False trusts them (they were checked
    when this laptop completed them).
    """
    form_id, version, sha256, answers = _scoring_parts(record)
    definition = _held(registry, form_id, version, sha256)
    if not check:
        return score_trusted(definition, answers)
    try:
        return score_answers(definition, answers, partial=False)
    except AnswersError as error:
        raise AnswersError(f"the stored {error.form}", error.problems) from None


def differences(record: Assessment | Mapping[str, Any], registry: Registry) -> list[str]:
    """How the stored scores, bands and flags differ from scoring it again (none: the same)."""
    assessment = record if isinstance(record, Assessment) else Assessment.from_record(record)
    again = rescore(assessment, registry)
    found: list[str] = []
    for key in sorted(set(assessment.scores) | set(again.scores)):
        if assessment.scores.get(key) != again.scores.get(key):
            found.append(
                f"score “{key}”: stored {assessment.scores.get(key)}, now {again.scores.get(key)}"
            )
    for key in sorted(set(assessment.bands) | set(again.bands)):
        stored, now = assessment.bands.get(key), band_dict(again.bands.get(key))
        if (stored or {}).get("key") != (now or {}).get("key"):
            found.append(
                f"band of “{key}”: stored {(stored or {}).get('key')}, now {(now or {}).get('key')}"
            )
    stored_flags = [f.get("id") for f in assessment.flags if isinstance(f, Mapping)]
    now_flags = [f.id for f in again.flags]
    if stored_flags != now_flags:
        found.append(f"flags: stored {stored_flags}, now {now_flags}")
    return found


def _when(value: dt.datetime | str | None) -> str:
    if value is None:
        return dt.datetime.now().isoformat(timespec="seconds")
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    try:
        dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise FormError(f"“{value}” is not a date and time (ISO 8601).") from None
    return value
