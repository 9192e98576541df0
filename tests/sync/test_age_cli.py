"""Head office can read a bundle with the standard `age` tool and `unzip`, as
docs/bundle-format.md says, and check it by the rules written there, without CASS Desktop."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from cass_desktop.data import clients, local

pytestmark = pytest.mark.skipif(
    shutil.which("age") is None or shutil.which("unzip") is None,
    reason="the age and unzip command-line tools are not installed",
)


def _run(args: list[str], cwd, stdout=None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, stdout=stdout or subprocess.PIPE, check=True, timeout=60)


def test_read_a_bundle_with_age_and_unzip(office, tmp_path, cass_passphrase):
    ho, ply = office.head_office, office.device("plymouth")
    site = local.get(ply, "site_id")
    person = clients.create(
        ply, {"given_name": "Siân", "family_name": "Ní Bhriain", "site_id": site}, "PLY"
    )
    # The bundle and head office's key are written with the app's own command line.
    cli = [sys.executable, "-m", "cass_desktop"]
    ho_dir, ply_dir = office.root / "head-office", office.root / "plymouth"
    ho.close()
    ply.close()
    _run(
        [*cli, "--data-dir", str(ho_dir), "keys", "age-identity", "--out", "head-office.key"],
        tmp_path,
    )
    out = tmp_path / "out"
    out.mkdir()
    _run([*cli, "--data-dir", str(ply_dir), "export", "--out", str(out)], tmp_path)
    [bundle] = list(out.glob("cass-plymouth-*.cassbundle"))
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1\n")

    # age --decrypt -i head-office.key cass-plymouth-....cassbundle > bundle.zip
    with open(tmp_path / "bundle.zip", "wb") as zipped:
        _run(["age", "--decrypt", "-i", "head-office.key", str(bundle)], tmp_path, stdout=zipped)
    listing = _run(["unzip", "-Z1", "bundle.zip"], tmp_path).stdout.decode().split()
    # The laptop's audit log travels as its own member (audit/section.py).
    assert sorted(listing) == ["audit.jsonl", "manifest.json", "ops.jsonl"]
    manifest = json.loads(_run(["unzip", "-p", "bundle.zip", "manifest.json"], tmp_path).stdout)
    ops_bytes = _run(["unzip", "-p", "bundle.zip", "ops.jsonl"], tmp_path).stdout

    # The manifest, field by field as documented.
    assert manifest["format"] == 1
    assert manifest["kind"] == "device-export"
    card = manifest["sender_card"]
    assert manifest["sender"] == card["device_id"]
    assert manifest["site"] == "Plymouth Magistrates' Court"
    assert manifest["members"]["ops.jsonl"] == {
        "sha256": hashlib.sha256(ops_bytes).hexdigest(),
        "size": len(ops_bytes),
    }
    # The signature: Ed25519 over the manifest without `signature`, keys sorted, separators
    # "," and ":", UTF-8 unescaped.
    body = {k: v for k, v in manifest.items() if k != "signature"}
    signed = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(card["signing_public"]))
    key.verify(base64.b64decode(manifest["signature"]), signed)  # raises if it does not match

    # ops.jsonl: one changed field per line, numbers gap-free from seq_from to seq_to.
    ops = [json.loads(line) for line in ops_bytes.decode("utf-8").splitlines()]
    assert len(ops) == manifest["op_count"]
    assert [op["seq"] for op in ops] == list(range(manifest["seq_from"], manifest["seq_to"] + 1))
    assert {op["device_id"] for op in ops} == {manifest["sender"]}
    # (Each operation is known by its device and number; there is no separate op id.)
    fields = {
        "device_id",
        "seq",
        "hlc",
        "tbl",
        "row_id",
        "field",
        "value_json",
        "base_hlc",
    }
    for op in ops:
        assert set(op) == fields
        wall, counter, device = op["hlc"].split("-", 2)
        assert len(wall) == 13 and len(counter) == 6 and device == op["device_id"]
    family = [op for op in ops if op["row_id"] == person and op["field"] == "family_name"]
    assert [json.loads(op["value_json"]) for op in family] == ["Ní Bhriain"]
    assert "Ní Bhriain" in ops_bytes.decode("utf-8")  # UTF-8 text, not \\u escapes
