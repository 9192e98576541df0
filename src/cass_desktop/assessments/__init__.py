"""Assessments of a person: drafts, completing one, history, proposed needs, a package of support.

The forms engine (cass_desktop.forms) knows definitions and scoring; this capability owns the
rules of assessing someone:
- the forms a worker can start are the bundled ones and head office's (newest version wins);
  an assessment keeps the version it was made with, and is shown and scored with it;
- a draft is saved as the worker types and stays on this laptop until it is completed;
- a completed assessment is read-only: a correction is a new assessment naming the one it
  corrects (`start(..., corrects=id)` begins one with the same answers);
- the needs a result proposes are recorded only when the worker confirms them.
"""

from __future__ import annotations

from cass_desktop.assessments.core import (
    Completed,
    Draft,
    Point,
    complete,
    delete_draft,
    draft,
    drafts,
    history,
    registry,
    rescore_all,
    save_answers,
    series,
    start,
)
from cass_desktop.assessments.needs import Confirmed, open_needs, record_needs
from cass_desktop.assessments.support import Suggestion, area_match, package_of_support

__all__ = [
    "Completed",
    "Confirmed",
    "Draft",
    "Point",
    "Suggestion",
    "area_match",
    "complete",
    "delete_draft",
    "draft",
    "drafts",
    "history",
    "open_needs",
    "package_of_support",
    "record_needs",
    "registry",
    "rescore_all",
    "save_answers",
    "series",
    "start",
]
