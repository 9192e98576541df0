"""Head office's held changes kept in its field clock entries (data/held_changes.py): rebuilt,
they are the changes as they arrived, in the order they arrived; and m010_held_changes fills
the entries of an older head office store from its ops."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from cass_desktop.data import changelog, clients, field_clocks, held_changes, local, migrations
from cass_desktop.data import store as data_store
from cass_desktop.data import sync as sync_data
from cass_desktop.data.purge import PURGED_JSON, purge_person
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.erasure import erased_person
from tests.helpers.stores import reopen


def _sync(office, name: str) -> None:
    ho, db = office.head_office, office.device(name)
    path = export_device(db, office.outbox)
    if path is not None:
        assert import_file(ho, path).refused is None
    update = export_update(ho, changelog.device_id(db), office.outbox)
    assert import_file(db, update).refused is None


def _busy_office(office):
    """Three laptops syncing with head office: people made and edited everywhere, a conflict,
    an edit arriving after two newer ones, a bundle held back for a gap, and an erasure.
    Returns (the people, the bundle still to deliver)."""
    ho, ply, bodmin = office.head_office, office.device("plymouth"), office.device("bodmin")
    site = local.get(ply, "site_id")
    people = [clients.create(ply, {"given_name": n, "site_id": site}) for n in ("Siân", "Ola")]
    gone, _hearing = erased_person(ply)
    clients.create(bodmin, {"given_name": "Łukasz", "site_id": local.get(bodmin, "site_id")})
    for name in ("plymouth", "bodmin", "truro"):
        _sync(office, name)
    clients.update(ply, people[0], {"phone": "07700 900001"})
    clients.update(ho, people[0], {"phone": "07700 900002"})
    clients.update(ho, people[0], {"phone": "07700 900003"})  # the laptop's edit arrives late
    clients.update(ho, people[1], {"preferred_name": None})  # an empty value
    clients.update(ho, gone, {"phone": "07700 900004"})
    _sync(office, "plymouth")
    purge_person(ply, gone)
    _sync(office, "plymouth")
    clients.update(ply, people[1], {"family_name": "Nowak"})
    first = export_device(ply, office.outbox)
    local.put(ply, "acked_seq", sync_data.last_own_seq(ply))  # as if acknowledged
    clients.update(ply, people[1], {"family_name": "Nowak-Carter"})
    assert import_file(ho, export_device(ply, office.outbox)).merge.held_back
    clients.update(ho, people[1], {"given_name": "Aleksandra"})
    return people, first


def _ops_in_arrival_order(db: sqlite_utils.Database) -> list[changelog.Op]:
    """What `ops` holds of the changes that have entries, in the order they arrived."""
    rows = db.execute(f"SELECT {', '.join(changelog.OPS_COLUMNS)} FROM ops ORDER BY rowid")
    return [changelog.Op(*r) for r in rows if r[6] != PURGED_JSON or _has_entry(db, r)]


def _has_entry(db: sqlite_utils.Database, row: tuple) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM field_clocks f JOIN devices d ON d.number = f.device "
            "WHERE d.device_id = ? AND f.seq = ?",
            [row[0], row[1]],
        ).fetchone()
        is not None
    )


def _check_rebuilt(ho: sqlite_utils.Database) -> None:
    expected = _ops_in_arrival_order(ho)
    assert held_changes.every_held(ho) == expected
    # Only changes dropped on arrival because their record was erased have no entry.
    everything = [changelog.Op(*r) for r in ho.execute("SELECT * FROM ops ORDER BY rowid")]
    assert all(op.value_json == PURGED_JSON for op in everything if op not in expected)
    # Exactly one entry of each field holds no value: the newest, whose value is the record's.
    newest = ho.execute(
        "SELECT row, field, count(*) FROM field_clocks WHERE value IS NULL GROUP BY row, field "
        "HAVING count(*) != 1"
    ).fetchall()
    assert newest == []
    for device in {op.device_id for op in expected} - {changelog.device_id(ho)}:
        mine = [op for op in expected if op.device_id == device]
        assert held_changes.by_number(ho, device, [op.seq for op in mine]) == sorted(
            mine, key=lambda op: op.seq
        )
        assert (
            sync_data.held_seq(ho, device)
            == ho.execute("SELECT held_seq FROM devices WHERE device_id = ?", [device]).fetchone()[
                0
            ]
        )


def test_head_office_rebuilds_every_change_it_holds_as_it_arrived(office):
    people, first = _busy_office(office)
    ho = office.head_office
    assert sync_data.open_conflicts(ho)
    _check_rebuilt(ho)
    assert import_file(ho, first).merge.released
    _check_rebuilt(ho)
    # An entry's arrival is its op's rowid, which update cursors counted before.
    arrivals = [a for a, _op in held_changes.by_arrival(ho, 0, field_clocks.arrival_top(ho))]
    rowids = ho.execute("SELECT rowid, device_id, seq FROM ops").fetchall()
    by_number = {(d, s): r for r, d, s in rowids}
    assert arrivals == [by_number[(op.device_id, op.seq)] for op in held_changes.every_held(ho)]
    assert arrivals == sorted(arrivals) and len(set(arrivals)) == len(arrivals)
    assert held_changes.by_arrival(ho, arrivals[-1], arrivals[-1]) == []
    # A laptop holds no entries' values or arrival numbers: its changes are in ops.
    ply = office.device("plymouth")
    assert (
        ply.execute("SELECT count(*) FROM field_clocks WHERE arrival IS NOT NULL").fetchone()[0]
        == 0
    )
    assert people


def test_m010_fills_an_older_head_office_store_from_its_ops(office, monkeypatch):
    """A head office store from before m010 is copied, then migrated: every entry gets what
    head office would have written since (arrival, base device, the values of all but the
    newest), each device its held seq; the held-back bundle still follows on."""
    monkeypatch.setattr(data_store, "before_migrations", None)  # the copy beside the store
    _people, first = _busy_office(office)
    ho = office.head_office
    path = Path(ho.execute("PRAGMA database_list").fetchall()[0][2])
    expected = held_changes.every_held(ho)
    kept = {
        t: sorted(ho.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
        for t in ("clients", "ops", "conflicts", "pending_ops", "refused_ops", "field_clocks")
    }
    assert kept["conflicts"] and kept["pending_ops"]
    # The layout before m010, as m009 left it.
    for index in ("field_clocks_change", "field_clocks_arrival"):
        ho.execute(f"DROP INDEX {index}")
    for column in ("base_device", "value", "arrival"):
        ho.execute(f"ALTER TABLE field_clocks DROP COLUMN {column}")
    ho.execute("ALTER TABLE devices DROP COLUMN held_seq")
    ho.execute(
        "DELETE FROM _sqlite_migrations WHERE migration_set = ? AND name = 'm010_held_changes'",
        [migrations.SET_NAME],
    )
    ho.close()
    ho = office.head_office = reopen(path)
    assert [p for p in path.parent.iterdir() if ".before-m010_held_changes-" in p.name]
    for table, rows in kept.items():
        assert sorted(ho.execute(f"SELECT * FROM {table}").fetchall(), key=repr) == rows, table
    assert held_changes.every_held(ho) == expected
    _check_rebuilt(ho)
    assert import_file(ho, first).merge.released == 1
    _check_rebuilt(ho)
