"""Who may change what: a laptop changes only its own court's people, and nothing shared.

The compromised-laptop test: an enrolled Truro laptop, with its real keys, sends bundles that
try to change a Bodmin person, a letter template, a court, the agency directory, to move a
person to Truro, and re-presents its card with Bodmin's court. None of it is applied at head
office or reaches Bodmin's or Plymouth's laptop after a full round of updates, and head office
lists each refusal with its reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cass_desktop.data import (
    agencies,
    changelog,
    clients,
    contacts,
    hearings,
    letters,
    local,
    trust,
)
from cass_desktop.data import sync as sync_data
from cass_desktop.headoffice import ReviewError, devices, proposals, refusals
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import export_device, export_update
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import acked, craft, dump, join_ops, keys_of, ops_lines, unpack

FORGED_TEMPLATE = "FORGED: {{ client.given_name }} must ring 0900 123 456."
FORGED_PHONE = "0900 000 000"
TEMPLATE = "Dear {{ agency.name }}"


def _site(db) -> str:
    return local.get(db, "site_id")


def _me(db) -> str:
    return changelog.device_id(db)


def _round(office, *names: str) -> None:
    """Each laptop named sends its day's work; then head office answers every laptop."""
    ho = office.head_office
    for name in names:
        path = export_device(office.device(name), office.outbox)
        if path is not None:
            assert import_file(ho, path).refused is None
    for db in office.devices.values():
        assert import_file(db, export_update(ho, _me(db), office.outbox)).refused is None


@pytest.fixture
def world(office):
    """Every laptop has sent its set-up; Bodmin has a person with a phone and risk notes, and
    head office an agency, a letter template, and all of it has reached every laptop."""
    ho, bodmin = office.head_office, office.device("bodmin")
    person = clients.create(
        bodmin,
        {
            "given_name": "Morwenna",
            "family_name": "Trewin",
            "phone": "07700 900111",
            "risk_flags": "Do not meet alone.",
            "site_id": _site(bodmin),
        },
        "BOD",
    )
    hearing = hearings.create(bodmin, {"client_id": person, "starts_at": "2026-11-27T10:00"})
    agency = agencies.create(ho, {"name": "Shelter Cornwall", "phone": "01872 000111"})
    letters.save_template_document(ho, "referral-to-agency", TEMPLATE, 2)
    _round(office, "plymouth", "bodmin", "truro", "bodmin")
    assert clients.get(ho, person)["risk_flags"] == "Do not meet alone."
    assert agencies.get(office.device("truro"), agency)["phone"] == "01872 000111"
    return {"person": person, "hearing": hearing, "agency": agency}


def _forged_bundle(office, name: str, tamper_card=None) -> Path:
    """Truro's real export, remade by hand and signed with Truro's real key."""
    ho, truro = office.head_office, office.device("truro")
    path = export_device(truro, office.outbox)
    manifest, ops = unpack(path, ho)
    if tamper_card is not None:
        manifest["sender_card"] = tamper_card(dict(manifest["sender_card"]))
    return craft(
        office.root / f"{name}.cassbundle",
        manifest,
        ops,
        signer=keys_of(truro),
        recipient=keys_of(ho).recipient(),
    )


def _refusal_reasons(ho, device: str) -> list[str]:
    return [view.reason for view in refusals.refusals(ho, device)]


