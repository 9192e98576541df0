"""The `cass-desktop forms` commands for form authors, as functions returning what to print.

cli.py parses the arguments and prints; everything else is here. Only `forms list` looks at
head office's definitions, which the caller passes in as the store's documents rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cass_desktop.forms.errors import AnswersError, DefinitionError, FormError
from cass_desktop.forms.limits import MAX_BYTES
from cass_desktop.forms.load import load_definition
from cass_desktop.forms.locate import line_for, lines_by_path
from cass_desktop.forms.model import FormDefinition
from cass_desktop.forms.registry import Registry, load_registry
from cass_desktop.forms.scoring import score_answers
from cass_desktop.forms.template import answers_template, read_answers

COMMANDS = ("list", "check", "score", "template")


@dataclass
class Outcome:
    """Exit code, lines for standard output, lines for standard error."""

    code: int = 0
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)


def run(
    command: str, options: Mapping[str, Any], documents: Iterable[Mapping[str, Any]] = ()
) -> Outcome:
    """One command: `options` holds its arguments by name (file, form_id, answers,
    form_version, partial), as argparse gives them; `documents` the store's rows."""
    try:
        if command == "list":
            return list_forms(documents)
        if command == "check":
            return check_file(Path(options["file"]))
        registry = load_registry(documents)
        if command == "score":
            return score_file(
                registry,
                options["form_id"],
                Path(options["answers"]),
                version=options.get("form_version"),
                partial=bool(options.get("partial")),
            )
        if command == "template":
            return template(registry, options["form_id"], version=options.get("form_version"))
    except FormError as error:
        return Outcome(1, [], [f"cass-desktop: {error}"])
    raise ValueError(f"no forms command {command}")


def list_forms(documents: Iterable[Mapping[str, Any]] = ()) -> Outcome:
    """Every definition held: id, version, title, where it came from, licence; newest last."""
    registry = load_registry(documents)
    entries = registry.entries()
    width = max((len(e.id) for e in entries), default=2)
    lines = [
        f"{e.id:<{width}}  v{e.version:<3} {e.origin:<11}  {e.definition.title}  "
        f"[{e.definition.licence.describe()}]"
        for e in entries
    ]
    err = [f"{r.label} was refused: {line}" for r in registry.refused for line in r.lines()]
    return Outcome(0, lines, err)


def check_file(path: Path) -> Outcome:
    """Exit 0 with a summary, or 1 with each problem on its own line naming the field."""
    label = path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            return Outcome(1, [], [f"{label}: it is larger than {MAX_BYTES // 1024} KiB"])
        data = path.read_bytes()
    except OSError as error:
        return Outcome(1, [], [f"{path}: {error.strerror or error}"])
    try:
        definition = load_definition(data, label)
    except DefinitionError as error:
        lines = error.lines()
        count = len(lines)
        summary = f"{label} was refused ({count} problem{'s' if count != 1 else ''}); "
        return Outcome(1, [], [*lines, f"cass-desktop: {summary}nothing in it was loaded."])
    registry = load_registry()
    held = registry.entry(definition.id, definition.version)
    if held is not None and held.definition.sha256 != definition.sha256:
        return Outcome(
            1,
            [],
            [
                f"{label}: version {definition.version} of “{definition.id}” is already "
                f"{held.label} with different content; a revised form needs a new version "
                "number"
            ],
        )
    notes = [
        f"{label}: note: flag “{flag.id}” offers “{flag.offer}”, which this laptop does not hold"
        for flag in definition.flags
        if flag.offer and registry.latest(flag.offer) is None and flag.offer != definition.id
    ]
    return Outcome(0, [_summary(label, definition)], notes)


def _summary(label: str, definition: FormDefinition) -> str:
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    parts = [
        count(len(definition.sections), "section"),
        count(len(definition.fields), "field"),
        count(len(definition.scores), "score"),
        count(len(definition.flags), "flag rule"),
        count(len(definition.needs), "need rule"),
    ]
    return (
        f"{label}: “{definition.id}” version {definition.version} ({definition.title}) "
        f"is a valid form: {', '.join(parts)}."
    )


def _definition(registry: Registry, form_id: str, version: int | None) -> FormDefinition:
    definition = registry.get(form_id, version) if version else registry.latest(form_id)
    if definition is not None:
        return definition
    if version and registry.versions(form_id):
        held = ", ".join(str(v) for v in registry.versions(form_id))
        raise FormError(f"There is no version {version} of “{form_id}” here (there is {held}).")
    names = ", ".join(e.id for e in registry.available())
    raise FormError(f"There is no form “{form_id}” here. There are: {names}.")


def score_file(
    registry: Registry,
    form_id: str,
    answers_path: Path,
    *,
    version: int | None = None,
    partial: bool = False,
) -> Outcome:
    try:
        if answers_path.stat().st_size > MAX_BYTES:
            raise FormError(f"{answers_path.name} is larger than {MAX_BYTES // 1024} KiB.")
        data = answers_path.read_bytes()
    except OSError as error:
        raise FormError(f"{answers_path}: {error.strerror or error}.") from None
    answers, named_form, named_version, nested = read_answers(data)
    if named_form is not None and named_form != form_id:
        raise FormError(f"{answers_path.name} holds answers to “{named_form}”, not “{form_id}”.")
    definition = _definition(registry, form_id, version or named_version)
    try:
        result = score_answers(definition, answers, partial=partial)
    except AnswersError as error:
        text = data.decode("utf-8-sig", "replace")
        lines = lines_by_path(text)
        prefix: tuple[str, ...] = ("answers",) if nested else ()
        err = []
        for problem in error.problems:
            line = line_for(lines, (*prefix, *problem.path))
            err.append(problem.__class__(problem.where, problem.message, line=line))
        described = [p.describe(answers_path.name) for p in err]
        unfinished = any(p.message.endswith("needs an answer") for p in error.problems)
        tail = " (--partial scores a form not yet finished)" if unfinished and not partial else ""
        summary = f"cass-desktop: {answers_path.name} does not fit {definition.label}{tail}."
        return Outcome(1, [], [*described, summary])
    return Outcome(0, [json.dumps(result.to_dict(), indent=2, ensure_ascii=False)], [])


def template(registry: Registry, form_id: str, *, version: int | None = None) -> Outcome:
    definition = _definition(registry, form_id, version)
    text = json.dumps(answers_template(definition), indent=2, ensure_ascii=False)
    return Outcome(0, [text], [])
