"""Every synced field is declared with a kind the checks understand."""

from __future__ import annotations

from cass_desktop.records import schema, vocab
from cass_desktop.records.schema import CHOICE, CHOICES, KINDS, LINK, NUMBER, SYNCED


def test_every_field_has_a_known_kind_and_what_that_kind_needs() -> None:
    for table, spec in SYNCED.items():
        assert spec["deleted"].kind == schema.FLAG, table
        for name, field in spec.items():
            where = f"{table}.{name}"
            assert field.kind in KINDS, where
            assert field.sql == ("INTEGER" if field.kind in (schema.FLAG, NUMBER) else "TEXT")
            if field.kind in (CHOICE, CHOICES):
                words = getattr(vocab, field.vocab or "", None)
                assert isinstance(words, dict) and words, f"{where}: no vocabulary {field.vocab}"
                if field.default is not None:
                    assert field.default in words, where
            if field.kind == LINK:
                assert field.link in SYNCED, where
            if field.kind == NUMBER:
                assert field.low is not None and field.high is not None, where
            if field.kind in (schema.TEXT, schema.LONG_TEXT, CHOICES, schema.DOCUMENT):
                assert field.max_chars and field.max_chars > 0, where


def test_a_field_is_still_read_as_its_sql_type_first() -> None:
    assert SYNCED["clients"]["given_name"][0] == "TEXT"
    assert SYNCED["agencies"]["active"][:2] == ("INTEGER", 1)
