"""Head office and three laptops working at once, with bundles that go astray.

A hypothesis state machine: every store makes random creates, edits and deletes of clients,
hearings and contacts; bundles are written at random and delivered out of order, twice, or
lost (a lost one is covered by the next, as nothing unacknowledged is ever dropped). When
everything has finally been delivered:

- no operation is lost: head office holds every operation every laptop made, and nothing
  waits for a gap;
- every store holds the same data as head office for every record it holds, and each laptop
  holds every client of its own site;
- two edits of one field made without either seeing the other, with different values, show
  up at head office as a conflict.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from cass_desktop.data import (
    changelog,
    clients,
    contacts,
    hearings,
    held_changes,
    local,
    peers,
    store_path,
)
from cass_desktop.data import sync as sync_data
from cass_desktop.records.schema import SYNCED
from cass_desktop.sites.setup import set_up_device, set_up_head_office
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.held import numbers_match
from tests.helpers.stores import new_store

pytestmark = pytest.mark.slow  # hypothesis runs many days of four stores working

DEVICES = {
    "plymouth": ("Plymouth Magistrates' Court", "Alex Carter"),
    "bodmin": ("Bodmin Magistrates' Court", "Jo Pengelly"),
    "truro": ("Truro Magistrates' Court", "Sam Okafor"),
}
STORES = ["head-office", *DEVICES]
TABLES = ("clients", "hearings", "contacts")
# Few values, so that concurrent edits sometimes agree (no conflict) and sometimes differ.
EDITS = {
    "clients": ("given_name", "phone"),
    "hearings": ("courtroom", "outcome"),
    "contacts": ("place", "summary"),
}
VALUES = ("A", "B", "C")
# Fields with a fixed vocabulary take three of its keys instead (bundles are checked for it).
SPELLED = {("hearings", "outcome"): {"A": "adjourned", "B": "sentenced", "C": "dismissed"}}


def _spelled(table: str, field: str, value: str) -> str:
    return SPELLED.get((table, field), {}).get(value, value)


stores = st.sampled_from(STORES)
picks = st.integers(min_value=0, max_value=10_000)


class Sync(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="cass-stateful-"))
        self.dbs = {}
        self.transit: list[tuple[str, Path]] = []  # (store to import into, bundle)
        self.written = 0
        # Each laptop's own changes as it sent them: a laptop drops those head office has
        # acknowledged (data/acknowledged.py), so what it made is what it sent and what it holds.
        self.sent: dict[str, set[tuple]] = {name: set() for name in DEVICES}

    @initialize()
    def set_up(self):
        for name in STORES:
            folder = self.root / name
            folder.mkdir()
            self.dbs[name] = new_store(store_path(folder))
        ho = self.dbs["head-office"]
        set_up_head_office(ho, "Devon and Cornwall CASS")
        card = identity.write_card(ho, self.root / "head-office.card")
        for name, (site, worker) in DEVICES.items():
            set_up_device(self.dbs[name], site, worker)
            identity.trust_head_office(self.dbs[name], card)
            identity.enrol_device(ho, identity.my_card(self.dbs[name]))
        # Some people every store already shares, so there is something to disagree about.
        for name in DEVICES:
            db = self.dbs[name]
            for given in ("Siân", "Łukasz"):
                person = clients.create(
                    db, {"given_name": given, "site_id": self._site_for(name, 0)}
                )
                hearings.create(db, {"client_id": person, "starts_at": "2026-11-27T10:00"})
                contacts.create(db, {"client_id": person, "kind": "court", "at": "2026-11-27"})
        self.everyone_syncs()

    def teardown(self):
        try:
            if self.dbs:
                self._deliver_everything()
                self._check_everything()
        finally:
            for db in self.dbs.values():
                db.close()
            shutil.rmtree(self.root, ignore_errors=True)

    # --- helpers -------------------------------------------------------------------------

    def _ids(self, store: str, table: str) -> list[str]:
        rows = self.dbs[store].execute(f"SELECT id FROM {table} ORDER BY id").fetchall()
        return [r[0] for r in rows]

    def _site_for(self, store: str, pick: int) -> str:
        if store == "head-office":
            store = list(DEVICES)[pick % len(DEVICES)]
        return local.get(self.dbs[store], "site_id")

    def _device_id(self, store: str) -> str:
        return changelog.device_id(self.dbs[store])

    def _export(self, device: str) -> Path | None:
        db = self.dbs[device]
        me = self._device_id(device)
        self.sent[device] |= set(db.execute("SELECT * FROM ops WHERE device_id = ?", [me]))
        return export_device(db, self._outbox())

    def _outbox(self) -> Path:
        self.written += 1
        folder = self.root / "outbox" / str(self.written)
        folder.mkdir(parents=True)
        return folder

    # --- work ----------------------------------------------------------------------------

    @rule(store=stores, pick=picks, name=st.sampled_from(["Siân", "Łukasz", "Zoë", "Ola"]))
    def create_client(self, store, pick, name):
        db = self.dbs[store]
        clients.create(db, {"given_name": name, "site_id": self._site_for(store, pick)}, "CAS")

    @rule(store=stores, pick=picks, table=st.sampled_from(["hearings", "contacts"]))
    def create_child(self, store, pick, table):
        people = self._ids(store, "clients")
        if not people:
            return
        person = people[pick % len(people)]
        db = self.dbs[store]
        if table == "hearings":
            hearings.create(db, {"client_id": person, "starts_at": "2026-11-27T10:00"})
        else:
            contacts.create(db, {"client_id": person, "kind": "court", "at": "2026-11-27"})

    @rule(
        store=stores,
        pick=picks,
        table=st.sampled_from(TABLES),
        which=st.integers(0, 1),
        value=st.sampled_from(VALUES),
    )
    def edit(self, store, pick, table, which, value):
        ids = self._ids(store, table)
        if ids:
            field = EDITS[table][which]
            value = _spelled(table, field, value)
            changelog.save(self.dbs[store], table, {field: value}, ids[pick % len(ids)])

    @rule(
        stores=st.lists(stores, min_size=2, max_size=4),
        pick=picks,
        table=st.sampled_from(TABLES),
        which=st.integers(0, 1),
        values=st.lists(st.sampled_from(VALUES), min_size=4, max_size=4),
    )
    def edit_in_several_places(self, stores, pick, table, which, values):
        """The same field of one record edited in several stores before they hear of it."""
        held = set.intersection(*(set(self._ids(store, table)) for store in stores))
        if not held:
            return
        row_id = sorted(held)[pick % len(held)]
        field = EDITS[table][which]
        for store, value in zip(stores, values, strict=False):
            changelog.save(self.dbs[store], table, {field: _spelled(table, field, value)}, row_id)

    @rule(store=stores, pick=picks, table=st.sampled_from(TABLES))
    def delete(self, store, pick, table):
        ids = self._ids(store, table)
        if ids:
            changelog.delete(self.dbs[store], table, ids[pick % len(ids)])

    # --- bundles -------------------------------------------------------------------------

    @rule()
    def everyone_syncs(self):
        """An ordinary day's end: every laptop sends, head office answers each."""
        ho = self.dbs["head-office"]
        for device in DEVICES:
            path = self._export(device)
            if path is not None:
                assert import_file(ho, path).refused is None
        for device in DEVICES:
            path = export_update(ho, self._device_id(device), self._outbox())
            assert import_file(self.dbs[device], path).refused is None

    @rule(device=st.sampled_from(list(DEVICES)))
    def export(self, device):
        path = self._export(device)
        if path is not None:
            self.transit.append(("head-office", path))

    @rule(device=st.sampled_from(list(DEVICES)))
    def send_update(self, device):
        self._updates_by_the_rules(device)
        path = export_update(self.dbs["head-office"], self._device_id(device), self._outbox())
        self.transit.append((device, path))

    @rule(pick=picks, keep=st.booleans())
    def deliver(self, pick, keep):
        """Deliver any bundle in transit (so out of order); keep a copy to deliver again."""
        if not self.transit:
            return
        target, path = self.transit[pick % len(self.transit)]
        result = import_file(self.dbs[target], path)
        assert result.refused is None, result.describe()
        if not keep:
            self.transit.remove((target, path))

    @rule(pick=picks)
    def lose(self, pick):
        if self.transit:
            self.transit.pop(pick % len(self.transit))

    @invariant()
    def nothing_pending_is_already_held(self):
        if not self.dbs:
            return
        ho = self.dbs["head-office"]
        for device, first in ho.execute("SELECT device_id, min(seq) FROM pending_ops GROUP BY 1"):
            assert first > sync_data.held_seq(ho, device)

    @invariant()
    def head_office_rebuilds_its_changes_as_they_arrived(self):
        """Head office keeps no change it received in ops: folded into its field clock entries
        and records, each is rebuilt (data/held_changes.py) as it arrived."""
        if not self.dbs:
            return
        ho = self.dbs["head-office"]
        rebuilt = held_changes.every_held(ho)
        own = changelog.device_id(ho)
        assert set(rebuilt) >= set(ho.execute("SELECT * FROM ops").fetchall())
        kept = f"SELECT {', '.join(changelog.OPS_COLUMNS)} FROM refused_ops WHERE device_id = ?"
        for device in DEVICES:
            me = self._device_id(device)
            top = sync_data.held_seq(ho, me)
            arrived = {op for op in self.sent[device] if op[1] <= top}
            held = {op for op in rebuilt if op.device_id == me} | set(ho.execute(kept, [me]))
            assert held == arrived, f"head office does not hold {device}'s changes as sent"
        assert {op.device_id for op in rebuilt} <= {own, *map(self._device_id, DEVICES)}
        assert numbers_match(ho)  # every entry found by its number, and nothing else

    def _updates_by_the_rules(self, device: str) -> None:
        """The laptop's update, from where it is and from the start, carries the changes the
        rules pick from every change head office holds (checked as updates are written: the
        whole machine must run within the test's time on a shared machine)."""
        ho = self.dbs["head-office"]
        me = self._device_id(device)
        peer = peers.get(ho, me)
        for cursor in {0, int(peer.get("update_cursor") or 0)}:
            made, _top = sync_data.update_ops_for(ho, me, peer.get("site_id"), cursor)
            assert made == self._update_by_the_rules(me, peer.get("site_id"), cursor)

    def _update_by_the_rules(self, device: str, site: str, cursor: int) -> list:
        """What an update for `device` after `cursor` carries, by data.sync.update_ops_for's
        rules, worked out here from every change head office holds."""
        ho = self.dbs["head-office"]
        own = changelog.device_id(ho)
        held = held_changes.by_arrival(ho, 0, 10**12)
        owner = {
            r[0]: r[1] for t in TABLES[1:] for r in ho.execute(f"SELECT id, client_id FROM {t}")
        }
        known = {r[0] for r in ho.execute("SELECT id FROM clients WHERE site_id = ?", [site])}
        for _arrival, op in held:
            if op.device_id == device and op.tbl in ("clients", *TABLES[1:]):
                known.add(op.row_id if op.tbl == "clients" else owner.get(op.row_id))
        shared = ("agencies", "sites", "workers", "documents")
        return [
            op
            for arrival, op in held
            if arrival > cursor
            and op.device_id != device
            and (
                (op.tbl in shared and op.device_id == own)
                or (op.tbl == "clients" and op.row_id in known)
                or (op.tbl in TABLES[1:] and owner.get(op.row_id) in known)
            )
        ]

    # --- the end -------------------------------------------------------------------------

    def _deliver_everything(self):
        """What is still in transit arrives; then every laptop sends, and hears back, twice."""
        for target, path in self.transit:
            assert import_file(self.dbs[target], path).refused is None
        self.transit.clear()
        ho = self.dbs["head-office"]
        for _ in range(2):
            for device in DEVICES:
                path = self._export(device)
                if path is not None:
                    assert import_file(ho, path).refused is None
            for device in DEVICES:
                path = export_update(ho, self._device_id(device), self._outbox())
                assert import_file(self.dbs[device], path).refused is None

    def _check_everything(self):
        ho = self.dbs["head-office"]
        assert sync_data.pending_counts(ho) == {}
        # Each laptop's own records of its court and worker restate what head office holds
        # (its list of courts, the worker it recorded at enrolment): head office holds those
        # changes as echoes, not applied again. Nothing else any laptop did here is refused.
        kept = f"SELECT {', '.join(changelog.OPS_COLUMNS)} FROM refused_ops"
        assert {r[0] for r in ho.execute("SELECT DISTINCT kind FROM refused_ops")} <= {"echo"}
        rebuilt = set(held_changes.every_held(ho))
        held = rebuilt | set(ho.execute("SELECT * FROM ops").fetchall()) | set(ho.execute(kept))
        for device in DEVICES:
            db = self.dbs[device]
            me = self._device_id(device)
            mine = set(db.execute("SELECT * FROM ops WHERE device_id = ?", [me]).fetchall())
            mine |= self.sent[device]
            theirs = {op for op in rebuilt if op.device_id == me}
            theirs |= set(ho.execute(f"{kept} WHERE device_id = ?", [me]).fetchall())
            assert theirs == mine, f"head office does not hold {device}'s changes exactly"
            everything = set(db.execute("SELECT * FROM ops").fetchall())
            assert everything <= held, f"{device} holds changes head office never saw"
            assert export_device(db, self._outbox()) is None  # all acknowledged
            self._updates_by_the_rules(device)
            # Sites and workers: the same values; when each record was first made and last
            # changed differ, as head office did not apply the laptop's echoes of its own.
            for table in ("sites", "workers"):
                self._same_rows(device, table, clocks=False)
            for table in TABLES:
                self._same_rows(device, table)
            site = local.get(db, "site_id")
            at_site = {
                r[0]
                for r in ho.execute("SELECT id FROM clients WHERE site_id = ?", [site]).fetchall()
            }
            assert at_site <= set(self._ids(device, "clients")), f"{device} misses clients"
        self._conflicts_shown()

    def _same_rows(self, device: str, table: str, clocks: bool = True):
        stamps = ["created", "updated"] if clocks else []
        fields = ", ".join([*stamps, *(f'"{f}"' for f in SYNCED[table])])
        query = f'SELECT id, {fields} FROM "{table}" ORDER BY id'
        ho_rows = {r[0]: r for r in self.dbs["head-office"].execute(query).fetchall()}
        for row in self.dbs[device].execute(query).fetchall():
            assert ho_rows.get(row[0]) == row, f"{device} and head office differ on {table}"

    def _conflicts_shown(self):
        """Every edit overwritten by one made without seeing it, with another value, is listed
        as a conflict at head office."""
        ho = self.dbs["head-office"]
        ops = sorted(
            (op.tbl, op.row_id, op.field, op.hlc, op.base_hlc, op.value_json, op.device_id, op.seq)
            for op in held_changes.every_held(ho)
        )
        listed = set(ho.execute("SELECT other_device, other_seq FROM conflicts").fetchall())
        for older, newer in itertools.pairwise(ops):
            if older[:3] != newer[:3]:
                continue
            unseen = (newer[4] or "") < older[3]
            if unseen and older[5] != newer[5]:
                assert (older[6], older[7]) in listed, (
                    f"{older[0]}.{older[2]}: {older[5]} was overwritten by {newer[5]} made "
                    "without seeing it, and no conflict was listed"
                )


Sync.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestSync = Sync.TestCase


def test_an_edit_arriving_after_two_newer_ones_is_a_conflict(office):
    """Plymouth changes a phone number; head office, not knowing, changes it and then corrects
    its own change. Plymouth's edit arrives last: it was overwritten without anyone seeing it,
    so it must be listed, even though the value now held was made after seeing another one."""
    ho, ply = office.head_office, office.device("plymouth")
    person = clients.create(ply, {"given_name": "Aisling", "site_id": local.get(ply, "site_id")})
    import_file(ho, export_device(ply, office.outbox))
    import_file(ply, export_update(ho, changelog.device_id(ply), office.outbox))
    clients.update(ply, person, {"phone": "07700 900001"})
    clients.update(ho, person, {"phone": "07700 900002"})
    clients.update(ho, person, {"phone": "07700 900003"})
    result = import_file(ho, export_device(ply, office.outbox))
    assert result.merge.conflicts == 1
    [conflict] = sync_data.open_conflicts(ho)
    assert conflict["other_value_json"] == '"07700 900001"'
    assert conflict["other_device"] == changelog.device_id(ply)
    assert clients.get(ho, person)["phone"] == "07700 900003"
