"""Demo data: realistic, complete, the same for each seed, and made up: written with no change
log (a demo store is never exported), while what is done in it afterwards is logged as ever."""

from __future__ import annotations

import datetime as dt
import re
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from cass_desktop import cli, demo
from cass_desktop.audit import history
from cass_desktop.data import (
    agencies,
    changelog,
    clients,
    contacts,
    followups,
    hearings,
    local,
    made_up,
    merge,
    open_store,
    sites,
    store_path,
)
from cass_desktop.data import (
    referrals as referral_data,
)
from cass_desktop.demo.base import load
from cass_desktop.people import casework
from cass_desktop.privacy import erasure
from cass_desktop.records import vocab
from cass_desktop.records.dates import age_on
from cass_desktop.records.schema import SYNCED
from cass_desktop.referrals.consent import sharing_block
from cass_desktop.sites.setup import is_set_up, set_up_device, set_up_head_office
from tests.helpers.people import add_person
from tests.helpers.stores import new_store, plain_copy

DAY = dt.date(2026, 11, 25)  # a Wednesday


def _make(folder: Path, clients_: int, seed: int, **kw) -> sqlite_utils.Database:
    folder.mkdir(parents=True, exist_ok=True)
    db = open_store(store_path(folder))
    demo.generate(db, clients=clients_, seed=seed, **kw)
    return db


def _rows(db: sqlite_utils.Database) -> dict[str, list[dict]]:
    """Every synced row, without the change-log clocks (they come from the wall clock)."""
    out = {}
    for table in SYNCED:
        rows = [
            {k: v for k, v in row.items() if k not in ("created", "updated")}
            for row in db[table].rows
        ]
        out[table] = sorted(rows, key=lambda r: r["id"])
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Iterator[sqlite_utils.Database]:
    """50 people made for the real today, as the app and the CLI make them."""
    db = _make(tmp_path_factory.mktemp("demo"), 50, 1)
    yield db
    db.close()


def test_same_seed_gives_the_same_records(tmp_path):
    first = _make(tmp_path / "a", 40, 7, today=DAY)
    second = _make(tmp_path / "b", 40, 7, today=DAY)
    other = _make(tmp_path / "c", 40, 8, today=DAY)
    try:
        a, b = _rows(first), _rows(second)
        assert a == b
        assert len(a["clients"]) == 40
        assert _rows(other)["clients"] != a["clients"]
    finally:
        for db in (first, second, other):
            db.close()


def test_every_table_is_filled(store):
    counts = {table: store[table].count for table in SYNCED}
    assert counts["sites"] == 3
    assert counts["workers"] >= 11
    assert counts["agencies"] >= 40
    assert counts["clients"] == 50
    for table in ("consents", "hearings", "contacts", "needs", "followups"):
        assert counts[table] >= 25, table
    assert counts["referrals"] >= 10


def test_the_store_is_set_up_for_plymouth_and_sam_okafor(store):
    assert is_set_up(store)
    site = sites.get_site(store, local.get(store, "site_id"))
    worker = sites.get_worker(store, local.get(store, "worker_id"))
    assert site["name"] == "Plymouth Magistrates' Court"
    assert worker["name"] == "Sam Okafor"
    assert {s["code"] for s in sites.list_sites(store)} == {"PLY", "BOD", "TRU"}
    for site in sites.list_sites(store):
        assert len(sites.list_workers(store, site["id"])) >= 3


def test_hearings_today_at_every_court(store):
    today = dt.date.today().isoformat()
    for site in sites.list_sites(store):
        listed = hearings.on_day(store, today, site["id"])
        assert listed, site["name"]
        for hearing in listed:
            assert "09:30" <= hearing["starts_at"][11:16] <= "16:00"
            assert hearing["courtroom"].startswith("Court ")
            assert hearing["outcome"] is None
            assert hearing["case_number"]


def test_past_hearings_have_outcomes_and_adjournments_book_the_next(store):
    today = dt.date.today().isoformat()
    rows = list(store["hearings"].rows)
    held = {(h["client_id"], h["starts_at"]) for h in rows}
    past = [h for h in rows if h["starts_at"][:10] < today]
    future = [h for h in rows if h["starts_at"][:10] > today]
    assert past and future
    assert all(h["outcome"] in vocab.OUTCOMES for h in past)
    assert all(h["outcome"] is None for h in future)
    for h in past:
        assert h["hearing_type"] in vocab.HEARING_TYPES
        if h["outcome"] in vocab.OUTCOMES_WITH_NEXT_DATE:
            assert (h["client_id"], h["next_hearing_at"]) in held
        else:
            assert h["next_hearing_at"] is None


