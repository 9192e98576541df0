"""`cass-desktop letter`: a referral's letter to a PDF file, or one plain line saying why not."""

from __future__ import annotations

from pathlib import Path

import pytest

from cass_desktop.data import changelog, letters
from tests.helpers.cli import one_line_error, run
from tests.helpers.letters import make_referral
from tests.helpers.pdf import pdf_text

pytestmark = pytest.mark.usefixtures("have_pdftotext", "cass_passphrase")


def test_letter_is_written_and_logged(referral, capsys, tmp_path):
    out = tmp_path / "out" / "letter.pdf"
    out.parent.mkdir()
    code, stdout, err = run(
        capsys,
        "--data-dir", str(referral.data_dir),
        "letter", "--referral", referral.referral_id,
        "--template", "appointment-easy-read",
        "--out", str(out),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert f"Wrote {out}" in stdout
    assert "Siân Ní Bhriain" in stdout
    assert "Date: 27 November 2026" in pdf_text(out.read_bytes(), tmp_path)
    logged = letters.for_referral(referral.db, referral.referral_id)
    assert [r["template"] for r in logged] == ["appointment-easy-read"]
    assert list(out.parent.iterdir()) == [out]  # no temporary file left beside it


def test_the_default_letter_is_to_the_agency(referral, capsys, tmp_path):
    out = tmp_path / "agency.pdf"
    code, _, _ = run(
        capsys, "--data-dir", str(referral.data_dir),
        "letter", "--referral", referral.referral_id, "--out", str(out),
    )  # fmt: skip
    assert code == 0
    assert "Supported referral: Siân Ní Bhriain" in pdf_text(out.read_bytes(), tmp_path)


def check_refused(capsys, db, data_dir: Path, *args: str, out: Path | None = None) -> str:
    out = out or data_dir / "refused.pdf"
    before = changelog.count_ops(db)
    code, stdout, err = run(capsys, "--data-dir", str(data_dir), "letter", *args, "--out", str(out))
    line = one_line_error(code, stdout, err)
    assert not out.is_file()
    assert changelog.count_ops(db) == before
    return line


def test_unknown_referral(referral, capsys):
    line = check_refused(capsys, referral.db, referral.data_dir, "--referral", "no-such-id")
    assert "There is no referral no-such-id" in line


def test_unknown_template(referral, capsys):
    line = check_refused(
        capsys,
        referral.db,
        referral.data_dir,
        "--referral",
        referral.referral_id,
        "--template",
        "nope",
    )
    assert "no letter template called “nope”" in line
    assert "referral-to-agency" in line


def test_no_consent(device_db, capsys, tmp_path):
    referral_id, _, _ = make_referral(device_db, consent=False)
    line = check_refused(capsys, device_db, tmp_path, "--referral", referral_id)
    assert "Siân has not agreed to share" in line
    assert "Shelter Plymouth" in line
    assert "lawful reason" in line


def test_broken_template_names_file_and_line(referral, capsys):
    folder = referral.data_dir / "letters"
    folder.mkdir()
    (folder / "referral-to-agency.j2").write_text("# Letter\n\n{{ client.shoe_size }}\n")
    line = check_refused(capsys, referral.db, referral.data_dir, "--referral", referral.referral_id)
    assert "referral-to-agency.j2, line 3" in line
    assert "“shoe_size”" in line


def test_out_must_be_a_file_in_a_folder_that_exists(referral, capsys, tmp_path):
    args = ("--referral", referral.referral_id)
    line = check_refused(capsys, referral.db, referral.data_dir, *args, out=tmp_path)
    assert "is a folder" in line
    missing = tmp_path / "missing" / "x.pdf"
    line = check_refused(capsys, referral.db, referral.data_dir, *args, out=missing)
    assert "does not exist" in line
