"""Letters: time to make one supported-referral letter, and a batch of 100, against LibreOffice.

A small store of its own (a letter reads a handful of records by id, so the size of the store
hardly matters): 100 people, each with a consent and a referral to an agency. Timed:

- ms_per_letter: median of 30 `make_letter` calls for one referral, logged as the app does
  (template found, fields read, rendered, laid out, PDF made, SHA-256 taken, log written);
- batch_100_seconds: one letter for each of the 100 referrals, one after another.

When `soffice` (or `libreoffice`) is installed, the same letters are written as OpenDocument
(.fodt: the same text, headings, bullets, boxed appointment, signature, footer with
"Page N of M", DejaVu Sans) and converted to PDF headless, as an app driving LibreOffice
would: one letter per run (median of 3 runs, after a first run that sets up its profile), and
20 letters in one run. `ratio` is LibreOffice's time per letter (one per run) over ours;
`ratio_batch` the same for 20 in one run. Goal: ours at least 20 times faster.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from _common import PASSPHRASE, emit
from cass_desktop.data import agencies, clients, consents, local, open_store, store_path
from cass_desktop.letters import context, make_letter, markup, render, set_letterhead, templates
from cass_desktop.referrals.saving import save_referral
from cass_desktop.sites.setup import set_up_device

BATCH = 100
SINGLE_RUNS = 30
LO_BATCH = 20
GOAL_RATIO = 20
DAY = dt.date(2026, 11, 20)

GIVEN = ["Siân", "Łukasz", "Zoë", "Aoife", "Dmitri", "Chiamaka", "Tomás", "Grace", "Oluwaseun"]
FAMILY = ["Ní Bhriain", "Wiśniewski", "Nguyễn", "Kowalczyk", "O'Neill", "Pereira", "Smith"]
REASON = (
    "{given} has been sleeping in a car since the tenancy ended last month, works part time "
    "and wants help to find somewhere affordable. {given} finds phone calls hard and would "
    "rather be written to or met in person, and has debts from the last tenancy to sort out."
)


def make_store(folder: Path) -> tuple[object, list[str]]:
    db = open_store(store_path(folder), key=PASSPHRASE)
    set_up_device(db, "Plymouth Magistrates' Court", "Alex Carter")
    set_letterhead(
        db,
        organisation="Devon and Cornwall Liaison and Diversion",
        address="The Law Courts\nSt Andrew's Street\nPlymouth PL1 2DP",
        phone="01752 206 200",
    )
    agency_id = agencies.create(
        db,
        {
            "name": "Shelter Plymouth",
            "domains": "housing,money",
            "address": "14 Union Street\nPlymouth\nPL1 2SR",
            "phone": "0344 515 1540",
            "contact_name": "Łukasz Wiśniewski",
        },
    )
    ids = []
    for n in range(BATCH):
        given, family = GIVEN[n % len(GIVEN)], FAMILY[n % len(FAMILY)]
        client_id = clients.create(
            db,
            {
                "given_name": given,
                "family_name": family,
                "date_of_birth": f"19{60 + n % 40}-0{1 + n % 9}-1{n % 10}",
                "address": f"{n + 1} Frankfort Gate\nPlymouth",
                "postcode": "PL1 1QD",
                "phone": f"07700 900{n:03d}",
            },
            site_code="PLY",
        )
        consents.record(
            db,
            {
                "client_id": client_id,
                "scope": "share",
                "agency_kind": "housing",
                "decision": "given",
                "decided_on": "2026-11-20",
                "how_recorded": "verbal",
                "recorded_by": local.get(db, "worker_id"),
            },
        )
        ids.append(
            save_referral(
                db,
                {
                    "client_id": client_id,
                    "agency_id": agency_id,
                    "domains": "housing,money",
                    "reason": REASON.format(given=given),
                    "info_shared": "Name, date of birth, contact details, housing situation.",
                    "support": "phoned_ahead,appointment_made",
                    "contact_name": "Zoë Nguyễn",
                    "appointment_at": f"2026-11-{10 + n % 18}T{9 + n % 8:02d}:30",
                    "appointment_place": "Shelter Plymouth, 14 Union Street, Plymouth",
                    "status": "made",
                },
            )
        )
    return db, ids


# -- the same letter as OpenDocument, for LibreOffice -------------------------------------

_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"'
)
_STYLES = """
<office:font-face-decls>
 <style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:margin-bottom="0.18cm"/>
  <style:text-properties style:font-name="DejaVu Sans" fo:font-size="10pt"/>
 </style:default-style>
 <style:style style:name="Org" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end"/>
  <style:text-properties fo:font-size="15pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Small" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end" fo:margin-bottom="0cm"/>
  <style:text-properties fo:font-size="9pt" fo:color="#595959"/>
 </style:style>
 <style:style style:name="Right" style:family="paragraph">
  <style:paragraph-properties fo:text-align="end"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph">
  <style:text-properties fo:font-size="13.5pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Heading" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0.2cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="11pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Box" style:family="paragraph">
  <style:paragraph-properties fo:border="0.5pt solid #000000" fo:padding="0.2cm"
   fo:background-color="#f2f2f2"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph">
  <style:text-properties fo:font-size="8pt" fo:font-weight="bold"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="B" style:family="text">
  <style:text-properties fo:font-weight="bold"/>
 </style:style>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="1.4cm" fo:margin-bottom="1.2cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
 </style:page-layout>
