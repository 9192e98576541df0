"""Assessment forms as data: definitions, answers, scores, bands, flags and proposed needs.

    registry = load_registry(documents_rows)       # bundled + head office's, every version
    form = registry.latest("phq-9")                # the version for a NEW assessment
    visible_fields(form, answers)                  # what to show as the worker types
    check_answers(form, draft, partial=True)       # a draft: problems so far
    result = score_answers(form, draft)            # running score, bands, flags, needs
    done = complete(form, answers, completed_by=worker_id)   # AnswersError if not finished
    store(done.to_record())                        # plain JSON values
    rescore(stored_record, registry)               # with the version it was made with

Definitions are JSON (docs/forms.md): bundled in resources/forms/, sent by head office in the
store's `documents` (kind 'form'). Pure Python: no Qt, no SQL, no store.
"""

from __future__ import annotations

from cass_desktop.forms.answers import check_answers, shown, visible_fields
from cass_desktop.forms.conditions import describe as describe_condition
from cass_desktop.forms.errors import AnswersError, DefinitionError, FormError, Problem
from cass_desktop.forms.load import check_definition, load_definition
from cass_desktop.forms.model import (
    KINDS,
    Band,
    Field,
    FlagRule,
    FormDefinition,
    Licence,
    NeedRule,
    Option,
    Score,
    Section,
)
from cass_desktop.forms.needs import ProposedNeed
from cass_desktop.forms.record import Assessment, complete, definition_for, differences, rescore
from cass_desktop.forms.registry import (
    BUNDLED,
    HEAD_OFFICE,
    Entry,
    Refusal,
    Registry,
    load_registry,
)
from cass_desktop.forms.scoring import Flag, Result, score_answers, score_trusted
from cass_desktop.forms.template import answers_template

__all__ = [
    "BUNDLED",
    "HEAD_OFFICE",
    "KINDS",
    "AnswersError",
    "Assessment",
    "Band",
    "DefinitionError",
    "Entry",
    "Field",
    "Flag",
    "FlagRule",
    "FormDefinition",
    "FormError",
    "Licence",
    "NeedRule",
    "Option",
    "Problem",
    "ProposedNeed",
    "Refusal",
    "Registry",
    "Result",
    "Score",
    "Section",
    "answers_template",
    "check_answers",
    "check_definition",
    "complete",
    "definition_for",
    "describe_condition",
    "differences",
    "load_definition",
    "load_registry",
    "rescore",
    "score_answers",
    "score_trusted",
    "shown",
    "visible_fields",
]
