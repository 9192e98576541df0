"""Renumbering a restored laptop's own changes (data/restored.py): only those after the copy
move, in their order, gap-free after head office's number, with their clocks, values and
bases, their field clock entries and the conflicts that name them."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cass_desktop.data import changelog, clients, local, restored
from cass_desktop.data import sync as sync_data
from cass_desktop.sites.setup import set_up_device
from tests.helpers.stores import make_store


def _own(db) -> dict[int, tuple]:
    me = changelog.device_id(db)
    rows = db.execute(
        "SELECT seq, hlc, tbl, row_id, field, value_json, base_hlc FROM ops WHERE device_id = ?",
        [me],
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def _entries(db) -> dict[tuple, int]:
    """Each of this device's field clock entries (its key) and the number it names."""
    me = changelog.device_id(db)
    rows = db.execute(
        "SELECT row, field, clock, seq FROM field_clocks WHERE device = "
        "(SELECT number FROM devices WHERE device_id = ?)",
        [me],
    )
    return {tuple(row[:3]): row[3] for row in rows}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.integers(min_value=1, max_value=6),
    copy_back=st.integers(min_value=0, max_value=6),
    office_ahead=st.integers(min_value=1, max_value=5),
)
def test_only_the_changes_after_the_copy_move_and_they_follow_head_office(
    edits, copy_back, office_ahead
):
    with tempfile.TemporaryDirectory() as folder:
        db = make_store(Path(folder), "laptop")
        try:
            set_up_device(db, "Plymouth Magistrates' Court", "Alex Carter")
            person = clients.create(db, {"given_name": "Siân", "site_id": local.get(db, "site_id")})
            for n in range(edits):
                clients.update(db, person, {"phone": f"07700 90000{n}"})
            me = changelog.device_id(db)
            last = sync_data.last_own_seq(db)
            copy_top = max(0, last - copy_back)
            office_top = copy_top + office_ahead
            db.execute(
                "INSERT INTO conflicts (tbl, row_id, field, kept_value_json, kept_hlc, "
                "kept_device, other_value_json, other_hlc, other_device, other_seq, "
                "detected_hlc) "
                "VALUES ('clients', ?, 'phone', NULL, 'x', 'y', NULL, 'x', ?, ?, 'x')",
                [person, me, last],
            )
            own, entries = _own(db), _entries(db)
            with db.atomic():
                moved = restored.renumber(db, me, copy_top, office_top)
            shift = office_top - copy_top
            assert moved == last - copy_top
            new = {seq if seq <= copy_top else seq + shift: rest for seq, rest in own.items()}
            assert _own(db) == new
            assert _entries(db) == {
                key: seq if seq <= copy_top else seq + shift for key, seq in entries.items()
            }
            assert sync_data.last_own_seq(db) == office_top + moved
            after = sorted(seq for seq in _own(db) if seq > copy_top)
            assert after == list(range(office_top + 1, office_top + 1 + moved))
            other = db.execute("SELECT other_seq FROM conflicts").fetchone()[0]
            assert other == (last if last <= copy_top else last + shift)
            # The next change made here follows on.
            clients.update(db, person, {"phone": "07700 900999"})
            assert sync_data.last_own_seq(db) == office_top + moved + 1
        finally:
            db.close()
