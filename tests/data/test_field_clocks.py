"""Per-field clocks kept with the records (data/field_clocks.py): their numbers and integers,
that every write keeps them, and that m009_field_clocks makes them from an older store."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils
from hypothesis import given
from hypothesis import strategies as st

from cass_desktop.data import (
    changelog,
    clients,
    field_clocks,
    held_changes,
    hlc,
    local,
    migrations,
)
from cass_desktop.data import store as data_store
from cass_desktop.data import sync as sync_data
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.held import as_before_m011
from tests.helpers.stores import reopen

PINNED = json.loads((Path(__file__).parent / "field_numbers.json").read_text())

_walls = st.integers(0, hlc.MAX_WALL_MS)
_counters = st.integers(0, hlc.MAX_COUNTER)
_devices = st.sampled_from(["", "a", "b", "0198d1c2-laptop"])


def test_field_numbers_never_change():
    """A field's number is stored with every clock: once given it stays (new fields and tables
    go at the end of records/schema.py and get new numbers)."""
    for table, names in PINNED.items():
        for name, number in names.items():
            assert field_clocks.FIELD_NUMBER[(table, name)] == number, f"{table}.{name} moved"


@given(_walls, _counters, _walls, _counters, _devices, _devices)
def test_integer_clocks_keep_the_order_of_text_clocks(w1, c1, w2, c2, d1, d2):
    first, second = hlc.HLC(w1, c1, d1).encode(), hlc.HLC(w2, c2, d2).encode()
    a, b = field_clocks.to_int(first), field_clocks.to_int(second)
    assert -(2**63) <= a < 2**63
    assert field_clocks.to_text(a, d1) == first
    assert ((a, d1) < (b, d2)) == (first < second)


def _entries(db: sqlite_utils.Database) -> set[tuple]:
    """Every field clock, with its device named and its row and field spelled out."""
    rows = set()
    for table in field_clocks.TABLE_NUMBER:
        low, high = field_clocks.field_range(table)
        rows |= {
            (table, row_id, field_clocks.FIELD_NAME[n][1], clock, device, base, seq)
            for row_id, n, clock, device, base, seq in db.execute(
                "SELECT r.id, f.field, f.clock, d.device_id, f.base, f.seq FROM field_clocks f "
                f'JOIN devices d ON d.number = f.device JOIN "{table}" r ON r.rowid = f.row '
                "WHERE f.field >= ? AND f.field < ?",
                [low, high],
            )
        }
    return rows


def _from_held(db: sqlite_utils.Database) -> set[tuple]:
    """What head office's field clocks must be: one per change it holds (data/held_changes)."""
    return _from_ops(db, held_changes.every_held(db))


def _from_ops(db: sqlite_utils.Database, ops=None) -> set[tuple]:
    """What the field clocks must be: one per change held in ops."""
    return {
        (
            op.tbl,
            op.row_id,
            op.field,
            field_clocks.to_int(op.hlc),
            op.device_id,
            field_clocks.to_int(op.base_hlc),
            op.seq,
        )
        for op in (changelog.iter_ops(db) if ops is None else ops)
    }


def _busy_office(office):
    """Three stores working: people made and edited on a laptop and at head office, a
    concurrent edit kept as a conflict, and a bundle held back for a gap."""
    ho, ply = office.head_office, office.device("plymouth")
    site = local.get(ply, "site_id")
    people = [clients.create(ply, {"given_name": n, "site_id": site}) for n in ("Siân", "Ola")]
    import_file(ho, export_device(ply, office.outbox))
    import_file(ply, export_update(ho, changelog.device_id(ply), office.outbox))
    clients.update(ply, people[0], {"phone": "07700 900001"})
    clients.update(ho, people[0], {"phone": "07700 900002"})
    import_file(ho, export_device(ply, office.outbox))
    clients.update(ply, people[1], {"family_name": "Nowak"})
    first = export_device(ply, office.outbox)
    # As if head office had acknowledged it, so the next bundle does not repeat it.
    local.put(ply, "acked_seq", sync_data.last_own_seq(ply))
    clients.update(ply, people[1], {"family_name": "Nowak-Carter"})
    second = export_device(ply, office.outbox)
    import_file(ho, second)  # before the first: held back
    return people, first


