"""Whose laptop this is, readable before the store is unlocked: the court and the worker's
display name, kept in the clear in `laptop.json` beside the store, so the unlock window can say
"Plymouth Magistrates' Court · Alex Carter" and a worker picks up their own laptop.

Nothing about any client is in it: only the court's name and the worker's name as the app
shows them (docs/security.md, "Visible before unlock"). It is a convenience, not a proof: the
file is not signed, so anyone who can write to the data folder could change what it says,
and the unlock window never takes it as more than a label. It is read as hostile: at most
4 KB, a JSON object of short printable strings, anything else ignored (no label is shown).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path

from cass_desktop.app import durable

LABEL_FILE = "laptop.json"
FORMAT = "cass-desktop-laptop-label"
MAX_BYTES = 4096
MAX_CHARS = 200


@dataclass(frozen=True)
class Label:
    court: str  # the court or drop-in the laptop is set up for, or head office's name
    worker: str  # the worker's name as the app shows it ("" at head office)
    head_office: bool = False


def _clean(value: object) -> str | None:
    if not isinstance(value, str) or len(value) > MAX_CHARS:
        return None
    if any(not ch.isprintable() for ch in value):
        return None
    return " ".join(value.split())


def read_label(folder: Path | str) -> Label | None:
    """The label in a data folder, or None when there is none or it is not one."""
    path = Path(folder) / LABEL_FILE
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        raw = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT or raw.get("version") != 1:
        return None
    court, worker = _clean(raw.get("court")), _clean(raw.get("worker"))
    head_office = raw.get("head_office", False)
    if court is None or worker is None or not isinstance(head_office, bool):
        return None
    if not court and not worker:
        return None
    return Label(court, worker, head_office)


def write_label(folder: Path | str, label: Label) -> None:
    """Keep `label` beside the store (only when it changed); a folder that cannot be written
    is left as it is: the label is a convenience."""
    if read_label(folder) == label:
        return
    data = {
        "format": FORMAT,
        "version": 1,
        "court": (label.court or "")[:MAX_CHARS],
        "worker": (label.worker or "")[:MAX_CHARS],
        "head_office": label.head_office,
    }
    with contextlib.suppress(OSError):
        durable.write_atomically(
            Path(folder) / LABEL_FILE, json.dumps(data, ensure_ascii=False).encode("utf-8")
        )
