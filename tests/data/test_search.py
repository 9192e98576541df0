"""Full-text search: as the user types, diacritics folded, dates and phone numbers as typed,
and nothing typed ever breaks the query."""

from __future__ import annotations

import pytest

from cass_desktop.data import agencies, changelog, clients
from cass_desktop.data.search import (
    IDS,
    NAMES,
    REFERENCES,
    fold,
    fts_query,
    people_query,
    phone_digits,
)

PEOPLE = [
    {"given_name": "Siân", "family_name": "Ní Bhriain", "date_of_birth": "1990-03-14"},
    {"given_name": "Łukasz", "family_name": "Wałęsa", "phone": "07700 900123"},
    {"given_name": "Søren", "family_name": "Østergaard", "phone": "(01752) 123-456"},
    {
        "given_name": "Zoë",
        "family_name": "Smith",
        "preferred_name": "Zee",
        "phone": "+44 7700 811456",
    },
    {"given_name": "Jo", "family_name": "O'Brien", "date_of_birth": "1988-11-02"},
    {"given_name": "Andrew", "family_name": "Near", "date_of_birth": "1975-01-09"},
]


@pytest.fixture
def people(db):
    ids = {}
    for n, person in enumerate(PEOPLE):
        # fixed references, so a random one never happens to start like a word searched for
        ref = "PLY-7KQM-3XD9" if person["given_name"] == "Jo" else f"PLY-1000-000{n}"
        ids[person["given_name"]] = clients.create(db, {**person, "reference": ref})
    return ids


def _found(db, text):
    return sorted(r["given_name"] for r in clients.search(db, text))


def test_prefix_as_you_type(db, people):
    assert _found(db, "S") == ["Siân", "Søren", "Zoë"]
    assert _found(db, "Si") == ["Siân"]
    assert _found(db, "sia") == ["Siân"]
    assert _found(db, "siân ní") == ["Siân"]
    assert _found(db, "sian bh") == ["Siân"]
    assert _found(db, "sian smith") == []  # every word must match
    assert _found(db, "smi") == ["Zoë"]
    assert _found(db, "zee") == ["Zoë"]  # the preferred name too


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("sian", "Siân"),
        ("SIAN", "Siân"),
        ("lukasz", "Łukasz"),
        ("Łukasz", "Łukasz"),
        ("luk", "Łukasz"),
        ("walesa", "Łukasz"),
        ("soren", "Søren"),
        ("ostergaard", "Søren"),
        ("zoe", "Zoë"),
        ("ni bhriain", "Siân"),
    ],
)
def test_diacritics_are_folded(db, people, typed, who):
    assert _found(db, typed) == [who]


@pytest.mark.parametrize("typed", ["14/03/1990", "14.03.1990", "14-03-1990", "1990-03-14"])
def test_dates_of_birth_as_typed(db, people, typed):
    assert _found(db, typed) == ["Siân"]


def test_a_date_typed_in_part_finds_by_its_numbers(db, people):
    assert _found(db, "14/03/19") == ["Siân"]
    assert _found(db, "02/11/1988") == ["Jo"]
    assert _found(db, "2/11/1988") == ["Jo"]  # no leading zero
    assert _found(db, "31/02/1990") == []  # no such day: not an error
    assert _found(db, "14/3/90") == ["Siân"]  # a two-digit year, as people write it


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("07700900123", "Łukasz"),
        ("07700 900123", "Łukasz"),
        ("077 009 00123", "Łukasz"),
        ("0770090012", "Łukasz"),
        ("01752123456", "Søren"),
        ("(01752) 123456", "Søren"),
        ("01752 123-456", "Søren"),
        ("07700 811456", "Zoë"),  # held as +44 7700 811456
        ("+44 7700 811456", "Zoë"),
        ("+447700811456", "Zoë"),
        ("07700 81145", "Zoë"),  # ten digits: enough to search by
        ("0044 7700 811456", "Zoë"),
    ],
)
def test_phone_numbers_with_any_spacing(db, people, typed, who):
    assert _found(db, typed) == [who]


