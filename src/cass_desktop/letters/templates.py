"""Finding a letter template, and what it says about itself.

A template is found, first match wins, as:
1. a record head office sent in the `documents` table (kind 'letter_template', by name),
2. a file `<data folder>/letters/NAME.j2` put there on this laptop,
3. the bundled `resources/letters/NAME.j2`.

A template starts with a comment of `key: value` lines that describe it:

    {#
    title: Supported referral letter
    for: agency
    version: 3
    #}

Keys: `title` (shown when choosing a letter), `for` (who it is addressed to: agency, client or
none, for a form with no address block), `style` (standard or easy-read: large type),
`signature` (yes or no: the worker's signature block at the end) and, in bundled templates,
`version`. The version logged with each letter is that number for a bundled template, head
office's record version for a template it sent, and a hash of the content for a file in the
data folder (so touching the file without changing it keeps its version).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from cass_desktop.app.resources import resource_dir
from cass_desktop.data import letters as letter_records
from cass_desktop.data import unchanged
from cass_desktop.letters.errors import LetterError

SUFFIX = ".j2"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_HEADER = re.compile(r"\A\s*\{#-?(.*?)-?#\}", re.DOTALL)
_KEY_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z_-]*)\s*:\s*(.*?)\s*$")

KEYS = ("title", "for", "style", "signature", "version", "confidential")
RECIPIENTS = ("agency", "client", "none")
STYLES = ("standard", "easy-read")

# Where a template came from, in words for messages and the log.
BUNDLED = "bundled"
DATA_FOLDER = "data folder"
HEAD_OFFICE = "head office"


@dataclass(frozen=True)
class TemplateInfo:
    """A letter that can be made: its name, what it is called and who it is for."""

    name: str
    title: str
    for_whom: str  # agency | client | none
    origin: str = BUNDLED
    version: str = ""


@dataclass(frozen=True)
class TemplateSource:
    """The text of the template that will be used, where it came from, and its version."""

    name: str
    text: str
    version: str
    origin: str
    label: str  # how messages name it: the file name, or head office's template
    meta: dict[str, str]

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.name.replace("-", " ").capitalize()

    @property
    def for_whom(self) -> str:
        value = self.meta.get("for", "agency").lower()
        return value if value in RECIPIENTS else "agency"

    @property
    def style(self) -> str:
        value = self.meta.get("style", "standard").lower()
        return value if value in STYLES else "standard"

    @property
    def signature(self) -> bool:
        return self.meta.get("signature", "yes").lower() not in ("no", "false", "0")

    def info(self) -> TemplateInfo:
        return TemplateInfo(self.name, self.title, self.for_whom, self.origin, self.version)


def header(text: str) -> dict[str, str]:
    """The `key: value` lines of the comment a template starts with (keys in lower case)."""
    found = _HEADER.match(text)
    meta: dict[str, str] = {}
    if found:
        for line in found.group(1).splitlines():
            kv = _KEY_LINE.match(line)
            if kv and kv.group(1).lower() in KEYS:
                meta[kv.group(1).lower()] = kv.group(2)
    return meta


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def valid_name(name: str) -> bool:
    """Template names are lower-case words joined by hyphens: never a path."""
    return bool(_NAME.match(name))


def bundled_dir() -> Path:
    return resource_dir() / "letters"


def local_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "letters"


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise LetterError(
            f"The letter template {path} is not saved as plain text (UTF-8). Save it again "
            "as UTF-8 text, or remove it to use the standard one. No letter was made.",
            template=str(path),
        ) from None


def _bundled(name: str) -> TemplateSource | None:
    path = bundled_dir() / f"{name}{SUFFIX}"
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    return _bundled_read(name, path, found.st_mtime_ns, found.st_size)


@functools.lru_cache(maxsize=32)
def _bundled_read(name: str, path: Path, mtime_ns: int, size: int) -> TemplateSource | None:
    """A bundled template read once (again only when its file changes): a batch of letters
    does not read and hash the file for each one."""
    text = _read(path)
    if text is None:
        return None
    meta = header(text)
    version = meta.get("version") or f"sha256:{content_hash(text)[:12]}"
    return TemplateSource(name, text, version, BUNDLED, f"{name}{SUFFIX} (bundled)", meta)


def _local(name: str, data_dir: Path) -> TemplateSource | None:
    path = local_dir(data_dir) / f"{name}{SUFFIX}"
    text = _read(path)
    if text is None:
        return None
    version = f"local sha256:{content_hash(text)[:12]}"
    return TemplateSource(name, text, version, DATA_FOLDER, str(path), header(text))


def _head_office(db: sqlite_utils.Database, name: str) -> TemplateSource | None:
    """Head office's template `name`, read once for a batch (again when the store changes)."""
    return unchanged.kept(db, ("head office template", name), lambda: _read_head_office(db, name))


def _read_head_office(db: sqlite_utils.Database, name: str) -> TemplateSource | None:
    record = letter_records.template_document(db, name)
    if record is None or record.get("content") is None:
        return None
    text = record["content"]
    version = f"head office {record.get('version') or 1}"
    label = f"head office's template “{name}” (version {record.get('version') or 1})"
    return TemplateSource(name, text, version, HEAD_OFFICE, label, header(text))


def _inherit(found: TemplateSource, bundled: TemplateSource | None) -> TemplateSource:
    """An override that does not describe itself keeps the bundled template's description."""
    if bundled is None:
        return found
    meta = {k: v for k, v in bundled.meta.items() if k != "version"}
    meta.update(found.meta)
    return TemplateSource(found.name, found.text, found.version, found.origin, found.label, meta)


def inherit(found: TemplateSource, name: str) -> TemplateSource:
    """`found`, described by the bundled template of that name where it does not say."""
    return _inherit(found, _bundled(name)) if valid_name(name) else found


def find(db: sqlite_utils.Database, name: str, data_dir: Path) -> TemplateSource | None:
    """The template to use for `name`: head office's, else the data folder's, else bundled."""
    if not valid_name(name):
        return None
    bundled = _bundled(name)
    for found in (_head_office(db, name), _local(name, data_dir)):
        if found is not None:
            return _inherit(found, bundled)
    return bundled


def names(db: sqlite_utils.Database, data_dir: Path) -> list[str]:
    """Every template name known here: bundled, in the data folder, or sent by head office."""
    found: set[str] = set()
    for folder in (bundled_dir(), local_dir(data_dir)):
        if folder.is_dir():
            found.update(p.name[: -len(SUFFIX)] for p in folder.glob(f"*{SUFFIX}"))
    found.update(letter_records.template_document_names(db))
    return sorted(n for n in found if valid_name(n))
