"""Enrolment binds a laptop to the court head office chooses; cards are checked field by
field; a fingerprint covers the whole card; approving needs the fingerprint."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from cass_desktop.cli import main
from cass_desktop.data import changelog, local, peers, sites
from cass_desktop.sites.setup import KNOWN_COURTS, add_court, courts, set_up_device
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from cass_desktop.sync.keys import (
    FINGERPRINT_ALPHABET,
    FINGERPRINT_BITS,
    Card,
    CardError,
    Keys,
    read_card,
    same_fingerprint,
)
from tests.helpers.bundles import craft, dump, keys_of, unpack
from tests.helpers.stores import make_store


def _card(**changes) -> Card:
    keys = Keys.generate()
    base = Card(
        device_id="0123456789abcdef",
        role="device",
        name="Truro Magistrates' Court",
        worker="Sam Okafor",
        site_id=sites.site_id_for("Truro Magistrates' Court"),
        signing_public=keys.signing_public(),
        age_recipient=keys.recipient(),
        worker_id="01933d5e-8b1c-7a42-9f00-123456789abc",
    )
    return dataclasses.replace(base, **changes)


# -- fingerprints ----------------------------------------------------------------------------


def test_a_fingerprint_covers_every_field_of_the_card():
    card = _card()
    other = Keys.generate()
    changed = {
        "device_id": "fedcba9876543210",
        "role": "head-office",
        "name": "Bodmin Magistrates' Court",
        "worker": "Jo Pengelly",
        "site_id": sites.site_id_for("Bodmin Magistrates' Court"),
        "signing_public": other.signing_public(),
        "age_recipient": other.recipient(),
        "worker_id": "01933d5e-8b1c-7a42-9f00-cba987654321",
    }
    assert set(changed) == {f.name for f in dataclasses.fields(Card)}
    seen = {card.fingerprint()}
    for field, value in changed.items():
        fingerprint = dataclasses.replace(card, **{field: value}).fingerprint()
        assert fingerprint not in seen, f"changing {field} left the fingerprint as it was"
        seen.add(fingerprint)


def test_a_fingerprint_is_at_least_128_bits_to_read_by_phone():
    assert FINGERPRINT_BITS >= 128
    fingerprint = _card().fingerprint()
    groups = fingerprint.split(" ")
    assert all(len(g) == 4 for g in groups) and len(groups) * 4 * 5 >= FINGERPRINT_BITS
    assert set("".join(groups)) <= set(FINGERPRINT_ALPHABET)
    assert not set("ILOU") & set(FINGERPRINT_ALPHABET)
    # Read out and typed back: case, spaces, dashes, O for 0 and l for 1 do not matter.
    typed = fingerprint.lower().replace(" ", "-").replace("0", "o").replace("1", "l")
    assert same_fingerprint(typed, fingerprint)
    assert not same_fingerprint(
        fingerprint[:-1] + ("A" if fingerprint[-1] != "A" else "B"), fingerprint
    )


# -- card fields -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, words",
    [
        ({"device_id": "../../etc/passwd"}, "device id"),
        ({"device_id": "0123456789ABCDEF"}, "device id"),
        ({"device_id": "0123456789abcdef00"}, "device id"),
        ({"role": "administrator"}, "whose card"),
        ({"name": "Truro\u202e truoC s'etartsigaM nimdoB"}, "hidden or control"),
        ({"name": "Truro\x00"}, "hidden or control"),
        ({"worker": "Sam\u200bOkafor"}, "hidden or control"),
        ({"worker": "Sam\nOkafor"}, "hidden or control"),
        ({"name": "T" * 201}, "too long"),
        ({"site_id": "../bodmin"}, "court"),
        ({"worker_id": "1"}, "worker record"),
        ({"signing_public": "not a key"}, "keys"),
        ({"age_recipient": "age1notakey"}, "keys"),
        ({"name": 5}, "does not say"),
    ],
)
def test_card_fields_are_checked(tmp_path, change, words):
    body = {**json.loads(_card().to_json()), **change}
    path = tmp_path / "laptop.card"
    path.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(CardError) as caught:
        read_card(path)
    message = str(caught.value)
    assert words in message and message.startswith("laptop.card ") and message.endswith(".")
    assert "\n" not in message and "Error" not in message


def test_a_card_of_the_first_format_is_still_read(tmp_path):
    body = json.loads(_card(worker_id="").to_json())
    body["format"] = 1
    del body["worker_id"]
    path = tmp_path / "old.card"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert read_card(path) == _card(
        worker_id="", signing_public=body["signing_public"], age_recipient=body["age_recipient"]
    )


# -- courts ----------------------------------------------------------------------------------


def test_courts_have_the_same_id_everywhere(office):
    ho, ply = office.head_office, office.device("plymouth")
    listed = {court["name"]: court["id"] for court in courts(ho)}
    assert set(listed) == set(KNOWN_COURTS)
    assert local.get(ply, "site_id") == listed["Plymouth Magistrates' Court"]
    assert (
        sites.site_id_for("  plymouth   MAGISTRATES’ court ")
        == listed["Plymouth Magistrates' Court"]
    )
    assert add_court(ho, "Newquay Drop-in") == sites.site_id_for("Newquay Drop-in")
    with pytest.raises(ValueError, match="already in head office's list"):
        add_court(ho, "newquay drop-in")


# -- enrolment -------------------------------------------------------------------------------


def _laptop(tmp_path, name, site, worker):
    db = make_store(tmp_path, name)
    set_up_device(db, site, worker)
    return db


def test_head_office_assigns_the_court_and_records_the_worker(office, tmp_path):
    ho = office.head_office
    laptop = _laptop(tmp_path, "second-truro", "Truro Magistrates' Court", "Pat Quinn")
    card = identity.my_card(laptop)
    enrolment = identity.enrol_device(ho, card)
    assert enrolment.court["id"] == card.site_id and not enrolment.claim_differs
    assert peers.get(ho, card.device_id)["site_id"] == card.site_id
    # Head office records the laptop's worker as its own change, with the card's worker id.
    worker = sites.get_worker(ho, card.worker_id)
    assert (worker["name"], worker["site_id"]) == ("Pat Quinn", card.site_id)
    made_by = {op.device_id for op in changelog.iter_ops(ho) if op.row_id == card.worker_id}
    assert made_by == {changelog.device_id(ho)}
    laptop.close()


def test_a_card_naming_another_court_is_enrolled_at_head_offices_choice(office, tmp_path):
    ho = office.head_office
    laptop = _laptop(tmp_path, "bodmin-says", "Bodmin Magistrates' Court", "Pat Quinn")
    card = identity.my_card(laptop)
    enrolment = identity.enrol_device(ho, card, "Truro Magistrates' Court")
    assert enrolment.claim_differs
    assert enrolment.note() == (
        "The card says the laptop is at Bodmin Magistrates' Court, but head office assigned it "
        "to Truro Magistrates' Court."
    )
    assert peers.get(ho, card.device_id)["site_id"] == sites.site_id_for("Truro Magistrates' Court")
    laptop.close()


def test_a_court_head_office_does_not_list_must_be_added_or_chosen(office, tmp_path):
    ho = office.head_office
    laptop = _laptop(tmp_path, "newquay", "Newquay Drop-in", "Morwenna Pascoe")
    card = identity.my_card(laptop)
    with pytest.raises(CardError, match="Newquay Drop-in is not in head office's list of courts"):
        identity.enrol_device(ho, card)
    with pytest.raises(CardError, match="no court called Narnia"):
        identity.enrol_device(ho, card, "Narnia")
    assert peers.get(ho, card.device_id) is None
    add_court(ho, "Newquay Drop-in")
    assert identity.enrol_device(ho, card).court["name"] == "Newquay Drop-in"
    laptop.close()


def test_an_enrolled_laptops_card_that_differs_is_refused(office):
    ho, ply = office.head_office, office.device("plymouth")
    card = identity.my_card(ply)
    before = dump(ho)
    for change in (
        {"signing_public": Keys.generate().signing_public()},
        {"name": "Bodmin Magistrates' Court"},
        {"worker": "Someone Else"},
    ):
        with pytest.raises(CardError, match="already enrolled"):
            identity.enrol_device(ho, dataclasses.replace(card, **change))
    assert dump(ho) == before


def _stranger_bundle(office, tmp_path):
    stranger = _laptop(tmp_path, "stranger", "Bodmin Magistrates' Court", "Pat Quinn")
    identity.trust_head_office(
        stranger, identity.write_card(office.head_office, tmp_path / "ho.card")
    )
    return stranger, export_device(stranger, office.outbox)


def test_a_waiting_laptops_keys_are_never_replaced(office, tmp_path):
    ho = office.head_office
    stranger, path = _stranger_bundle(office, tmp_path)
    assert import_file(ho, path).awaiting_approval
    card = identity.my_card(stranger)
    waiting = peers.get(ho, card.device_id)
    # Someone holding head office's public card sends a bundle as the same device, with a
    # card of their own keys: it is refused, and the waiting card stays as it was.
    impostor = Keys.generate()
    manifest, ops = unpack(path, ho)
    manifest["sender_card"] = {
        **manifest["sender_card"],
        "signing_public": impostor.signing_public(),
        "age_recipient": impostor.recipient(),
    }
    forged = craft(
        tmp_path / "impostor.cassbundle",
        manifest,
        ops,
        signer=impostor,
        recipient=keys_of(ho).recipient(),
    )
    result = import_file(ho, forged)
    assert result.refused == (
        "impostor.cassbundle was refused: a different card for Bodmin Magistrates' Court's laptop "
        "is already waiting for approval, and it was not replaced."
    )
    assert peers.get(ho, card.device_id) == waiting
    # Nor does a card enrolled by hand take its place.
    other = dataclasses.replace(
        card, signing_public=impostor.signing_public(), age_recipient=impostor.recipient()
    )
    with pytest.raises(CardError, match="already waiting for approval"):
        identity.enrol_device(ho, other)
    assert peers.get(ho, card.device_id) == waiting
    stranger.close()


def test_approving_needs_the_fingerprint(office, tmp_path):
    ho = office.head_office
    stranger, path = _stranger_bundle(office, tmp_path)
    import_file(ho, path)
    card = identity.my_card(stranger)
    with pytest.raises(CardError, match="not the fingerprint"):
        identity.approve_pending(ho, card.device_id, "0000 0000 0000 0000 0000 0000 0000")
    assert peers.get(ho, card.device_id)["status"] == "pending"
    enrolment = identity.approve_pending(ho, card.device_id, card.fingerprint().lower())
    assert enrolment.court["name"] == "Bodmin Magistrates' Court"
    assert peers.get(ho, card.device_id)["status"] == "enrolled"
    assert import_file(ho, path).merge.applied == 0  # its set-up only: echoes, held
    stranger.close()


# -- the command line ------------------------------------------------------------------------


def _run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_keys_approve_shows_the_fingerprint_and_asks(
    office, tmp_path, capsys, monkeypatch, cass_passphrase
):
    ho_dir = str(office.root / "head-office")
    stranger, path = _stranger_bundle(office, tmp_path)
    import_file(office.head_office, path)
    card = identity.my_card(stranger)
    short = card.device_id[:6]

    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, out, err = _run(capsys, "--data-dir", ho_dir, "keys", "approve", short)
    # The refusal says where to read the fingerprint, never what it is (it would be pasted back).
    assert code == 1 and "give it with --fingerprint" in err and "Settings" in err
    assert card.fingerprint() not in err and card.fingerprint() not in out
    code, _out, err = _run(
        capsys, "--data-dir", ho_dir, "keys", "approve", short, "--fingerprint", "ABCD"
    )
    assert code == 1 and "is not that of this laptop" in err
    assert peers.get(office.head_office, card.device_id)["status"] == "pending"

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    code, out, err = _run(capsys, "--data-dir", ho_dir, "keys", "approve", short)
    assert code == 1 and card.fingerprint() in out and "not confirmed" in err
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "y")
    code, out, err = _run(capsys, "--data-dir", ho_dir, "keys", "approve", short)
    assert code == 0, err
    assert "Pat Quinn" in out and card.fingerprint() in out and asked
    assert "Enrolled Bodmin Magistrates' Court (Pat Quinn)" in out
    assert peers.get(office.head_office, card.device_id)["status"] == "enrolled"
    stranger.close()


def test_keys_enrol_at_a_court_and_sites_add(
    office, tmp_path, capsys, monkeypatch, cass_passphrase
):
    ho_dir = str(office.root / "head-office")
    laptop = _laptop(tmp_path, "newquay", "Newquay Drop-in", "Morwenna Pascoe")
    card_path = identity.write_card(laptop, tmp_path / "newquay.card")
    card = identity.my_card(laptop)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _out, err = _run(capsys, "--data-dir", ho_dir, "keys", "enrol", str(card_path))
    assert code == 1 and "not in head office's list of courts" in err
    code, out, _err = _run(capsys, "--data-dir", ho_dir, "sites", "add", "Newquay Drop-in")
    assert code == 0 and "Added Newquay Drop-in" in out
    code, out, _err = _run(capsys, "--data-dir", ho_dir, "sites", "list")
    assert "Newquay Drop-in" in out and "Truro Magistrates' Court" in out
    code, out, err = _run(
        capsys,
        "--data-dir",
        ho_dir,
        "keys",
        "enrol",
        str(card_path),
        "--court",
        "TRU",
        "--fingerprint",
        card.fingerprint(),
    )
    assert code == 0, err
    assert "The card says the laptop is at Newquay Drop-in: not the same." in out
    assert "at Truro Magistrates' Court" in out
    code, out, _err = _run(capsys, "--data-dir", ho_dir, "keys", "list")
    line = next(x for x in out.splitlines() if card.device_id in x)
    assert "court: Truro Magistrates' Court" in line and card.fingerprint() in line
    laptop.close()


def test_refused_and_proposals_from_the_command_line(office, capsys, cass_passphrase):
    from cass_desktop.data import agencies, clients

    ho, truro, bodmin = office.head_office, office.device("truro"), office.device("bodmin")
    ho_dir = str(office.root / "head-office")
    person = clients.create(
        bodmin, {"given_name": "Jowan", "site_id": local.get(bodmin, "site_id")}
    )
    import_file(ho, export_device(bodmin, office.outbox))
    agency = agencies.create(ho, {"name": "Truro Foodbank"})
    changelog.save(truro, "clients", {"phone": "0900 000 000"}, person)
    agencies.create(truro, {"name": "Truro Advice"})
    import_file(ho, export_device(truro, office.outbox))

    code, out, _err = _run(capsys, "--data-dir", ho_dir, "refused", "list")
    assert code == 0
    assert "Truro's laptop (Sam Okafor) tried to change a Bodmin person's phone number." in out
    assert "Jowan" in out and "0900 000 000" in out
    refused_id = int(re.search(r"^\s*(\d+)", out).group(1))
    code, out, _err = _run(capsys, "--data-dir", ho_dir, "refused", "apply", str(refused_id))
    assert code == 0 and "Applied as head office's own decision" in out
    assert clients.get(ho, person)["phone"] == "0900 000 000"

    code, out, _err = _run(capsys, "--data-dir", ho_dir, "proposals")
    assert code == 0 and "Truro's laptop (Sam Okafor): Truro Advice (a new agency), Name" in out
    proposal_id = int(re.search(r"^\s*(\d+)", out).group(1))
    code, out, _err = _run(capsys, "--data-dir", ho_dir, "proposals", "accept", str(proposal_id))
    assert code == 0 and "Accepted" in out
    assert agencies.find_by_name(ho, "Truro Advice") is not None
    assert agencies.get(ho, agency)["name"] == "Truro Foodbank"
    code, out, _err = _run(capsys, "--data-dir", ho_dir, "proposals", "list")
    assert "No agency directory proposals" in out

    code, out, _err = _run(
        capsys, "--data-dir", ho_dir, "keys", "revoke", changelog.device_id(truro)[:6], "--yes"
    )
    assert code == 0 and "Revoked the laptop of Sam Okafor at Truro Magistrates' Court" in out
    code, out, _err = _run(capsys, "--help")
    assert "refused" in out and "proposals" in out and "sites" in out


def test_a_laptop_enrolled_before_cards_were_kept_whole_can_present_its_card(office):
    """A store from before: only the keys of the card were kept. The laptop's card with the
    same keys is taken whole (its court as head office assigned it); other keys are not."""
    ho, ply = office.head_office, office.device("plymouth")
    card = identity.my_card(ply)
    peers.put(ho, card.device_id, {"card_json": None, "worker": "Old Name"})
    with pytest.raises(CardError, match="already enrolled"):
        identity.enrol_device(
            ho, dataclasses.replace(card, signing_public=Keys.generate().signing_public())
        )
    identity.enrol_device(ho, card)
    assert identity.card_of(peers.get(ho, card.device_id)) == card
    assert peers.get(ho, card.device_id)["site_id"] == card.site_id


def test_keys_enrol_without_a_terminal_does_not_give_the_fingerprint_away(
    office, tmp_path, capsys, monkeypatch, cass_passphrase
):
    ho_dir = str(office.root / "head-office")
    laptop = _laptop(tmp_path, "second-bodmin", "Bodmin Magistrates' Court", "Pat Quinn")
    card_path = identity.write_card(laptop, tmp_path / "bodmin2.card")
    card = identity.my_card(laptop)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, out, err = _run(capsys, "--data-dir", ho_dir, "keys", "enrol", str(card_path))
    assert code == 1 and "--fingerprint" in err
    assert "laptop's Settings" in err and "keys card" in err
    assert card.fingerprint() not in err + out
    assert peers.get(office.head_office, card.device_id) is None
    laptop.close()


def test_keys_trust_needs_head_offices_fingerprint(
    office, tmp_path, capsys, monkeypatch, cass_passphrase
):
    laptop = _laptop(tmp_path, "st-austell", "Bodmin Magistrates' Court", "Pat Quinn")
    laptop_dir = str(tmp_path / "st-austell")
    card_path = identity.write_card(office.head_office, tmp_path / "ho.card")
    ho_card = identity.my_card(office.head_office)

    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, out, err = _run(capsys, "--data-dir", laptop_dir, "keys", "trust", str(card_path))
    assert code == 1 and "--fingerprint" in err and "head office" in err
    assert ho_card.fingerprint() not in err + out
    assert peers.head_office(laptop) is None
    code, _out, err = _run(
        capsys, "--data-dir", laptop_dir, "keys", "trust", str(card_path), "--fingerprint", "AB"
    )
    assert code == 1 and "not that of" in err
    assert peers.head_office(laptop) is None

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    code, out, err = _run(capsys, "--data-dir", laptop_dir, "keys", "trust", str(card_path))
    assert code == 1 and ho_card.fingerprint() in out and "not confirmed" in err
    assert peers.head_office(laptop) is None
    monkeypatch.setattr("builtins.input", lambda _prompt: "y")
    code, out, err = _run(capsys, "--data-dir", laptop_dir, "keys", "trust", str(card_path))
    assert code == 0, err
    assert peers.head_office(laptop) is not None
    laptop.close()


def test_a_court_by_its_short_name_and_a_device_by_the_start_of_its_id(
    office, tmp_path, capsys, monkeypatch, cass_passphrase
):
    ho_dir = str(office.root / "head-office")
    laptop = _laptop(tmp_path, "newquay", "Newquay Drop-in", "Morwenna Pascoe")
    card_path = identity.write_card(laptop, tmp_path / "newquay.card")
    card = identity.my_card(laptop)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, out, err = _run(
        capsys, "--data-dir", ho_dir, "keys", "enrol", str(card_path),
        "--court", "bodmin", "--fingerprint", card.fingerprint(),
    )  # fmt: skip
    assert code == 0, err
    assert "at Bodmin Magistrates' Court" in out
    out_dir = tmp_path / "updates"
    out_dir.mkdir()
    code, out, err = _run(
        capsys, "--data-dir", ho_dir, "export", "--out", str(out_dir),
        "--for", card.device_id[:5],
    )  # fmt: skip
    assert code == 0, err
    assert list(out_dir.iterdir())
    laptop.close()