def test_a_compromised_laptop_changes_nothing_it_may_not(office, world):
    ho = office.head_office
    ply, bodmin, truro = (office.device(n) for n in ("plymouth", "bodmin", "truro"))
    person, agency = world["person"], world["agency"]
    bodmin_site = _site(bodmin)
    # Truro writes whatever it likes into its own store: it is compromised.
    changelog.save(
        truro, "clients", {"phone": FORGED_PHONE, "risk_flags": "None: safe to visit."}, person
    )
    letters.save_template_document(truro, "referral-to-agency", FORGED_TEMPLATE, 99)
    changelog.save(truro, "sites", {"phone": FORGED_PHONE}, bodmin_site)
    agencies.update(truro, agency, {"phone": FORGED_PHONE})
    changelog.save(truro, "clients", {"site_id": _site(truro)}, person)
    hearings.update(truro, world["hearing"], {"outcome": "dismissed"})
    # ... and presents its card claiming to be at Bodmin.
    forged = _forged_bundle(office, "truro-forged", lambda card: {**card, "site_id": bodmin_site})

    before_peer = identity.peers.get(ho, _me(truro))
    result = import_file(ho, forged)
    assert result.refused is None  # a well-formed bundle: its allowed part (none) is applied
    assert result.merge.applied == 0
    assert result.merge.refused > 0 and result.merge.proposed == 1
    assert identity.peers.get(ho, _me(truro))["site_id"] == before_peer["site_id"]
    assert identity.peers.get(ho, _me(truro))["card_json"] == before_peer["card_json"]

    # Head office holds none of it.
    held = clients.get(ho, person)
    assert held["phone"] == "07700 900111" and held["risk_flags"] == "Do not meet alone."
    assert held["site_id"] == bodmin_site
    assert letters.template_document(ho, "referral-to-agency")["content"] == TEMPLATE
    assert agencies.get(ho, agency)["phone"] == "01872 000111"
    assert identity.sites.get_site(ho, bodmin_site)["phone"] is None

    # Head office lists each refusal, in words.
    reasons = _refusal_reasons(ho, _me(truro))
    for expected in (
        "Truro's laptop (Sam Okafor) tried to change a Bodmin person's phone number.",
        "Truro's laptop (Sam Okafor) tried to change a Bodmin person's risk notes.",
        "Truro's laptop (Sam Okafor) tried to change a letter template or form; those come "
        "only from head office.",
        "Truro's laptop (Sam Okafor) tried to change the phone number of Bodmin Magistrates' "
        "Court; courts are head office's to change.",
        "Truro's laptop (Sam Okafor) tried to move a Bodmin person to Truro; moving a person "
        "to another court is head office's decision.",
        "Truro's laptop (Sam Okafor) tried to change the outcome of a Bodmin person's court date.",
    ):
        assert expected in reasons
    listed = {view.reason: view for view in refusals.refusals(ho, _me(truro))}
    phone = listed["Truro's laptop (Sam Okafor) tried to change a Bodmin person's phone number."]
    assert phone.record == "Morwenna Trewin (" + held["reference"] + ")"  # named at head office
    assert phone.field_label == "Phone" and phone.value == FORGED_PHONE
    assert refusals.refusal_counts(ho)[_me(truro)] == len(reasons)
    [proposal] = proposals.proposals(ho)
    assert (proposal.place, proposal.agency, proposal.held, proposal.proposed) == (
        "Truro's laptop (Sam Okafor)",
        "Shelter Cornwall",
        "01872 000111",
        FORGED_PHONE,
    )

    # A full round of updates: nothing of it reaches Bodmin or Plymouth.
    _round(office, "plymouth", "bodmin", "truro")
    for laptop in (bodmin, ply):
        assert letters.template_document(laptop, "referral-to-agency")["content"] == (TEMPLATE)
        assert agencies.get(laptop, agency)["phone"] == "01872 000111"
        assert identity.sites.get_site(laptop, bodmin_site)["phone"] is None
        assert trust.refused(laptop) == []
    mine = clients.get(bodmin, person)
    assert (mine["phone"], mine["risk_flags"], mine["site_id"]) == (
        "07700 900111",
        "Do not meet alone.",
        bodmin_site,
    )
    assert hearings.get(bodmin, world["hearing"])["outcome"] is None
    assert clients.get(ply, person) is None
    # Truro is acknowledged for all it sent, refused or not: it does not send it for ever.
    assert acked(truro) == sync_data.last_own_seq(truro)
    assert export_device(truro, office.outbox) is None


def test_a_card_with_another_court_is_refused_at_enrolment(office):
    ho, truro, bodmin = office.head_office, office.device("truro"), office.device("bodmin")
    card = identity.my_card(truro)
    forged = identity.Card(**{**card.__dict__, "site_id": _site(bodmin)})
    with pytest.raises(identity.CardError, match=r"already enrolled \(it differs in: court\)"):
        identity.enrol_device(ho, forged)
    assert identity.peers.get(ho, card.device_id)["site_id"] == _site(truro)
    # The same card again is no change at all.
    identity.enrol_device(ho, card)
    assert identity.card_of(identity.peers.get(ho, card.device_id)) == card