def test_names_from_many_backgrounds_with_their_accents(store):
    names = [f"{c['given_name']} {c['family_name']}" for c in store["clients"].rows]
    assert any(re.search(r"[^\x00-\x7f]", name) for name in names)
    assert len({c["ethnicity"] for c in store["clients"].rows}) >= 3


def test_the_name_lists_hold_the_names_people_expect():
    lists = load("names.json")
    everyone = set()
    for background in lists["backgrounds"]:
        for key in ("female", "male"):
            everyone.update(background[key])
        for family in background["family"]:
            everyone.update(family if isinstance(family, list) else [family])
    for name in (
        "Siân",
        "Łukasz",
        "Wiśniewski",
        "Zoë",
        "Nguyễn",
        "O'Brien",
        "Ní Bhriain",
        "Oluwaseun",
        "Mohammed",
        "Aisling",
    ):
        assert name in everyone


def test_people_look_real(store):
    today = dt.date.today()
    refs = set()
    codes = {s["id"]: s["code"] for s in sites.list_sites(store)}
    for c in store["clients"].rows:
        assert 18 <= age_on(c["date_of_birth"], today) <= 75
        assert re.fullmatch(r"(PLY|BOD|TRU)-[0-9A-Z]{4}-[0-9A-Z]{4}", c["reference"])
        assert c["reference"][:3] == codes[c["site_id"]]
        refs.add(c["reference"])
        if c["phone"]:
            assert re.fullmatch(r"07700 900\d{3}", c["phone"])
        if c["email"]:
            assert re.search(r"@example\.(com|org|net)$", c["email"])
        assert c["preferred_contact"] in vocab.CONTACT_METHODS
        assert c["status"] in vocab.CLIENT_STATUSES
        assert c["keyworker_id"]
        if c["status"] == "closed":
            assert c["opened_on"] <= c["closed_on"] < today.isoformat()
        else:
            assert c["closed_on"] is None
        if c["postcode"]:
            assert re.fullmatch(r"(PL|TR|TQ|EX)\d{1,2} \d[A-Z]{2}", c["postcode"])
    assert len(refs) == 50


def test_vocabulary_keys_are_the_ones_the_app_knows(store):
    for n in store["needs"].rows:
        assert n["domain"] in vocab.NEED_DOMAINS
        assert n["level"] in vocab.NEED_LEVELS
        assert n["status"] in vocab.NEED_STATUSES
    for k in store["consents"].rows:
        assert k["scope"] in vocab.CONSENT_SCOPES
        assert k["decision"] in vocab.CONSENT_DECISIONS
        assert k["how_recorded"] in vocab.CONSENT_HOW
        if k["scope"] == "share":
            assert bool(k["agency_id"]) != bool(k["agency_kind"])
    for t in store["contacts"].rows:
        assert t["kind"] in vocab.CONTACT_KINDS
        assert t["summary"] and "{" not in t["summary"]
    holds = {k["client_id"] for k in store["consents"].rows if k["scope"] == "hold"}
    assert len(holds) == 50


def test_agencies_cover_every_need_domain_and_area(store):
    active = [a for a in store["agencies"].rows if a["active"]]
    assert len(active) >= 40
    served = {d for a in active for d in a["domains"].split(",")}
    # Every need the demo records can be referred on (the domains added for assessments,
    # issue 10, have no demo agencies or needs of their own yet).
    assert {n["domain"] for n in store["needs"].rows} <= served <= set(vocab.NEED_DOMAINS)
    areas = {x.strip() for a in active for x in a["areas"].split(",")}
    assert {"Plymouth", "Cornwall", "Torbay", "Exeter", "Devon-wide"} <= areas
    for a in active:
        assert a["referral_method"] and a["opening_hours"] and a["referral_criteria"]
        assert re.fullmatch(r"(01632 960|0808 157 0)\d{3}", a["phone"])


def test_todays_work_is_there_for_the_worker(store):
    today = dt.date.today()
    worker = local.get(store, "worker_id")
    due = followups.due(store, today.isoformat(), worker)
    assert any(f["due_on"] < today.isoformat() for f in due)  # overdue
    assert any(f["due_on"] == today.isoformat() for f in due)  # due today
    mine = [f for f in store["followups"].rows if f["worker_id"] == worker and not f["done"]]
    assert any(f["due_on"] > today.isoformat() for f in mine)  # coming up
    # Seen today: everyone seen so far today (before 09:00 nobody yet: nothing is in the future).
    now = dt.datetime.now().strftime("%Y-%m-%dT%H:%M")
    so_far = store.execute(
        "SELECT count(*) FROM contacts WHERE at >= ? AND at <= ?", [today.isoformat(), now]
    ).fetchone()[0]
    assert len(contacts.seen_on(store, today.isoformat())) == so_far


