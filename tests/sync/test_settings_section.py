"""Head office's retention setting, carried in its updates to laptops (issue 13): set at head
office, applied by each laptop to its review list, read-only there; and the attacker's tests:
a forged, re-signed or out-of-range setting is refused in one sentence, changing nothing."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import pyrage
import pytest

from cass_desktop.data import changelog, clients, local, store_path
from cass_desktop.privacy import retention
from cass_desktop.sync import identity, settings_section
from cass_desktop.sync.bundle import MANIFEST, OPS, SETTINGS, canonical
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import assert_plain, dump, keys_of, member_entry
from tests.helpers.stores import reopen


def _update(office):
    ply = office.device("plymouth")
    return export_update(office.head_office, identity.my_card(ply).device_id, office.outbox)


def _closed_five_years_ago(db) -> str:
    person = clients.create(
        db, {"given_name": "Tamsin", "family_name": "Rowe", "site_id": local.get(db, "site_id")}
    )
    closed = {"status": "closed", "opened_on": "2019-01-05", "closed_on": "2021-06-01"}
    changelog.save(db, "clients", closed, person)
    return person


def test_head_office_sets_four_years_and_the_laptops_review_list_changes(office):
    ho, ply = office.head_office, office.device("plymouth")
    person = _closed_five_years_ago(ply)
    assert retention.years(ply) == 6 and retention.due(ply) == []
    assert not retention.heard_from_head_office(ply)
    with pytest.raises(retention.RetentionError) as refused:
        retention.set_years(ply, 4)  # a laptop cannot set it
    assert "Head office sets how long records are kept" in str(refused.value)

    retention.set_years(ho, 4)
    assert import_file(ply, _update(office)).refused is None
    assert retention.years(ply) == 4 and retention.heard_from_head_office(ply)
    assert [d.client_id for d in retention.due(ply)] == [person]
    # Another laptop hears it from its own update.
    bodmin = office.device("bodmin")
    update = export_update(ho, identity.my_card(bodmin).device_id, office.outbox)
    assert import_file(bodmin, update).refused is None
    assert retention.years(bodmin) == 4


def test_an_older_update_arriving_late_or_twice_changes_nothing(office):
    ho, ply = office.head_office, office.device("plymouth")
    retention.set_years(ho, 4)
    older = _update(office)
    retention.set_years(ho, 8)
    newer = _update(office)
    assert import_file(ply, newer).refused is None
    assert retention.years(ply) == 8
    before = dump(ply)
    assert import_file(ply, older).refused is None
    assert import_file(ply, newer).refused is None
    assert retention.years(ply) == 8
    assert dump(ply) == before  # not even when an update last came


def test_head_office_restored_from_a_backup_still_outranks_what_it_sent_before(office, tmp_path):
    ho, ply = office.head_office, office.device("plymouth")
    retention.set_years(ho, 4)
    assert import_file(ply, _update(office)).refused is None
    ho.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(office.root / "head-office", tmp_path / "backup")
    retention.set_years(ho, 8)
    assert import_file(ply, _update(office)).refused is None
    assert retention.years(ply) == 8
    ho.close()
    restored = reopen(store_path(tmp_path / "backup"))  # its revision is back where it was
    office.head_office = restored
    try:
        assert retention.years(restored) == 4
        retention.set_years(restored, 10)
        assert import_file(ply, _update(office)).refused is None
        assert retention.years(ply) == 10
        # Saving the value the restored head office shows puts it back in force too.
        retention.set_years(restored, 10)
        assert import_file(ply, _update(office)).refused is None
        retention.set_years(restored, 4)
        assert import_file(ply, _update(office)).refused is None
        assert retention.years(ply) == 4
    finally:
        restored.close()
        office.head_office = ho


def test_the_revision_always_rises_even_when_the_clock_goes_back(office):
    ho, ply = office.head_office, office.device("plymouth")
    settings_section.set_at_head_office(ho, 4, clock_ms=2_000_000_000_000)
    assert import_file(ply, _update(office)).refused is None
    settings_section.set_at_head_office(ho, 9, clock_ms=1_000)  # clock set back a long way
    assert json.loads(settings_section.for_update(ho))["revision"] == 2_000_000_000_001
    assert import_file(ply, _update(office)).refused is None
    assert retention.years(ply) == 9
    # A laptop still ignores a revision no newer than the one it holds.
    held = json.loads(settings_section.for_update(ho))["revision"]
    assert not settings_section.take(ply, _body(revision=held, retention_years=3))
    assert not settings_section.take(ply, _body(revision=held - 1, retention_years=3))
    assert retention.years(ply) == 9


def _remade(office, path, settings: bytes, *, signer=None, fix_hash: bool = True):
    """The update at `path` with its settings member replaced (and the manifest re-signed by
    `signer`, head office's keys unless told)."""
    ply = office.device("plymouth")
    plain = pyrage.decrypt(path.read_bytes(), [keys_of(ply).identity()])
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        ops = zf.read(OPS)
        original = zf.read(SETTINGS)
    manifest = dict(manifest)
    if fix_hash:
        manifest["members"] = {**manifest["members"], SETTINGS: member_entry(settings)}
    if signer is not False:
        manifest["signature"] = (signer or keys_of(office.head_office)).sign(canonical(manifest))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest).encode())
        zf.writestr(OPS, ops)
        zf.writestr(SETTINGS, settings)
    out = path.with_name("remade-" + path.name)
    recipient = pyrage.x25519.Recipient.from_str(keys_of(ply).recipient())
    out.write_bytes(pyrage.encrypt(buffer.getvalue(), [recipient]))
    assert json.loads(original)["retention_years"] == 6
    return out