def _clocks_match_ops(db: sqlite_utils.Database) -> None:
    """One entry per change held; besides, on a laptop, the newest entry of a field whose
    change head office acknowledged and the laptop dropped (data/acknowledged.py)."""
    entries, ops = _entries(db), _from_ops(db)
    assert ops <= entries
    newest: dict[tuple, int] = {}
    for e in entries:
        newest[e[:3]] = max(newest.get(e[:3], e[3]), e[3])
    me = changelog.device_id(db)
    for extra in entries - ops:
        assert extra[4] == me and extra[3] == newest[extra[:3]], extra


def test_every_write_and_merge_keeps_one_clock_per_change(office):
    _busy_office(office)
    assert _entries(office.head_office) == _from_held(office.head_office)
    for db in office.devices.values():
        _clocks_match_ops(db)


def test_an_older_store_is_migrated_in_place_and_still_syncs(office, monkeypatch):
    """A head office store from before m009 (ops_field_clock, no field clocks) is copied, then
    migrated: every record, clock, conflict and waiting change is as it was, and bundles still
    go both ways."""
    monkeypatch.setattr(data_store, "before_migrations", None)  # the copy beside the store
    people, first = _busy_office(office)
    ho = office.head_office
    path = Path(ho.execute("PRAGMA database_list").fetchall()[0][2])
    changes = held_changes.every_held(ho)
    as_before_m011(ho)  # every change in ops again
    expected = _entries(ho)
    assert expected == _from_ops(ho)
    kept = {
        t: sorted(ho.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
        for t in ("clients", "conflicts", "pending_ops")
    }
    assert kept["conflicts"] and kept["pending_ops"]
    # The layout before m009, as that version left it.
    ho.execute("DROP TABLE field_clocks")
    ho.execute("DROP TABLE devices")
    ho.execute("CREATE INDEX ops_field_clock ON ops (tbl, row_id, field, hlc)")
    ho.execute(
        "DELETE FROM _sqlite_migrations WHERE migration_set = ? AND name = 'm009_field_clocks'",
        [migrations.SET_NAME],
    )
    ho.close()
    ho = office.head_office = reopen(path)
    assert [p for p in path.parent.iterdir() if ".before-m009_field_clocks-" in p.name]
    assert _entries(ho) == expected
    for table, rows in kept.items():
        assert sorted(ho.execute(f"SELECT * FROM {table}").fetchall(), key=repr) == rows
    assert held_changes.every_held(ho) == changes  # and m011 folded them again
    names = {r[0] for r in ho.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "ops_field_clock" not in names
    # Syncing after: the held-back bundle follows on, a new edit travels both ways.
    ply, bodmin = office.device("plymouth"), office.device("bodmin")
    assert import_file(ho, first).merge.released == 1  # the held-back change follows on
    assert clients.get(ho, people[1])["family_name"] == "Nowak-Carter"
    clients.update(ho, people[1], {"preferred_name": "Ola"})
    clients.update(ply, people[0], {"phone": "07700 900003"})
    assert import_file(ho, export_device(ply, office.outbox)).refused is None
    assert (
        import_file(ply, export_update(ho, changelog.device_id(ply), office.outbox)).refused is None
    )
    assert clients.get(ho, people[0])["phone"] == "07700 900003"
    assert clients.get(ply, people[1])["preferred_name"] == "Ola"
    assert sync_data.pending_counts(ho) == {}
    assert export_update(ho, changelog.device_id(bodmin), office.outbox) is not None
    assert _entries(ho) == _from_held(ho)
    _clocks_match_ops(ply)
