"""The library and resource checks that `cass-desktop selftest` runs (also on the bundle)."""

from __future__ import annotations

from pathlib import Path

from cass_desktop.maintenance import selfcheck


def test_every_check_passes_here():
    results = selfcheck.run_checks()
    assert [r.name for r in results] == [name for name, _check in selfcheck.CHECKS]
    assert [r for r in results if not r.ok] == []


def test_a_failing_check_is_named_and_the_others_still_run(monkeypatch, tmp_path):
    monkeypatch.setattr(selfcheck, "resource_dir", lambda: Path(tmp_path / "missing"))
    results = {r.name: r for r in selfcheck.run_checks()}
    assert not results["resources"].ok
    assert "the resources folder" in results["resources"].detail
    assert str(tmp_path / "missing") in results["resources"].detail
    assert all(r.ok for name, r in results.items() if name != "resources")
