"""Every field of every synced table reads as English after "the … of" in a sentence such as
"Truro's laptop tried to change the summary of a Bodmin person's contact note"."""

from __future__ import annotations

import pytest

from cass_desktop.records.schema import SYNCED
from cass_desktop.records.words import field_noun
from cass_desktop.sync.policy import field_words

# A label that is a question or a phrase (not a noun) reads wrongly after "the".
_NOT_A_NOUN_START = {
    "what", "where", "when", "who", "whom", "how", "which", "why", "whether",
    "open", "closed", "decided", "due", "done", "recorded", "best", "in", "made",
}  # fmt: skip
_NOT_A_NOUN_END = (" on", " to", " by", " with", " since", " at", " about", "?")

EVERY_FIELD = sorted({(table, field) for table, fields in SYNCED.items() for field in fields})


@pytest.mark.parametrize(("table", "field"), EVERY_FIELD)
def test_the_field_reads_as_a_noun(table, field):
    noun = field_words(field)
    assert noun == field_noun(field)
    assert noun and noun == noun.strip() and "_" not in noun, noun
    first = noun.split()[0]
    assert first not in _NOT_A_NOUN_START, f"the {noun} of ({table}.{field})"
    assert not noun.endswith(_NOT_A_NOUN_END), f"the {noun} of ({table}.{field})"


def test_the_words_the_user_test_found_wrong_read_right():
    assert field_words("summary") == "summary"
    assert field_words("place") == "place"
    assert field_words("at") == "date and time"