def test_reimporting_a_bundle_with_refusals_changes_nothing(office, world):
    ho, truro = office.head_office, office.device("truro")
    changelog.save(truro, "clients", {"phone": FORGED_PHONE}, world["person"])
    clients.create(truro, {"given_name": "Piran", "site_id": _site(truro)}, "TRU")
    path = export_device(truro, office.outbox)
    first = import_file(ho, path)
    assert first.merge.refused == 1 and first.merge.applied > 0
    assert "1 refused" in first.describe()
    before = dump(ho)
    again = import_file(ho, path)
    assert again.refused is None and again.merge.applied == 0 and again.merge.refused == 0
    assert again.merge.already_held == first.merge.applied + first.merge.refused
    assert dump(ho) == before


def test_acknowledgements_move_past_refused_changes(office, world):
    ho, truro = office.head_office, office.device("truro")
    changelog.save(truro, "clients", {"phone": FORGED_PHONE}, world["person"])
    import_file(ho, export_device(truro, office.outbox))
    assert sync_data.held_seq(ho, _me(truro)) == sync_data.last_own_seq(truro)
    import_file(truro, export_update(ho, _me(truro), office.outbox))
    assert acked(truro) == sync_data.last_own_seq(truro)
    assert export_device(truro, office.outbox) is None


def test_a_refused_change_after_a_gap_is_checked_when_it_follows_on(office, world):
    """Changes waiting for an earlier bundle are checked by the policy when they are applied."""
    ho, truro = office.head_office, office.device("truro")
    clients.create(truro, {"given_name": "Jenna", "site_id": _site(truro)}, "TRU")
    first = export_device(truro, office.outbox)
    local.put(truro, "acked_seq", sync_data.last_own_seq(truro))
    changelog.save(truro, "clients", {"phone": FORGED_PHONE}, world["person"])
    second = export_device(truro, office.outbox)
    waiting = import_file(ho, second)
    assert waiting.merge.held_back == 1 and waiting.merge.refused == 0
    assert trust.refused(ho, _me(truro)) == []
    filled = import_file(ho, first)
    assert filled.merge.refused == 1 and filled.merge.released == 0
    assert sync_data.pending_counts(ho) == {}
    assert clients.get(ho, world["person"])["phone"] == "07700 900111"
    assert sync_data.held_seq(ho, _me(truro)) == sync_data.last_own_seq(truro)


def test_own_court_changes_are_applied_and_moves_are_head_offices(office, world):
    ho, truro, bodmin = office.head_office, office.device("truro"), office.device("bodmin")
    mine = clients.create(truro, {"given_name": "Tamsin", "site_id": _site(truro)}, "TRU")
    seen = contacts.create(truro, {"client_id": mine, "kind": "court", "at": "2026-11-27T10:00"})
    court_date = hearings.create(truro, {"client_id": mine, "starts_at": "2026-11-28T10:00"})
    _round(office, "truro")
    # Truro may not move its own person to Bodmin ...
    clients.update(truro, mine, {"site_id": _site(bodmin), "phone": "07700 900222"})
    result = import_file(ho, export_device(truro, office.outbox))
    assert result.merge.applied == 1 and result.merge.refused == 1
    assert clients.get(ho, mine)["site_id"] == _site(truro)
    assert clients.get(ho, mine)["phone"] == "07700 900222"
    assert (
        "Truro's laptop (Sam Okafor) tried to move a Truro person to Bodmin; moving a person "
        "to another court is head office's decision." in _refusal_reasons(ho, _me(truro))
    )
    # ... head office may. Then Truro may still change the court dates and contact notes it
    # made itself, but not the person, nor add records to them.
    clients.update(ho, mine, {"site_id": _site(bodmin)})
    hearings.update(truro, court_date, {"outcome": "adjourned"})
    contacts.update(truro, seen, {"summary": "Seen before the hearing."})
    clients.update(truro, mine, {"phone": "07700 900333"})
    needs = changelog.save(truro, "needs", {"client_id": mine, "domain": "housing"})
    result = import_file(ho, export_device(truro, office.outbox))
    assert hearings.get(ho, court_date)["outcome"] == "adjourned"
    assert changelog.get(ho, "contacts", seen)["summary"] == "Seen before the hearing."
    assert clients.get(ho, mine)["phone"] == "07700 900222"
    assert changelog.get(ho, "needs", needs) is None
    assert result.merge.applied == 2 and result.merge.refused == 3


