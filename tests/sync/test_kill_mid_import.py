"""Killing the process during an import leaves the store as it was before that bundle.

A separate process imports a bundle of three of the importer's batches into head office's store
and is killed with SIGKILL part way: after its second batch of operations has been written (but
not committed), or after every operation has been merged but before the bundle's bookkeeping.
The batches are made small for the test (BATCH operations, not the importer's 20,000), so three
of them need few people: the same code runs, the same points are reached. The kill comes from inside
the child (a wrapper the test puts around the merge), so it lands at the same point every run.
Head office's store must then equal a dump taken before, and importing again completes it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from cass_desktop.data import changelog, local
from cass_desktop.data import sync as sync_data
from cass_desktop.data.changelog import save_new_many
from cass_desktop.data.store import STORE_FILE
from cass_desktop.sync import importer
from cass_desktop.sync.exporter import export_device
from cass_desktop.sync.importer import import_file
from tests.helpers.bundles import dump, set_up_ops
from tests.helpers.stores import PASSPHRASE

pytestmark = pytest.mark.slow  # child processes killed part way

BATCH = 1_000  # operations merged at a time, in the child and here
PEOPLE = 400  # about 2,400 operations: three batches

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from cass_desktop.data import keyfile, open_store, peers
    from cass_desktop.sync import importer
    from cass_desktop.data.store import use_fast_memory_for_tests

    keyfile.use_fast_kdf_for_tests()  # as the test process does: its stores' wraps stay as made
    use_fast_memory_for_tests()  # and memory security off, as in the test process
    store, bundle, where, passphrase = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    importer._BATCH = int(sys.argv[5])
    db = open_store(store, key=passphrase, create=False)
    real_merge, real_put = importer.merge, peers.put
    calls = 0

    def die():
        sys.stdout.write("killing\\n")
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    def merge(*args, **kwargs):
        global calls
        calls += 1
        result = real_merge(*args, **kwargs)
        if where == "mid-merge" and calls == 2:
            die()
        return result

    def put(*args, **kwargs):
        if where == "bookkeeping":
            die()
        return real_put(*args, **kwargs)

    importer.merge = merge
    peers.put = put
    result = importer.import_file(db, bundle)
    print("finished", result.describe())
    """
)


@pytest.fixture
def big_bundle(office, monkeypatch):
    monkeypatch.setattr(importer, "_BATCH", BATCH)
    ply = office.device("plymouth")
    site = local.get(ply, "site_id")
    save_new_many(
        ply,
        "clients",
        (
            {
                "given_name": f"Given{n}",
                "family_name": f"Family{n}",
                "reference": f"PLY-{n:09d}",
                "date_of_birth": "1990-03-14",
                "site_id": site,
                "status": "open",
            }
            for n in range(PEOPLE)
        ),
    )
    count = changelog.count_ops(ply, changelog.device_id(ply))
    assert count > 2 * importer._BATCH
    return export_device(ply, office.outbox), count


@pytest.mark.parametrize("where", ["mid-merge", "bookkeeping"])
def test_killed_import_changes_nothing_and_a_second_import_completes(office, big_bundle, where):
    ho, ply = office.head_office, office.device("plymouth")
    bundle, count = big_bundle
    store = office.root / "head-office" / STORE_FILE
    before = dump(ho)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(store), str(bundle), where, PASSPHRASE, str(BATCH)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert child.returncode == -signal.SIGKILL, child.stdout + child.stderr
    assert "killing" in child.stdout and "finished" not in child.stdout

    assert dump(ho) == before

    result = import_file(ho, bundle)
    assert result.refused is None
    # The laptop's own records of its court and worker restate head office's: held as echoes.
    assert result.merge.applied == count - set_up_ops(ply)
    assert result.merge.echoed == set_up_ops(ply)
    me = changelog.device_id(ply)
    assert sync_data.held_seq(ho, me) == sync_data.last_own_seq(ply)
    assert (
        ho.execute("SELECT count(*) FROM clients").fetchone()[0]
        == ply.execute("SELECT count(*) FROM clients").fetchone()[0]
    )
    peer = ho.execute("SELECT last_bundle_name FROM peers WHERE device_id = ?", [me]).fetchone()
    assert peer[0] == bundle.name
