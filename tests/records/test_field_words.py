"""Every field of every synced table is declared once, with the words people read it by, and
every place that names fields takes them from that one declaration."""

from __future__ import annotations

import re

import sqlite_utils

from cass_desktop.people import validation
from cass_desktop.records import schema, vocab, words
from cass_desktop.sync import policy

ALL = [(t, n, f) for t, declared in schema.SYNCED.items() for n, f in declared.items()]
AMERICAN = re.compile(r"\b(color|center|organiz|recogniz|licens|favor|behavior|program)\w*", re.I)


def test_every_field_has_a_label_a_person_reads() -> None:
    for table, name, field in ALL:
        assert field.label, (table, name)
        assert field.label[0].isupper() and not field.label.endswith((":", ".")), field.label
        assert "_" not in field.label, (table, name, field.label)
        assert not AMERICAN.search(field.label + " " + field.help), (table, name)


def test_every_column_the_store_holds_is_declared(db: sqlite_utils.Database) -> None:
    for table, declared in schema.SYNCED.items():
        held = {c.name for c in db[table].columns} - {"id", "created", "updated"}
        assert held == set(declared), table


def test_choices_flags_and_links_say_what_they_need() -> None:
    for table, name, field in ALL:
        if field.kind in (schema.CHOICE, schema.CHOICES):
            assert isinstance(getattr(vocab, field.vocab), dict), (table, name)
        if field.kind == schema.FLAG:
            assert field.words and all(field.words), (table, name)
        if field.kind == schema.LINK:
            assert field.link in schema.SYNCED, (table, name)


def test_the_conflicts_and_refusal_words_come_from_the_declaration() -> None:
    for table, name, field in ALL:
        assert words.table_field_words(table, name) == field.label
        assert words.field_words(name)  # head office's conflicts never show a raw name
        assert policy.field_words(name)  # nor does a refusal sentence
        if field.kind == schema.DATE:
            assert name in words.DATE_FIELDS
        if field.kind == schema.DATETIME:
            assert name in words.DATETIME_FIELDS
        if field.kind == schema.CHOICE:
            assert words.VOCABULARIES[(table, name)] is getattr(vocab, field.vocab)
        if field.kind == schema.FLAG:
            assert words.FLAG_WORDS[name] == field.words
        if field.kind == schema.LINK and field.link in words.NAMED_TABLES:
            assert words.LINKS[name] == field.link
    assert words.field_words("preferred_name") == "Known as"
    assert words.field_words("date_of_birth") == "Date of birth"


def test_every_field_shows_as_words() -> None:
    samples = {
        schema.DATE: "2026-11-27",
        schema.DATETIME: "2026-11-27T10:00",
        schema.FLAG: 1,
        schema.NUMBER: 5,
        schema.LINK: "some-id",
        schema.HASH: "0" * 64,
    }
    for table, name, field in ALL:
        if field.kind in (schema.CHOICE, schema.CHOICES):
            value = next(iter(getattr(vocab, field.vocab)))
        else:
            value = samples.get(field.kind, "Some words")
        shown = words.shown(table, name, value, {field.link or "": {"some-id": "Alex"}})
        assert shown and shown != "(empty)", (table, name)
    assert words.shown("clients", "opened_on", "2026-11-27", {}) == "27 Nov 2026"
    assert words.shown("followups", "done", 1, {}) == "Done"


def test_validation_checks_every_field_a_worker_edits_about_a_person() -> None:
    assert schema.editable("clients") == validation.TEXT_FIELDS
    client = schema.fields("clients")
    assert set(validation.DATE_FIELDS) == {
        n for n in validation.TEXT_FIELDS if client[n].kind == schema.DATE
    }
    assert {"reference", "site_id", "merged_into", "deleted"}.isdisjoint(validation.TEXT_FIELDS)