def test_the_reference_is_searchable(db, people):
    ref = clients.get(db, people["Jo"])["reference"]
    assert _found(db, ref) == ["Jo"]
    assert _found(db, ref[:8]) == ["Jo"]
    assert _found(db, ref.lower()) == ["Jo"]


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '""',
        '"sian',
        "sian\"'",
        "O'Brien",
        "AND",
        "sian AND",
        "OR jo",
        "NOT",
        "NEAR",
        "NEAR(sian jo)",
        "*",
        "sian*",
        "(",
        ")",
        "(sian",
        "name:sian",
        "^sian",
        "-",
        "+",
        "sian + jo",
        "{name}",
        "[",
        "\\",
        "%",
        "_",
        "   ",
        "",
        "🙂",
        "07700 (900",
        "1990-13-45",
        "99/99/9999",
    ],
)
def test_fts_syntax_typed_never_raises(db, people, typed):
    found = clients.search(db, typed)
    assert isinstance(found, list)
    clients.list_rowids(db, text=typed)
    agencies.search(db, typed)
    clients.candidates_like(db, typed, typed, None)


def test_words_that_are_fts_operators_are_searched_as_words(db, people):
    assert _found(db, "near") == ["Andrew"]
    assert _found(db, "andrew near") == ["Andrew"]
    assert _found(db, "O'Brien") == ["Jo"]
    assert _found(db, "obrien") == ["Jo"]  # the name is also indexed run together
    assert _found(db, "brien") == ["Jo"]


def test_deleted_people_are_not_found(db, people):
    changelog.delete(db, "clients", people["Siân"])
    assert _found(db, "sian") == []


def test_changes_are_searchable_at_once(db, people):
    clients.update(db, people["Jo"], {"family_name": "Trelawny", "phone": "01208 77 66 55"})
    assert _found(db, "trel") == ["Jo"]
    assert _found(db, "obrien") == [] and _found(db, "brien") == []
    assert _found(db, "01208776655") == ["Jo"]


def test_search_is_limited(db):
    for i in range(30):
        clients.create(db, {"given_name": "Sam", "family_name": f"Pascoe{i}"}, "PLY")
    assert len(clients.search(db, "sam")) == 20
    assert len(clients.search(db, "sam", limit=5)) == 5


def test_agency_search_folds_and_prefixes(db):
    agencies.create(db, {"name": "Bjørn's Housing Trust", "areas": "Plymouth"})
    agencies.create(db, {"name": "Straße Advice", "contact_name": "Łucja"})
    assert [a["name"] for a in agencies.search(db, "bjorn")] == ["Bjørn's Housing Trust"]
    assert [a["name"] for a in agencies.search(db, "strasse")] == ["Straße Advice"]
    assert [a["name"] for a in agencies.search(db, "lucja")] == ["Straße Advice"]
    assert [a["name"] for a in agencies.search(db, "hous tru")] == ["Bjørn's Housing Trust"]


# --- the query itself -------------------------------------------------------------------------


def test_fts_query_quotes_every_word_as_a_prefix():
    assert fts_query("sia ni") == '"sia"* "ni"*'
    assert fts_query('NEAR("a" AND b*)') == '"NEAR"* "a"* "AND"* "b"*'
    assert fts_query("  ") is None
    assert fts_query("*()") is None


def test_people_query_reads_dates_phones_and_references_only_in_their_shape():
    assert people_query("14/03/1990") == [(IDS, 'dob : "14031990"')]
    assert people_query("1990-03-14") == [(IDS, 'dob : "14031990"')]
    assert people_query("14/03") == [(IDS, 'dob : "1403"*')]
    assert people_query("07700 900123") == [(IDS, 'phone : ("07700900123"*)')]
    assert people_query("+44 7700 900123") == [(IDS, 'phone : ("447700900123"* OR "07700900123"*)')]
    assert people_query("PLY-7K") == [
        (NAMES, 'name : (("ply"* "7k"*) OR ("ply7k"*))'),
        (REFERENCES, "PLY-7K"),
    ]
    assert people_query("ply7kqm")[1:] == [(REFERENCES, "PLY7KQM"), (REFERENCES, "PLY-7KQM")]
    assert people_query("7KQM")[1] == (IDS, 'reference : ("7kqm"*)')


@pytest.mark.parametrize("typed", ["0", "1", "19", "077", "07700 900", "P", "PL", "PLY", "PLY-"])
def test_one_character_never_matches_everyone_through_phones_or_references(typed):
    """Too short to be a phone number, a date or a reference: only names are searched."""
    assert all(table == NAMES for table, _ in people_query(typed))