def _refused_unchanged(db, path) -> str:
    before = dump(db)
    result = import_file(db, path)
    assert_plain(result.refused)
    assert dump(db) == before
    assert retention.years(db) == 6
    return result.refused


def _body(**changes) -> bytes:
    return json.dumps({"revision": 9, "retention_years": 4, **changes}).encode()


def test_a_setting_altered_on_the_way_is_refused_changing_nothing(office):
    path = _update(office)
    forged = _remade(office, path, _body(), signer=False, fix_hash=False)  # hash not fixed
    assert "do not match its manifest" in _refused_unchanged(office.device("plymouth"), forged)
    resigned = _remade(office, path, _body(), signer=False)  # hash fixed, signature not
    assert "signature does not match" in _refused_unchanged(office.device("plymouth"), resigned)
    by_laptop = _remade(office, path, _body(), signer=keys_of(office.device("bodmin")))
    assert "signature does not match" in _refused_unchanged(office.device("plymouth"), by_laptop)


@pytest.mark.parametrize(
    "settings, words",
    [
        (_body(retention_years=0), "1 to 100 years"),
        (_body(retention_years=1000), "1 to 100 years"),
        (_body(retention_years="4"), "1 to 100 years"),
        (_body(retention_years=4.0), "1 to 100 years"),
        (_body(retention_years=True), "1 to 100 years"),
        (_body(revision=-1), "revision is out of range"),
        (_body(revision=2**80), "revision is out of range"),
        (_body(erase_everyone=True), "not the settings this version knows"),
        (b"[4]", "not the settings this version knows"),
        (b'{"retention_years": NaN, "revision": 1}', "cannot be read"),
        (b"\xff\xfe", "cannot be read"),
        (b"[" * 2000 + b"]" * 2000, "cannot be read"),  # nested too deep
        (b"{" + b" " * 5000 + b"}", "larger than"),
    ],
)
def test_a_signed_setting_that_will_not_do_is_refused_changing_nothing(office, settings, words):
    ply = office.device("plymouth")
    path = _remade(office, _update(office), settings)  # signed by head office itself
    refusal = _refused_unchanged(ply, path)
    assert words in refusal


def test_a_laptops_export_never_carries_settings(office, tmp_path):
    ho, ply = office.head_office, office.device("plymouth")
    clients.create(ply, {"given_name": "Siân", "family_name": "Evans"})
    path = export_device(ply, office.outbox)
    plain = pyrage.decrypt(path.read_bytes(), [keys_of(ho).identity()])
    with zipfile.ZipFile(io.BytesIO(plain)) as zf:
        manifest, ops = json.loads(zf.read(MANIFEST)), zf.read(OPS)
    settings = _body()
    manifest["members"] = {OPS: member_entry(ops), SETTINGS: member_entry(settings)}
    manifest["signature"] = keys_of(ply).sign(canonical(manifest))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(MANIFEST, json.dumps(manifest).encode())
        zf.writestr(OPS, ops)
        zf.writestr(SETTINGS, settings)
    out = tmp_path / "with-settings.cassbundle"
    recipient = pyrage.x25519.Recipient.from_str(keys_of(ho).recipient())
    out.write_bytes(pyrage.encrypt(buffer.getvalue(), [recipient]))
    before = dump(ho)
    result = import_file(ho, out)
    assert result.refused and "only head office's updates carry settings" in result.refused
    assert dump(ho) == before


def test_the_section_reader_is_linear_and_exact():
    assert settings_section.read(_body()) == {"revision": 9, "retention_years": 4}
    with pytest.raises(settings_section.SettingsRefused):
        settings_section.read(b"x" * (settings_section.MAX_BYTES + 1))
