"""`cass-desktop find TEXT`: what Find (Ctrl+K) lists, in the same order, writing nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from cass_desktop.data import agencies, clients, open_store, store_path
from cass_desktop.data.finding import find
from tests.helpers.cli import run

PEOPLE = [
    ("Fitzwilliam", "D'Arcy", "1990-03-14", None),
    ("Ngũgĩ wa", "Thiong'o", "1938-01-05", None),
    ("Mary Jane", "Watson", None, "07700 900123"),
    ("Muhammad", "Alrashid", "1985-07-30", None),
    ("Mohammed", "Al-Rashid", "1985-07-30", None),
    ("Siân", "Ní Bhriain", "1990-03-14", "+44 7700 900456"),
    ("Łukasz", "Wiśniewski", None, None),
    ("Siobhan", "O'Brien", None, "(01752) 123-456"),
]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file with a hash of its bytes (SQLite's empty sidecars left out)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and not p.name.endswith("-shm")
        and not (p.name.endswith("-wal") and not p.stat().st_size)
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    db = open_store(store_path(tmp_path))
    for n, (given, family, born, phone) in enumerate(PEOPLE):
        values = {"given_name": given, "family_name": family, "date_of_birth": born}
        values.update(phone=phone, reference=f"PLY-7KQM-{n:04d}")
        clients.create(db, values, "PLY")
    agencies.create(db, {"name": "Shelter Plymouth", "domains": "housing"})
    agencies.create(db, {"name": "Siân's Advice Centre", "domains": "money"})
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return tmp_path


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("darcy", "Fitzwilliam D'Arcy"),
        ("thiongo", "Ngũgĩ wa Thiong'o"),
        ("maryjane", "Mary Jane Watson"),
        ("sian", "Siân Ní Bhriain"),
        ("lukasz", "Łukasz Wiśniewski"),
        ("obrien", "Siobhan O'Brien"),
        ("PLY-7KQM-0002", "Mary Jane Watson"),
        ("14/3/90", "Fitzwilliam D'Arcy"),
        ("07700 900 123", "Mary Jane Watson"),
        ("07700900456", "Siân Ní Bhriain"),
        ("01752 123456", "Siobhan O'Brien"),
    ],
)
def test_find_prints_what_ctrl_k_lists(capsys, folder, typed, first):
    before = snapshot(folder)
    code, out, err = run(capsys, "--data-dir", str(folder), "find", typed)
    assert code == 0 and err == ""
    assert out.splitlines()[0].startswith(first + "  ·  PLY-7KQM-")
    assert snapshot(folder) == before  # nothing written


def test_al_rashid_finds_both_spellings_and_json_keeps_the_order(capsys, folder):
    code, out, _ = run(capsys, "--data-dir", str(folder), "find", "al-rashid", "--json")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["name"] for r in rows} == {"Muhammad Alrashid", "Mohammed Al-Rashid"}
    db = open_store(store_path(folder), create=False)
    try:
        assert [r["id"] for r in rows] == [f.id for f in find(db, "al-rashid")]
        for text in ("sian", "14/03/1990", "s", "shel"):
            _, out, _ = run(capsys, "--data-dir", str(folder), "find", text, "--json")
            assert [json.loads(line) for line in out.splitlines()] == [
                f.as_dict() for f in find(db, text)
            ]
    finally:
        db.close()


def test_people_first_then_agencies(capsys, folder):
    code, out, _ = run(capsys, "--data-dir", str(folder), "find", "si")
    lines = out.splitlines()
    assert code == 0
    assert [line.split("  ·  ")[0] for line in lines] == [
        "Siân Ní Bhriain",
        "Siobhan O'Brien",
        "Siân's Advice Centre",
    ]
    assert lines[-1] == "Siân's Advice Centre  ·  agency  ·  Money and debt"
    assert lines[0] == "Siân Ní Bhriain  ·  PLY-7KQM-0005  ·  born 14 Mar 1990"


def test_nothing_found_says_so_and_a_missing_store_is_refused_unmade(capsys, folder, tmp_path):
    code, out, err = run(capsys, "--data-dir", str(folder), "find", "zzzz")
    assert code == 0 and out == "" and "Nobody and no agency matches “zzzz”." in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, err = run(capsys, "--data-dir", str(empty), "find", "sian")
    assert code == 1 and out == "" and "There is no store" in err
    assert list(empty.iterdir()) == []