def test_a_day_made_whole_has_people_seen_that_day(tmp_path):
    # Made for a day that is over, the demo holds that whole day's contacts.
    db = _make(tmp_path, 50, 1, today=DAY)
    try:
        seen = contacts.seen_on(db, DAY.isoformat())
        assert seen and all(c["at"].startswith(DAY.isoformat()) for c in seen)
    finally:
        db.close()


def test_search_finds_demo_people(store):
    person = next(iter(store["clients"].rows))
    found = clients.search(store, person["family_name"][:3])
    assert person["id"] in {c["id"] for c in clients.search(store, person["reference"])}
    assert found


def test_the_made_up_records_have_no_change_log(store):
    """No op, no field clock entry, no change number used: nothing to export, nothing waiting."""
    assert changelog.count_ops(store) == 0
    assert store.execute("SELECT count(*) FROM field_clocks").fetchone()[0] == 0
    assert local.unexported_count(store) == 0
    person = next(iter(store["clients"].rows))
    assert made_up.is_made_up(store, "clients", person["id"])


def test_a_laptop_workload_logs_the_same_records(tmp_path):
    """`logged=True` (the benchmarks' laptop workload): the same records, every field an op,
    and replaying those ops into an empty store rebuilds every record."""
    shipped = _make(tmp_path / "shipped", 20, 4, today=DAY)
    logged = _make(tmp_path / "logged", 20, 4, today=DAY, logged=True)
    copy = open_store(store_path(tmp_path))
    try:
        assert _rows(logged) == _rows(shipped)
        fields = sum(
            len([v for k, v in row.items() if k not in ("id", "created", "updated") and v])
            for table in SYNCED
            for row in logged[table].rows
        )
        assert changelog.count_ops(logged) >= fields > 0
        assert not made_up.is_made_up(logged, "clients", next(iter(logged["clients"].rows))["id"])
        merge.apply_ops(copy, changelog.iter_ops(logged))
        assert _rows(copy) == _rows(logged)
    finally:
        for db in (shipped, logged, copy):
            db.close()


def test_what_is_done_in_the_demo_afterwards_is_logged_and_clocked(tmp_path):
    """An edit of a made-up person, a contact note and a new person: each an op a field with
    its field clock entry, and each in the person's history, as in any store."""
    db = _make(tmp_path, 10, 6, today=DAY)
    try:
        person = next(iter(db["clients"].rows))
        clients.update(db, person["id"], {"phone": "07700 900321"})
        note = casework.save_contact(
            db,
            {
                "client_id": person["id"],
                "at": f"{DAY.isoformat()}T10:00",
                "kind": "phone",
                "summary": "Rang about court",
            },
        )
        new = add_person(db, "Tamsin", "Nance")
        ops = list(changelog.iter_ops(db))
        assert ("clients", person["id"], "phone") in {(o.tbl, o.row_id, o.field) for o in ops}
        assert {o.row_id for o in ops} >= {person["id"], note, new}
        assert db.execute("SELECT count(*) FROM field_clocks").fetchone()[0] == len(ops)
        assert [o.seq for o in ops] == list(range(1, len(ops) + 1))  # numbered from the first
        assert local.unexported_count(db) == len(ops)
        assert changelog.held_clocks(db, "clients", person["id"]).keys() == {"phone"}
        whats = [line.what for line in history.for_person(db, person["id"])]
        assert any(w.startswith("Changed") for w in whats)
        assert any("contact note" in w for w in whats)
        assert history.made_up_for_demo(db, person["id"])
        assert not history.made_up_for_demo(db, new)
        found = {c["id"] for c in clients.search(db, "07700 900321")}
        assert person["id"] in found  # the search index follows the edit
    finally:
        db.close()


def test_a_made_up_person_can_be_erased(tmp_path):
    db = _make(tmp_path, 10, 8, today=DAY)
    try:
        person = next(iter(db["clients"].rows))
        erasure.erase_person(db, person["id"], reason="made in error")
        after = changelog.get(db, "clients", person["id"])
        assert after["purged"] == 1 and not after["given_name"]
        assert not clients.search(db, person["family_name"])
    finally:
        db.close()


