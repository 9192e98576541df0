"""Golden files: each standard letter, made from the same referral, reads exactly as kept.

The golden file is the letter's text (as pdftotext extracts it) and its page count, so a
change to a template or to the layout shows up as a readable diff. After a deliberate change,
write them afresh with `pytest tests/letters --generate-reference-pdfs`, look at the PDFs
written beside them (git-ignored), and keep the new text files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cass_desktop.letters import TEMPLATE_NAMES, make_letter
from tests.helpers.letters import LETTER_DAY
from tests.helpers.pdf import pdf_pages, pdf_text

GOLDEN = Path(__file__).parent / "golden"

pytestmark = pytest.mark.usefixtures("have_pdftotext")


def normalised(text: str) -> str:
    """pdftotext's text with trailing spaces and runs of blank lines tidied away."""
    lines = [line.rstrip() for line in text.replace("\f", "\n\f\n").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


@pytest.mark.parametrize("template", TEMPLATE_NAMES)
def test_letter_matches_its_golden_file(referral, tmp_path, template, request):
    letter = make_letter(
        referral.db, referral.referral_id, template, data_dir=referral.data_dir, on=LETTER_DAY
    )
    made = (
        f"pages: {pdf_pages(letter.pdf, tmp_path)}\n\n{normalised(pdf_text(letter.pdf, tmp_path))}"
    )
    golden = GOLDEN / f"{template}.txt"
    if request.config.getoption("--generate-reference-pdfs"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(made, encoding="utf-8")
        (GOLDEN / f"{template}.pdf").write_bytes(letter.pdf)
        return
    assert golden.exists(), (
        f"{golden} is missing: run pytest tests/letters --generate-reference-pdfs to make it"
    )
    assert made == golden.read_text(encoding="utf-8")
