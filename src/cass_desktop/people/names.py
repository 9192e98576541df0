"""Names: the one place they are normalised and compared, for the look-alike check, search and
court lists.

A name from a court list, a spreadsheet or a worker's keyboard is folded before anything else:
lower case, accents and the letters Unicode leaves alone (Ł, Ø, ß, Æ, Đ, ı) made plain,
apostrophes of every kind dropped (D'Arcy = Darcy, Thiong'o = Thiongo), and hyphens and
spaces treated as the same (Al-Rashid = Al Rashid). Compared run together, spaces never
matter (Mary Jane = Maryjane, Al Rashid = Alrashid).

Two names are then compared part by part, the better of the two orders (lists and people
write family names first or last): the same word, a spelling of the same name in another
transliteration (Mohammed, Muhammad), a short form (Bill for William, Kasia for Katarzyna), a
typing slip, names that sound alike (a phonetic key), or an initial. Every score comes with
its reasons in plain words, because a worker decides, never the score.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import jellyfish
from nameparser import HumanName
from nicknames import NickNamer
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from cass_desktop.people.name_tables import SHORT_FORMS, SPELLINGS
from cass_desktop.records.name_keys import (  # noqa: F401 (re-exported)
    _APOSTROPHES,
    _JOINED_PARTICLES,
    _PLAIN_LETTERS,
    MAX_NAME,
    PARTICLES,
    TITLES,
    _fold,
    _split_apostrophes,
    family_core,
    fold,
    query_variants,
    search_keys,
    squash,
    words,
)


def _mac(text: str) -> str:
    """MacDonald and McDonald alike."""
    return "mc" + text[3:] if text.startswith("mac") and len(text) > 5 else text


# -- names as written ---------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A person's name in parts, as written (not folded). `order_known` is False when a list
    gave the name in one string that could be either way round (JOHN SMITH)."""

    given: str = ""
    family: str = ""
    middle: str = ""
    preferred: str = ""  # the name they go by (Known as)
    order_known: bool = True

    @property
    def forenames(self) -> str:
        return f"{self.given} {self.middle}".strip()

    def display(self) -> str:
        return " ".join(p for p in (self.given, self.middle, self.family) if p)


