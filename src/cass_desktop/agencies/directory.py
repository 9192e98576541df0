"""Adding an agency to the directory or changing one, as a worker types it: its rules (a name,
an email address that is one, and a second agency of the same name only when the worker says
so) and saving it. The Agency dialog writes the directory only through here; a spreadsheet
import is csv_import.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import agencies
from cass_desktop.records.formats import is_email


class AgencyInvalid(ValueError):
    """An agency that cannot be saved as given: one plain sentence, and the field to fix."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


class NameTaken(AgencyInvalid):
    """Another agency already has this name; `.other` is that agency. Saving again with
    `keep_both=True` adds the second."""

    def __init__(self, other: Mapping[str, Any]):
        super().__init__(f"There is already an agency called “{other['name']}”.", "name")
        self.other = other


def check_agency(values: Mapping[str, Any]) -> None:
    """Raise AgencyInvalid when the agency has no name or its email is not an address."""
    if not (values.get("name") or "").strip():
        raise AgencyInvalid("Enter the agency's name.", "name")
    email = values.get("email")
    if email and not is_email(email):
        raise AgencyInvalid(
            f"“{email}” is not an email address. Check it (it should look like "
            "someone@agency.org.uk), or leave the email empty.",
            "email",
        )


def save_agency(
    db: sqlite_utils.Database,
    values: Mapping[str, Any],
    agency_id: str | None = None,
    *,
    keep_both: bool = False,
) -> str:
    """Save a new agency, or `agency_id`'s details; returns its id. Raises AgencyInvalid (or
    NameTaken, unless `keep_both`), saving nothing, when something needs putting right."""
    check_agency(values)
    other = agencies.name_taken(db, values["name"], exclude_id=agency_id)
    if other is not None and not keep_both:
        raise NameTaken(other)
    if agency_id:
        agencies.update(db, agency_id, values)
        return agency_id
    return agencies.create(db, values)
