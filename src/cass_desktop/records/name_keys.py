"""Names folded for comparing and searching: the pure text rules, with no library behind them.

They live here, below the store, because the search index is filled by SQL triggers that call
`search_keys` (registered on every connection by data.store), and the store may not import the
people capability. `people.names` is where they are used and documented; it re-exports them.

What is stored was made by these rules: change them (a letter folded, a particle) only together
with a migration that refills the people index and the Clients list's name initials
(data/search_index.py), or the stored keys and the ones typed no longer agree.
"""

from __future__ import annotations

import functools
import json
import unicodedata

# Names from outside are cut to this many characters before anything else is done to them.
MAX_NAME = 200

# Letters that Unicode does not decompose into a base letter and an accent.
_PLAIN_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "ng",
        "ĸ": "k",
    }
)
# Every apostrophe a keyboard, a word processor or a PDF may produce.
_APOSTROPHES = frozenset("'’‘`´ʼʻ′‛＇")

_TITLE_WORDS = "mr mrs ms miss mx dr master sir dame lady lord rev revd prof madam mister"
TITLES = frozenset(_TITLE_WORDS.split(" "))
# Words that begin family names and may be written joined, split or left out.
_PARTICLE_WORDS = (
    "de da di do dos das del della van von der den ter ten le la du al el bin ibn bint "
    "ni nic ui mac mc o ap st abu"
)
PARTICLES = frozenset(_PARTICLE_WORDS.split(" "))
# Particles that are often written joined to the name (Alrashid, Elmasry).
_JOINED_PARTICLES = ("al", "el")


# -- normalising --------------------------------------------------------------------------


def fold(text: str | None) -> str:
    """A name reduced for comparing: lower case, no accents, apostrophes dropped, hyphens and
    other marks as spaces, single spaces.

    >>> fold("Siân Ní Bhriain")
    'sian ni bhriain'
    >>> fold("Łukasz O'Brien-Nguyễn")
    'lukasz obrien nguyen'
    """
    if not text:
        return ""
    return _fold(text[:MAX_NAME])


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold().translate(_PLAIN_LETTERS))
    out: list[str] = []
    for ch in plain:
        if unicodedata.combining(ch) or ch in _APOSTROPHES:
            continue  # accents, and O'Brien = OBrien
        out.append(ch if ch.isalnum() else " ")
    # Casefolding after decomposing catches letters that only fold once plain (Ǳ, ǅ ...).
    return " ".join("".join(out).translate(_PLAIN_LETTERS).split())


def squash(text: str | None) -> str:
    """The folded name run together: spaces and hyphens never matter.

    >>> squash("Al-Rashid"), squash("Mary Jane"), squash("D'Arcy")
    ('alrashid', 'maryjane', 'darcy')
    """
    return fold(text).replace(" ", "")


def words(text: str | None) -> list[str]:
    """The folded words of a name."""
    return fold(text).split()


def _split_apostrophes(text: str) -> str:
    """`text` with apostrophes as spaces, as a search index tokenizer reads it (D'Arcy: d arcy)."""
    return "".join(" " if ch in _APOSTROPHES else ch for ch in text[:MAX_NAME])


def family_core(text: str | None) -> str:
    """A family name without the particles it starts with, run together (Al-Rashid: rashid,
    van der Berg: berg, Ní Bhriain: bhriain); the whole name when it is nothing but particles."""
    parts = words(text)
    while len(parts) > 1 and parts[0] in PARTICLES:
        parts = parts[1:]
    core = "".join(parts)
    for particle in _JOINED_PARTICLES:
        if len(parts) == 1 and core.startswith(particle) and len(core) - len(particle) >= 4:
            return core[len(particle) :]
    return core


# -- search -------------------------------------------------------------------------------


def search_keys(given: str | None, family: str | None, preferred: str | None = None) -> str:
    """The words to index for a person, so apostrophes, hyphens and spaces never matter:
    each name's words, its words split at apostrophes (D'Arcy: d, arcy), each name run
    together (Mary Jane: maryjane; Al-Rashid: alrashid), and the family name without its
    particles (rashid).

    >>> search_keys("Mary Jane", "D'Arcy-Smith")
    'mary jane maryjane darcy smith d arcy darcysmith'
    """
    keys: dict[str, None] = {}
    for part in (given, preferred, family):
        if not part:
            continue
        for word in words(part):
            keys[word] = None
        for word in words(_split_apostrophes(part)):
            keys[word] = None
        keys[squash(part)] = None
    core = family_core(family)
    if core:
        keys[core] = None
    keys.pop("", None)
    return " ".join(keys)


def search_initials(given: str | None, family: str | None, preferred: str | None = None) -> str:
    """The first one and two characters of each of a person's search keys (`search_keys`),
    each once, as a JSON list: the ones made of ASCII letters and digits only, as the Clients
    list reads them (data.search_index.INITIALS).

    >>> search_initials("Mary Jane", "D'Arcy-Smith")
    '["m", "ma", "j", "ja", "d", "da", "s", "sm", "a", "ar"]'
    """
    found: dict[str, None] = {}
    for key in search_keys(given, family, preferred).split():
        for start in (key[:1], key[:2]):
            if start.isascii() and start.isalnum():
                found[start] = None
    return json.dumps(list(found))


def query_variants(text: str | None) -> list[list[str]]:
    """What a person typed, as alternatives of words each to be found (as the start of an
    indexed word): the words folded; the words run together (maryjane for "mary jane");
    and split at apostrophes (o, neill for "o'neill"). The first is the words as typed.

    >>> query_variants("al-rashid")
    [['al', 'rashid'], ['alrashid']]
    >>> query_variants("D'Arcy")
    [['darcy'], ['d', 'arcy']]
    """
    base = words((text or "")[:MAX_NAME])[:8]
    if not base:
        return []
    found: dict[tuple[str, ...], None] = {tuple(base): None}
    if len(base) > 1:
        found[("".join(base),)] = None
        for i in range(len(base) - 1):
            found[(*base[:i], base[i] + base[i + 1], *base[i + 2 :])] = None
    split = words(_split_apostrophes(text or ""))[:8]
    if split and split != base:
        found[tuple(split)] = None
    return [list(v) for v in found]
