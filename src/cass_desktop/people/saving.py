"""Saving what a worker typed about a person: checked by `validation`, then stored.

The one way a person's details are written from a form (the New person and Edit details
dialogs, and anything after them such as a people import): `save_client` checks the form
with `validation.check_client` and refuses it whole, changing nothing, when anything needs
putting right; otherwise it stores the values `validation.client_values` gives, through the
change log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import clients
from cass_desktop.people import validation


class ClientInvalid(Exception):
    """What needs putting right before a person can be saved: the problems, field by field."""

    def __init__(self, problems: list[validation.Problem]):
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def save_client(
    db: sqlite_utils.Database,
    form: Mapping[str, Any],
    client_id: str | None = None,
    *,
    site_id: str | None = None,
    site_code: str | None = None,
) -> str:
    """Save a new person (at `site_id`, their reference starting `site_code`) or the details
    of `client_id`, from the form as typed (dates as 27/11/2026). Returns their id; raises
    ClientInvalid, saving nothing, when the form has problems."""
    problems = validation.check_client(form)
    if problems:
        raise ClientInvalid(problems)
    values = validation.client_values(form)
    if client_id:
        clients.update(db, client_id, values)
        return client_id
    values["site_id"] = site_id
    return clients.create(db, values, site_code)