def test_re_pointing_a_record_to_another_courts_person_is_refused(office, world):
    ho, truro = office.head_office, office.device("truro")
    mine = clients.create(truro, {"given_name": "Kerensa", "site_id": _site(truro)}, "TRU")
    need = changelog.save(truro, "needs", {"client_id": mine, "domain": "money"})
    _round(office, "truro")
    changelog.save(truro, "needs", {"client_id": world["person"]}, need)
    import_file(ho, export_device(truro, office.outbox))
    assert changelog.get(ho, "needs", need)["client_id"] == mine
    assert (
        "Truro's laptop (Sam Okafor) tried to move a need to a Bodmin person."
        in _refusal_reasons(ho, _me(truro))
    )


def test_a_new_person_at_another_court_is_refused(office):
    ho, truro, bodmin = office.head_office, office.device("truro"), office.device("bodmin")
    stranger = clients.create(truro, {"given_name": "Jago", "site_id": _site(bodmin)}, "TRU")
    result = import_file(ho, export_device(truro, office.outbox))
    assert result.merge.applied == 0 and result.merge.refused > 0
    assert clients.get(ho, stranger) is None
    assert (
        "Truro's laptop (Sam Okafor) tried to record a new person at Bodmin, not at its own court."
        in _refusal_reasons(ho, _me(truro))
    )


def test_head_office_applies_a_refused_change_as_its_own(office, world):
    ho, truro, bodmin = office.head_office, office.device("truro"), office.device("bodmin")
    changelog.save(truro, "clients", {"phone": "07700 900999"}, world["person"])
    import_file(ho, export_device(truro, office.outbox))
    [view] = refusals.refusals(ho, _me(truro))
    applied = refusals.apply_refused(ho, view.id, "Head office")
    assert applied.applied and applied.applied_by == "Head office"
    assert clients.get(ho, world["person"])["phone"] == "07700 900999"
    assert refusals.refusal_counts(ho) == {}
    with pytest.raises(ReviewError, match="already applied"):
        refusals.apply_refused(ho, view.id, "Head office")
    import_file(bodmin, export_update(ho, _me(bodmin), office.outbox))
    assert clients.get(bodmin, world["person"])["phone"] == "07700 900999"


def test_a_revoked_laptop_is_refused_whole(office, world):
    ho, truro = office.head_office, office.device("truro")
    clients.create(truro, {"given_name": "Demelza", "site_id": _site(truro)}, "TRU")
    path = export_device(truro, office.outbox)
    devices.revoke(ho, _me(truro))
    before = dump(ho)
    result = import_file(ho, path)
    assert result.refused == (
        f"{path.name} comes from Truro's laptop (Sam Okafor), which head office has revoked; "
        "nothing in it was applied."
    )
    assert dump(ho) == before
    with pytest.raises(Exception, match="No enrolled device"):
        export_update(ho, _me(truro), office.outbox)
    with pytest.raises(identity.CardError, match="revoked"):
        identity.enrol_device(ho, identity.my_card(truro))


# -- the agency directory --------------------------------------------------------------------


def test_an_accepted_proposal_reaches_every_laptop_without_a_conflict(office, world):
    ho, ply, bodmin = office.head_office, office.device("plymouth"), office.device("bodmin")
    agency = world["agency"]
    agencies.update(ply, agency, {"phone": "01872 000222"})
    assert agencies.get(ply, agency)["phone"] == "01872 000222"  # shown on the laptop at once
    result = import_file(ho, export_device(ply, office.outbox))
    assert result.merge.proposed == 1 and result.merge.applied == 0
    assert "1 proposed for the agency directory" in result.describe()
    assert agencies.get(ho, agency)["phone"] == "01872 000111"
    [proposal] = proposals.proposals(ho)
    assert (proposal.place, proposal.field_label, proposal.held, proposal.proposed) == (
        "Plymouth's laptop (Alex Carter)",
        "Phone",
        "01872 000111",
        "01872 000222",
    )
    proposals.accept_proposal(ho, proposal.id, "Head office")
    assert agencies.get(ho, agency)["phone"] == "01872 000222"
    assert proposals.proposals(ho) == []
    _round(office)
    for laptop in (ply, bodmin):
        assert agencies.get(laptop, agency)["phone"] == "01872 000222"
        assert sync_data.conflict_count(laptop) == 0
    assert sync_data.conflict_count(ho) == 0


