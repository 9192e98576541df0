"""Schema migrations, applied in order when a store is opened.

Migrations are history: never edit one that has shipped, add the next. A migration that adds a
field to `schema.SYNCED` adds its column only where it is missing, because the first migration
builds tables from the current `SYNCED`. (Nothing has shipped before m001, so m001 holds the
whole first schema.)

Over 500 lines because it is history: one function per schema change, in the order stores
apply them, never edited once shipped; splitting it would scatter that order across files.
"""

from __future__ import annotations

import sqlite_utils

from cass_desktop.data import search_index
from cass_desktop.records.schema import INDEXES, SYNCED

SET_NAME = "cass"
migrations = sqlite_utils.Migrations(SET_NAME)


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    # Local to this store, never synced.
    db.execute("CREATE TABLE local_state (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
    # The change log: one row per changed field, known by its device and gap-free sequence
    # number (DESIGN.md). Its rowid is the order operations arrived here, which head office
    # uses to tell what it has sent each device.
    db.execute(
        """CREATE TABLE ops (
            device_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hlc TEXT NOT NULL,
            tbl TEXT NOT NULL,
            row_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value_json TEXT,
            base_hlc TEXT,
            PRIMARY KEY (device_id, seq)
        )"""
    )
    # The clock of the value a field holds is the newest op for that field.
    db.execute("CREATE INDEX ops_field_clock ON ops (tbl, row_id, field, hlc)")
    for table, spec in SYNCED.items():
        columns = {"id": str, "created": str, "updated": str}
        defaults = {}
        for name, field in spec.items():
            sql_type, default = field.sql, field.default
            columns[name] = int if sql_type == "INTEGER" else str
            if default is not None:
                defaults[name] = default
        db[table].create(columns, pk="id", defaults=defaults, not_null={"created", "updated"})
        for cols in INDEXES.get(table, []):
            db[table].create_index(list(cols))
    db["clients"].create_index(["reference"], unique=True)
    # The client list sorts by name without regard to case ("de Souza" beside "Davies").
    db.execute(
        "CREATE INDEX clients_name_nocase ON clients "
        "(family_name COLLATE NOCASE, given_name COLLATE NOCASE)"
    )
    # The few deleted people, so lists can leave them out without reading every person.
    db.execute("CREATE INDEX clients_deleted ON clients (id) WHERE deleted = 1")
    # Follow-ups still to do, by date: Today asks for these on every refresh.
    db.execute("CREATE INDEX followups_open ON followups (due_on) WHERE done = 0 AND deleted = 0")
    for fts, (source, cols) in search_index.FTS.items():
        search_index.create_fts(db, fts, source, cols)

    # Sync, local to this store. Other stores: enrolled devices, trusted head office.
    db.execute(
        """CREATE TABLE peers (
            device_id TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            name TEXT,
            worker TEXT,
            site_id TEXT,
            signing_public TEXT NOT NULL,
            age_recipient TEXT NOT NULL,
            status TEXT NOT NULL,
            enrolled_at TEXT,
            last_bundle_at TEXT,
            last_bundle_name TEXT,
            update_cursor INTEGER NOT NULL DEFAULT 0
        )"""
    )
    # Operations that arrived after a gap in their device's sequence, waiting for it to fill.
    db.execute(
        """CREATE TABLE pending_ops (
            device_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hlc TEXT NOT NULL,
            tbl TEXT NOT NULL,
            row_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value_json TEXT,
            base_hlc TEXT,
            bundle TEXT,
            PRIMARY KEY (device_id, seq)
        ) WITHOUT ROWID"""
    )
    # Concurrent edits of one field with different values: both kept for a person to review.
    db.execute(
        """CREATE TABLE conflicts (
            id INTEGER PRIMARY KEY,
            tbl TEXT NOT NULL,
            row_id TEXT NOT NULL,
            field TEXT NOT NULL,
            kept_value_json TEXT,
            kept_hlc TEXT NOT NULL,
            kept_device TEXT NOT NULL,
            other_value_json TEXT,
            other_hlc TEXT NOT NULL,
            other_device TEXT NOT NULL,
            other_seq INTEGER NOT NULL,
            detected_hlc TEXT NOT NULL,
            resolved_at TEXT,
            resolved_value_json TEXT,
            resolved_by TEXT,
            UNIQUE (other_device, other_seq, kept_hlc)
        )"""
    )
    db.execute("CREATE INDEX conflicts_open ON conflicts (resolved_at, tbl, row_id)")
    # Pairs of people head office has looked at and said are different people, so the list
    # of possible duplicates does not offer them again. Local: only head office reviews.
    db.execute(
        """CREATE TABLE not_duplicates (
            first_id TEXT NOT NULL,
            second_id TEXT NOT NULL,
            decided_at TEXT NOT NULL,
            decided_by TEXT,
            PRIMARY KEY (first_id, second_id)
        ) WITHOUT ROWID"""
    )
    # Bundles from the outbox copied to the destination folder and checked there by hash.
    db.execute(
        """CREATE TABLE deliveries (
            name TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            destination TEXT NOT NULL,
            delivered_at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )


@migrations()
def m002_trust(db: sqlite_utils.Database) -> None:
    """Who may change what: the changes a sender was not allowed to make, the agency
    directory changes laptops propose, and each peer's card exactly as it was presented."""
    # The card as presented (canonical JSON), apart from what head office assigned: for a
    # device, `site_id` is now the court head office assigned at enrolment.
    db.execute("ALTER TABLE peers ADD COLUMN card_json TEXT")
    # When head office stopped trusting a device (its status is then 'revoked').
    db.execute("ALTER TABLE peers ADD COLUMN revoked_at TEXT")
    # Changes received but never applied nor forwarded. `kind` is 'refused' (listed for head
    # office, with the reason in words) or 'echo' (a laptop's own set-up restating exactly
    # what is already held: dropped quietly). Both count as held: their sequence numbers
    # are acknowledged, so the sender does not send them again.
    db.execute(
        """CREATE TABLE refused_ops (
            id INTEGER PRIMARY KEY,
            device_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hlc TEXT NOT NULL,
            tbl TEXT NOT NULL,
            row_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value_json TEXT,
            base_hlc TEXT,
            kind TEXT NOT NULL,
            reason TEXT NOT NULL,
            bundle TEXT,
            received_at TEXT NOT NULL,
            applied_at TEXT,
            applied_by TEXT,
            UNIQUE (device_id, seq)
        )"""
    )
    db.execute("CREATE INDEX refused_ops_listed ON refused_ops (kind, device_id)")
    # A laptop's change to the agency directory: shown on the laptop at once, applied at head
    # office only when a person there accepts it.
    db.execute(
        """CREATE TABLE proposals (
            id INTEGER PRIMARY KEY,
            device_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hlc TEXT NOT NULL,
            tbl TEXT NOT NULL,
            row_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value_json TEXT,
            base_hlc TEXT,
            bundle TEXT,
            received_at TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            decided_at TEXT,
            decided_by TEXT,
            UNIQUE (device_id, seq)
        )"""
    )
    db.execute("CREATE INDEX proposals_open ON proposals (status, tbl, row_id, field)")


@migrations()
def m003_court_day(db: sqlite_utils.Database) -> None:
    """The court day (issue 11): a hearing's outcome detail (the sentence, bail conditions)
    and its restriction flag; court lists as imported, matches rejected for a list, quick
    drop-in drafts (all three local to this laptop); and an index on hearings.case_number,
    so a listed case number finds the person heard under it without reading every hearing."""
    held = db["hearings"].columns_dict
    if "outcome_detail" not in held:
        db["hearings"].add_column("outcome_detail", str)
    if "restricted" not in held:
        db["hearings"].add_column("restricted", int, not_null_default=0)
    db.execute(
        "CREATE INDEX IF NOT EXISTS hearings_case_number ON hearings (case_number) "
        "WHERE case_number IS NOT NULL"
    )
    # Each listed case of a list imported for a court and day, as read (JSON), with the
    # hearing it was confirmed as, if any. Unmatched people stay here, on the day's list.
    db.execute(
        """CREATE TABLE court_list_entries (
            id INTEGER PRIMARY KEY,
            court_id TEXT,
            day TEXT NOT NULL,
            case_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            listed_json TEXT NOT NULL,
            person_id TEXT,
            hearing_id TEXT,
            restricted INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT 'list',
            imported_at TEXT NOT NULL,
            UNIQUE (court_id, day, case_key)
        )"""
    )
    db.execute("CREATE INDEX court_list_entries_day ON court_list_entries (day, court_id)")
    # A candidate the worker said is not the listed person: not offered again for that list.
    db.execute(
        """CREATE TABLE court_list_rejections (
            court_id TEXT NOT NULL DEFAULT '',
            day TEXT NOT NULL,
            case_key TEXT NOT NULL,
            person_id TEXT NOT NULL,
            rejected_at TEXT NOT NULL,
            PRIMARY KEY (court_id, day, case_key, person_id)
        ) WITHOUT ROWID"""
    )
    # A quick drop-in capture in progress, saved at every step; resumed from Today.
    db.execute(
        """CREATE TABLE capture_drafts (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            step TEXT NOT NULL,
            draft_json TEXT NOT NULL,
            client_id TEXT,
            finished_at TEXT
        )"""
    )


# What the people indexes hold from m004 on. Names are indexed through
# records.name_keys.search_keys, which SQL cannot express (folding, apostrophes, run-together
# names, particles), so the triggers call it as the SQL function `cass_name_keys`, which
# data.store registers on every connection it opens. Triggers, rather than the people write
# path filling a table, keep the index right whatever writes a person: a form, an import, a
# merge of another laptop's changes, an erasure. Names and the other things a person is found
# by are in separate tables, so a name's first letter never reads through every phone number
# and reference starting with the same character.
NAME_KEYS_FUNCTION = "cass_name_keys"
_PEOPLE_FTS = {
    "clients_fts": {
        "name": NAME_KEYS_FUNCTION + "({r}.given_name, {r}.family_name, {r}.preferred_name)"
    },
    "clients_ids_fts": {
        "reference": "{r}.reference",
        # One word, ddmmyyyy (14031990), so a date typed day first narrows as it is typed.
        "dob": "substr({r}.date_of_birth, 9, 2) || substr({r}.date_of_birth, 6, 2) || "
        "substr({r}.date_of_birth, 1, 4)",
        "phone": search_index.digits("coalesce({r}.phone,'')"),
    },
}
# One- to three-letter prefixes of names are read from their own index; the others are
# searched from two characters (a day, a reference's word) up to four (day and month).
_PEOPLE_PREFIXES = {"clients_fts": "1 2 3", "clients_ids_fts": "2 3 4"}
# The fields whose change rewrites a person's index rows (a change of status does not).
_PEOPLE_INDEXED = {
    "clients_fts": ("given_name", "family_name", "preferred_name"),
    "clients_ids_fts": ("reference", "date_of_birth", "phone"),
}


@migrations()
def m004_name_search_keys(db: sqlite_utils.Database) -> None:
    """People found however their names are typed (D'Arcy by darcy, Mary Jane by maryjane,
    Al-Rashid by alrashid), one-letter prefixes read from their own index, and the Clients
    list walked in name order without sorting everyone."""
    for suffix in ("ai", "au", "ad"):
        db.execute(f"DROP TRIGGER IF EXISTS clients_fts_{suffix}")
    db.execute("DROP TABLE IF EXISTS clients_fts")
    for fts, cols in _PEOPLE_FTS.items():
        names = ", ".join(cols)
        db.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, tokenize='{search_index.TOKENIZE}', "
            f"prefix='{_PEOPLE_PREFIXES[fts]}')"
        )
        new = ", ".join(expr.format(r="new") for expr in cols.values())
        fields = ", ".join(_PEOPLE_INDEXED[fts])
        db.execute(
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON clients BEGIN "
            f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END"
        )
        db.execute(
            f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {fields} ON clients BEGIN "
            f"DELETE FROM {fts} WHERE rowid = old.rowid; "
            f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END"
        )
        db.execute(
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON clients BEGIN "
            f"DELETE FROM {fts} WHERE rowid = old.rowid; END"
        )
        every = ", ".join(expr.format(r="c") for expr in cols.values())
        db.execute(f"INSERT INTO {fts}(rowid, {names}) SELECT c.rowid, {every} FROM clients c")
    # The Clients list in name order, of the people it lists (not deleted, not merged away):
    # everyone, by status, and by keyworker, so the first screen is read from an index in
    # that order, never sorted.
    live = "WHERE deleted = 0 AND merged_into IS NULL"
    name = "family_name COLLATE NOCASE, given_name COLLATE NOCASE"
    db.execute(f"CREATE INDEX clients_list_name ON clients ({name}) {live}")
    db.execute(f"CREATE INDEX clients_list_status ON clients (status, {name}) {live}")
    db.execute(f"CREATE INDEX clients_list_keyworker ON clients (keyworker_id, {name}) {live}")


@migrations()
def m005_assessments(db: sqlite_utils.Database) -> None:
    """Assessments (completed ones synced, drafts local to this laptop) and an urgency on
    needs. m001 builds tables from the current SYNCED, so each is added only where missing."""
    table = "assessments"
    if not db[table].exists():
        columns: dict[str, type] = {"id": str, "created": str, "updated": str}
        defaults = {}
        for name, field in SYNCED[table].items():
            columns[name] = int if field.sql == "INTEGER" else str
            if field.default is not None:
                defaults[name] = field.default
        db[table].create(columns, pk="id", defaults=defaults, not_null={"created", "updated"})
        for cols in INDEXES.get(table, []):
            db[table].create_index(list(cols))
    # Needs recorded before have no urgency: it stays empty ("not set"), never guessed.
    if "urgency" not in db["needs"].columns_dict:
        db.execute("ALTER TABLE needs ADD COLUMN urgency TEXT")
    # A draft: the answers so far, saved as the worker types. Local, never synced: it becomes
    # a synced assessment when completed (a draft's every keystroke in the change log would
    # outweigh the records). Personal, so it lives only here, in the locked store.
    db.execute(
        """CREATE TABLE IF NOT EXISTS assessment_drafts (
            id TEXT PRIMARY KEY,
            client_id TEXT NOT NULL,
            form_id TEXT NOT NULL,
            form_version INTEGER NOT NULL,
            answers TEXT NOT NULL DEFAULT '{}',
            corrects TEXT,
            worker_id TEXT,
            started_at TEXT NOT NULL,
            saved_at TEXT NOT NULL
        ) WITHOUT ROWID"""
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS assessment_drafts_client ON assessment_drafts (client_id)"
    )


@migrations()
def m006_audit(db: sqlite_utils.Database) -> None:
    """The audit log (data/audit.py): append-only, each entry chained to the one before by
    its hash. UPDATE and DELETE are refused in SQL, so no code path can rewrite an entry;
    `audit_breaks` lists laptops whose log did not check out when it reached head office."""
    db.execute(
        """CREATE TABLE IF NOT EXISTS audit_log (
            device_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            worker_id TEXT,
            action TEXT NOT NULL,
            kind TEXT,
            record_id TEXT,
            client_id TEXT,
            detail TEXT NOT NULL DEFAULT '',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (device_id, seq)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS audit_log_client ON audit_log (client_id, at)")
    for what in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{what.lower()} BEFORE {what} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
    db.execute(
        """CREATE TABLE IF NOT EXISTS audit_breaks (
            device_id TEXT NOT NULL,
            noticed_at TEXT NOT NULL,
            bundle TEXT NOT NULL,
            sentence TEXT NOT NULL
        )"""
    )


@migrations()
def m007_start_up_indexes(db: sqlite_utils.Database) -> None:
    """Two small indexes for what Today reads as the app opens, so it reads a few pages
    instead of whole tables (at 100,000 people: tens of megabytes of page cache and a
    fraction of a second before the window could show): each worker's open cases at this
    site, and the referrals whose follow-up is still to do (the query says the same WHERE,
    with the finished statuses written out: see data.referrals.followups_due)."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS clients_open_caseload ON clients (site_id, keyworker_id) "
        "WHERE status = 'open' AND deleted = 0 AND merged_into IS NULL"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS referrals_followups_open ON referrals (followup_due) "
        "WHERE followup_due IS NOT NULL AND deleted = 0 AND status NOT IN ('closed', 'declined')"
    )


@migrations()
def m008_purge(db: sqlite_utils.Database) -> None:
    """Erasure (issue 13 builds on it): a purged marker on people, and the tombstones of every
    record erased (the person and each record of theirs), so later changes to them are dropped
    wherever they arrive. Local: each store makes its own from the purge change it applies."""
    if "purged" not in db["clients"].columns_dict:
        db.execute("ALTER TABLE clients ADD COLUMN purged INTEGER DEFAULT 0")
    db.execute(
        """CREATE TABLE IF NOT EXISTS purged_rows (
            tbl TEXT NOT NULL,
            row_id TEXT NOT NULL,
            client_id TEXT NOT NULL,
            PRIMARY KEY (tbl, row_id)
        ) WITHOUT ROWID"""
    )


@migrations()
def m009_field_clocks(db: sqlite_utils.Database) -> None:
    """Per-field clocks kept with the records (data/field_clocks.py, docs/change-log.md):
    `devices` numbers every device, `field_clocks` holds one narrow integer entry per change
    applied, filled here from `ops`; the index over every op (`ops_field_clock`, nearly a
    third of a store) is dropped. The store is copied before migrations run (data/store.py)."""
    # Imported here: this migration's layout is that module's (numbers, clock integers).
    from cass_desktop.data import field_clocks as fc

    db.execute(
        "CREATE TABLE IF NOT EXISTS devices "
        "(number INTEGER PRIMARY KEY, device_id TEXT NOT NULL UNIQUE)"
    )
    db.execute(
        """CREATE TABLE IF NOT EXISTS field_clocks (
            row INTEGER NOT NULL,
            field INTEGER NOT NULL,
            clock INTEGER NOT NULL,
            device INTEGER NOT NULL,
            base INTEGER,
            seq INTEGER NOT NULL,
            PRIMARY KEY (row, field, clock, device)
        ) WITHOUT ROWID"""
    )
    db.execute(
        "INSERT OR IGNORE INTO devices (device_id) SELECT DISTINCT device_id FROM ops "
        "ORDER BY device_id"
    )
    db.execute("CREATE TEMP TABLE m009_fields (tbl TEXT, field TEXT, number INTEGER)")
    db.conn.executemany(
        "INSERT INTO m009_fields VALUES (?, ?, ?)",
        [(t, f, n) for (t, f), n in fc.FIELD_NUMBER.items()],
    )
    clock = (
        "(((CAST(substr({c}, 1, 13) AS INTEGER) << 20) | CAST(substr({c}, 15, 6) AS INTEGER))"
        " + (-9223372036854775807 - 1))"
    )
    for table in SYNCED:
        db.execute(
            "INSERT OR IGNORE INTO field_clocks (row, field, clock, device, base, seq) "
            f"SELECT r.rowid, f.number, {clock.format(c='o.hlc')}, d.number, "
            f"CASE WHEN o.base_hlc IS NULL THEN NULL ELSE {clock.format(c='o.base_hlc')} END, "
            f'o.seq FROM ops o JOIN "{table}" r ON r.id = o.row_id '
            "JOIN m009_fields f ON f.tbl = o.tbl AND f.field = o.field "
            "JOIN devices d ON d.device_id = o.device_id WHERE o.tbl = ?",
            [table],
        )
    db.execute("DROP TABLE m009_fields")
    db.execute("DROP INDEX IF EXISTS ops_field_clock")


@migrations()
def m010_merged_into_index(db: sqlite_utils.Database) -> None:
    """Who was merged into a person, found by an index instead of a walk of everyone: every
    save of casework asks it (consent to hold is the latest decision across the person and
    everyone merged into them, people/hold.py), and without the index it read all 100,000
    people, about 1.7 s a save. Partial: only merged people are in it."""
    db.execute(
        "CREATE INDEX IF NOT EXISTS clients_merged_into ON clients (merged_into) "
        "WHERE merged_into IS NOT NULL"
    )


@migrations()
def m011_held_changes(db: sqlite_utils.Database) -> None:
    """Head office's held changes kept in their field clock entries (data/held_changes.py,
    docs/change-log.md): each entry gains its arrival number (what update cursors count), the
    device of its base and, while it is not the newest of its field, its value; `devices` its
    held seq (the gap check's). Filled from `ops` at head office by `field_clocks.fold_ops`
    (the changes received then leave `ops`, its own stay); laptops' stay empty."""
    clocks = db["field_clocks"].columns_dict
    for name in ("base_device", "value", "arrival"):
        if name not in clocks:
            kind = "TEXT" if name == "value" else "INTEGER"
            db.execute(f"ALTER TABLE field_clocks ADD COLUMN {name} {kind}")
    if "held_seq" not in db["devices"].columns_dict:
        db.execute("ALTER TABLE devices ADD COLUMN held_seq INTEGER NOT NULL DEFAULT 0")
    db.execute(
        "CREATE INDEX IF NOT EXISTS field_clocks_change ON field_clocks (device, seq) "
        "WHERE arrival IS NOT NULL"
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS field_clocks_arrival ON field_clocks (arrival) "
        "WHERE arrival IS NOT NULL"
    )
    from cass_desktop.data import field_clocks as fc

    fc.fold_ops(db)


@migrations()
def m012_change_numbers(db: sqlite_utils.Database) -> None:
    """Held changes found by device and number through `change_numbers` (kept by triggers;
    data/field_clocks.py, docs/change-log.md) instead of m011's two indexes; each arrival first
    put in its device's number order. Empty on a laptop."""
    from cass_desktop.data import field_clocks as fc

    fc.arrivals_in_number_order(db)
    fc.number_changes(db)
    db.execute("DROP INDEX IF EXISTS field_clocks_change")
    db.execute("DROP INDEX IF EXISTS field_clocks_arrival")


@migrations()
def m013_today_indexes(db: sqlite_utils.Database) -> None:
    """Today's counts read indexes, not rows (tests/data/test_today_counts_plan.py). Not
    partial: SQLite uses one for neither side of `worker_id = ? OR worker_id IS NULL`."""
    for sql in (
        "followups_worker_due ON followups (worker_id, due_on, done, deleted, client_id)",
        "referrals_worker_due ON referrals (worker_id, followup_due, deleted, status, client_id)",
        "contacts_on_day ON contacts (at, worker_id, client_id) WHERE deleted = 0",
    ):
        db.execute(f"CREATE INDEX IF NOT EXISTS {sql}")


@migrations()
def m014_name_initials(db: sqlite_utils.Database) -> None:
    """The Clients list's one- and two-letter searches ("s", "ma", "j s") read in name order
    from the initials of everyone listed (data/search_index.py: INITIALS), kept by triggers:
    no FTS prefix expanded into a list of row numbers on every keystroke."""
    search_index.create_initials(db)


KNOWN = [m.name for m in migrations._migrations]
# Written into bundles: a reader with fewer migrations refuses records it cannot hold.
SCHEMA_VERSION = len(KNOWN)