def test_progress_is_reported_in_people(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "BATCH", 40)
    seen = []
    db = _make(tmp_path, 100, 3, today=DAY, progress=lambda d, t, text: seen.append((d, t)))
    db.close()
    assert seen[0] == (0, 100)
    assert seen[-1] == (100, 100)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) >= 3


def test_one_person_still_makes_a_working_store(tmp_path):
    db = _make(tmp_path, 1, 5, today=DAY)
    try:
        assert db["clients"].count == 1
        assert hearings.on_day(db, DAY.isoformat())
    finally:
        db.close()


def test_a_store_with_people_is_refused(store):
    with pytest.raises(ValueError, match="already holds people"):
        demo.generate(store, clients=5)
    assert store["clients"].count == 50


def test_cli_fills_an_empty_folder_and_refuses_one_with_people(tmp_path, capsys):
    args = ["--data-dir", str(tmp_path), "demo-data", "--clients", "30", "--seed", "2"]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert '"clients": 30' in out
    db = open_store(store_path(tmp_path))
    try:
        assert clients.count(db) == 30
        assert is_set_up(db)
    finally:
        db.close()
    assert cli.main(args) == 1
    assert "already holds people" in capsys.readouterr().err


def test_referrals_in_every_status_each_allowed_to_share(store):
    rows = referral_data.search(store)
    assert {r["status"] for r in rows} == set(vocab.REFERRAL_STATUSES)
    for r in rows:
        assert r["agency_name"] and r["reason"] and "{" not in r["reason"]
        assert set(r["domains"].split(",")) <= set(vocab.NEED_DOMAINS)
        assert r["urgency"] in vocab.URGENCY
        assert set((r["support"] or "appointment_made").split(",")) <= set(vocab.SUPPORT_KINDS)
        if r["status"] == "draft":
            assert r["made_on"] is None
        else:
            assert r["made_on"] <= dt.date.today().isoformat()
        if r["status"] in vocab.REFERRAL_STATUSES_SHARED:
            # Made referrals have the consent (or the lawful reason) the app insists on.
            assert sharing_block(store, r) is None, r
            assert r["consent_id"] or (
                r["lawful_basis"] in vocab.LAWFUL_BASES and r["lawful_reason"]
            )


def test_referral_follow_ups_and_appointments_around_today(store):
    today = dt.date.today()
    worker = local.get(store, "worker_id")
    due = referral_data.followups_due(store, today.isoformat(), worker)
    assert any(r["followup_due"] < today.isoformat() for r in due)  # overdue
    assert any(r["followup_due"] == today.isoformat() for r in due)  # due today
    appointments = [
        dt.date.fromisoformat(r["appointment_at"][:10])
        for r in referral_data.search(store)
        if r["appointment_at"]
    ]
    assert any(d < today for d in appointments)
    assert any(d >= today for d in appointments)
    assert all(d.weekday() < 5 for d in appointments)


# -- a demo never goes in a real store, is marked as demo, and is made all or nothing --------


def _demo_data(folder: Path, people: int = 30, seed: int = 2) -> list[str]:
    return ["--data-dir", str(folder), "demo-data", "--clients", str(people), "--seed", str(seed)]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_demo_is_marked_as_demo_in_its_own_state(store):
    assert local.is_demo(store)
    assert store.execute("SELECT value FROM local_state WHERE key = 'setting:demo'").fetchone()


@pytest.mark.parametrize(
    ("set_up", "words"),
    [
        (lambda db: set_up_device(db, "Truro Magistrates' Court", "Jo Pengelly"), "Truro"),
        (lambda db: set_up_head_office(db, "Devon and Cornwall CASS"), "head office's"),
        (
            lambda db: agencies.create(db, {"name": "Shelter Plymouth", "domains": "housing"}),
            "already holds records",
        ),
    ],
    ids=["a court", "head office", "records but no people"],
)
def test_demo_data_never_goes_in_a_real_store(tmp_path, capsys, set_up, words):
    real = tmp_path / "real"
    real.mkdir()
    db = new_store(store_path(real))
    set_up(db)
    # A plain store holding the same: how an earlier version left a store set up without a
    # passphrase (the refusal must not depend on the lock alone).
    plain = tmp_path / "plain"
    plain.mkdir()
    plain_copy(db, store_path(plain))
    db.close()
    before = {folder: _files(folder) for folder in (real, plain)}
    assert cli.main(_demo_data(real)) == 1  # refused without asking for its passphrase
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1
    assert "locked with a passphrase, or is not a CASS Desktop store" in err and "Error" not in err
    assert cli.main(_demo_data(plain)) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1
    assert words in err and f"The store in {plain}" in err and "Error" not in err
    # not switched to Plymouth and Sam Okafor, not touched
    assert {folder: _files(folder) for folder in (real, plain)} == before
    with pytest.raises(demo.DemoRefused):
        db = open_store(store_path(plain))
        try:
            demo.generate(db, clients=3)
        finally:
            db.close()


