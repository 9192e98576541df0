"""Checks that the libraries and resources the app relies on are present and work.

`cass-desktop selftest` runs these after building the main window, and `make bundle` runs that
on the PyInstaller bundle, so a library or data file the bundle left out shows up as a named
failure at build time instead of a crash in court. Each check is small and needs no network.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cass_desktop.app.paths import default_data_dir
from cass_desktop.app.resources import resource_dir
from cass_desktop.data import StoreError, changelog, open_store


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


def _resources() -> str:
    folder = resource_dir()
    if not folder.is_dir():
        raise RuntimeError(f"the resources folder {folder} is missing")
    return str(folder)


def _encrypted_store() -> str:
    version = _sqlcipher_version()
    with tempfile.TemporaryDirectory(prefix="cass-selfcheck-") as tmp:
        path = Path(tmp) / "check.db"
        # Each unlock derives the key (Argon2id, deliberately slow): create once, then one
        # wrong passphrase.
        db = open_store(path, key="correct horse")
        device = changelog.device_id(db)
        db.close()
        if not device:
            raise RuntimeError("the new keyed store has no device identity")
        if path.read_bytes()[:16] == b"SQLite format 3\x00":
            raise RuntimeError("a keyed store was written unencrypted")
        try:
            open_store(path, key="wrong", create=False).close()
        except StoreError:
            pass
        else:
            raise RuntimeError("a wrong passphrase opened the store")
    return "SQLCipher " + version


def _sqlcipher_version() -> str:
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        # SQLCipher logs a wrong passphrase to stderr; the check below tries one on purpose.
        conn.execute("PRAGMA cipher_log_level = NONE")
        return str(conn.execute("PRAGMA cipher_version").fetchone()[0])
    finally:
        conn.close()


def _passphrase_rule() -> str:
    from cass_desktop.data.passphrase import strength_problem

    if strength_problem("aaaaaaaaaa") is None or strength_problem("granite harbour lantern"):
        raise RuntimeError("the passphrase strength check gave the wrong answer")
    return "zxcvbn"


def _age() -> str:
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    sealed = pyrage.encrypt(b"check", [identity.to_public()])
    if pyrage.decrypt(sealed, [identity]) != b"check":
        raise RuntimeError("age round trip gave different bytes")
    return "pyrage"


def _signatures() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    key.public_key().verify(key.sign(b"check"), b"check")  # raises if it does not verify
    return "Ed25519"


def _pdf() -> str:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.setFont("Helvetica", 12)
    page.drawString(72, 760, "Supported referral")
    page.showPage()
    page.save()
    data = out.getvalue()
    if not data.startswith(b"%PDF-"):
        raise RuntimeError("reportlab did not write a PDF")
    return f"reportlab, {len(data)} bytes"


def _fuzzy() -> str:
    from rapidfuzz import fuzz

    score = fuzz.WRatio("Siân Jones", "Sian Jones")
    if score < 80:
        raise RuntimeError(f"rapidfuzz scored a near match at {score:.0f}")
    return "rapidfuzz"


def _templates() -> str:
    from jinja2.sandbox import SandboxedEnvironment

    text = SandboxedEnvironment(autoescape=True).from_string("Dear {{ name }}").render(name="Sam")
    if text != "Dear Sam":
        raise RuntimeError("jinja2 rendered the wrong text")
    return "jinja2 (sandboxed)"


def _data_folder() -> str:
    return str(default_data_dir())


CHECKS: list[tuple[str, Callable[[], str]]] = [
    ("resources", _resources),
    ("encrypted store", _encrypted_store),
    ("passphrase strength", _passphrase_rule),
    ("age encryption", _age),
    ("signatures", _signatures),
    ("PDF letters", _pdf),
    ("name matching", _fuzzy),
    ("templates", _templates),
    ("default data folder", _data_folder),
]


def run_checks() -> list[CheckResult]:
    """Run every check; one failing does not stop the others."""
    results = []
    for name, check in CHECKS:
        try:
            detail = check()
        except Exception as exc:
            results.append(CheckResult(name, False, f"{type(exc).__name__}: {exc}"))
        else:
            results.append(CheckResult(name, True, detail))
    return results
