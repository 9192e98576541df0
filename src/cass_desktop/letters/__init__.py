"""Letters: a referral's letter made from a template, as a deterministic A4 PDF.

    letter = make_letter(db, referral_id, "referral-to-agency", data_dir=folder)
    letter.pdf  # bytes; letter.sha256 is logged against the referral with the template version

Templates (resources/letters/*.j2) can be overridden by a file in `<data folder>/letters/`,
and both by a template head office sends (see templates.py). They are jinja2 templates run in
the sandbox, writing the small markup in markup.py; the fields they can print are in
context.py. Pure Python: no Qt, and no SQL (that is in data.letters).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from cass_desktop import audit
from cass_desktop.data import agencies as agency_records
from cass_desktop.data import clients as client_records
from cass_desktop.data import letters as letter_records
from cass_desktop.data import local
from cass_desktop.data import referrals as referral_records
from cass_desktop.letters import context as fields
from cass_desktop.letters import markup, render, sample, templates
from cass_desktop.letters.errors import LetterError
from cass_desktop.letters.gaps import missing_details
from cass_desktop.letters.limits import TemplateLimit
from cass_desktop.letters.templates import TemplateInfo
from cass_desktop.records.dates import today
from cass_desktop.referrals.consent import SharingBlocked, sharing_block

if TYPE_CHECKING:
    from cass_desktop.letters import pdf

__all__ = [
    "TEMPLATE_NAMES",
    "Letter",
    "LetterError",
    "TemplateInfo",
    "available_templates",
    "check_template",
    "letterhead",
    "log_letter",
    "make_letter",
    "remake_letter",
    "sample_letter",
    "send_template",
    "set_letterhead",
]

# The templates every install has, in the order they are offered.
TEMPLATE_NAMES = ("referral-to-agency", "appointment-easy-read", "consent-to-share")
# Letters that share nothing with the agency, so need no consent: the form that asks for it
# (which is given only the few fields it needs: see context.FIELDS).
NEEDS_NO_CONSENT = frozenset(
    name for name, kind in fields.KINDS.items() if kind == fields.CONSENT_FORM
)
# How messages about a broken template end, by where the template came from.
_AFTER_HEAD_OFFICE = (
    " No letter was made. Tell head office: they need to send a corrected template."
)
_AFTER_CHECK = " It was not saved or sent: correct it and try again."

CONFIDENTIAL = (
    "PRIVATE AND CONFIDENTIAL. This letter holds personal information. If it has reached you "
    "by mistake, please do not read on: tell {organisation}{phone} and destroy it."
)


def _pdf():
    """The layout module, imported when a letter is first laid out: reportlab takes a fifth
    of a second to import, which the app's start-up need not pay."""
    from cass_desktop.letters import pdf

    return pdf


@dataclass(frozen=True)
class Letter:
    """A letter made: the PDF, which template and version made it, and the PDF's SHA-256."""

    pdf: bytes
    template: str
    version: str
    sha256: str
    title: str
    letter_id: str | None = None  # the log record, when the letter was logged
    referral_id: str | None = None
    # What the letter lacks that its reader will need (no address, no number to ring), in
    # sentences the preview shows before printing (letters/gaps.py).
    gaps: tuple[str, ...] = ()


def available_templates(db: sqlite_utils.Database, data_dir: Path) -> list[TemplateInfo]:
    """The letters that can be made here: the standard ones first, then any others."""
    known = templates.names(db, data_dir)
    ordered = [n for n in TEMPLATE_NAMES if n in known] + [
        n for n in known if n not in TEMPLATE_NAMES
    ]
    found = (templates.find(db, name, data_dir) for name in ordered)
    return [source.info() for source in found if source is not None]


