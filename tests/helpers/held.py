"""A busy head office (three laptops syncing: a conflict, a late edit, a held-back bundle, an
erasure), and head office as it was before m011_held_changes (every change it held in `ops`,
its rowid the change's arrival, none of m011's columns or indexes) or before
m012_one_change_index (both of m011's indexes): the migration tests build them."""

from __future__ import annotations

import sqlite_utils

from cass_desktop.data import changelog, clients, field_clocks, held_changes, local, migrations
from cass_desktop.data import sync as sync_data
from cass_desktop.data.purge import purge_person
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.erasure import erased_person


def note_sent(db: sqlite_utils.Database, sent: dict[str, set]) -> None:
    me = changelog.device_id(db)
    sent.setdefault(me, set()).update(db.execute("SELECT * FROM ops WHERE device_id = ?", [me]))


def sync_with(office, name: str, sent: dict[str, set]) -> None:
    """The laptop exports (what it sends kept in `sent`) and imports head office's answer."""
    ho, db = office.head_office, office.device(name)
    note_sent(db, sent)
    path = export_device(db, office.outbox)
    if path is not None:
        assert import_file(ho, path).refused is None
    update = export_update(ho, changelog.device_id(db), office.outbox)
    assert import_file(db, update).refused is None


def busy_office(office, sent: dict[str, set]):
    """Three laptops syncing with head office: people made and edited everywhere, a conflict,
    an edit arriving after two newer ones, a bundle held back for a gap, and an erasure.
    Returns (the people, the bundle still to deliver); `sent` gets what each laptop sent."""
    ho, ply, bodmin = office.head_office, office.device("plymouth"), office.device("bodmin")
    site = local.get(ply, "site_id")
    people = [clients.create(ply, {"given_name": n, "site_id": site}) for n in ("Siân", "Ola")]
    gone, _hearing = erased_person(ply)
    clients.create(bodmin, {"given_name": "Łukasz", "site_id": local.get(bodmin, "site_id")})
    for name in ("plymouth", "bodmin", "truro"):
        sync_with(office, name, sent)
    clients.update(ply, people[0], {"phone": "07700 900001"})
    clients.update(ho, people[0], {"phone": "07700 900002"})
    clients.update(ho, people[0], {"phone": "07700 900003"})  # the laptop's edit arrives late
    clients.update(ho, people[1], {"preferred_name": None})  # an empty value
    clients.update(ho, gone, {"phone": "07700 900004"})
    sync_with(office, "plymouth", sent)
    purge_person(ply, gone)
    sync_with(office, "plymouth", sent)
    clients.update(ply, people[1], {"family_name": "Nowak"})
    note_sent(ply, sent)
    first = export_device(ply, office.outbox)
    local.put(ply, "acked_seq", sync_data.last_own_seq(ply))  # as if acknowledged
    clients.update(ply, people[1], {"family_name": "Nowak-Carter"})
    note_sent(ply, sent)
    assert import_file(ho, export_device(ply, office.outbox)).merge.held_back
    clients.update(ho, people[1], {"given_name": "Aleksandra"})
    return people, first


def as_before_m011(ho: sqlite_utils.Database) -> None:
    """Put every change head office holds back in ops as it arrived (rowid = arrival), and
    take away what m011 added, so the next open migrates it again."""
    held = held_changes.by_arrival(ho, 0, field_clocks.arrival_top(ho))
    with ho.atomic():
        ho.execute(
            "DELETE FROM ops WHERE rowid IN (SELECT o.rowid FROM ops o JOIN devices d "
            "ON d.device_id = o.device_id JOIN field_clocks f ON f.device = d.number "
            "AND f.seq = o.seq WHERE f.arrival IS NOT NULL)"
        )
        ho.conn.executemany(
            f"INSERT INTO ops (rowid, {', '.join(changelog.OPS_COLUMNS)}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(arrival, *op) for arrival, op in held],
        )
    _unnumbered(ho)
    for index in ("field_clocks_change", "field_clocks_arrival"):
        ho.execute(f"DROP INDEX IF EXISTS {index}")
    for column in ("base_device", "value", "arrival"):
        ho.execute(f"ALTER TABLE field_clocks DROP COLUMN {column}")
    ho.execute("ALTER TABLE devices DROP COLUMN held_seq")
    ho.execute(
        "DELETE FROM _sqlite_migrations WHERE migration_set = ? AND name IN (?, ?)",
        [migrations.SET_NAME, "m011_held_changes", "m012_change_numbers"],
    )


def as_before_m012(ho: sqlite_utils.Database) -> None:
    """Head office as m011 left it: its two indexes, no `change_numbers`, m012 not yet applied
    (the next open migrates it)."""
    _unnumbered(ho)
    ho.execute(
        "CREATE INDEX IF NOT EXISTS field_clocks_change ON field_clocks (device, seq) "
        "WHERE arrival IS NOT NULL"
    )
    ho.execute(
        "CREATE INDEX IF NOT EXISTS field_clocks_arrival ON field_clocks (arrival) "
        "WHERE arrival IS NOT NULL"
    )
    ho.execute(
        "DELETE FROM _sqlite_migrations WHERE migration_set = ? AND name = ?",
        [migrations.SET_NAME, "m012_change_numbers"],
    )


def _unnumbered(ho: sqlite_utils.Database) -> None:
    """Take away m012's table and triggers."""
    for trigger in ("change_numbers_ai", "change_numbers_au", "change_numbers_ad"):
        ho.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    ho.execute("DROP TABLE IF EXISTS change_numbers")


def numbers_match(ho: sqlite_utils.Database) -> bool:
    """Whether `change_numbers` holds exactly every entry with an arrival."""
    numbered = "SELECT device, seq, row, field FROM change_numbers"
    entries = "SELECT device, seq, row, field FROM field_clocks WHERE arrival IS NOT NULL"
    return set(ho.execute(numbered)) == set(ho.execute(entries))


def arrivals(ho: sqlite_utils.Database) -> dict[tuple[str, int], int]:
    """The arrival of every change held in the entries, by (device, seq), read directly."""
    rows = ho.execute(
        "SELECT d.device_id, f.seq, f.arrival FROM field_clocks f "
        "JOIN devices d ON d.number = f.device WHERE f.arrival IS NOT NULL"
    )
    return {(device, seq): arrival for device, seq, arrival in rows}
