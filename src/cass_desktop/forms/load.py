"""Loading a form definition: JSON text in, a checked FormDefinition out, or every problem.

The definition is read whole and every problem is collected (each naming its field and line);
if there is any, DefinitionError is raised and nothing is returned: never half a form. The
format is described in docs/forms.md; scoring rules are read by load_scoring.py.

The module stays whole though it is over 500 lines: `_Loader` is one walk over one definition
(top, sections, fields, options, validation), each step adding its problems to the same Checker
in the order the file is read; the scoring rules, the one part that stands on its own, are
already in load_scoring.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from cass_desktop.forms import conditions, load_scoring, model
from cass_desktop.forms.check import Checker, Path, TooMany, type_name
from cass_desktop.forms.errors import DefinitionError, Problem
from cass_desktop.forms.limits import (
    MAX_DOMAINS,
    MAX_FIELDS,
    MAX_HELP,
    MAX_LABEL,
    MAX_LONG_TEXT_ANSWER,
    MAX_NUMBER,
    MAX_OPTIONS,
    MAX_PATTERNED_ANSWER,
    MAX_SCALE_STEPS,
    MAX_SCORE_VALUE,
    MAX_SECTIONS,
    MAX_TEXT_ANSWER,
    MAX_TITLE,
    Refused,
    read_json,
)
from cass_desktop.forms.locate import line_for, lines_by_path
from cass_desktop.forms.model import Field, FormDefinition, Option, Section, Validation
from cass_desktop.forms.patterns import PatternError, compile_pattern
from cass_desktop.records.vocab import NEED_DOMAINS

# The definition format this code reads. A later format is refused, never half-understood.
FORMAT = 1
MAX_VERSION = 1_000_000  # as the store's documents.version
_DOMAIN_KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")  # as vocab's keys

_TOP = ("format", "id", "version", "title", "purpose", "licence", "domains", "sections", "scoring")
_TOP_REQUIRED = ("format", "id", "version", "title", "licence", "sections")
_SECTION = ("id", "title", "help", "show_if", "fields")
_FIELD = (
    "id",
    "kind",
    "label",
    "help",
    "required",
    "options",
    "validation",
    "show_if",
    "scores",
    "min_label",
    "max_label",
)
_OPTION = ("value", "label", "score", "help")
# Which validation keys each kind takes.
_VALIDATION = {
    model.TEXT: ("max_length", "pattern", "pattern_hint"),
    model.LONG_TEXT: ("max_length",),
    model.NUMBER: ("min", "max", "integer"),
    model.DATE: ("min", "max"),
    model.YES_NO: (),
    model.SINGLE_CHOICE: (),
    model.MULTIPLE_CHOICE: ("min", "max"),
    model.SCALE: ("min", "max"),
}


def load_definition(data: str | bytes | Mapping[str, Any], label: str) -> FormDefinition:
    """The checked definition in `data` (JSON text, or JSON already parsed).

    `label` names it in messages (a file name, or head office's form and version). Raises
    DefinitionError with every problem found, each naming the field and, for text, the line.
    """
    text: str | None = None
    if isinstance(data, str | bytes):
        try:
            raw = read_json(data)
        except Refused as refused:
            raise DefinitionError(label, [refused.problem]) from None
        text = data.decode("utf-8-sig", "replace") if isinstance(data, bytes) else data
    else:
        raw = data
    if not isinstance(raw, dict):
        problem = Problem("", f"should hold one JSON object {{ }}, not {type_name(raw)}")
        raise DefinitionError(label, [problem])
    checker = Checker()
    try:
        definition = _Loader(checker).load(raw)
    except TooMany:
        definition = None
    if definition is None and not checker.problems:  # never refused without a reason
        checker.problems.append(Problem("the form", "is not complete"))
    if checker.problems or definition is None:
        raise DefinitionError(label, _with_lines(checker.problems, text))
    return definition


def check_definition(data: str | bytes | Mapping[str, Any], label: str) -> list[Problem]:
    """Every problem in the definition (none: it would load)."""
    try:
        load_definition(data, label)
    except DefinitionError as error:
        return error.problems
    return []


def fingerprint(raw: Mapping[str, Any]) -> str:
    """SHA-256 of the definition's content, whatever its spacing and key order."""
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _with_lines(problems: list[Problem], text: str | None) -> list[Problem]:
    if text is None or not problems:
        return problems
    lines = lines_by_path(text.removeprefix("\ufeff"))
    return [p if p.line else replace(p, line=line_for(lines, p.path)) for p in problems]


class _Loader:
    def __init__(self, checker: Checker):
        self.c = checker
        self.fields: dict[str, Field] = {}  # in form order, as they are read
        self.broken: set[str] = set()  # fields with a problem: references to them say nothing
        self.broken_sections: set[str] = set()  # sections holding one
        self.all_ids: list[str] = []
        self.hideable: set[str] = set()  # fields in a section with a show-if

    def load(self, raw: dict[str, Any]) -> FormDefinition | None:
        c = self.c
        c.keys(raw, (), "the form", _TOP, _TOP_REQUIRED)
        form_format = c.integer(raw, "format", (), "the form", 1, 1_000_000)
        if form_format is not None and form_format > FORMAT:
            c.add(
                ("format",),
                "the form",
                f"is written in format {form_format}, which needs a newer CASS Desktop "
                f"(this one reads format {FORMAT})",
            )
            return None
        form_id = c.ident(raw, "id", (), "the form")
        version = c.integer(raw, "version", (), "the form", 1, MAX_VERSION, required=True)
        title = c.text(raw, "title", (), "the form", MAX_TITLE, required=True)
        purpose = c.text(raw, "purpose", (), "the form", MAX_HELP, lines=True) or ""
        licence = self._licence(raw.get("licence"))
        domains = self._domains(raw.get("domains"))
        sections = self._sections(raw)
        scored = load_scoring.read(
            c,
            raw.get("scoring"),
            self.fields,
            self.broken,
            self.broken_sections,
            domains,
            self._may_hide,
        )
        if c.problems or None in (form_id, version, title, licence, sections, scored):
            return None
        scores, flags, needs = scored
        return FormDefinition(
            format=FORMAT,
            id=form_id,
            version=version,
            title=title,
            purpose=purpose,
            licence=licence,
            sections=tuple(sections),
            fields=tuple(self.fields.values()),
            scores=scores,
            flags=flags,
            needs=needs,
            domains=domains,
            sha256=fingerprint(raw),
            by_id=dict(self.fields),
            sections_by_id={s.id: s for s in sections},
        )

    # -- the parts around the questions ------------------------------------------------------

    def _licence(self, raw: Any) -> model.Licence | None:
        c, path, where = self.c, ("licence",), "the licence"
        if raw is None:
            return None
        raw = c.object(raw, path, where)
        if raw is None:
            return None
        c.keys(raw, path, where, ("owner", "may_reproduce", "notes", "source"), ("may_reproduce",))
        owner = c.text(raw, "owner", path, where, MAX_LABEL, required=True)
        free = c.flag(raw, "may_reproduce", path, where)
        notes = c.text(raw, "notes", path, where, MAX_HELP, lines=True) or ""
        source = c.text(raw, "source", path, where, MAX_LABEL) or ""
        if owner is None or free is None:
            return None
        return model.Licence(owner, free, notes, source)

    def _domains(self, raw: Any) -> dict[str, model.Domain]:
        c, path = self.c, ("domains",)
        if raw is None:
            return {}
        raw = c.object(raw, path, "domains")
        if raw is None:
            return {}
        if len(raw) > MAX_DOMAINS:
            c.add(path, "domains", f"has {len(raw)} domains; at most {MAX_DOMAINS}")
            return {}
        found: dict[str, model.Domain] = {}
        for key, entry in raw.items():
            where = f"domain “{key[:64]}”"
            here = (*path, key)
            if not _domain_key_ok(key):
                c.add(here, where, "must be lower-case letters, digits and _ (like self_harm)")
                continue
            if key in NEED_DOMAINS:
                # The app's vocabulary has gained this domain since the form was written:
                # the vocabulary's key is used (forms/needs.py), and the declaration passed
                # over, so forms written for an older vocabulary keep loading.
                continue
            entry = c.object(entry, here, where)
            if entry is None:
                continue
            c.keys(entry, here, where, ("label", "vocab"), ("label",))
            label = c.text(entry, "label", here, where, MAX_LABEL, required=True)
            vocab = entry.get("vocab")
            if vocab is not None and vocab not in NEED_DOMAINS:
                known = ", ".join(NEED_DOMAINS)
                c.add((*here, "vocab"), where, f"“vocab” must be one of {known}, or null")
                continue
            if label is not None:
                found[key] = model.Domain(key, label, vocab)
        return found

    # -- sections and fields -----------------------------------------------------------------

    def _sections(self, raw: dict[str, Any]) -> list[Section] | None:
        c = self.c
        sections_raw = c.array(raw, "sections", (), "the form", MAX_SECTIONS)
        if sections_raw is None:
            return None
        if not sections_raw:
            c.add(("sections",), "the form", "has no sections")
            return None
        self.all_ids = [
            f["id"]
            for s in sections_raw
            if isinstance(s, dict) and isinstance(s.get("fields"), list)
            for f in s["fields"]
            if isinstance(f, dict) and isinstance(f.get("id"), str)
        ]
        if len(self.all_ids) > MAX_FIELDS:
            c.add(
                ("sections",), "the form", f"has {len(self.all_ids)} fields; at most {MAX_FIELDS}"
            )
            return None
        sections: list[Section] = []
        seen: set[str] = set()
        for n, section_raw in enumerate(sections_raw):
            section = self._section(section_raw, ("sections", n), n, seen)
            if section is not None:
                sections.append(section)
        if not self.fields and not self.broken:
            c.add(("sections",), "the form", "has no fields")
        return sections

    def _section(self, raw: Any, path: Path, n: int, seen: set[str]) -> Section | None:
        c = self.c
        where = f"section {n + 1}"
        raw = c.object(raw, path, where)
        if raw is None:
            return None
        section_id = c.ident(raw, "id", path, where)
        if section_id is not None:
            where = f"section “{section_id}”"
            if section_id in seen:
                c.add((*path, "id"), where, "appears twice: section ids must differ")
            seen.add(section_id)
        c.keys(raw, path, where, _SECTION, ("id", "title", "fields"))
        title = c.text(raw, "title", path, where, MAX_TITLE, required=True)
        help_text = c.text(raw, "help", path, where, MAX_HELP, lines=True) or ""
        show_if = None
        if "show_if" in raw:
            scope = conditions.Scope(
                self.fields, frozenset(self.all_ids) - set(self.fields), None, None
            )
            show_if = self._condition(raw["show_if"], (*path, "show_if"), where, scope)
        fields_raw = c.array(raw, "fields", path, where, MAX_FIELDS)
        if fields_raw is None:
            return None
        if not fields_raw:
            c.add((*path, "fields"), where, "has no fields")
        ids: list[str] = []
        for m, field_raw in enumerate(fields_raw):
            field = self._field(
                field_raw, (*path, "fields", m), section_id or "", show_if is not None
            )
            if field is not None:
                ids.append(field.id)
        if section_id is None or title is None:
            return None
        return Section(section_id, title, tuple(ids), help_text, show_if)

    def _condition(self, raw: Any, path: Path, where: str, scope: conditions.Scope):
        named = conditions.named(raw)
        if named & self.broken:
            return None  # that field's own problem is already reported
        return conditions.read(self.c, raw, path, where, "show_if", scope)

    def _field(self, raw: Any, path: Path, section: str, section_hidden: bool) -> Field | None:
        c = self.c
        raw = c.object(raw, path, "a field")
        if raw is None:
            return None
        field_id = c.ident(raw, "id", path, "a field")
        if field_id is None:
            return None
        where = f"field “{field_id}”"
        if field_id in self.fields or field_id in self.broken:
            c.add((*path, "id"), where, "appears twice: field ids must differ")
            self.broken_sections.add(section)
            return None
        count = len(self.c.problems)
        c.keys(raw, path, where, _FIELD, ("id", "kind", "label"))
        kind = raw.get("kind")
        if kind is not None and kind not in model.KINDS:
            shown = kind[:64] if isinstance(kind, str) else type_name(kind)
            c.add(
                (*path, "kind"),
                where,
                f"has the unknown kind “{shown}”; kinds are {', '.join(model.KINDS)}",
            )
            kind = None
        label = c.text(raw, "label", path, where, MAX_LABEL, required=True, lines=True)
        help_text = c.text(raw, "help", path, where, MAX_HELP, lines=True) or ""
        required = c.flag(raw, "required", path, where) or False
        show_if = None
        if "show_if" in raw:
            later = frozenset(self.all_ids) - set(self.fields) - {field_id}
            scope = conditions.Scope(self.fields, later, None, field_id)
            show_if = self._condition(raw["show_if"], (*path, "show_if"), where, scope)
        if kind is None:
            self._broke(field_id, section)
            return None
        options = self._options(raw, path, where, kind)
        validation = self._validation(raw, path, where, kind, options or ())
        yes_no = self._yes_no_scores(raw, path, where, kind)
        min_label = c.text(raw, "min_label", path, where, MAX_LABEL) or ""
        max_label = c.text(raw, "max_label", path, where, MAX_LABEL) or ""
        if (min_label or max_label) and kind != model.SCALE:
            c.add(path, where, "min_label and max_label are only for a scale")
        if len(c.problems) > count or label is None or validation is None:
            self._broke(field_id, section)
            return None
        field = Field(
            id=field_id,
            kind=kind,
            label=label,
            section=section,
            index=len(self.fields),
            help=help_text,
            required=required,
            options=tuple(options or ()),
            validation=validation,
            show_if=show_if,
            yes_no_scores=yes_no,
            min_label=min_label,
            max_label=max_label,
        )
        field = replace(
            field,
            scorer=_scorer(field),
            matcher=_matcher(validation),
            option_index={(type(o.value), o.value): o for o in field.options},
        )
        self.fields[field_id] = field
        if section_hidden:
            self.hideable.add(field_id)
        return field

    def _broke(self, field_id: str, section: str) -> None:
        self.broken.add(field_id)
        self.broken_sections.add(section)

    def _may_hide(self, field: Field) -> bool:
        """Whether the field can be hidden (and so score 0): its own or its section's show-if."""
        return field.show_if is not None or field.id in self.hideable

    def _options(self, raw: dict[str, Any], path: Path, where: str, kind: str) -> list[Option]:
        c = self.c
        if kind not in model.CHOICE_KINDS:
            if "options" in raw:
                c.add(
                    (*path, "options"), where, f"options are only for choice questions, not {kind}"
                )
            return []
        options_raw = c.array(raw, "options", path, where, MAX_OPTIONS)
        least = 2 if kind == model.SINGLE_CHOICE else 1
        if options_raw is None or len(options_raw) < least:
            c.add(path, where, f"needs at least {least} options")
            return []
        options: list[Option] = []
        seen: set[tuple[type, Any]] = set()
        for n, option_raw in enumerate(options_raw):
            here, there = (*path, "options", n), f"{where}, option {n + 1}"
            option_raw = c.object(option_raw, here, there)
            if option_raw is None:
                continue
            c.keys(option_raw, here, there, _OPTION, ("value", "label"))
            value = option_raw.get("value")
            if not _option_value_ok(value):
                c.add(
                    (*here, "value"),
                    there,
                    "“value” must be text (up to 64 characters) or a whole number",
                )
                continue
            if (type(value), value) in seen:
                c.add((*here, "value"), there, f"has the value {_show(value)} twice")
                continue
            seen.add((type(value), value))
            label = c.text(option_raw, "label", here, there, MAX_LABEL, required=True)
            score = c.integer(option_raw, "score", here, there, -MAX_SCORE_VALUE, MAX_SCORE_VALUE)
            help_text = c.text(option_raw, "help", here, there, MAX_HELP, lines=True) or ""
            if label is not None:
                options.append(Option(value, label, score, help_text))
        with_scores = [o for o in options if o.score is not None]
        if with_scores and len(with_scores) != len(options):
            missing = next(o for o in options if o.score is None)
            c.add(
                (*path, "options"),
                where,
                f"some options have a score and some do not (“{missing.label[:64]}” has none): "
                "give every option a score, or none",
            )
        return options

    def _validation(
        self, raw: dict[str, Any], path: Path, where: str, kind: str, options: list[Option]
    ) -> Validation | None:
        c = self.c
        here = (*path, "validation")
        got = raw.get("validation")
        if got is None:
            got = {}
        got = c.object(got, here, where)
        if got is None:
            return None
        allowed = _VALIDATION[kind]
        for key in got:
            if key not in allowed:
                words = ", ".join(allowed) if allowed else "none"
                c.add((*here, key), where, f"a {kind} takes no “{key[:64]}” (it takes: {words})")
        if kind in (model.TEXT, model.LONG_TEXT):
            return self._text_validation(got, here, where, kind)
        if kind == model.NUMBER:
            low = _number(c, got, "min", here, where)
            high = _number(c, got, "max", here, where)
            integer = c.flag(got, "integer", here, where) or False
            if integer and any(type(v) is float for v in (low, high)):
                c.add(here, where, "a whole-number question needs whole-number min and max")
            return _ordered(c, here, where, Validation(min=low, max=high, integer=integer))
        if kind == model.DATE:
            low = _date(c, got, "min", here, where)
            high = _date(c, got, "max", here, where)
            return _ordered(c, here, where, Validation(min=low, max=high))
        if kind == model.MULTIPLE_CHOICE:
            most = max(len(options), 1)
            low = c.integer(got, "min", here, where, 0, most)
            high = c.integer(got, "max", here, where, 1, most)
            return _ordered(c, here, where, Validation(min=low, max=high))
        if kind == model.SCALE:
            low = c.integer(got, "min", here, where, -MAX_SCORE_VALUE, MAX_SCORE_VALUE)
            high = c.integer(got, "max", here, where, -MAX_SCORE_VALUE, MAX_SCORE_VALUE)
            if low is None or high is None:
                c.add(here, where, "a scale needs validation min and max (its two ends)")
                return None
            if not 1 <= high - low <= MAX_SCALE_STEPS:
                c.add(here, where, f"a scale runs from min to max, 1 to {MAX_SCALE_STEPS} steps")
                return None
            return Validation(min=low, max=high, integer=True)
        return Validation()

    def _text_validation(
        self, got: dict[str, Any], here: Path, where: str, kind: str
    ) -> Validation | None:
        c = self.c
        longest = MAX_TEXT_ANSWER if kind == model.TEXT else MAX_LONG_TEXT_ANSWER
        pattern = c.text(got, "pattern", here, where, 10_000) if kind == model.TEXT else None
        hint = c.text(got, "pattern_hint", here, where, MAX_LABEL) or ""
        if pattern is not None:
            longest = MAX_PATTERNED_ANSWER
            try:
                compile_pattern(pattern)
            except PatternError as exc:
                c.add((*here, "pattern"), where, f"the pattern {exc}")
                pattern = None
        max_length = c.integer(got, "max_length", here, where, 1, longest)
        default = MAX_PATTERNED_ANSWER if pattern else (200 if kind == model.TEXT else longest)
        return Validation(max_length=max_length or default, pattern=pattern, pattern_hint=hint)

    def _yes_no_scores(
        self, raw: dict[str, Any], path: Path, where: str, kind: str
    ) -> tuple[int, int] | None:
        c = self.c
        if "scores" not in raw:
            return None
        here = (*path, "scores")
        if kind != model.YES_NO:
            c.add(here, where, "“scores” is for yes/no questions; give a choice's options scores")
            return None
        got = c.object(raw["scores"], here, where)
        if got is None:
            return None
        c.keys(got, here, where, ("yes", "no"), ("yes", "no"))
        yes = c.integer(got, "yes", here, where, -MAX_SCORE_VALUE, MAX_SCORE_VALUE)
        no = c.integer(got, "no", here, where, -MAX_SCORE_VALUE, MAX_SCORE_VALUE)
        if yes is None or no is None:
            return None
        return (yes, no)


def _domain_key_ok(key: str) -> bool:
    return bool(_DOMAIN_KEY.match(key))


def _option_value_ok(value: Any) -> bool:
    if type(value) is int:
        return -MAX_NUMBER <= value <= MAX_NUMBER
    return isinstance(value, str) and 0 < len(value) <= 64 and value.strip() == value


def _show(value: Any) -> str:
    return f"“{value}”" if isinstance(value, str) else str(value)


def _number(c: Checker, raw: dict[str, Any], key: str, path: Path, where: str) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    if type(value) not in (int, float) or not -MAX_NUMBER <= value <= MAX_NUMBER:
        c.add((*path, key), where, f"“{key}” should be a number from {-MAX_NUMBER} to {MAX_NUMBER}")
        return None
    return value


def _date(c: Checker, raw: dict[str, Any], key: str, path: Path, where: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        c.add((*path, key), where, f"“{key}” should be a date written 2026-11-27")
        return None
    return value


def _ordered(c: Checker, path: Path, where: str, validation: Validation) -> Validation:
    low, high = validation.min, validation.max
    if low is not None and high is not None and low > high:  # type: ignore[operator]
        c.add(path, where, f"min ({low}) is more than max ({high})")
    return validation


def _scorer(field: Field):
    """How an answer to `field` scores, or None if the field does not say."""
    kind = field.kind
    if kind == model.SINGLE_CHOICE and field.options and field.options[0].score is not None:
        table = {o.value: o.score for o in field.options}
        return table.__getitem__
    if kind == model.MULTIPLE_CHOICE and field.options and field.options[0].score is not None:
        table = {o.value: o.score for o in field.options}
        return lambda chosen: sum(table[v] for v in chosen)
    if kind == model.YES_NO and field.yes_no_scores is not None:
        yes, no = field.yes_no_scores
        return lambda answer: yes if answer else no
    if kind == model.SCALE:
        return int
    v = field.validation
    if kind == model.NUMBER and v.integer and v.min is not None and v.max is not None:
        return int
    return None


def _matcher(validation: Validation):
    if validation.pattern is None:
        return None
    return compile_pattern(validation.pattern).matches
