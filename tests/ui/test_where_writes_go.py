"""ui/ reads from data/ but writes through the capability that owns the rule
(docs/where-writes-go.md). This lists every data function a widget may call: the reads, and
the writes not yet moved into their capability. A new write from a widget fails here: put
it in the capability (people/, referrals/, court/, agencies/ ...) and call that instead."""

from __future__ import annotations

import ast
from pathlib import Path

import cass_desktop

UI = Path(cass_desktop.__file__).parent / "ui"

READS = {
    "agencies": {"areas", "get", "list_all", "name_taken", "search"},
    "audit": {"breaks"},  # laptops whose audit log broke on arrival (head office's Devices)
    "changelog": {"device_id"},
    "clients": {"count", "display_name", "get", "list_rowids", "rowid_of", "rows_for", "search"},
    "consents": {"current", "for_client"},
    "court_day": {"get_draft", "open_drafts", "rejected_for"},
    "finding": {"find"},
    "contacts": {"count_seen_on", "for_client", "get", "seen_on"},
    "followups": {"count_due", "due", "for_client", "get"},
    "hearings": {
        "count_on_day",
        "for_client",
        "get",
        "listed_days",
        "next_listed_day",
        "on_day",
        "previous_listed_day",
    },
    # with_unlocker writes nothing: it says whom a background connection records.
    "local": {"get", "is_demo", "with_unlocker"},
    "needs": {"for_client", "get", "open_in_domain"},
    "passphrase": {"is_locked", "new_passphrase_problem"},
    "peers": {"all_peers", "head_office"},
    "referrals": {
        "agencies_referred_to",
        "count",
        "count_followups_due",
        "followups_due",
        "for_client",
        "get",
        "made_on_day",
        "row",
        "search",
    },
    "sites": {"find_site", "get_site", "get_worker", "list_sites", "list_workers"},
    # the window's connection's page cache (a setting of the connection, nothing stored)
    "store": {"window_cache"},
}
# Writes still made from a widget, each to move into the capability named (the debt; shrink
# it, never grow it). Clients are saved through people/saving.py; contact notes, needs and
# follow-ups through people/casework.py; consents through referrals/consent.py; referrals
# through referrals/saving.py; agencies through agencies/directory.py; court dates through
# court/hearings.py.
WRITES_TO_MOVE = {
    "court_day": {"save_draft"},  # -> court/ (a quick capture's draft, saved as typed)
    "local": {"put", "mark_demo"},  # settings: -> app/ or sites/
    "passphrase": {"change_passphrase", "encrypt_in_place"},  # -> the store's own module
}
# Writes moved into their capability: no widget makes them again.
MOVED = {
    "agencies": {"create", "update", "save_import"},
    "clients": {"create", "update"},
    "consents": {"record"},
    "contacts": {"create", "update"},
    "followups": {"create", "update", "mark_done", "reopen"},
    "hearings": {"create", "update", "record_outcome"},
    "needs": {"create", "update", "set_status"},
}


def data_calls() -> dict[tuple[str, str], set[str]]:
    found: dict[tuple[str, str], set[str]] = {}
    for path in UI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "cass_desktop.data":
                for alias in node.names:
                    modules[alias.asname or alias.name] = alias.name
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "cass_desktop.data."
            ):
                module = node.module.split(".")[2]
                for alias in node.names:
                    found.setdefault((module, alias.name), set()).add(path.name)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
            ):
                key = (modules[node.value.id], node.attr)
                found.setdefault(key, set()).add(path.name)
    return found


def test_widgets_only_read_from_data_or_make_the_writes_listed_to_move():
    allowed = {
        (module, name)
        for table in (READS, WRITES_TO_MOVE)
        for module, names in table.items()
        for name in names
    }
    imported_whole = {"store_path", "Database"}  # names, not calls into a data module
    unexpected = {
        f"data.{module}.{name} in {', '.join(sorted(where))}"
        for (module, name), where in data_calls().items()
        if (module, name) not in allowed and name not in imported_whole and name[0].islower()
    }
    assert not unexpected, sorted(unexpected)


def test_a_person_and_their_casework_are_no_longer_saved_from_a_widget():
    calls = data_calls()
    found = {
        f"data.{module}.{name} in {', '.join(sorted(calls[module, name]))}"
        for module, names in MOVED.items()
        for name in names
        if (module, name) in calls
    }
    assert not found, sorted(found)