def make_letter(
    db: sqlite_utils.Database,
    referral_id: str,
    template: str = "referral-to-agency",
    *,
    data_dir: Path,
    log: bool = True,
    on: dt.date | None = None,
) -> Letter:
    """Make one letter for a referral, dated `on` (today unless given), and log it.

    Raises SharingBlocked when the letter shares information and no consent or
    lawful reason allows it, and LetterError (plain words) for anything else that stops it:
    no such referral or template, a mistake in the template (naming its file and line). When
    it raises, nothing is written.
    """
    on = on or today()
    source = templates.find(db, template, data_dir)
    if source is None:
        names = ", ".join(t.name for t in available_templates(db, data_dir))
        raise LetterError(f"There is no letter template called “{template}”. There are: {names}.")
    row = referral_records.get(db, referral_id)
    if row is None:
        raise LetterError(f"There is no referral {referral_id} in this store.")
    # The person and agency are read once, for the consent rule and the letter's fields.
    client = client_records.get(db, row["client_id"]) if row.get("client_id") else None
    agency = agency_records.get(db, row["agency_id"]) if row.get("agency_id") else None
    if template not in NEEDS_NO_CONSENT:
        block = sharing_block(db, row, client=client, agency=agency)
        if block is not None:
            raise SharingBlocked(block)
    head = fields.letterhead_settings(db)
    values = fields.build(
        db,
        referral_id,
        on,
        fields.kind_of(template),
        source.for_whom,
        row=row,
        head=head,
        client=client,
        agency=agency,
    )
    after = _AFTER_HEAD_OFFICE if source.origin == templates.HEAD_OFFICE else render.AFTER
    data = _letter_pdf(source, values, head["logo_path"], after, on)
    digest = hashlib.sha256(data).hexdigest()
    title = f"{source.title} for {values['client']['name']} ({values['client']['reference']})"
    gaps = tuple(missing_details(values, source.for_whom))
    letter = Letter(data, template, source.version, digest, title, None, referral_id, gaps)
    if log:
        letter = replace(letter, letter_id=log_letter(db, letter))
    return letter


def _letter_pdf(
    source: templates.TemplateSource,
    values: dict[str, Any],
    logo_path: str,
    after: str,
    on: dt.date,
) -> bytes:
    """The template filled in with `values` and laid out: the letter's PDF, made on `on`.
    LetterError (ending with `after`) for a template that cannot be filled in or goes past a
    limit."""
    text = render.render(source.text, source.label, values, after=after)
    blocks = markup.parse(text)
    if not any(b.kind != "page_break" for b in blocks):
        raise LetterError(f"The letter template {source.label} made an empty letter.")
    layout = _layout(source, values, blocks, logo_path, on)
    try:
        return _pdf().build(layout)
    except TemplateLimit as exc:
        raise LetterError(
            f"The letter template {source.label} {exc}.{after}", template=source.label
        ) from None


def sample_letter(
    head: dict[str, str], site: dict[str, Any], worker: dict[str, Any], data_dir: Path
) -> Letter:
    """The referral letter for a made-up person (see sample.py), with this letterhead, site
    and worker: nobody's real details are shown and nothing is logged. Templates in the data
    folder are used as for real letters."""
    with sample.sample_store(site, worker) as (db, referral_id):
        set_letterhead(db, **head)
        letter = make_letter(db, referral_id, data_dir=data_dir, log=False)
    # A sample is not any referral's letter: it is never logged.
    return replace(letter, title=f"Sample: {letter.title}", referral_id=None)


def check_template(name: str, text: str, label: str) -> None:
    """Make a letter from a template for a made-up person, as a laptop would make it.

    For head office, before it sends a template: raises LetterError naming `label` (the file
    it came from) and the line, when the template has a mistake, cannot be filled in, or goes
    past one of the limits a laptop makes every letter within. The made-up person has every
    field filled in, so each field the template prints is tried; a template can still fail
    on a laptop for a record unlike the sample, and is then refused there the same way.
    """
    if not templates.valid_name(name):
        raise LetterError(
            f"“{name}” cannot be a letter template's name: use lower-case letters, numbers "
            "and hyphens (for example referral-to-agency)."
        )
    found = templates.TemplateSource(
        name, text, "checked", templates.HEAD_OFFICE, label, templates.header(text)
    )
    source = templates.inherit(found, name)
    on = today()
    with sample.sample_store() as (db, referral_id):
        values = fields.build(db, referral_id, on, fields.kind_of(name), source.for_whom)
    _letter_pdf(source, values, "", _AFTER_CHECK, on)


def send_template(db: sqlite_utils.Database, name: str, text: str, label: str) -> int:
    """Head office: check a letter template (see check_template), then keep it to go to every
    laptop with their next update, as the next version of `name`. Returns that version.

    Raises LetterError, keeping nothing, when the template does not pass the check.
    """
    if local.get(db, "role") != "head-office":
        raise LetterError(
            "Only head office sends letter templates to laptops; on a laptop, put the "
            "template in the letters folder inside the data folder instead."
        )
    check_template(name, text, label)
    current = letter_records.template_document(db, name)
    version = int(current.get("version") or 0) + 1 if current else 1
    letter_records.save_template_document(
        db, name, text, version, current["id"] if current else None
    )
    return version


