"""Every form definition this laptop holds, by (id, version): bundled ones and head office's.

Bundled definitions are the files `resources/forms/*.json`: `ID.json` for the current version
and `ID.vN.json` for each earlier version kept (a revision never replaces a version: stored
assessments name the version they were made with). Head office's come from the store's
`documents` rows of kind 'form' (`name` the form's id, `content` the JSON, `version` the
definition's version), passed in: this module reads no store.

Every version is kept, so an old assessment is re-scored with its own; the highest version
of each id is the one for NEW assessments, wherever it came from. A definition that fails its
checks is not held (never half-loaded) and is listed in `refused` with its problems. One id and
version must always mean one content: a second, different definition under a version already
held is refused.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cass_desktop.app.resources import resource_dir
from cass_desktop.forms.errors import DefinitionError, Problem
from cass_desktop.forms.load import load_definition
from cass_desktop.forms.model import FormDefinition

BUNDLED = "bundled"
HEAD_OFFICE = "head office"
FILE = "file"  # a definition read from a file named on the command line
DOCUMENT_KIND = "form"  # documents.kind for an assessment form (vocab.DOCUMENT_KINDS)


@dataclass(frozen=True)
class Entry:
    """A definition held, where it came from, and how messages name it."""

    definition: FormDefinition
    origin: str  # bundled | head office
    label: str

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def version(self) -> int:
        return self.definition.version


@dataclass(frozen=True)
class Refusal:
    """A definition that was not loaded, with every problem found in it."""

    label: str
    origin: str
    problems: tuple[Problem, ...]

    def lines(self) -> list[str]:
        return [p.describe(self.label) for p in self.problems]


class Registry:
    """Definitions by (id, version). Build one with load_registry()."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, int], Entry] = {}
        self.refused: list[Refusal] = []

    def add(self, entry: Entry) -> None:
        """Hold `entry`, unless a different definition already has its id and version."""
        key = (entry.id, entry.version)
        held = self._entries.get(key)
        if held is None:
            self._entries[key] = entry
        elif held.definition.sha256 != entry.definition.sha256:
            message = (
                f"version {entry.version} of “{entry.id}” is already held ({held.label}) with "
                "different content; a revised form needs a new version number"
            )
            self.refuse(Refusal(entry.label, entry.origin, (Problem("", message),)))

    def refuse(self, refusal: Refusal) -> None:
        self.refused.append(refusal)

    def get(self, form_id: str, version: int) -> FormDefinition | None:
        """That version of that form (for an assessment made with it), or None."""
        entry = self._entries.get((form_id, version))
        return entry.definition if entry else None

    def entry(self, form_id: str, version: int) -> Entry | None:
        return self._entries.get((form_id, version))

    def latest(self, form_id: str) -> FormDefinition | None:
        """The highest version of the form: the one to use for a new assessment."""
        versions = self.versions(form_id)
        return self.get(form_id, versions[-1]) if versions else None

    def versions(self, form_id: str) -> list[int]:
        return sorted(v for (i, v) in self._entries if i == form_id)

    def entries(self) -> list[Entry]:
        """Every definition held, by id then version."""
        return [self._entries[key] for key in sorted(self._entries)]

    def available(self) -> list[Entry]:
        """The newest version of each form, by id: what a worker can start."""
        newest: dict[str, Entry] = {}
        for entry in self.entries():
            newest[entry.id] = entry
        return list(newest.values())


def bundled_dir() -> Path:
    return resource_dir() / "forms"


def load_registry(
    documents: Iterable[Mapping[str, Any]] = (), *, folder: Path | None = None
) -> Registry:
    """Bundled definitions (from `folder`, default resources/forms) and head office's.

    `documents` are the store's `documents` rows, or any of them: rows not of kind 'form', and
    deleted ones, are passed over, so all the table's rows may be given.
    """
    registry = Registry()
    entries, refusals = _bundled(folder or bundled_dir())
    for entry in entries:
        registry.add(entry)
    for refusal in refusals:
        registry.refuse(refusal)
    for row in documents:
        if row.get("kind") != DOCUMENT_KIND or row.get("deleted"):
            continue
        entry = _from_document(row, registry)
        if entry is not None:
            registry.add(entry)
    return registry


@functools.lru_cache(maxsize=8)
def _bundled(folder: Path) -> tuple[tuple[Entry, ...], tuple[Refusal, ...]]:
    """The bundled files, read once per process (they cannot change while it runs)."""
    entries: list[Entry] = []
    refusals: list[Refusal] = []
    if not folder.is_dir():
        return (), ()
    for path in sorted(folder.glob("*.json")):
        label = path.name
        try:
            definition = load_definition(path.read_bytes(), label)
        except DefinitionError as error:
            refusals.append(Refusal(label, BUNDLED, tuple(error.problems)))
            continue
        expected = (definition.id, f"{definition.id}.v{definition.version}")
        if path.stem not in expected:
            message = f"holds “{definition.id}” version {definition.version}, so it should be "
            message += f"named {expected[0]}.json (the current version) or {expected[1]}.json"
            refusals.append(Refusal(label, BUNDLED, (Problem("", message),)))
            continue
        entries.append(Entry(definition, BUNDLED, f"{label} (bundled)"))
    return tuple(entries), tuple(refusals)


def _from_document(row: Mapping[str, Any], registry: Registry) -> Entry | None:
    name, version = row.get("name"), row.get("version")
    label = f"head office's form “{str(name)[:64]}” (version {version})"
    content = row.get("content")
    if not isinstance(content, str | bytes):
        registry.refuse(Refusal(label, HEAD_OFFICE, (Problem("", "it has no content"),)))
        return None
    try:
        definition = load_definition(content, label)
    except DefinitionError as error:
        registry.refuse(Refusal(label, HEAD_OFFICE, tuple(error.problems)))
        return None
    problems = []
    if name is not None and name != definition.id:
        problems.append(Problem("", f"it is sent as “{name}” but its id is “{definition.id}”"))
    if version is not None and version != definition.version:
        problems.append(
            Problem("", f"it is sent as version {version} but says it is {definition.version}")
        )
    if problems:
        registry.refuse(Refusal(label, HEAD_OFFICE, tuple(problems)))
        return None
    return Entry(definition, HEAD_OFFICE, label)
