"""Erasing a person (privacy.erasure): refused plainly when it cannot be done, changing nothing;
recorded in the audit log with the purge; a laptop its own court's people only (and head
office refuses a laptop's purge of another court's person), head office anyone; the
command line. The data side of the purge (what is emptied, later changes dropped) is
tests/sync/test_purge.py's."""

from __future__ import annotations

from pathlib import Path

import pytest

from cass_desktop import assessments, audit
from cass_desktop.cli import main
from cass_desktop.cli import store as cli_store
from cass_desktop.data import audit as audit_data
from cass_desktop.data import changelog, clients, court_day, local, purge
from cass_desktop.privacy import erasure
from cass_desktop.referrals import drop_in
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import dump
from tests.helpers.erasure import SECRET, assert_erased, erased_person, holds_secret


def _folder(db) -> Path:
    return Path(db.conn.execute("PRAGMA database_list").fetchone()[2]).parent


def _records(db) -> dict:
    """Everything held but local_state (where the command notes the clock it saw)."""
    return {k: v for k, v in dump(db).items() if k != "local_state"}


def _raw_tables_holding(db, word: str) -> list[str]:
    """Every table (the search indexes' own shadow tables too) any of whose cells holds
    `word`, in any case, as text or bytes."""
    found = []
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for name in names:
        try:
            rows = db.execute(f'SELECT * FROM "{name}"').fetchall()
        except Exception:  # a virtual table itself: its shadow tables are read instead
            continue
        wanted = word.lower().encode()
        for row in rows:
            cells = (v if isinstance(v, bytes) else str(v).encode() for v in row)
            if any(wanted in cell.lower() for cell in cells):
                found.append(name)
                break
    return found


def _erasures(db, person: str) -> list[dict]:
    return [e for e in audit_data.for_client(db, [person]) if e["action"] == audit.ERASURE]


def test_erasing_records_who_when_and_why_and_leaves_a_tombstone(office):
    ply = office.device("plymouth")
    person, hearing = erased_person(ply)
    assert "clients_fts_data" in _raw_tables_holding(ply, "Ngata")
    gone = erasure.erase_person(ply, person, "retention")
    assert_erased(ply, person, hearing)
    # Nor do the search indexes keep the words until they are next merged.
    assert _raw_tables_holding(ply, "Ngata") == []
    assert _raw_tables_holding(ply, "Maren") == []
    [entry] = _erasures(ply, person)
    assert entry["detail"] == "retention period ended"
    assert entry["worker_id"] == local.current_worker_id(ply) and entry["record_id"] == person
    assert SECRET not in repr(entry)
    assert gone.reason == "retention period ended"
    assert gone.words().startswith("Erased on ") and gone.words().endswith(
        ": retention period ended"
    )
    assert erasure.tombstone(ply, person) == gone
    # The audit entry and the purge went into the log together; the chain still checks out.
    from cass_desktop.audit import chain

    assert chain.verify(ply) == []


@pytest.mark.parametrize(
    ("who", "reason", "says"),
    [
        ("nobody", "retention", "There is no one with that id in this store."),
        (None, "   ", "Say why this record is being erased."),
        (None, "x" * (erasure.MAX_REASON + 1), "The reason is too long"),
    ],
)
def test_refusals_are_one_plain_sentence_and_change_nothing(office, who, reason, says):
    ply = office.device("plymouth")
    person, _hearing = erased_person(ply)
    before = dump(ply)
    with pytest.raises(erasure.ErasureError) as refused:
        erasure.erase_person(ply, who or person, reason)
    assert str(refused.value).startswith(says)
    assert dump(ply) == before


def test_erasing_twice_is_refused(office):
    ply = office.device("plymouth")
    person, _hearing = erased_person(ply)
    erasure.erase_person(ply, person, "the person asked for it")
    before = dump(ply)
    with pytest.raises(erasure.ErasureError, match="already been erased"):
        erasure.erase_person(ply, person, "error")
    assert dump(ply) == before
    # Other words are recorded as given.
    assert erasure.tombstone(ply, person).reason == "the person asked for it"


