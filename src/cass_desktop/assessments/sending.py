"""Head office sends a new or revised assessment form to every laptop with the next update."""

from __future__ import annotations

import sqlite_utils

from cass_desktop.data import assessments as data
from cass_desktop.data import local
from cass_desktop.forms import DefinitionError, load_definition, load_registry


class SendRefused(ValueError):
    """Why a form was not sent, in one sentence; nothing was kept."""


def send_form(db: sqlite_utils.Database, text: str, label: str) -> tuple[str, int]:
    """Check a form definition as every laptop will, then keep it to go to every laptop with
    their next update. Returns its id and version.

    Only head office sends forms; the definition must pass the forms engine's checks, and its
    version must be newer than every version held (bundled or sent before), so an old
    assessment always keeps the wording it was made with."""
    if local.get(db, "role") != "head-office":
        raise SendRefused("Only head office sends assessment forms to laptops.")
    try:
        definition = load_definition(text, label)
    except DefinitionError as error:
        raise SendRefused(
            f"{label} was not sent: " + "; ".join(error.lines()) + ". Nothing was kept."
        ) from None
    held = load_registry(data.form_documents(db)).versions(definition.id)
    if held and definition.version <= held[-1]:
        raise SendRefused(
            f"{label} was not sent: version {held[-1]} of “{definition.id}” is already held, "
            f"so a revised form needs a version number above {held[-1]}. Nothing was kept."
        )
    data.save_form_document(db, definition.id, text, definition.version)
    return definition.id, definition.version
