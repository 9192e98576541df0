"""Head office finds its held changes by device and number through `change_numbers`, kept by
triggers (m012_change_numbers): no query it makes while syncing reads the whole of
`field_clocks` or `change_numbers`;
an update after any cursor is exactly the changes of the update from 0 that arrived after it;
the migration keeps every change and every update as they were on a head office store made
through the app at m011, and puts an older store's arrivals in number order without a laptop
ever missing a change."""

from __future__ import annotations

import re
from pathlib import Path

import sqlite_utils

from cass_desktop.data import changelog, field_clocks, held_changes, peers
from cass_desktop.data import store as data_store
from cass_desktop.data import sync as sync_data
from cass_desktop.sync.exporter import export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.held import arrivals, as_before_m012, busy_office, numbers_match, sync_with
from tests.helpers.stores import reopen

_NOT_ALIASES = {"where", "set", "join", "on", "left", "cross", "order", "group", "values", "as"}


def _scans(db: sqlite_utils.Database, sql: str) -> list[str]:
    """The lines of a statement's query plan that read field_clocks or change_numbers whole."""
    names = {"field_clocks", "change_numbers"} | {
        a.lower()
        for a in re.findall(r"(?:field_clocks|change_numbers)\s+(?:AS\s+)?(\w+)", sql, re.I)
        if a.lower() not in _NOT_ALIASES
    }
    plan = [row[3] for row in db.conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    return [line for line in plan if re.match(rf"SCAN ({'|'.join(names)})\b", line)]


def _updates(office) -> dict[tuple[str, int], list[changelog.Op]]:
    """Each laptop's update from 0 and from its own cursor."""
    ho, made = office.head_office, {}
    for db in office.devices.values():
        me = changelog.device_id(db)
        peer = peers.get(ho, me)
        for cursor in {0, int(peer.get("update_cursor") or 0)}:
            made[(me, cursor)] = sync_data.update_ops_for(ho, me, peer["site_id"], cursor)[0]
    return made


def _check_every_cursor(office) -> None:
    """For every laptop and every cursor up to the last arrival, the update is exactly the
    changes of the update from 0 that arrived after the cursor, in the same order."""
    ho = office.head_office
    top, arrived = field_clocks.arrival_top(ho), arrivals(ho)
    for db in office.devices.values():
        me = changelog.device_id(db)
        site = peers.get(ho, me)["site_id"]
        everything, _ = sync_data.update_ops_for(ho, me, site, 0)
        assert everything
        for cursor in range(top + 1):
            expected = [op for op in everything if arrived[(op.device_id, op.seq)] > cursor]
            assert sync_data.update_ops_for(ho, me, site, cursor) == (expected, top), cursor


def test_no_query_head_office_makes_while_syncing_reads_all_its_field_clocks(office):
    ho = office.head_office
    said: list[str] = []
    ho.conn.set_trace_callback(said.append)
    sent: dict[str, set] = {}
    _people, first = busy_office(office, sent)
    assert import_file(ho, first).merge.released
    assert import_file(ho, first).merge.already_held  # every number held: found by number
    ply = changelog.device_id(office.device("plymouth"))
    top = sync_data.held_seq(ho, ply)
    assert sync_data.held_clock(ho, ply, top)
    assert sync_data.own_ops_above(ho, ply, 0)  # a restored laptop's own changes sent back
    assert sync_data.held_seqs(ho, ply, list(range(1, top + 2))) == set(range(1, top + 1))
    assert held_changes.by_arrival(ho, 0, field_clocks.arrival_top(ho))
    for name in office.devices:
        sync_with(office, name, sent)
    export_update(ho, ply, office.outbox)
    ho.conn.set_trace_callback(None)
    statements = {
        s
        for s in said
        if ("field_clocks" in s.lower() or "change_numbers" in s.lower()) and s[:2] != "--"
    }
    scans = {s: found for s in statements if (found := _scans(ho, s))}
    assert scans == {}
    assert _scans(ho, "SELECT count(*) FROM field_clocks WHERE value IS NULL")
    # The queries that used the arrival index now read change_numbers by device and number.
    walks = [s for s in statements if "arrived_from" in s and "change_numbers" in s]
    assert walks
    plans = {line for s in walks for _, _, _, line in ho.conn.execute(f"EXPLAIN QUERY PLAN {s}")}
    assert any("SEARCH n USING PRIMARY KEY (device=? AND seq>?)" in p for p in plans)
    assert any("SEARCH f USING PRIMARY KEY (row=? AND field=?)" in p for p in plans)
    indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'field_clocks'"
    assert ho.execute(indexes).fetchall() == []
    assert numbers_match(ho)


def test_an_update_after_any_cursor_is_what_arrived_after_it(office):
    _people, first = busy_office(office, {})
    import_file(office.head_office, first)
    _check_every_cursor(office)


def test_m012_keeps_every_change_and_update_of_a_head_office_at_m011(office, monkeypatch):
    """A head office store made through the app, as m011 left it (both indexes, no
    change_numbers), is copied and migrated: every change rebuilt as before with the same
    arrival, every update from 0 and from each laptop's cursor the same as the app made them
    from the same store before, the held-back bundle still follows on."""
    monkeypatch.setattr(data_store, "before_migrations", None)  # the copy beside the store
    sent: dict[str, set] = {}
    _people, first = busy_office(office, sent)
    ho = office.head_office
    path = Path(ho.execute("PRAGMA database_list").fetchall()[0][2])
    updates = _updates(office)  # (made as the app makes them: the same store's contents)
    as_before_m012(ho)
    held, arrived = held_changes.every_held(ho), arrivals(ho)
    assert held and any(updates.values())
    ho.close()
    ho = office.head_office = reopen(path)
    assert [p for p in path.parent.iterdir() if ".before-m012_change_numbers-" in p.name]
    indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'field_clocks'"
    assert ho.execute(indexes).fetchall() == []
    assert numbers_match(ho)
    assert held_changes.every_held(ho) == held
    assert arrivals(ho) == arrived
    assert _updates(office) == updates
    _check_every_cursor(office)
    assert import_file(ho, first).merge.released == 1
    _check_every_cursor(office)
    assert numbers_match(ho)


def test_m012_puts_an_older_stores_arrivals_in_number_order(office, monkeypatch):
    """Arrivals out of their device's number order (as an older store's might be) are raised
    to the highest arrival of a lower number: no laptop's update after any cursor leaves out
    a change it held after that cursor before, and each device's arrivals follow its numbers."""
    monkeypatch.setattr(data_store, "before_migrations", None)
    _people, first = busy_office(office, {})
    ho = office.head_office
    import_file(ho, first)
    path = Path(ho.execute("PRAGMA database_list").fetchall()[0][2])
    as_before_m012(ho)
    ply = changelog.device_id(office.device("plymouth"))
    number = ho.execute("SELECT number FROM devices WHERE device_id = ?", [ply]).fetchone()[0]
    arrived = arrivals(ho)
    seqs = sorted(seq for device, seq in arrived if device == ply)
    low, high = seqs[1], seqs[-2]
    swap = "UPDATE field_clocks SET arrival = ? WHERE device = ? AND seq = ?"
    with ho.atomic():  # two of Plymouth's changes arrived the other way round
        ho.execute(swap, [arrived[(ply, high)], number, low])
        ho.execute(swap, [arrived[(ply, low)], number, high])
    before = arrivals(ho)
    ho.close()
    ho = office.head_office = reopen(path)
    after = arrivals(ho)
    assert after.keys() == before.keys()
    assert all(after[k] >= v for k, v in before.items())
    assert after[(ply, high)] == before[(ply, low)]
    for device in {d for d, _ in after}:
        mine = [a for (d, _seq), a in sorted(after.items()) if d == device]
        assert mine == sorted(mine)
    top = field_clocks.arrival_top(ho)
    assert top == max(before.values())
    for db in office.devices.values():
        me = changelog.device_id(db)
        site = peers.get(ho, me)["site_id"]
        whole, _ = sync_data.update_ops_for(ho, me, site, 0)
        for cursor in range(top + 1):
            was = {op for op in whole if before[(op.device_id, op.seq)] > cursor}
            assert was <= set(sync_data.update_ops_for(ho, me, site, cursor)[0]), cursor