</office:automatic-styles>
"""


def _odf_inline(xml: str) -> str:
    """reportlab paragraph XML (bold, line breaks, entities) as ODF paragraph content."""
    return (
        xml.replace("<b>", '<text:span text:style-name="B">')
        .replace("</b>", "</text:span>")
        .replace("<br/>", "<text:line-break/>")
    )


def fodt(db, referral_id: str, data_dir: Path) -> str:
    """The referral letter as a flat OpenDocument text file, made from the same fields."""
    source = templates.find(db, "referral-to-agency", data_dir)
    values = context.build(db, referral_id, DAY)
    blocks = markup.parse(render.render(source.text, source.label, values))
    org, agency, worker = values["organisation"], values["agency"], values["worker"]

    def p(style: str | None, content: str) -> str:
        name = f' text:style-name="{style}"' if style else ""
        return f"<text:p{name}>{content}</text:p>"

    body = [p("Org", escape(org["name"]))]
    body += [p("Small", escape(line)) for line in org["address"].splitlines()]
    body.append(p("Small", escape(f"Phone: {org['phone']}")))
    recipient = [agency["contact"], agency["name"], *agency["address"].splitlines()]
    body.append(p(None, "<text:line-break/>".join(escape(x) for x in recipient if x)))
    body.append(p("Right", escape(values["today"])))
    body.append(p("Right", escape(f"Reference: {values['client']['reference']}")))
    for block in blocks:
        if block.kind == "title":
            body.append(p("Title", _odf_inline(block.parts[0])))
        elif block.kind == "heading":
            body.append(p("Heading", _odf_inline(block.parts[0])))
        elif block.kind == "para":
            body.append(p(None, _odf_inline(block.parts[0])))
        elif block.kind == "bullets":
            items = "".join(
                f"<text:list-item>{p(None, _odf_inline(x))}</text:list-item>" for x in block.parts
            )
            body.append(f"<text:list>{items}</text:list>")
        elif block.kind == "box":
            body.append(p("Box", "<text:line-break/>".join(_odf_inline(x) for x in block.parts)))
    sign = [worker["name"], worker["role"], values["site"]["name"], f"Phone: {worker['phone']}"]
    body.append(p(None, "<text:line-break/>" * 3 + "<text:line-break/>".join(map(escape, sign))))
    footer = p("Footer", "PRIVATE AND CONFIDENTIAL. This letter holds personal information.") + p(
        "Right", "Page <text:page-number/> of <text:page-count/>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {_NS} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        f'{_STYLES}<office:master-styles><style:master-page style:name="Standard" '
        f'style:page-layout-name="A4"><style:footer>{footer}</style:footer>'
        "</style:master-page></office:master-styles>"
        f"<office:body><office:text>{''.join(body)}</office:text></office:body></office:document>"
    )


def libreoffice(folder: Path, files: list[Path], profile: Path, soffice: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            soffice,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - started
    missing = [f for f in files if not f.with_suffix(".pdf").exists()]
    if missing:
        raise SystemExit(f"LibreOffice did not convert {missing[0]}")
    return elapsed


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-letters-") as tmp:
        folder = Path(tmp)
        store = folder / "store"
        store.mkdir()
        db, ids = make_store(store)
        make_letter(db, ids[0], data_dir=store, on=DAY)  # fonts registered, template compiled
        singles = []
        for _ in range(SINGLE_RUNS):
            started = time.perf_counter()
            letter = make_letter(db, ids[0], data_dir=store, on=DAY)
            singles.append(time.perf_counter() - started)
        started = time.perf_counter()
        for referral_id in ids:
            make_letter(db, referral_id, data_dir=store, on=DAY)
        batch = time.perf_counter() - started
        ours = statistics.median(singles)
        figures: dict[str, object] = {
            "benchmark": "letters",
            "measured": "supported-referral letter to PDF: median of 30; then 100 letters",
            "ms_per_letter": round(ours * 1000, 2),
            "batch_100_seconds": round(batch, 3),
            "pdf_kb": round(len(letter.pdf) / 1024, 1),
        }

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            figures["libreoffice"] = "not installed"
        else:
            lo = folder / "lo"
            lo.mkdir()
            profile = folder / "lo-profile"
            docs = []
            for n, referral_id in enumerate(ids[:LO_BATCH]):
                path = lo / f"letter-{n:03d}.fodt"
                path.write_text(fodt(db, referral_id, store), encoding="utf-8")
                docs.append(path)
            libreoffice(lo, docs[:1], profile, soffice)  # first run: makes its profile
            one = statistics.median(libreoffice(lo, docs[:1], profile, soffice) for _ in range(3))
            many = libreoffice(lo, docs, profile, soffice) / len(docs)
            figures |= {
                "libreoffice_seconds_per_letter": round(one, 3),
                "libreoffice_seconds_per_letter_in_batch_of_20": round(many, 3),
                "ratio": round(one / ours, 1),
                "ratio_batch": round(many / ours, 1),
                "goal_ratio": GOAL_RATIO,
                "goal_met": one / ours >= GOAL_RATIO,
            }
        db.close()
    emit(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