def _is_caps(word: str) -> bool:
    """SMITH or O'NEILL or SMITH-JONES: a word in capitals (more than one letter)."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _drop_titles(parts: list[str]) -> list[str]:
    while len(parts) > 1 and fold(parts[0]).replace(" ", "") in TITLES:
        parts = parts[1:]
    return parts


def parse_name(text: str | None) -> Name:
    """A name given as one string, in the shapes court lists and people use.

    "SMITH, John Paul" and "Smith, John" are family name first; "John SMITH" and
    "NGUYEN Van An" take the word in capitals as the family name; otherwise nameparser reads
    "Mr John Smith" as given and family name, and `order_known` is False, since a list may
    write either name first. Titles (Mr, Mrs, Ms, Miss, Dr ...) are dropped.
    """
    if not text:
        return Name()
    text = " ".join(text[:MAX_NAME].split())
    if "," in text:
        family, _, forenames = text.partition(",")
        parts = _drop_titles(forenames.replace(",", " ").split())
        family_parts = _drop_titles(family.split())
        if parts and family_parts:
            return Name(given=parts[0], middle=" ".join(parts[1:]), family=" ".join(family_parts))
        text = " ".join(family_parts + parts)
    parts = _drop_titles(text.split())
    if not parts:
        return Name()
    if len(parts) == 1:
        return Name(family=parts[0], order_known=False)
    caps = [_is_caps(p) for p in parts]
    if any(caps) and not all(caps):
        # The family name is the run of capitals, at the start or the end.
        if caps[0]:
            end = caps.index(False)
            family, forenames = parts[:end], parts[end:]
        elif caps[-1]:
            start = len(caps) - caps[::-1].index(False)
            family, forenames = parts[start:], parts[:start]
        else:
            family, forenames = [], []
        if family and forenames:
            return Name(given=forenames[0], middle=" ".join(forenames[1:]), family=" ".join(family))
    human = HumanName(" ".join(parts))
    given = human.first or parts[0]
    family = human.last or (parts[-1] if len(parts) > 1 else "")
    middle = human.middle
    if not family:
        given, family = parts[0], " ".join(parts[1:])
    return Name(given=given, middle=middle, family=family, order_known=False)


# -- variants -----------------------------------------------------------------------------


def _spelling_index() -> dict[str, frozenset[str]]:
    index: dict[str, frozenset[str]] = {}
    for row in SPELLINGS:
        group = frozenset(row.split())
        for word in group:
            index[word] = index.get(word, frozenset()) | group
    return index


_SPELLING = _spelling_index()
_NICKNAMES = NickNamer()


@functools.lru_cache(maxsize=65536)
def spellings(word: str) -> frozenset[str]:
    """Other spellings of one folded name word (mohammed: muhammad, mohamed ...), itself
    included."""
    return _SPELLING.get(word, frozenset((word,)))


@functools.lru_cache(maxsize=65536)
def short_forms(word: str) -> frozenset[str]:
    """Names one folded given name is a short or full form of (bill: william; william: bill,
    will, billy ...), from the `nicknames` package and the curated table. Not itself."""
    found: set[str] = set()
    for spelt in spellings(word):
        found |= _NICKNAMES.nicknames_of(spelt) | _NICKNAMES.canonicals_of(spelt)
        found.update(SHORT_FORMS.get(spelt, ()))
    for full, shorts in SHORT_FORMS.items():
        if word in shorts:
            found.add(full)
            found.update(spellings(full))
    found.discard(word)
    return frozenset(found)


def _nicknames_alike(a: str, b: str) -> bool:
    """Short forms of one another, or both short forms of one name (Bill and Will: William)."""
    if b in short_forms(a) or a in short_forms(b):
        return True
    full_a = _NICKNAMES.canonicals_of(a)
    return bool(full_a and full_a & _NICKNAMES.canonicals_of(b))


@functools.lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """A key two names that sound alike share (Metaphone): Smith and Smyth both SM0."""
    return jellyfish.metaphone(word) if word else ""


@functools.lru_cache(maxsize=16384)
def given_name_variants(word: str) -> frozenset[str]:
    """Every folded given name that may be this one: spellings and short forms, itself
    included. For finding candidates; the comparison decides."""
    folded = squash(word)
    if not folded:
        return frozenset()
    found = set(spellings(folded)) | set(short_forms(folded))
    for spelt in list(found):
        found |= spellings(spelt)
    return frozenset(found)


# -- comparing one word with another ------------------------------------------------------

# How alike two words are, by how they are alike. Any other pair scores by Jaro-Winkler.
SAME = 1.0
SPELLING = 0.95
SHORT_FORM = 0.92
ONE_SLIP = 0.9
SOUND_ALIKE = 0.88
TWO_SLIPS = 0.85
PART_OF = 0.85
INITIAL = 0.8


@dataclass(frozen=True)
class WordMatch:
    score: float
    kind: str  # same | spelling | short | slip | sound | prefix | initial | part | unlike


_UNLIKE = WordMatch(0.0, "unlike")


@functools.lru_cache(maxsize=262144)
def compare_words(a: str, b: str, given: bool = True) -> WordMatch:
    """Two folded, run-together name words compared (given names allow short forms, initials
    and shortened names; family names do not)."""
    if not a or not b:
        return _UNLIKE
    if a == b:
        return WordMatch(SAME, "same")
    if b in spellings(a) or _mac(a) == _mac(b):
        return WordMatch(SPELLING, "spelling")
    if given and (len(a) == 1 or len(b) == 1):
        return WordMatch(INITIAL, "initial") if a[0] == b[0] else _UNLIKE
    if given and _nicknames_alike(a, b):
        return WordMatch(SHORT_FORM, "short")
    shorter, longer = sorted((a, b), key=len)
    edits = DamerauLevenshtein.distance(a, b, score_cutoff=2)
    if edits == 1 and len(shorter) >= 4:
        return WordMatch(ONE_SLIP, "slip")
    similarity = JaroWinkler.similarity(a, b)
    if phonetic_key(a) == phonetic_key(b) and similarity >= 0.75:
        return WordMatch(SOUND_ALIKE, "sound")
    if edits == 2 and len(shorter) >= 7:
        return WordMatch(TWO_SLIPS, "slip")
    # Funmi for Funmilayo, Tunde for Babatunde: a name shortened from either end.
    if (
        given
        and len(shorter) >= 3
        and len(longer) - len(shorter) >= 2
        and (longer.startswith(shorter) or (len(shorter) >= 4 and longer.endswith(shorter)))
    ):
        return WordMatch(PART_OF, "prefix")
    # Anything else counts for little: unrelated names still share letters.
    return WordMatch(round(similarity**3, 3), "unlike")


# -- comparing names ----------------------------------------------------------------------


@dataclass(frozen=True)
class PartMatch:
    """How one part (the given or the family name) of two names compares."""

    score: float
    reason: str


@dataclass(frozen=True)
class NameMatch:
    """How two names compare: 0..1 and the reasons in plain words."""

    score: float
    reasons: tuple[str, ...]
    swapped: bool = False

    @property
    def reason_text(self) -> str:
        return ", ".join(self.reasons)


def _quote(word: str) -> str:
    return word[:1].upper() + word[1:]


def _family_reason(kind: str, listed: str, held: str) -> str:
    a, b = _quote(listed), _quote(held)
    return {
        "same": "same family name",
        "spelling": f"family name spelt another way ({a} for {b})",
        "slip": f"family name a letter or two different ({a} and {b})",
        "sound": f"family names sound alike ({a} and {b})",
    }.get(kind, f"family names alike ({a} and {b})")


@functools.lru_cache(maxsize=65536)
def compare_family(a: str, b: str) -> PartMatch:
    """Two family names (as written) compared."""
    sa, sb = squash(a), squash(b)
    if not sa or not sb:
        return PartMatch(0.0, "")
    if sa == sb:
        plain = " ".join(a.casefold().split()) == " ".join(b.casefold().split())
        reason = "same family name" if plain else f"same family name ({a} and {b})"
        return PartMatch(SAME, reason)
    core_a, core_b = family_core(a), family_core(b)
    if core_a == core_b and len(core_a) >= 3:
        return PartMatch(0.92, f"same family name with and without a prefix ({a} and {b})")
    best = compare_words(sa, sb, given=False)
    reason = _family_reason(best.kind, a, b)
    wa, wb = words(a), words(b)
    if len(wa) == len(wb) > 1:
        # Per word: Abdel Rahman for Abdul Rahman.
        pairs = [compare_words(x, y, given=False) for x, y in zip(wa, wb, strict=True)]
        score = min(p.score for p in pairs)
        if score > best.score:
            best = WordMatch(score, "spelling")
            reason = _family_reason("spelling", a, b)
    if best.score < PART_OF and (len(wa) > 1 or len(wb) > 1):
        # Smith for Smith-Jones: one part of a double family name.
        shared = {w for w in wa if len(w) >= 3 and w not in PARTICLES} & set(wb)
        if shared:
            return PartMatch(PART_OF, f"one part of a double family name ({a} and {b})")
    return PartMatch(best.score, reason if best.score >= 0.8 else "different family names")


def _given_reason(kind: str, listed: str, held: str) -> str:
    a, b = _quote(listed), _quote(held)
    if kind in ("short", "prefix") and len(a) > len(b):
        a, b = b, a  # the short form first: "Bill for William"
    return {
        "same": "same given name",
        "spelling": f"given name spelt another way ({a} for {b})",
        "short": f"given name is a short form ({a} for {b})",
        "prefix": f"given name is a short form ({a} for {b})",
        "slip": f"given name a letter or two different ({a} and {b})",
        "sound": f"given names sound alike ({a} and {b})",
        "initial": f"initial matches ({a[:1]} for {b})",
    }.get(kind, "different given names")


def compare_given(a: Name, b: Name) -> PartMatch:
    """The given names of two names compared: first names, first and middle names run
    together (Mary Jane = Maryjane), the name either goes by, and a middle name used as a
    first name."""
    return _compare_given(a.given, a.middle, a.preferred, b.given, b.middle, b.preferred)


@functools.lru_cache(maxsize=65536)
def _compare_given(
    a_given: str, a_middle: str, a_preferred: str, b_given: str, b_middle: str, b_preferred: str
) -> PartMatch:
    # Cached by the parts that matter: given names repeat far more than whole names do.
    a = Name(given=a_given, middle=a_middle, preferred=a_preferred)
    b = Name(given=b_given, middle=b_middle, preferred=b_preferred)
    wa, wb = words(a.forenames), words(b.forenames)
    if not wa or not wb:
        return PartMatch(0.0, "")
    if "".join(wa) == "".join(wb) or squash(a.given) == squash(b.given):
        return PartMatch(SAME, "same given name")
    first = compare_words(wa[0], wb[0])
    best = PartMatch(first.score, _given_reason(first.kind, wa[0], wb[0]))
    for listed, held in ((a, b), (b, a)):
        known_as = squash(held.preferred)
        if not known_as:
            continue
        for word in {squash(listed.given), words(listed.forenames)[0]}:
            match = compare_words(word, known_as)
            if match.score > best.score or (match.kind == "same" and best.score < SAME):
                text = _quote(held.preferred.strip())
                if match.kind == "same":
                    reason = f"given name is the name they go by ({text})"
                else:
                    reason = f"{_given_reason(match.kind, word, known_as)}, the name they go by"
                best = PartMatch(match.score, reason)
    if best.score < PART_OF:
        # Known by a middle name: John Paul Smith who goes by Paul.
        for x, y in ((wa, wb), (wb, wa)):
            if len(x) > 1 and y[0] in x[1:]:
                return PartMatch(PART_OF, f"given name matches a middle name ({_quote(y[0])})")
    return best


def _score(family: PartMatch, given: PartMatch, a: Name, b: Name) -> tuple[float, list[str]]:
    reasons = [r for r in (family.reason, given.reason) if r]
    if not (fold(a.given or a.middle) and fold(b.given or b.middle)):
        # Only a family name on one side (typed so far): it counts, but less.
        if not family.reason:
            return 0.0, []
        return round(family.score * 0.9, 3), [family.reason, "no given name to compare"]
    if not (fold(a.family) and fold(b.family)):
        return round(given.score * 0.9, 3), [given.reason, "no family name to compare"]
    # The geometric mean: a good family name cannot make up for a different given name
    # (twins share a family name and a date of birth).
    return round((family.score * given.score) ** 0.5, 3), reasons


@functools.lru_cache(maxsize=65536)
def compare_names(a: Name, b: Name) -> NameMatch:
    """Two names compared, the better of both orders: 0..1 and the reasons.

    `a` is the name being looked up (typed, or from a list) and `b` one already held; `b`'s
    preferred name (Known as) is tried in place of its given name.
    """
    family = compare_family(a.family, b.family)
    given = compare_given(a, b)
    score, reasons = _score(family, given, a, b)
    best = NameMatch(score, tuple(reasons))
    if a.given or a.middle:
        turned = Name(given=a.family, family=a.forenames, preferred=a.preferred)
        t_family = compare_family(turned.family, b.family)
        t_given = compare_given(turned, b)
        t_score, t_reasons = _score(t_family, t_given, turned, b)
        # A list that could be read either way costs nothing to turn round.
        if a.order_known and b.order_known:
            t_score = round(t_score * 0.97, 3)
        if t_score > best.score:
            best = NameMatch(t_score, ("given and family names swapped", *t_reasons), True)
    if best.score < 0.9:
        # The whole name run together, split differently (Nguyen Van An, Van An Nguyen).
        whole_a = squash(a.display())
        for whole_b in (squash(b.display()), squash(f"{b.family} {b.forenames}")):
            if whole_a and whole_a == whole_b:
                return NameMatch(0.9, ("same name, split into given and family differently",))
    return best


def clear_caches() -> None:
    """Forget every cached fold and comparison (for benchmarks that must start cold)."""
    for cached in (
        _fold,
        spellings,
        short_forms,
        phonetic_key,
        given_name_variants,
        compare_words,
        compare_family,
        _compare_given,
        compare_names,
    ):
        cached.cache_clear()
