"""Saving a letter from the app, and making the letterhead's sample letter, leave nothing
personal in the clear in the data folder or the system temporary folder."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from cass_desktop.letters import make_letter, sample_letter, set_letterhead
from cass_desktop.ui.letters.letter_preview import LetterPreviewDialog
from tests.helpers.letters import make_referral

NEEDLES = ["Siân", "Ní Bhriain", "Bhriain", "07700 900123", "Frankfort Gate", "Zoë Nguyễn"]


def _hits(*folders: Path) -> list[tuple[str, str]]:
    found = []
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in names:
                path = Path(root) / name
                if path.is_symlink():
                    continue
                raw = path.read_bytes()
                for needle in NEEDLES:
                    for encoding in ("utf-8", "utf-16-le"):
                        if needle.encode(encoding) in raw:
                            found.append((str(path), needle))
    return found


@pytest.fixture
def system_temp(tmp_path_factory, monkeypatch) -> Path:
    folder = tmp_path_factory.mktemp("system-temp")
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return folder


def test_saving_a_letter_leaves_nothing_in_the_clear(
    qtbot, context, tmp_path, tmp_path_factory, system_temp
):
    data_dir = tmp_path
    referral_id, _client, _agency = make_referral(context.db)
    letter = make_letter(context.db, referral_id, data_dir=data_dir, log=False)
    dialog = LetterPreviewDialog(context, None, letter)
    qtbot.addWidget(dialog)
    chosen = tmp_path_factory.mktemp("documents") / "letter.pdf"
    assert dialog.save_to(chosen) == chosen
    assert chosen.read_bytes() == letter.pdf
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o600  # the saved letter is private too
    assert _hits(data_dir, system_temp) == []
    assert list(system_temp.iterdir()) == []


def test_the_sample_letter_is_made_without_anything_in_the_clear(context, tmp_path, system_temp):
    set_letterhead(context.db, organisation="Devon and Cornwall Liaison and Diversion")
    seen: list[bytes] = []
    real = tempfile.TemporaryDirectory

    class Watched(real):  # look inside the scratch folder before it is thrown away
        def cleanup(self) -> None:
            for root, _, names in os.walk(self.name):
                seen.extend((Path(root) / n).read_bytes() for n in names)
            super().cleanup()

    tempfile.TemporaryDirectory = Watched
    try:
        letter = sample_letter(
            {"organisation": "Devon and Cornwall Liaison and Diversion"},
            context.site,
            {"name": "Alex Carter", "phone": "01752 206200"},
            tmp_path,
        )
    finally:
        tempfile.TemporaryDirectory = real
    assert letter.pdf.startswith(b"%PDF")
    assert seen  # the scratch store was there, encrypted
    for raw in seen:
        assert b"Bhriain" not in raw and "Siân".encode() not in raw and b"Alex Carter" not in raw
    assert _hits(tmp_path, system_temp) == []