def log_letter(db: sqlite_utils.Database, letter: Letter, *, how: str | None = None) -> str:
    """Log a letter made (with log=False) against its referral; returns the log record's id.
    The audit log records it in the same transaction, as printed or saved (`how`) if told.

    For callers that log only once the letter is safely written or printed.
    """
    row = referral_records.row(db, letter.referral_id or "")
    if row is None:
        raise LetterError(f"There is no referral {letter.referral_id} in this store.")
    with db.atomic():
        letter_id = _record_letter(db, letter, row)
        audit.letter(db, row["client_id"], how=how, template=letter.template, letter_id=letter_id)
    return letter_id


def _record_letter(db: sqlite_utils.Database, letter: Letter, row: dict[str, Any]) -> str:
    return letter_records.record(
        db,
        {
            "referral_id": letter.referral_id,
            "client_id": row["client_id"],
            "template": letter.template,
            "template_version": letter.version,
            "sha256": letter.sha256,
            "made_at": dt.datetime.now().isoformat(timespec="seconds"),
            "made_by": local.get(db, "worker_id"),
        },
    )


def remake_letter(db: sqlite_utils.Database, logged: dict[str, Any], *, data_dir: Path) -> Letter:
    """A logged letter made again (to print it again), dated the day it was first made.

    Not logged again. Its sha256 matches the log when nothing it prints has changed since.
    """
    made_on = dt.date.fromisoformat(logged["made_at"][:10]) if logged.get("made_at") else None
    return make_letter(
        db, logged["referral_id"], logged["template"], data_dir=data_dir, log=False, on=made_on
    )


def _address_lines(*parts: str) -> list[str]:
    lines: list[str] = []
    for part in parts:
        if not part:
            continue
        split = [p.strip() for p in part.splitlines() if p.strip()]
        if len(split) == 1 and ", " in split[0]:
            split = [p.strip() for p in split[0].split(",") if p.strip()]
        lines += [p for p in split if p not in lines]
    return lines


def _layout(
    source: templates.TemplateSource,
    values: dict[str, Any],
    blocks: list[markup.Block],
    logo_path: str,
    on: dt.date,
) -> pdf.Layout:
    client, agency, worker = values["client"], values["agency"], values["worker"]
    org = values["organisation"]
    if source.for_whom == "agency":
        recipient = _address_lines(agency["contact"], agency["name"], agency["address"])
    elif source.for_whom == "client":  # (a consent form has no address: see context.FIELDS)
        recipient = _address_lines(
            client["name"], client.get("address", ""), client.get("postcode", "")
        )
    else:
        recipient = []
    signature: list[str] = []
    if source.signature and worker["name"]:
        signature = [worker["name"], worker["role"], values["site"]["name"]]
        if worker["phone"]:
            signature.append(f"Phone: {worker['phone']}")
        if worker["email"]:
            signature.append(f"Email: {worker['email']}")
    phone = f" on {org['phone']}" if org["phone"] else ""
    return _pdf().Layout(
        title=f"{source.title} ({client['reference']})",
        organisation=org["name"],
        org_address=org["address"],
        org_phone=org["phone"],
        logo_path=logo_path,
        date_text=values["today"],
        made_on=on,
        reference=client["reference"],
        recipient=recipient,
        blocks=blocks,
        signature=signature,
        style=source.style,
        confidential=source.meta.get("confidential")
        or CONFIDENTIAL.format(organisation=org["name"], phone=phone),
    )


def letterhead(db: sqlite_utils.Database) -> dict[str, str]:
    """The letterhead set in Settings: organisation, address, phone, logo_path (text each)."""
    return fields.letterhead_settings(db)


def set_letterhead(db: sqlite_utils.Database, **values: str | None) -> None:
    """Change some of the letterhead (organisation, address, phone, logo_path).

    An empty value clears it (the organisation then falls back to the service's name, the
    address and phone to the site's). A logo must be a picture that can be read (PNG or
    JPEG); LetterError says so in plain words otherwise.
    """
    unknown = [name for name in values if name not in fields.LETTERHEAD_FIELDS]
    if unknown:
        raise ValueError(f"the letterhead has no {', '.join(unknown)}")
    clean = {name: "\n".join(_tidy(value)) for name, value in values.items()}
    logo = clean.get("logo_path")
    if logo:
        from cass_desktop.letters.logo import check_logo  # reportlab: imported when first needed

        check_logo(logo)
    with db.atomic():
        for name, value in clean.items():
            local.put(db, f"letterhead.{name}", value)


def _tidy(value: str | None) -> list[str]:
    lines = [" ".join(line.split()) for line in (value or "").strip().splitlines()]
    return [line for line in lines if line]
