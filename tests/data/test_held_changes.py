"""Head office's held changes folded into its field clock entries (data/held_changes.py):
rebuilt, they are the changes as they arrived, in arrival order, and none it received stays
in ops; m011_held_changes folds an older head office store's ops the same way, and updates
carry the same changes after as before."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from cass_desktop.data import changelog, clients, field_clocks, held_changes, peers, purge
from cass_desktop.data import store as data_store
from cass_desktop.data import sync as sync_data
from cass_desktop.data.purge import PURGED_JSON
from cass_desktop.sync.importer import import_file
from tests.helpers.held import as_before_m011, busy_office
from tests.helpers.stores import reopen


def _as_held(ho: sqlite_utils.Database, op: tuple) -> changelog.Op:
    """A change as head office holds it: on an erased record, without its value."""
    op = changelog.Op(*op)
    if purge.is_purged(ho, op.tbl, op.row_id) and not purge.keeps_value(op.tbl, op.field):
        return op._replace(value_json=PURGED_JSON)
    return op


def _check_rebuilt(ho: sqlite_utils.Database, sent: dict[str, set]) -> None:
    """Every change head office holds, rebuilt, is the change as each laptop sent it (or as
    head office made it), and none it received is left in ops."""
    rebuilt = held_changes.every_held(ho)
    own = changelog.device_id(ho)
    left = [changelog.Op(*r) for r in ho.execute("SELECT * FROM ops ORDER BY rowid")]
    # Only head office's own changes, and those dropped on arrival because their record was
    # erased (no entry, no value), stay in ops.
    assert all(op.device_id == own or op.value_json == PURGED_JSON for op in left)
    mine = [op for op in left if op.device_id == own]
    assert [op for op in rebuilt if op.device_id == own] == mine
    refused = f"SELECT {', '.join(changelog.OPS_COLUMNS)} FROM refused_ops WHERE device_id = ?"
    for device, ops in sent.items():
        top = sync_data.held_seq(ho, device)
        arrived = {_as_held(ho, op) for op in ops if op[1] <= top}
        held = {op for op in rebuilt if op.device_id == device}
        held |= set(ho.execute(refused, [device]))
        held |= {op for op in left if op.device_id == device}
        assert held == arrived, device
        theirs = sorted((op for op in rebuilt if op.device_id == device), key=lambda o: o.seq)
        assert held_changes.by_number(ho, device, [op.seq for op in theirs]) == theirs
        noted = "SELECT held_seq FROM devices WHERE device_id = ?"
        assert ho.execute(noted, [device]).fetchone()[0] == top
    # Exactly one entry of each field holds no value: the newest, whose value is the record's.
    newest = ho.execute(
        "SELECT row, field, count(*) FROM field_clocks WHERE value IS NULL GROUP BY row, field "
        "HAVING count(*) != 1"
    ).fetchall()
    assert newest == []


def test_head_office_rebuilds_every_change_it_holds_as_it_arrived(office):
    sent: dict[str, set] = {}
    people, first = busy_office(office, sent)
    ho = office.head_office
    assert sync_data.open_conflicts(ho)
    _check_rebuilt(ho, sent)
    assert import_file(ho, first).merge.released
    _check_rebuilt(ho, sent)
    arrivals = [a for a, _op in held_changes.by_arrival(ho, 0, field_clocks.arrival_top(ho))]
    assert arrivals == sorted(set(arrivals))
    assert held_changes.by_arrival(ho, arrivals[-1], arrivals[-1]) == []
    assert clients.get(ho, people[1])["family_name"] == "Nowak-Carter"
    # A laptop holds no entries' values or arrival numbers: its changes are in ops.
    ply = office.device("plymouth")
    held = "SELECT count(*) FROM field_clocks WHERE arrival IS NOT NULL"
    assert ply.execute(held).fetchone()[0] == 0


def test_m011_folds_an_older_head_office_store_and_updates_carry_the_same(office, monkeypatch):
    """A head office store from before m011 (every change in ops) is copied, then migrated:
    every change is rebuilt as it was, with its arrival, none received is left in ops, each
    device has its held seq, each laptop's update carries the same changes as the one made
    from ops before, and the held-back bundle still follows on."""
    monkeypatch.setattr(data_store, "before_migrations", None)  # the copy beside the store
    sent: dict[str, set] = {}
    _people, first = busy_office(office, sent)
    ho = office.head_office
    path = Path(ho.execute("PRAGMA database_list").fetchall()[0][2])
    as_before_m011(ho)
    in_ops = {r[0]: changelog.Op(*r[1:]) for r in ho.execute("SELECT rowid, * FROM ops")}
    kept = {
        t: sorted(ho.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
        for t in ("clients", "conflicts", "pending_ops", "refused_ops")
    }
    assert kept["conflicts"] and kept["pending_ops"]
    updates = {}
    for name, db in office.devices.items():
        me = changelog.device_id(db)
        peer = peers.get(ho, me)
        for cursor in {0, int(peer.get("update_cursor") or 0)}:
            updates[(name, cursor)] = sync_data.update_ops_for(
                ho, me, peer["site_id"], cursor, from_ops=True
            )
    ho.close()
    ho = office.head_office = reopen(path)
    assert [p for p in path.parent.iterdir() if ".before-m011_held_changes-" in p.name]
    for table, rows in kept.items():
        assert sorted(ho.execute(f"SELECT * FROM {table}").fetchall(), key=repr) == rows, table
    rebuilt = held_changes.by_arrival(ho, 0, field_clocks.arrival_top(ho))
    assert rebuilt == [(a, in_ops[a]) for a, _op in rebuilt]  # the same, with their arrival
    left = {r[0] for r in ho.execute("SELECT rowid FROM ops")}
    assert {a for a, _op in rebuilt} | left == set(in_ops)
    for (name, cursor), before in updates.items():
        me = changelog.device_id(office.device(name))
        site = peers.get(ho, me)["site_id"]
        assert sync_data.update_ops_for(ho, me, site, cursor) == before, (name, cursor)
    _check_rebuilt(ho, sent)
    assert import_file(ho, first).merge.released == 1
    _check_rebuilt(ho, sent)