def test_a_rejected_proposal_brings_the_laptop_back_in_line(office, world):
    ho, ply = office.head_office, office.device("plymouth")
    agency = world["agency"]
    agencies.update(ply, agency, {"phone": "01872 000333", "notes": "Closed on Mondays."})
    import_file(ho, export_device(ply, office.outbox))
    for proposal in proposals.proposals(ho):
        proposals.reject_proposal(ho, proposal.id, "Head office")
    assert proposals.proposals(ho) == []
    import_file(ply, export_update(ho, _me(ply), office.outbox))
    back = agencies.get(ply, agency)
    assert (back["phone"], back["notes"]) == ("01872 000111", None)
    assert sync_data.conflict_count(ply) == 0
    with pytest.raises(ReviewError, match="already rejected"):
        proposals.reject_proposal(ho, proposal.id, "Head office")


def test_a_new_agency_proposed_by_a_laptop(office, world):
    ho, ply, bodmin = office.head_office, office.device("plymouth"), office.device("bodmin")
    kept = agencies.create(ply, {"name": "Plymouth Food Bank", "domains": "money"})
    dropped = agencies.create(ply, {"name": "Misspelt Agnecy"})
    import_file(ho, export_device(ply, office.outbox))
    listed = {(p.agency, p.field): p for p in proposals.proposals(ho)}
    assert listed[("Plymouth Food Bank", "name")].new_agency
    assert listed[("Plymouth Food Bank", "name")].held == "(a new agency)"
    proposals.accept_proposal(ho, listed[("Plymouth Food Bank", "domains")].id, "Head office")
    made = agencies.get(ho, kept)
    assert (made["name"], made["domains"]) == ("Plymouth Food Bank", "money")  # the same id
    proposals.reject_proposal(ho, listed[("Misspelt Agnecy", "name")].id, "Head office")
    assert proposals.proposals(ho) == []
    _round(office)
    assert agencies.get(bodmin, kept)["name"] == "Plymouth Food Bank"
    assert agencies.get(ply, dropped)["deleted"] == 1
    assert sync_data.conflict_count(ply) == 0


# -- updates on a laptop ---------------------------------------------------------------------


def test_a_laptop_refuses_a_forged_change_from_another_device(office, world):
    """Head office's update to Bodmin is remade, still signed by head office, with changes made
    by Truro's laptop: to Bodmin's person, and to the directory. Bodmin takes neither."""
    ho, bodmin, truro = office.head_office, office.device("bodmin"), office.device("truro")
    clients.update(ho, world["person"], {"postcode": "PL31 2AB"})
    path = export_update(ho, _me(bodmin), office.outbox)
    manifest, ops = unpack(path, bodmin)
    lines = ops_lines(ops)
    seq = sync_data.last_own_seq(truro)
    clock = changelog.DeviceClock(truro).tick()
    lines += [
        {
            "device_id": _me(truro),
            "seq": seq + 1,
            "hlc": clock,
            "tbl": "clients",
            "row_id": world["person"],
            "field": "risk_flags",
            "value_json": json.dumps("None."),
            "base_hlc": None,
        },
        {
            "device_id": _me(truro),
            "seq": seq + 2,
            "hlc": clock,
            "tbl": "agencies",
            "row_id": world["agency"],
            "field": "phone",
            "value_json": json.dumps(FORGED_PHONE),
            "base_hlc": None,
        },
        {
            "device_id": "0123456789abcdef",
            "seq": 1,
            "hlc": clock[:-16] + "0123456789abcdef",
            "tbl": "clients",
            "row_id": world["person"],
            "field": "phone",
            "value_json": json.dumps(FORGED_PHONE),
            "base_hlc": None,
        },
    ]
    manifest.update(op_count=len(lines), devices={_me(truro): _site(truro)})
    forged = craft(
        office.root / "forged-update.cassbundle",
        manifest,
        join_ops(lines),
        signer=keys_of(ho),
        recipient=keys_of(bodmin).recipient(),
    )
    result = import_file(bodmin, forged)
    assert result.refused is None
    assert result.merge.refused == 3 and result.merge.applied == 1  # the postcode
    person = clients.get(bodmin, world["person"])
    assert person["postcode"] == "PL31 2AB"  # head office's own change is taken
    assert (person["risk_flags"], person["phone"]) == ("Do not meet alone.", "07700 900111")
    assert agencies.get(bodmin, world["agency"])["phone"] == "01872 000111"
    reasons = {row["reason"] for row in trust.refused(bodmin)}
    assert reasons == {
        "Truro's laptop tried to change a Bodmin person's risk notes.",
        "An update carried another laptop's change to the agency directory; only head "
        "office's own changes to it are taken.",
        "An update carried a change by a laptop head office did not vouch for.",
    }
    before = dump(bodmin)
    assert import_file(bodmin, forged).merge.applied == 0
    assert dump(bodmin) == before


