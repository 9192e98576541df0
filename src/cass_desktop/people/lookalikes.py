"""Who may be the same person: a name compared with `names`, a date of birth with
`birth_dates`, one score 0..1 and the reasons in words.

Used by the New person check, the `look-alikes` command, the people import and court lists.
The score is a judgement aid for the worker, never a decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cass_desktop.people.birth_dates import DobMatch, compare_dobs
from cass_desktop.people.names import Name, NameMatch, compare_names

# At or above this a held person is shown as possibly the one being added.
LOOKALIKE_THRESHOLD = 0.8
# A name at least this alike is the same name (accents, hyphens, spellings aside). A different
# date of birth lowers its score below the threshold but never hides it: the date may be the
# slip, and the worker judges.
SAME_NAME = 0.95


@dataclass(frozen=True)
class Likeness:
    score: float  # 0..1: the name's score times what the dates of birth add or take away
    name: NameMatch
    dob: DobMatch

    @property
    def reasons(self) -> list[str]:
        reasons = list(self.name.reasons)
        if self.dob.reason:
            reasons.append(self.dob.reason)
        return reasons

    @property
    def reason_text(self) -> str:
        return ", ".join(self.reasons)

    def likely(self, threshold: float = LOOKALIKE_THRESHOLD) -> bool:
        """Alike enough to be flagged as possibly the same person."""
        return self.score >= threshold

    def shown(self, threshold: float = LOOKALIKE_THRESHOLD) -> bool:
        """Shown to the worker: flagged, or the same name born on another day (shown lower)."""
        return self.likely(threshold) or self.name.score >= SAME_NAME


def held_name(row: Mapping[str, Any]) -> Name:
    """The name of a person as the store holds it (a clients row)."""
    return Name(
        given=row.get("given_name") or "",
        family=row.get("family_name") or "",
        preferred=row.get("preferred_name") or "",
    )


def compare_people(
    a: Name, a_dob: dt.date | str | None, b: Name, b_dob: dt.date | str | None
) -> Likeness:
    """`a` (typed or listed) against `b` (held): names, then dates of birth."""
    name = compare_names(a, b)
    dob = compare_dobs(a_dob, b_dob)
    return Likeness(round(name.score * dob.factor, 3), name, dob)


def rank(
    name: Name,
    date_of_birth: dt.date | str | None,
    rows: Iterable[Mapping[str, Any]],
    *,
    threshold: float = LOOKALIKE_THRESHOLD,
    exclude_id: str | None = None,
    limit: int = 8,
) -> list[tuple[Mapping[str, Any], Likeness]]:
    """The held people in `rows` at or above `threshold`, and those with the same name born on
    another day (below them, by their lowered score), most alike first."""
    found = []
    for row in rows:
        if exclude_id is not None and row.get("id") == exclude_id:
            continue
        likeness = compare_people(name, date_of_birth, held_name(row), row.get("date_of_birth"))
        if likeness.shown(threshold):
            found.append((row, likeness))
    found.sort(key=lambda pair: (-pair[1].score, str(pair[0].get("family_name") or "")))
    return found[:limit]
