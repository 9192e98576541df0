"""A device's changes after a gap in its numbers wait at head office until the gap is filled.

A device writes each bundle from the last change head office acknowledged, so bundles that
follow one another without overlapping come from a device whose acknowledgements arrived
between them; here that is arranged by setting the device's acknowledged number directly.
"""

from __future__ import annotations

from pathlib import Path

from cass_desktop.data import changelog, clients, contacts, hearings, local
from cass_desktop.data import sync as sync_data
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import dump, held_keys


def _day(db, n: int) -> list[str]:
    """A little day's work: two people, one edited, a hearing and a contact."""
    site = local.get(db, "site_id")
    first = clients.create(db, {"given_name": f"Person {n}a", "site_id": site})
    second = clients.create(db, {"given_name": f"Person {n}b", "site_id": site})
    clients.update(db, first, {"phone": f"07700 90{n:04d}"})
    hearings.create(db, {"client_id": first, "starts_at": f"2026-11-{n + 10:02d}T10:00"})
    contacts.create(db, {"client_id": second, "kind": "court", "at": f"2026-11-{n + 10:02d}"})
    return [first, second]


def _separate_bundles(db, outbox: Path, days: int) -> list[Path]:
    """Bundles that do not overlap, as a device writes them when each was acknowledged."""
    paths = []
    for n in range(1, days + 1):
        _day(db, n)
        paths.append(export_device(db, outbox))
        local.put(db, "acked_seq", sync_data.last_own_seq(db))
    return paths


def _own_ops(db) -> int:
    """How many changes the device made (numbered from 1 without a gap; those head office
    acknowledged are no longer held: data/acknowledged.py)."""
    return sync_data.last_own_seq(db)


def _same_clients(ho, device) -> None:
    for row in device.execute("SELECT id FROM clients").fetchall():
        mine, theirs = clients.get(device, row[0]), clients.get(ho, row[0])
        assert theirs is not None
        assert {k: theirs[k] for k in ("given_name", "phone", "deleted")} == {
            k: mine[k] for k in ("given_name", "phone", "deleted")
        }


def test_third_before_second_is_held_back_then_released(office):
    ho, ply = office.head_office, office.device("plymouth")
    b1, b2, b3 = _separate_bundles(ply, office.outbox, 3)
    me = changelog.device_id(ply)
    assert import_file(ho, b1).merge.applied > 0
    held_after_first = sync_data.held_seq(ho, me)
    # The audit log is kept as it arrives, even ahead of a gap (audit/section.py): like
    # pending_ops and peers, it is bookkeeping of what came, not a record.
    waiting = ("pending_ops", "peers", "audit_log")
    before = dump(ho, skip=waiting)

    third = import_file(ho, b3)
    assert third.refused is None
    assert third.merge.applied == 0 and third.merge.held_back > 0
    assert "held back" in third.describe()
    # Nothing of it shows yet: not a row, not an op.
    assert dump(ho, skip=waiting) == before
    assert sync_data.held_seq(ho, me) == held_after_first
    assert sync_data.pending_counts(ho) == {me: third.merge.held_back}

    # The same waiting bundle again waits once.
    again = import_file(ho, b3)
    assert again.merge.applied == 0
    assert sync_data.pending_counts(ho) == {me: third.merge.held_back}

    second = import_file(ho, b2)
    assert second.merge.released == third.merge.held_back
    assert second.merge.applied + second.merge.released + import_file(
        ho, b1
    ).merge.already_held == _own_ops(ply)
    assert sync_data.pending_counts(ho) == {}
    assert sync_data.held_seq(ho, me) == sync_data.last_own_seq(ply)
    _same_clients(ho, ply)
    # Everything is held now: the waiting bundle, once more, is already held.
    last = import_file(ho, b3)
    assert last.merge.applied == 0 and last.merge.already_held == third.merge.held_back


def test_bundles_arriving_in_reverse_all_land(office):
    ho, ply = office.head_office, office.device("plymouth")
    bundles = _separate_bundles(ply, office.outbox, 4)
    results = [import_file(ho, path) for path in reversed(bundles)]
    assert [r.merge.applied for r in results[:-1]] == [0, 0, 0]
    assert results[-1].merge.released == sum(r.merge.held_back for r in results[:-1])
    assert sync_data.pending_counts(ho) == {}
    assert len(held_keys(ho, changelog.device_id(ply))) == _own_ops(ply)
    _same_clients(ho, ply)


def test_a_lost_bundle_re_sent_fills_the_gap(office):
    """The second bundle goes missing; the third waits; the second is sent again."""
    ho, ply = office.head_office, office.device("plymouth")
    b1, b2, b3 = _separate_bundles(ply, office.outbox, 3)
    resent = office.root / "resent" / b2.name
    resent.parent.mkdir()
    resent.write_bytes(b2.read_bytes())
    b2.unlink()  # lost on the way
    import_file(ho, b1)
    assert import_file(ho, b3).merge.held_back > 0
    result = import_file(ho, resent)
    assert result.merge.applied > 0 and result.merge.released > 0
    assert sync_data.pending_counts(ho) == {}
    _same_clients(ho, ply)


def test_a_lost_bundle_is_covered_by_the_next_export(office):
    """Without head office's acknowledgement the device sends everything again next time."""
    ho, ply = office.head_office, office.device("plymouth")
    _day(ply, 1)
    import_file(ho, export_device(ply, office.outbox))
    import_file(ply, export_update(ho, changelog.device_id(ply), office.outbox))
    _day(ply, 2)
    lost = export_device(ply, office.outbox)
    lost.unlink()
    _day(ply, 3)
    result = import_file(ho, export_device(ply, office.outbox))
    assert result.merge.held_back == 0
    assert len(held_keys(ho, changelog.device_id(ply))) == _own_ops(ply)
    _same_clients(ho, ply)


def test_a_cumulative_bundle_fills_a_gap_and_clears_what_waited(office):
    ho, ply = office.head_office, office.device("plymouth")
    b1, _b2, b3 = _separate_bundles(ply, office.outbox, 3)
    import_file(ho, b1)
    assert import_file(ho, b3).merge.held_back > 0
    # The device writes again from what head office acknowledged (the first bundle).
    first_end = int(b1.name.split("-")[4])
    local.put(ply, "acked_seq", first_end)
    whole = import_file(ho, export_device(ply, office.outbox))
    assert whole.refused is None
    assert sync_data.pending_counts(ho) == {}
    assert len(held_keys(ho, changelog.device_id(ply))) == _own_ops(ply)
    _same_clients(ho, ply)


def test_each_device_waits_on_its_own_gap(office):
    """A gap in Plymouth's numbers does not hold back Truro's changes."""
    ho = office.head_office
    ply, truro = office.device("plymouth"), office.device("truro")
    p1, p2 = _separate_bundles(ply, office.outbox, 2)
    _day(truro, 1)
    import_file(ho, p2)
    truro_result = import_file(ho, export_device(truro, office.outbox))
    assert truro_result.merge.held_back == 0 and truro_result.merge.applied > 0
    _same_clients(ho, truro)
    assert import_file(ho, p1).merge.released > 0
    _same_clients(ho, ply)
