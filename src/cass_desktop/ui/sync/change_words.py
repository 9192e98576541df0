"""What changed since the last export, in words a worker understands: "3 people and 2 court
dates changed since the last export", never raw change counts, never the court or workers set
up for the laptop."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("EndOfDay", text)


def _kind_words(table: str, count: int) -> str:
    """'1 person', '3 people', '5 court dates' ... for a table and how many of its records."""
    one = count == 1
    words = {
        "clients": _tr("person") if one else _tr("people"),
        "hearings": _tr("court date") if one else _tr("court dates"),
        "contacts": _tr("contact note") if one else _tr("contact notes"),
        "needs": _tr("need") if one else _tr("needs"),
        "followups": _tr("follow-up") if one else _tr("follow-ups"),
        "consents": _tr("consent record") if one else _tr("consent records"),
        "referrals": _tr("referral") if one else _tr("referrals"),
        "letters": _tr("letter") if one else _tr("letters"),
        "agencies": _tr("agency") if one else _tr("agencies"),
        "sites": _tr("court or drop-in") if one else _tr("courts or drop-ins"),
        "workers": _tr("worker") if one else _tr("workers"),
        "documents": _tr("letter template or form") if one else _tr("letter templates or forms"),
    }
    other = _tr("other record") if one else _tr("other records")
    return f"{count} {words.get(table, other)}"


# The order kinds are listed in: the people first, then what hangs off them.
KIND_ORDER = (
    "clients",
    "hearings",
    "contacts",
    "needs",
    "followups",
    "consents",
    "referrals",
    "letters",
    "agencies",
    "sites",
    "workers",
    "documents",
)


# What set-up and head office change (the court, its workers, templates and forms): not a
# worker's own work, so never counted to them as theirs.
SET_UP_KINDS = frozenset({"sites", "workers", "documents"})


def summary_in_words(counts: dict[str, int]) -> str:
    """'3 people, 5 court dates and 2 contact notes' from exporter.pending_summary: the
    worker's own kinds of record, never the court or workers set up for the laptop."""
    ordered = sorted(
        (t for t, n in counts.items() if n and t not in SET_UP_KINDS),
        key=lambda t: KIND_ORDER.index(t) if t in KIND_ORDER else len(KIND_ORDER),
    )
    parts = [_kind_words(t, counts[t]) for t in ordered]
    if len(parts) <= 1:
        return "".join(parts)
    return _tr("%1 and %2").replace("%1", ", ".join(parts[:-1])).replace("%2", parts[-1])


def changed_in_words(counts: dict[str, int], most: int | None = None) -> str:
    """'3 people and 2 court dates changed since the last export', or that no work has.
    With `most`, only the first `most` kinds are named and the rest counted together (for
    the status bar, which has room for a short line)."""
    kept = {t: n for t, n in counts.items() if n and t not in SET_UP_KINDS}
    if most is not None and len(kept) > most + 1:  # grouping one kind would say less
        ordered = sorted(
            kept, key=lambda t: KIND_ORDER.index(t) if t in KIND_ORDER else len(KIND_ORDER)
        )
        kept = {t: kept[t] for t in ordered[:most]} | {
            "other records": sum(kept[t] for t in ordered[most:])
        }
    words = summary_in_words(kept)
    if not words:
        return _tr("No work changed since the last export")
    return _tr("%1 changed since the last export").replace("%1", words)
