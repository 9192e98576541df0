"""Each value from outside is checked against its field's declaration in records/schema.py."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cass_desktop import demo
from cass_desktop.data import changelog, open_store, store_path
from cass_desktop.records import schema, values
from cass_desktop.records.schema import SYNCED
from cass_desktop.records.values import problem

UUID = "0192f5a4-1b2c-7d3e-8f40-123456789abc"


def test_every_declared_field_has_a_checker_and_null_is_always_fine():
    for table, spec in SYNCED.items():
        assert set(values.CHECKS[table]) == set(spec)
        for name in spec:
            assert problem(table, name, None) is None, (table, name)
            assert problem(table, name, "null") is None, (table, name)


def test_a_field_this_version_does_not_know():
    assert problem("payments", "amount", '"5"') == values.UNKNOWN
    assert problem("clients", "favourite_colour", '"red"') == values.UNKNOWN
    assert problem("clients", "id", f'"{UUID}"') == values.UNKNOWN


GOOD = [
    ("clients", "given_name", '"Siân"'),
    ("clients", "given_name", '""'),
    ("clients", "family_name", json.dumps("Ní Bhriain")),
    ("clients", "family_name", json.dumps('O\'Brien "Bob"')),
    ("clients", "given_name", json.dumps("x" * 100)),
    ("clients", "address", json.dumps("1 High Street\nPlymouth\r\nPL1 2AB\tflat 3")),
    ("clients", "phone", json.dumps("01752 1\n01752 2")),  # pasted into a one-line box
    ("clients", "date_of_birth", '"1990-03-14"'),
    ("clients", "date_of_birth", '"2000-02-29"'),
    ("clients", "date_of_birth", '"\\u0031990-03-14"'),  # escapes spelling the same date
    ("hearings", "starts_at", '"2026-11-27T10:00"'),
    ("hearings", "starts_at", '"2026-11-27T10:00:30"'),
    ("hearings", "starts_at", '"2026-11-27T10:00:30.123456+00:00"'),
    ("hearings", "starts_at", '"2026-11-27T10:00Z"'),
    ("referrals", "appointment_at", '"2026-11-27"'),  # the app writes a day without a time
    ("clients", "deleted", "0"),
    ("clients", "deleted", "1"),
    ("contacts", "duration_minutes", "0"),
    ("contacts", "duration_minutes", "1440"),
    ("documents", "version", "1000000"),
    ("clients", "status", '"open"'),
    ("clients", "preferred_contact", '""'),
    ("agencies", "domains", '"housing,money"'),
    ("referrals", "support", '"phoned_ahead, accompanied"'),
    ("clients", "site_id", f'"{UUID}"'),
    ("clients", "keyworker_id", '""'),
    ("letters", "sha256", json.dumps("ab" * 32)),
    ("documents", "content", json.dumps("{{ name }}\n" * 1000)),
]

BAD = [
    ("clients", "given_name", '"a\\u0000b"', values.CONTROL),
    ("clients", "given_name", json.dumps("bell\x07"), values.CONTROL),
    ("clients", "address", json.dumps("a\x1bb"), values.CONTROL),
    ("clients", "given_name", json.dumps("a\x7f"), values.CONTROL),
    ("clients", "given_name", '"\\ud800"', values.CONTROL),
    ("clients", "given_name", json.dumps("x" * 101), "is longer than 100 characters"),
    ("clients", "address", json.dumps("x" * 1001), "is longer than 1,000 characters"),
    ("clients", "given_name", "5", values.NOT_TEXT),
    ("clients", "given_name", '{"a": 1}', values.NOT_TEXT),
    ("clients", "given_name", "[1]", values.NOT_TEXT),
    ("clients", "given_name", "true", values.NOT_TEXT),
    ("clients", "given_name", "{not json", values.NOT_READABLE),
    ("clients", "given_name", "[" * 100_000 + "]" * 100_000, values.NOT_READABLE),
    ("clients", "given_name", '"a" "b"', values.NOT_READABLE),
    ("clients", "date_of_birth", "19900314", values.NOT_TEXT),
    ("clients", "date_of_birth", '"1990-02-30"', "is not a real date"),
    ("clients", "date_of_birth", '"14/03/1990"', "is not a real date"),
    ("clients", "date_of_birth", '"1990-03-14T10:00"', "is not a real date"),
    ("clients", "date_of_birth", '"١٩٩٠-03-14"', "is not a real date"),
    ("hearings", "starts_at", '"2026-11-27 10:00"', "is not a real date and time"),
    ("hearings", "starts_at", '"2026-11-27T25:00"', "is not a real date and time"),
    ("hearings", "starts_at", '"2026-W48-5"', "is not a real date and time"),
    ("clients", "deleted", '"yes"', "is not 0 or 1"),
    ("clients", "deleted", "2", "is not 0 or 1"),
    ("clients", "deleted", "true", "is not 0 or 1"),
    ("clients", "deleted", "1.0", "is not 0 or 1"),
    ("contacts", "duration_minutes", "1441", "is not a whole number from 0 to 1,440"),
    ("contacts", "duration_minutes", "-1", "is not a whole number from 0 to 1,440"),
    ("contacts", "duration_minutes", "1" * 30, "is not a whole number from 0 to 1,440"),
    ("contacts", "duration_minutes", "NaN", values.NOT_READABLE),
    ("contacts", "duration_minutes", '"30"', "is not a whole number from 0 to 1,440"),
    ("documents", "version", "0", "is not a whole number from 1 to 1,000,000"),
    ("clients", "status", '"OPEN"', "is not one of the choices this app knows"),
    ("clients", "status", '"open "', "is not one of the choices this app knows"),
    ("agencies", "domains", '"housing,,money"', "is not a list of the choices this app knows"),
    ("agencies", "domains", '"housing,crypto"', "is not a list of the choices this app knows"),
    ("clients", "site_id", '"../../x"', "is not a record's id"),
    ("clients", "site_id", json.dumps(UUID.upper()), "is not a record's id"),
    ("clients", "site_id", json.dumps(UUID + "\u0000"), values.CONTROL),
    ("letters", "sha256", json.dumps("AB" * 32), "is not a SHA-256 of 64 hex characters"),
    ("documents", "content", json.dumps("x" * (512 * 1024 + 1)), "is longer than 524,288"),
]


@pytest.mark.parametrize(("table", "field", "value_json"), GOOD)
def test_values_the_app_writes_are_fine(table, field, value_json):
    assert problem(table, field, value_json) is None


@pytest.mark.parametrize(("table", "field", "value_json", "wrong"), BAD)
def test_values_of_the_wrong_kind_are_named(table, field, value_json, wrong):
    found = problem(table, field, value_json)
    assert found is not None and found.startswith(wrong), found


@given(st.text(max_size=300))
def test_escaped_and_plain_spellings_of_one_text_are_judged_alike(text):
    """The fast path (plain JSON text) and the slow one (escapes decoded) agree."""
    for table, field in [("clients", "given_name"), ("clients", "address"), ("clients", "status")]:
        plain = problem(table, field, json.dumps(text, ensure_ascii=False))
        escaped = problem(table, field, json.dumps(text, ensure_ascii=True))
        assert plain == escaped


@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_numbers_are_in_their_range_however_large(number):
    found = problem("contacts", "duration_minutes", json.dumps(number))
    assert (found is None) == (0 <= number <= 1440)


def test_every_value_the_demo_writes_passes(tmp_path):
    """What this app writes itself (names, notes, dates, choices, links, documents) is never
    refused, or a laptop would be refused for ever: the demo's records as a laptop's workload
    (each field an op, as a worker's edits are; the demo as shipped logs none of them)."""
    db = open_store(store_path(tmp_path))  # a demo store is plain
    try:
        demo.generate(db, clients=60, seed=3, logged=True)
        count = 0
        for op in changelog.iter_ops(db):
            assert problem(op.tbl, op.field, op.value_json) is None, op
            count += 1
        assert count > 1000
        kinds = {SYNCED[op.tbl][op.field].kind for op in changelog.iter_ops(db)}
        assert {schema.TEXT, schema.DATE, schema.DATETIME, schema.CHOICE, schema.LINK} <= kinds
    finally:
        db.close()