def test_a_laptop_erases_only_its_own_courts_people_and_head_office_refuses_it(office):
    ho, ply, bod = office.head_office, office.device("plymouth"), office.device("bodmin")
    theirs, _hearing = erased_person(bod)
    assert import_file(ho, export_device(bod, office.outbox)).refused is None
    # Plymouth holds a person at Bodmin (as after a move): its own check refuses.
    held = clients.create(ply, {"given_name": "Kit", "site_id": local.get(bod, "site_id")}, "BOD")
    with pytest.raises(erasure.ErasureError, match="another court"):
        erasure.erase_person(ply, held, "retention")
    # A laptop that purges another court's person anyway (an older or altered copy of the
    # app) is refused at head office: the person stays as they were there.
    changelog.save(ply, "clients", {"purged": 1}, theirs)
    result = import_file(ho, export_device(ply, office.outbox))
    assert result.merge.refused >= 1
    [why] = [r[0] for r in ho.execute("SELECT reason FROM refused_ops WHERE field = 'purged'")]
    assert why == "Plymouth's laptop (Alex Carter) tried to erase the record of a Bodmin person."
    held_at_ho = clients.get(ho, theirs)
    assert held_at_ho["purged"] == 0 and held_at_ho["family_name"] == SECRET


def test_head_office_erases_anyone_and_the_laptop_hears_of_it(office):
    ho, bod = office.head_office, office.device("bodmin")
    person, hearing = erased_person(bod)
    assert import_file(ho, export_device(bod, office.outbox)).refused is None
    erasure.erase_person(ho, person, "error")
    assert_erased(ho, person, hearing)
    assert erasure.tombstone(ho, person).reason == "recorded in error"
    assert (
        import_file(bod, export_update(ho, changelog.device_id(bod), office.outbox)).refused is None
    )
    assert_erased(bod, person, hearing)
    # Bodmin knows the day from the tombstone; the reason is in head office's log.
    assert erasure.tombstone(bod, person).words().startswith("Erased on ")


def test_the_command_asks_refuses_without_a_terminal_and_erases_with_yes(
    device_db, capsys, cass_passphrase, monkeypatch
):
    db = device_db
    person, hearing = erased_person(db)
    folder = _folder(db)
    args = ["--data-dir", str(folder), "erase", person, "--reason", "retention"]
    before = _records(db)
    monkeypatch.setattr(cli_store, "can_ask", lambda: False)
    assert main(args) != 0
    assert "give --yes" in capsys.readouterr().err
    monkeypatch.setattr(cli_store, "can_ask", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _q: "n")
    assert main(args) != 0
    assert "Not erased" in capsys.readouterr().err
    assert _records(db) == before
    asked = []
    monkeypatch.setattr("builtins.input", lambda q: asked.append(q) or "y")
    assert main(args) == 0
    assert SECRET in asked[0] and "cannot be undone" in asked[0]
    assert "Erased on " in capsys.readouterr().out
    assert_erased(db, person, hearing)
    assert main([*args[:-2], "--reason", "error", "--yes"]) != 0
    assert "already been erased" in capsys.readouterr().err
    assert main(["--data-dir", str(folder), "erase", "nobody", "--reason", "x", "--yes"]) != 0
    assert "no one with that id" in capsys.readouterr().err
    assert holds_secret(db) == []


def test_erased_on_a_laptop_reaches_head_office_and_a_second_laptop_and_stays_erased(office):
    """Two laptops at Plymouth: one erases; head office's update carries it to the other,
    whose edit made before it heard is dropped at head office; Bodmin never held the person."""
    from cass_desktop.sites.setup import set_up_device
    from tests.helpers.stores import connect, make_store

    ho, ply, bod = office.head_office, office.device("plymouth"), office.device("bodmin")
    second = make_store(office.root, "plymouth-2")
    set_up_device(second, "Plymouth Magistrates' Court", "Dee Vosper")
    connect(ho, second, office.root)

    def update(db) -> None:
        done = import_file(db, export_update(ho, changelog.device_id(db), office.outbox))
        assert done.refused is None, done.refused

    try:
        person, hearing = erased_person(ply)
        assert import_file(ho, export_device(ply, office.outbox)).refused is None
        update(second)
        assert clients.get(second, person)["family_name"] == SECRET
        erasure.erase_person(ply, person, "asked")
        assert import_file(ho, export_device(ply, office.outbox)).refused is None
        assert_erased(ho, person, hearing)
        # Plymouth's audit log came with its export: head office knows why, and who.
        assert erasure.tombstone(ho, person).reason == "the person asked (right to erasure)"
        # The second laptop has not heard: its edit and its new note are dropped on arrival.
        clients.update(second, person, {"family_name": SECRET + "-Pascoe"})
        changelog.save(second, "contacts", {"client_id": person, "summary": f"{SECRET} rang"})
        late = import_file(ho, export_device(second, office.outbox))
        assert late.refused is None and late.merge.applied == 0 and late.merge.purged >= 2
        assert_erased(ho, person, hearing)
        update(second)
        assert_erased(second, person, hearing)
        assert erasure.tombstone(second, person).words().startswith("Erased on ")
        assert clients.get(bod, person) is None
    finally:
        second.close()