def test_an_empty_store_is_replaced_by_the_demo(tmp_path, capsys):
    open_store(store_path(tmp_path)).close()  # as `selftest` leaves a new folder
    assert cli.main(_demo_data(tmp_path, 12)) == 0
    capsys.readouterr()
    db = open_store(store_path(tmp_path))
    try:
        assert clients.count(db) == 12 and local.is_demo(db) and is_set_up(db)
    finally:
        db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cass.db"]


KILLED_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from cass_desktop import demo
    from cass_desktop.app import durable
    from cass_desktop.data import store_path

    folder, people, where = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    demo.BATCH = int(sys.argv[4])  # people written at a time

    def die():
        sys.stdout.write("killing\\n")
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    def progress(done, total, text):
        if where == "after-a-third" and done == demo.BATCH:
            die()

    real_fsync = durable.fsync_file

    def fsync(path):
        if where == "complete-not-moved" and Path(path).name.endswith(demo.BUILDING_SUFFIX):
            die()
        real_fsync(path)

    durable.fsync_file = fsync
    demo.make_store(store_path(folder), clients=people, seed=1, progress=progress)
    """
)


# What the issue saw was 1,000 of 3,000 people written (batches of 1,000): the same third, in
# batches of KILLED_BATCH people.
KILLED_BATCH = 100


@pytest.mark.slow
@pytest.mark.parametrize(
    ("where", "people", "existing"),
    [
        ("after-a-third", 3 * KILLED_BATCH, False),  # one batch of three written
        ("complete-not-moved", 300, True),  # every record written, not yet in place
    ],
)
def test_a_demo_killed_part_way_leaves_no_demo_and_runs_again(
    tmp_path, capsys, where, people, existing
):
    if existing:
        open_store(store_path(tmp_path)).close()
    before = _files(tmp_path)
    child = subprocess.run(
        [sys.executable, "-c", KILLED_CHILD, str(tmp_path), str(people), where, str(KILLED_BATCH)],
        capture_output=True,
        text=True,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert child.stdout == "killing\n"
    # Either no demo or the whole demo: here none, and the folder's store as it was.
    assert {n: b for n, b in _files(tmp_path).items() if "demo-creating" not in n} == before
    left = tmp_path / f"cass.db{demo.BUILDING_SUFFIX}"
    assert left.exists()
    half = open_store(left, create=False)
    try:
        assert local.is_demo(half)  # marked with its first records, even half made
        assert clients.count(half) == (KILLED_BATCH if where == "after-a-third" else people)
    finally:
        half.close()
    # Running it again makes the whole demo (no "UNIQUE constraint failed: sites.id").
    assert cli.main(_demo_data(tmp_path, people, seed=1)) == 0
    assert capsys.readouterr().err == ""
    db = open_store(store_path(tmp_path))
    try:
        assert clients.count(db) == people and local.is_demo(db) and is_set_up(db)
        assert db["sites"].count == 3
    finally:
        db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cass.db"]


def test_make_store_itself_never_replaces_a_real_store(device_db, tmp_path):
    path = store_path(tmp_path)
    before = path.read_bytes()
    with pytest.raises(
        demo.DemoRefused, match="locked with a passphrase, or is not a CASS Desktop store"
    ):
        demo.make_store(path, clients=3)
    assert path.read_bytes() == before
    assert not path.with_name(path.name + demo.BUILDING_SUFFIX).exists()


def test_nothing_is_opened_or_seen_in_the_future(store):
    """Issue 9, 22: opened dates were in the future; Seen today held notes later than now."""
    today = dt.date.today().isoformat()
    opened = store.execute("SELECT max(opened_on) FROM clients").fetchone()[0]
    assert opened <= today
    now = dt.datetime.now().strftime("%Y-%m-%dT%H:%M")
    later = store.execute("SELECT count(*) FROM contacts WHERE at > ?", [now]).fetchone()[0]
    assert later == 0


def test_demo_data_never_goes_in_an_empty_locked_store(db):
    """A store with a passphrase is a real one, even empty: refused in one sentence, and
    nothing written (it is not even marked as demo)."""
    with pytest.raises(demo.DemoRefused, match="locked with a passphrase"):
        demo.generate(db, clients=3)
    assert not local.is_demo(db) and db["clients"].count == 0
