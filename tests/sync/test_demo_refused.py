"""Demo data never leaves a demo store, and head office takes nothing that says it is demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cass_desktop import cli, demo
from cass_desktop.data import local, open_store, store_path
from cass_desktop.sync import identity
from cass_desktop.sync.exporter import ExportError, export_device, export_update
from cass_desktop.sync.importer import import_file
from cass_desktop.sync.keys import CardError, Keys
from tests.helpers.bundles import Ctx, assert_plain, dump, join_ops, make_ctx, ops_lines

DAY_PEOPLE = 5


@pytest.fixture
def ctx(office, tmp_path) -> Ctx:
    """Head office holding Plymouth's first day, Plymouth's second at hand (as for the bad
    bundles), to remake with a demo claim in it."""
    return make_ctx(office, tmp_path)


@pytest.fixture
def demo_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    demo.make_store(store_path(folder), clients=DAY_PEOPLE, seed=3)
    return folder


def test_a_demo_store_exports_nothing_and_gives_no_card(demo_folder, office, tmp_path):
    db = open_store(store_path(demo_folder))
    try:
        assert local.is_demo(db)
        with pytest.raises(CardError) as card:
            identity.my_card(db)
        assert_plain(str(card.value))
        assert "demo data" in str(card.value)
        with pytest.raises(CardError):
            identity.write_card(db, tmp_path / "demo.card")
        assert not (tmp_path / "demo.card").exists()
        # Even once it trusts head office, as a real laptop would.
        ho_card = identity.write_card(office.head_office, tmp_path / "ho.card")
        identity.trust_head_office(db, ho_card)
        with pytest.raises(ExportError) as export:
            export_device(db, tmp_path)
        assert_plain(str(export.value))
        with pytest.raises(ExportError):
            export_update(db, "0" * 16, tmp_path)
        assert list(tmp_path.glob("*.cassbundle")) == []
    finally:
        db.close()


@pytest.mark.parametrize("argv", [["keys", "card", "--out", "demo.card"], ["export", "--out", "."]])
def test_the_command_line_says_so_in_one_line(demo_folder, capsys, argv, monkeypatch):
    monkeypatch.chdir(demo_folder)
    assert cli.main(["--data-dir", str(demo_folder), *argv]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and "demo data" in err
    assert not (demo_folder / "demo.card").exists()


def test_head_office_refuses_a_bundle_that_says_it_is_demo(ctx: Ctx):
    before = dump(ctx.ho)
    result = import_file(ctx.ho, ctx.with_manifest("demo", demo=True))
    assert_plain(result.refused)
    assert "demo store" in result.refused
    assert dump(ctx.ho) == before


def test_an_unenrolled_demo_store_is_not_even_listed(ctx: Ctx):
    """A bundle from an unknown device whose card says it is demo: refused, and not put on
    the list of devices waiting for approval."""
    stranger = Keys.generate()
    device = "d" * 16
    card = {
        **ctx.manifest["sender_card"],
        "device_id": device,
        "signing_public": stranger.signing_public(),
        "demo": True,
    }
    lines = ops_lines(ctx.ops)
    for op in lines:
        op["device_id"] = device
    manifest = {**ctx.manifest, "sender": device, "sender_card": card}
    path = ctx.craft("demo-card", manifest, join_ops(lines), signer=stranger)
    before = dump(ctx.ho)
    result = import_file(ctx.ho, path)
    assert_plain(result.refused)
    assert not result.awaiting_approval
    assert dump(ctx.ho) == before


def test_head_office_does_not_enrol_a_card_that_says_it_is_demo(office, tmp_path, capsys):
    body = json.loads(identity.my_card(office.device("truro")).to_json())
    path = tmp_path / "truro.card"
    path.write_text(json.dumps({**body, "demo": True}), encoding="utf-8")
    with pytest.raises(CardError) as caught:
        identity.enrol_device_file(office.head_office, path)
    assert_plain(str(caught.value))
    assert "demo" in str(caught.value)
