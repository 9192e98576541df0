"""What checking a bundle costs: one large bundle imported whole, and one very long line.

One laptop writes one bundle of 200,000 operations (people with a hearing and a contact each;
CASS_BENCH_CHECK_OPS to change it) and head office imports it into an empty store: decrypt,
signature, hash, every check of every operation (shape, ids, value against its field, clock,
numbers), then the merge. `read_s` is the part that is reading and checking alone: opening the
bundle and reading every operation through the same checks, without merging.

Then two bundles the laptop signs whose ops.jsonl ends in one line of 64 MB and one of 128 MB
(a change whose value is that long, of random letters, so it does not compress away): the
time until import_file returns, and what it said. Before this was linear, splitting lines
took 2 s and 8 s for these.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import shutil
import string
import tempfile
import time
import zipfile
from pathlib import Path

import pyrage

from _common import OUT, emit
from bench_sync_export import fill, make_office
from cass_desktop.data.changelog import device_id
from cass_desktop.sync import bundle as bundle_mod
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file

OPS = int(os.environ.get("CASS_BENCH_CHECK_OPS", "200000"))
LONG_LINES_MB = (64, 128)


def _read_only(ho, path: Path) -> tuple[float, int]:
    """Seconds to open a bundle and read every operation through the reader's checks."""
    keys = identity.ensure_keys(ho)
    started = time.perf_counter()
    opened = bundle_mod.open_bundle(path, keys.identity(), 10**6)
    count = 0
    try:
        checks = getattr(importer_module(), "_check_ops", None)
        if checks is not None:  # this version checks every operation before merging
            opened.check_contents()
            with ho.atomic():
                checks(ho, opened, opened.sender)
                count = opened.manifest["op_count"]
                raise _Rollback
        for _op in opened.ops():
            count += 1
    except _Rollback:
        pass
    finally:
        opened.close()
    return time.perf_counter() - started, count


class _Rollback(Exception):
    pass


def importer_module():
    from cass_desktop.sync import importer

    return importer


def _long_line_bundle(root: Path, laptop, ho, megabytes: int) -> Path:
    """A bundle the laptop signs: its own first change, then one whose value is very long."""
    me = device_id(laptop)
    keys = identity.ensure_keys(laptop)
    first = json.loads(next(_lines_of(laptop)))
    rng = random.Random(megabytes)
    letters = "".join(rng.choices(string.ascii_letters, k=1 << 20))
    value = json.dumps(letters * megabytes)
    long_op = {**first, "seq": first["seq"] + 1, "tbl": "clients", "field": "risk_flags"}
    long_op["value_json"] = value
    ops = (json.dumps(first) + "\n" + json.dumps(long_op) + "\n").encode()
    manifest = {
        "kind": "device-export",
        "schema": 1,
        "sender": me,
        "sender_card": json.loads(identity.my_card(laptop).to_json()),
        "recipient": device_id(ho),
        "site": "Plymouth Magistrates' Court",
        "seq_from": first["seq"],
        "seq_to": first["seq"] + 1,
        "op_count": 2,
        "update_cursor": 0,
        "created_at": "2026-12-01T00:00:00+00:00",
        "format": 1,
        "members": {"ops.jsonl": {"sha256": hashlib.sha256(ops).hexdigest(), "size": len(ops)}},
    }
    manifest["signature"] = keys.sign(bundle_mod.canonical(manifest))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        zf.writestr("ops.jsonl", ops)
    recipient = pyrage.x25519.Recipient.from_str(identity.ensure_keys(ho).recipient())
    path = root / f"long-line-{megabytes}mb.cassbundle"
    path.write_bytes(pyrage.encrypt(buffer.getvalue(), [recipient]))
    return path


def _lines_of(laptop):
    from cass_desktop.data import changelog

    for op in changelog.iter_ops(laptop, device_id(laptop), 0):
        yield json.dumps(op._asdict(), separators=(",", ":"))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="bundle-checks-bench-", dir=OUT))
    try:
        ho, (laptop,) = make_office(root, 1)
        fill(laptop, OPS)
        path = export_device(laptop, root)
        bundle_mb = round(path.stat().st_size / 1e6, 1)
        read_s, read_ops = _read_only(ho, path)
        started = time.perf_counter()
        result = import_file(ho, path)
        import_s = time.perf_counter() - started
        if result.refused:
            raise SystemExit(f"the bundle was refused: {result.refused}")

        # A fresh head office for the long lines, so the laptop's numbers are not held yet.
        ho2, (laptop2,) = make_office(root / "long", 1)
        fill(laptop2, 14)
        long_lines = {}
        for megabytes in LONG_LINES_MB:
            long_path = _long_line_bundle(root, laptop2, ho2, megabytes)
            started = time.perf_counter()
            long_result = import_file(ho2, long_path)
            long_lines[f"{megabytes}mb_line_s"] = round(time.perf_counter() - started, 2)
            long_lines[f"{megabytes}mb_line_said"] = long_result.refused or long_result.describe()
        ho.close()
        ho2.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    applied = result.merge.applied
    emit(
        {
            "benchmark": "bundle_checks",
            "ops": applied,
            "bundle_mb": bundle_mb,
            "import_s": round(import_s, 2),
            "import_ops_per_second": round(applied / import_s),
            "read_s": round(read_s, 2),
            "read_ops": read_ops,
            "read_us_per_op": round(read_s / max(read_ops, 1) * 1e6, 2),
            **long_lines,
        }
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
