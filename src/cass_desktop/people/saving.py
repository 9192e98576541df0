"""Saving what a worker typed about a person: checked by `validation`, then stored.

The one way a person's details are written from a form (the New person and Edit details
dialogs, and anything after them such as a people import): `save_client` checks the form
with `validation.check_client` and refuses it whole, changing nothing, when anything needs
putting right; otherwise it stores the values `validation.client_values` gives, through the
change log. A new person's answer to consent to hold (`hold_consent` in the form) is recorded
with them, in the same transaction; someone who said no keeps only the minimum (people/hold.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlite_utils

from cass_desktop.data import clients
from cass_desktop.people import hold, validation


class ClientInvalid(Exception):
    """What needs putting right before a person can be saved: the problems, field by field."""

    def __init__(self, problems: list[validation.Problem]):
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


ASK_HOLD = "Say whether they agree to their information being held, or that you have not asked yet."


def form_problems(
    db: sqlite_utils.Database, form: Mapping[str, Any], client_id: str | None = None
) -> list[validation.Problem]:
    """Everything to put right before the form can be saved: what `validation` finds, the
    answer to consent to hold for a new person (when the form asks it), and, for someone who
    has not agreed to their information being held, any detail beyond the minimum (one
    sentence, about the consent: `hold_consent`)."""
    problems = validation.check_client(form)
    if client_id:
        answer = hold.answer(db, client_id)
    else:
        answer = form.get("hold_consent") or hold.NOT_ASKED
        if "hold_consent" in form and form["hold_consent"] not in hold.ANSWERS:
            problems.append(validation.Problem("hold_consent", ASK_HOLD))
    typed = {name: (str(form.get(name) or "").strip() or None) for name in validation.TEXT_FIELDS}
    extra = hold.extra_problem("clients", typed, answer)
    if extra:
        problems.append(validation.Problem("hold_consent", extra[1]))
    return problems


def save_client(
    db: sqlite_utils.Database,
    form: Mapping[str, Any],
    client_id: str | None = None,
    *,
    site_id: str | None = None,
    site_code: str | None = None,
    worker_id: str | None = None,
    imported: bool = False,
) -> str:
    """Save a new person (at `site_id`, their reference starting `site_code`) or the details
    of `client_id`, from the form as typed (dates as 27/11/2026). Returns their id; raises
    ClientInvalid, saving nothing, when the form has problems. `worker_id` recorded the new
    person's answer to consent to hold; `imported`: the person comes from a spreadsheet."""
    problems = form_problems(db, form, client_id)
    if problems:
        raise ClientInvalid(problems)
    values = validation.client_values(form)
    if client_id:
        clients.update(db, client_id, values)
        return client_id
    values["site_id"] = site_id
    with db.atomic():
        new_id = clients.create(db, values, site_code, imported=imported)
        hold.record(
            db,
            new_id,
            form.get("hold_consent") or hold.NOT_ASKED,
            worker_id=worker_id,
            how=None if imported else "verbal",
            notes="From a spreadsheet import" if imported else None,
        )
    return new_id
