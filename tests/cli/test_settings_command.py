"""`cass-desktop settings retention [--years N]`: the years records are kept, shown anywhere;
set at head office as Settings ▸ Retention sets them, and sent to every laptop with its next
update; refused on a laptop (head office's to set) and out of range, changing nothing."""

from __future__ import annotations

import json

import pytest

from cass_desktop.privacy import retention
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import dump
from tests.helpers.cli import one_line_error, run


@pytest.fixture
def dirs(office, cass_passphrase) -> dict[str, str]:
    return {name: str(office.root / name) for name in ("head-office", "plymouth")}


def _settings(capsys, folder: str, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "--data-dir", folder, "settings", "retention", *argv)


def test_head_office_sets_the_years_and_its_next_update_carries_them(office, dirs, capsys):
    code, out, err = _settings(capsys, dirs["head-office"])
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Records are kept 6 years after the last work with a person.",
        "Sent to every laptop with its next update from head office.",
    ]
    code, out, err = _settings(capsys, dirs["head-office"], "--years", "8")
    assert (code, err) == (0, "")
    assert (
        out.splitlines()[0]
        == "Saved: records are now kept 8 years after the last work with a person."
    )
    assert retention.years(office.head_office) == 8

    ply = office.device("plymouth")
    code, out, _ = _settings(capsys, dirs["plymouth"])
    assert out.splitlines() == [
        "Records are kept 6 years after the last work with a person.",
        "Set by head office: the default until head office's first update arrives.",
    ]
    update = export_update(office.head_office, identity.my_card(ply).device_id, office.outbox)
    assert import_file(ply, update).refused is None
    code, out, err = _settings(capsys, dirs["plymouth"])
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Records are kept 8 years after the last work with a person.",
        "Set by head office: it cannot be changed here.",
    ]
    code, out, _ = _settings(capsys, dirs["plymouth"], "--json")
    assert json.loads(out) == {"years": 8, "set_here": False, "from_head_office": True}
    code, out, _ = _settings(capsys, dirs["head-office"], "--json", "--years", "1")
    assert json.loads(out) == {"years": 1, "set_here": True, "from_head_office": False}


def test_a_laptop_refuses_to_set_them_in_one_sentence_changing_nothing(office, dirs, capsys):
    ply = office.device("plymouth")
    _settings(capsys, dirs["plymouth"])  # opened once: the store notes who unlocked it
    before = dump(ply)
    code, out, err = _settings(capsys, dirs["plymouth"], "--years", "8")
    assert code == 1
    line = one_line_error(code, out, err, "Head office sets how long records are kept")
    assert line == f"cass-desktop: {retention.ON_A_LAPTOP}"
    assert dump(ply) == before
    assert retention.years(ply) == 6


@pytest.mark.parametrize(
    ("typed", "exit_code", "words"),
    [
        ("0", 1, "Records are kept for 1 to 100 years; 0 will not do."),
        ("101", 1, "Records are kept for 1 to 100 years; 101 will not do."),
        ("six", 2, "“six” is not a whole number"),
        ("0" * 30 + "7", 2, "is not a whole number"),
    ],
)
def test_years_out_of_range_or_not_a_number_are_refused_changing_nothing(
    office, dirs, capsys, typed, exit_code, words
):
    _settings(capsys, dirs["head-office"])  # opened once: the store notes who unlocked it
    before = dump(office.head_office)
    code, out, err = _settings(capsys, dirs["head-office"], "--years", typed)
    assert code == exit_code
    one_line_error(code, out, err, words)
    assert dump(office.head_office) == before
    assert retention.years(office.head_office) == 6
