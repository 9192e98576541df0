"""The audit log: `check` verifies its chain; `audit --person ID` shows who looked at or
changed a person's record, and when (at head office, across every site)."""

from __future__ import annotations

import argparse
import json
import sys

from cass_desktop.cli.command import UsageError
from cass_desktop.cli.store import with_store


def register(commands) -> None:
    check = commands.add_parser(
        "check", help="check the audit log's chain and say where it breaks (writes nothing)"
    )
    check.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    check.set_defaults(run=with_store(_check))
    person = commands.add_parser(
        "audit", help="who looked at or changed a person's record, and when (writes nothing)"
    )
    person.add_argument("--person", required=True, metavar="ID", help="the person's id")
    person.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    person.set_defaults(run=with_store(_audit))


def place(db, device_id: str) -> str:
    """'this store', or a laptop as head office names it."""
    from cass_desktop.data import changelog
    from cass_desktop.sync import identity

    if device_id == changelog.device_id(db):
        return "this store"
    return identity.laptop_name(db, device_id)


def _check(db, args: argparse.Namespace) -> int:
    from cass_desktop.audit import chain
    from cass_desktop.data import audit as audit_data

    broken = chain.verify(db)
    sentences = [chain.sentence(b, place(db, b.device_id)) for b in broken]
    refused = [row["sentence"] for row in audit_data.breaks(db)]
    total = audit_data.count(db)
    devices = len(audit_data.devices(db))
    if args.json:
        print(
            json.dumps(
                {
                    "ok": not sentences,
                    "entries": total,
                    "devices": devices,
                    "breaks": [
                        {"device_id": b.device_id, "entry": b.seq, "sentence": s}
                        for b, s in zip(broken, sentences, strict=True)
                    ],
                    "refused_on_arrival": refused,
                    "restores": [{"device_id": d, "entry": n} for d, n in audit_data.restores(db)],
                },
                ensure_ascii=False,
            )
        )
        return 1 if sentences else 0
    for sentence in sentences:
        print(f"cass-desktop: {sentence}", file=sys.stderr)
    if refused:
        print(
            f"check: {len(refused)} audit log{'s' if len(refused) != 1 else ''} sent by laptops "
            "did not check out on arrival and were not taken (see Devices); the latest: "
            f"{refused[0]}"
        )
    if sentences:
        return 1
    laptops = f" from {devices} laptops" if devices > 1 else ""
    marked = "; ".join(f"{place(db, d)} at entry {n}" for d, n in audit_data.restores(db))
    restores = f"; restores from a copy marked in it: {marked}" if marked else ""
    print(f"check: the audit log is whole ({total} entries{laptops}{restores}).")
    return 0


def _audit(db, args: argparse.Namespace) -> int:
    from cass_desktop.audit.history import for_person, shown_time
    from cass_desktop.data import clients

    person = clients.get(db, args.person[:64])
    if person is None:
        raise UsageError(f"No one is held with the id {args.person[:64]}.")
    lines = for_person(db, person["id"])
    if args.json:
        shown = [{**line.as_json(), "laptop": place(db, line.device_id)} for line in lines]
        print(json.dumps({"person": person["id"], "entries": shown}, ensure_ascii=False))
        return 0
    if not lines:
        print("Nothing is recorded about this person's record yet.")
        return 0
    for line in lines:
        where = f" ({line.site})" if line.site else ""
        print(f"{shown_time(line.at)}  {line.worker}{where}: {line.what}")
    return 0