def test_updates_forward_no_other_laptops_shared_changes(office, world):
    """Even a change to the directory another laptop's op already put in head office's log
    (before this version) is not forwarded: only head office's own changes to what is shared."""
    ho, ply, truro = office.head_office, office.device("plymouth"), office.device("truro")
    from cass_desktop.data.merge import apply_ops

    agencies.update(truro, world["agency"], {"phone": FORGED_PHONE})
    [forged] = [op for op in changelog.iter_ops(truro, _me(truro)) if op.tbl == "agencies"]
    apply_ops(ho, [forged])  # no policy: as an older version did
    ops, _top = sync_data.update_ops_for(ho, _me(ply), _site(ply), 0)
    assert all(op.device_id == _me(ho) for op in ops if op.tbl in ("agencies", "documents"))
    assert not [op for op in ops if op.device_id == _me(truro)]


def test_applying_a_refused_new_record_takes_all_its_fields(office, world):
    ho, truro, bodmin = office.head_office, office.device("truro"), office.device("bodmin")
    person = clients.create(
        truro, {"given_name": "Ruan", "family_name": "Penhale", "site_id": _site(bodmin)}, "TRU"
    )
    import_file(ho, export_device(truro, office.outbox))
    views = refusals.refusals(ho, _me(truro))
    assert len(views) == 5  # reference, names, status, court
    assert all(v.new_record and v.together == len(views) for v in views)  # said before applying
    refusals.apply_refused(ho, views[0].id, "Head office")
    made = clients.get(ho, person)
    assert (made["given_name"], made["family_name"], made["site_id"]) == (
        "Ruan",
        "Penhale",
        _site(bodmin),
    )
    assert refusals.refusal_counts(ho) == {}
    import_file(bodmin, export_update(ho, _me(bodmin), office.outbox))
    assert clients.get(bodmin, person)["given_name"] == "Ruan"


def test_a_laptop_given_another_laptops_update_says_whose_it_is(office, world):
    ho, ply, bodmin = office.head_office, office.device("plymouth"), office.device("bodmin")
    update = export_update(ho, _me(bodmin), office.outbox)
    before = dump(ply)
    result = import_file(ply, update)
    assert result.refused == (
        f"{update.name} is head office's update for Bodmin's laptop (device "
        f"{_me(bodmin)[:8]}), not this one: nothing was applied. Import it on that laptop."
    )
    assert dump(ply) == before


def test_a_laptop_adds_workers_only_at_its_own_court(office, world):
    """The people who share a laptop are workers at its court: head office takes them; a
    worker at another court, a move, or a change to another court's worker is refused."""
    ho, truro, bodmin = office.head_office, office.device("truro"), office.device("bodmin")
    volunteer = identity.sites.create_worker(truro, {"name": "Kit Jory", "site_id": _site(truro)})
    elsewhere = identity.sites.create_worker(
        truro, {"name": "Not Truro's", "site_id": _site(bodmin)}
    )
    [bodmin_worker] = identity.sites.list_workers(ho, _site(bodmin))
    changelog.save(truro, "workers", {"phone": FORGED_PHONE}, bodmin_worker["id"])
    import_file(ho, export_device(truro, office.outbox))

    taken = identity.sites.get_worker(ho, volunteer)
    assert (taken["name"], taken["site_id"]) == ("Kit Jory", _site(truro))
    assert identity.sites.get_worker(ho, elsewhere) is None
    assert identity.sites.get_worker(ho, bodmin_worker["id"])["phone"] is None
    reasons = _refusal_reasons(ho, _me(truro))
    assert (
        "Truro's laptop (Sam Okafor) tried to add a worker at another court; a laptop adds "
        "workers only at its own court." in reasons
    )
    assert any("never moves one to another court" in r for r in reasons)

    changelog.save(truro, "workers", {"site_id": _site(bodmin)}, volunteer)
    import_file(ho, export_device(truro, office.outbox))
    assert identity.sites.get_worker(ho, volunteer)["site_id"] == _site(truro)