def test_a_short_prefix_finds_names_only(db, people):
    assert _found(db, "0") == [] and _found(db, "19") == [] and _found(db, "PL") == []
    assert _found(db, "PLY-7KQM") == ["Jo"]


def test_fold_and_phone_digits():
    assert fold("Łukasz Søren Straße Æsa") == "Lukasz Soren Strasse AEsa"
    assert phone_digits("+44 (0) 7700-900 123") == "07700900123"
    assert phone_digits("+44 7700 900123") == "07700900123"
    assert phone_digits("0044 7700 900123") == "07700900123"
    assert phone_digits("(01752) 123-456") == "01752123456"
    assert phone_digits("4477") == "4477"  # too short to be +44: left alone


def test_names_split_by_apostrophes_hyphens_or_spaces_are_found_run_together(db):
    from cass_desktop.data import clients

    for given, family in [
        ("Siobhan", "O'Brien"),
        ("Aoife", "O’Connell"),
        ("Jo", "Smith-Jones"),
        ("Anne", "de la Cruz"),
    ]:
        clients.create(db, {"given_name": given, "family_name": family}, "PLY")

    def found(text):
        return [c["family_name"] for c in clients.search(db, text)]

    assert found("obrien") == found("o'brien") == ["O'Brien"]
    assert found("oconnell") == found("O’Connell") == ["O’Connell"]
    assert found("smithjones") == found("smith-jones") == ["Smith-Jones"]
    assert found("delacruz") == found("de la cruz") == ["de la Cruz"]


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("darcy", "D'Arcy"),
        ("d'arcy", "D'Arcy"),
        ("d arcy", "D'Arcy"),
        ("D’Arcy", "D'Arcy"),
        ("arcy", "D'Arcy"),
        ("thiongo", "Thiong'o"),
        ("thiong'o", "Thiong'o"),
        ("ngugi thiongo", "Thiong'o"),
        ("maryjane", "Mary Jane"),
        ("mary jane", "Mary Jane"),
        ("mary-jane", "Mary Jane"),
        ("al-rashid", "Alrashid"),
        ("al rashid", "Alrashid"),
        ("alrashid", "Alrashid"),
        ("rashid", "Alrashid"),
        ("obrien", "O'Brien"),
        ("o'brien", "O'Brien"),
        ("o brien", "O'Brien"),
        ("sian", "Ní Bhriain"),
        ("niamh nibhriain", "Ní Bhriain"),
        ("lukasz", "Kamińska"),
        ("kaminska", "Kamińska"),
    ],
)
def test_names_are_found_however_they_are_typed(db, typed, who):
    for given, family in [
        ("Fitzwilliam", "D'Arcy"),
        ("Ngũgĩ wa", "Thiong'o"),
        ("Mary Jane", "Watson"),
        ("Muhammad", "Alrashid"),
        ("Siobhan", "O'Brien"),
        ("Siân Niamh", "Ní Bhriain"),
        ("Łukasz", "Kamińska"),
    ]:
        clients.create(db, {"given_name": given, "family_name": family}, "PLY")
    found = [c["family_name"] for c in clients.search(db, typed)]
    if who == "Mary Jane":
        assert found == ["Watson"]
    else:
        assert found == [who]
    rowids = clients.list_rowids(db, text=typed)
    assert len(rowids) == 1


def test_the_list_finds_the_same_people_in_name_order(db):
    for n in range(40):
        clients.create(db, {"given_name": f"Sam{n:02d}", "family_name": f"Zed{39 - n:02d}"}, "PLY")
    clients.create(db, {"given_name": "Alex", "family_name": "Samson"}, "PLY")
    rows = clients.rows_for(db, clients.list_rowids(db, text="sam"))
    listed = [rows[r]["family_name"] for r in clients.list_rowids(db, text="sam")]
    assert listed == ["Samson"] + [f"Zed{n:02d}" for n in range(40)]
    assert clients.list_rowids(db, text="sam", limit=3) == clients.list_rowids(db, text="sam")[:3]
    listing = clients.Listing(db, text="sam")
    assert listing.take(5) + listing.take(100) == clients.list_rowids(db, text="sam")
    assert listing.done