def _tables_with_client_id(db) -> set[str]:
    """Every table with a column naming a person (client_id, or person_id)."""
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        name
        for name in names
        if any(
            c[1] in ("client_id", "person_id") for c in db.execute(f'PRAGMA table_info("{name}")')
        )
    }


def test_every_table_with_a_client_id_is_erased_or_exempted_with_a_reason(office):
    """A new table holding a person's rows cannot be forgotten by erasure: it must be one of
    purge's synced (tombstoned) or local (deleted) tables, or exempted, saying why."""
    covered = {*purge.CHILD_TABLES, *purge.LOCAL_TABLES, *purge.LISTED_TABLES}
    assert all(len(why.split()) >= 5 for why in purge.KEPT_THROUGH_ERASURE.values())
    assert not covered & set(purge.KEPT_THROUGH_ERASURE)
    for db in (office.head_office, office.device("plymouth")):
        found = _tables_with_client_id(db)
        assert {"assessment_drafts", "capture_drafts"} <= found
        forgotten = found - covered - set(purge.KEPT_THROUGH_ERASURE)
        assert forgotten == set(), f"erasure does not cover {sorted(forgotten)}"


def test_the_persons_drafts_are_deleted_and_nobody_elses(office):
    ply = office.device("plymouth")
    person, hearing = erased_person(ply)
    other = clients.create(ply, {"given_name": "Kit", "site_id": local.get(ply, "site_id")})
    worker = local.current_worker_id(ply)
    started = assessments.start(ply, person, "gad-7", worker_id=worker)
    assessments.save_answers(ply, started.id, {"q1": 2})
    theirs = assessments.start(ply, other, "gad-7", worker_id=worker)
    why = f"{SECRET}: rent arrears, partner violent"
    # A drop-in for someone held, its draft linked; one whose link is only inside the draft;
    # one for someone new, finished (the person it made is linked as it finishes).
    court_day.save_draft(ply, None, "why", {"person_id": person, "why": why}, person)
    court_day.save_draft(ply, None, "why", {"person_id": person, "why": why}, None)
    draft = {
        "new": {"given_name": "Ada", "family_name": "Pengelly", "date_of_birth": ""},
        "hold": "given",
        "why": "Wants help with a Pengelly matter",
    }
    draft_id = court_day.save_draft(ply, None, "help", draft, None)
    site = local.get(ply, "site_id")
    made = drop_in.finish(ply, draft, draft_id=draft_id, site_id=site).client_id
    kept = court_day.save_draft(ply, None, "why", {"person_id": other, "why": "Money"}, other)
    assert "capture_drafts" in holds_secret(ply) and "assessment_drafts" in _tables_with(ply)
    erasure.erase_person(ply, person, "asked")
    erasure.erase_person(ply, made, "asked")
    assert_erased(ply, person, hearing)
    assert [r[0] for r in ply.execute("SELECT id FROM capture_drafts")] == [kept]
    assert [r[0] for r in ply.execute("SELECT id FROM assessment_drafts")] == [theirs.id]
    assert _raw_tables_holding(ply, "rent arrears") == []
    assert _raw_tables_holding(ply, "Pengelly") == []


def _tables_with(db) -> set[str]:
    return {t for t in _tables_with_client_id(db) if db.execute(f'SELECT 1 FROM "{t}"').fetchone()}


def test_the_court_list_cases_matched_to_them_are_deleted(office):
    """A court list's case confirmed as the person holds their name and charge as listed;
    a case a worker said is not them names them too: both go with the erasure."""
    ply = office.device("plymouth")
    person, _hearing = erased_person(ply)
    listed = {"name": f"Maren {SECRET}", "charge": "Theft"}
    entries = [
        {"case_key": "A1", "listed": listed, "person_id": person},
        {"case_key": "B2", "listed": {"name": "Kit Rowe", "charge": "Drunk"}},
    ]
    court_day.save_entries(ply, None, "2026-11-27", entries)
    court_day.reject(ply, None, "2026-11-27", "B2", person)
    erasure.erase_person(ply, person, "retention")
    kept = court_day.entries_on(ply, "2026-11-27")
    assert [e["case_key"] for e in kept] == ["B2"]
    assert court_day.rejected_for(ply, None, "2026-11-27") == {}
    assert holds_secret(ply) == []
