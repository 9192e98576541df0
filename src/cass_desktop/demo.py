"""Realistic made-up data for trying the app, training and benchmarks.

`generate` fills an empty store with people seen at Plymouth, Bodmin and Truro Magistrates'
Courts, their court dates, consents, contacts, needs and follow-ups, supported referrals in
every status (each with the consent or lawful reason that lets it be made), and a directory
of fictional agencies across Devon and Cornwall. Everything is drawn from one seeded random
generator, ids included, so the same seed gives the same records (only the change-log clocks,
which come from the wall clock, differ). Dates are placed around today, so the Today page and
the court diary always have hearings today at every court.

Nothing here is real: names come from lists in resources/demo, phone numbers from Ofcom's
ranges kept for drama (07700 900000-900999, 01632 960000-960999), e-mail addresses from the
example domains, and the organisations are invented.

Records are written through the change log (`changelog.save_new_many`, one operation per
field) in batches of people, under `data.bulk.bulk_loading`: 100,000 people (about a million
records, eight million operations, a 4.3 GB store) take about five minutes on two cores.

A demo store is marked as one in its own state (`data.local.is_demo`), in the same transaction
as its first records, and the app shows it as demo however it is opened; it is never
exported, gives no card, and head office takes nothing from it. Demo data never goes in a
store set up for a real court or as head office. `make_store` builds a demo all or nothing:
in a new store file beside the one asked for, moved into place only when it is complete.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from cass_desktop.app.resources import resource
from cass_desktop.data import changelog, open_store, sites
from cass_desktop.data import clients as people
from cass_desktop.data.bulk import bulk_loading
from cass_desktop.data.local import get as setting
from cass_desktop.data.local import is_demo, mark_demo
from cass_desktop.data.passphrase import is_locked
from cass_desktop.records import vocab
from cass_desktop.records.dates import show_date
from cass_desktop.records.dates import today as _today
from cass_desktop.sites.setup import set_up_device

DEVICE_SITE = "Plymouth Magistrates' Court"
DEVICE_WORKER = "Sam Okafor"

# People are written in batches of this many, with everything recorded about them.
BATCH = 1000
# Reference letters: Crockford's base32 without I, L, O, U, as data.clients uses.
_ID_EPOCH_MS = 1_767_225_600_000  # 1 Jan 2026: where demo ids start counting
_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Postcode inward letters never include C, I, K, M, O or V.
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
# Listing times, 09:30 to 16:00, most cases listed for 10:00 or 14:00 as courts do.
_SLOTS = [
    ("09:30", 8),
    ("10:00", 14),
    ("10:30", 8),
    ("11:00", 6),
    ("11:30", 4),
    ("12:00", 3),
    ("12:30", 1),
    ("13:00", 1),
    ("13:30", 2),
    ("14:00", 10),
    ("14:30", 5),
    ("15:00", 4),
    ("15:30", 2),
    ("16:00", 1),
]
# Case numbers (URNs): 50 is Devon and Cornwall Police, then the charging station's letters.
_STATIONS = {"PLY": ["PL", "PL", "TQ", "EX"], "BOD": ["BD", "CW"], "TRU": ["TR", "CW"]}
_GENDERS = [("Male", 72), ("Female", 25), ("Non-binary", 1), ("Not stated", 2)]
# Lawful reasons to share without consent, as a worker would write them down.
_LAWFUL_REASONS = [
    (
        "safeguarding",
        "Said their partner threatened them last night and they are afraid to go home; too "
        "distressed to talk about consent. Manager agreed we share.",
    ),
    (
        "vital_interests",
        "Took an overdose this morning and was confused; ambulance called and the crisis "
        "team told.",
    ),
    (
        "safeguarding",
        "Disclosed that a vulnerable adult they live with is being exploited; shared with "
        "the safeguarding team the same day.",
    ),
]
_NEED_WEIGHTS = {
    "housing": 40,
    "money": 35,
    "substances": 35,
    "mental_health": 45,
    "physical_health": 15,
    "learning_disability": 8,
    "trauma": 20,
    "work_education": 20,
    "family": 15,
    "benefits": 30,
    "legal": 10,
}


def _weighted[T](rng: random.Random, pairs: Sequence[tuple[T, float]] | Sequence[list]) -> T:
    total = sum(w for _, w in pairs)
    pick = rng.random() * total
    for value, weight in pairs:
        pick -= weight
        if pick < 0:
            return value
    return pairs[-1][0]


def _load(name: str) -> dict[str, Any]:
    return json.loads(resource("demo", name).read_text(encoding="utf-8"))


def _ascii(text: str) -> str:
    """Letters for an e-mail address: Łukasz Wiśniewski -> lukasz.wisniewski."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("đ", "d")
    text = text.replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _weekday(day: dt.date) -> dt.date:
    """The day itself, or the Monday after when it falls at a weekend (courts sit weekdays)."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _weekday_before(day: dt.date) -> dt.date:
    """The day itself, or the Friday before when it falls at a weekend."""
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


@dataclass
class _Court:
    code: str
    id: str
    name: str
    courtrooms: list[str]
    share: int
    areas: list[str]
    towns: list[dict[str, Any]] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)


@dataclass
class _Person:
    """What the records about one person are made from."""

    id: str
    court: _Court
    areas: set[str]
    interpreter: str | None
    keyworker: str = ""
    opened: dt.date = dt.date.min
    closed: dt.date | None = None
    hearings: list[dict[str, Any]] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)


@dataclass
class _Agency:
    id: str
    name: str
    domains: list[str]
    areas: set[str]
    contact: str | None = None
    address: str | None = None


class _Generator:
    def __init__(
        self,
        db: sqlite_utils.Database,
        clients: int,
        seed: int,
        today: dt.date,
        progress: Callable[[int, int, str], None] | None,
    ):
        self.db = db
        self.total = clients
        self.rng = random.Random(seed)
        self.today = today
        self.progress = progress
        self.names = _load("names.json")
        self.places = _load("places.json")
        self.phrases = _load("phrases.json")
        self.backgrounds = [(b, b["weight"]) for b in self.names["backgrounds"]]
        self.courts: dict[str, _Court] = {}
        self.agencies: list[_Agency] = []
        self.by_domain: dict[str, list[_Agency]] = {}
        self.device_worker = ""
        self.references: set[str] = set()
        self.sam_followups = [-3, 0, 6]  # days from today still to give this laptop's worker
        self.sam_in_court = 0
        # Referrals: the first ones take each status in turn, so even a small store shows
        # every status; this laptop's worker has referral follow-ups overdue and due today.
        self.referral_statuses = list(vocab.REFERRAL_STATUSES)
        self.sam_referral_followups = [-2, 0]
        self.buffers: dict[str, list[dict[str, Any]]] = {}
        self.ids_made = 0

    # ---- small helpers -------------------------------------------------------------------
    def new_id(self) -> str:
        # Time-ordered like the app's own ids (UUIDv7), from a fixed start so a seed always
        # gives the same ids.
        self.ids_made += 1
        return changelog.uuid7(_ID_EPOCH_MS + self.ids_made, self.rng.getrandbits(74))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def mobile(self) -> str:
        return f"07700 900{self.rng.randrange(1000):03d}"

    def landline(self) -> str:
        return f"01632 960{self.rng.randrange(1000):03d}"

    def add(self, table: str, record: dict[str, Any]) -> None:
        """Queue a record, leaving out empty fields (they are not logged)."""
        self.buffers.setdefault(table, []).append(
            {k: v for k, v in record.items() if v is not None and v != ""}
        )

    def flush(self) -> None:
        for table in (
            "clients",
            "consents",
            "hearings",
            "contacts",
            "needs",
            "followups",
            "referrals",
        ):
            records = self.buffers.pop(table, [])
            if records:
                changelog.save_new_many(self.db, table, records)
        self.buffers.clear()

    def report(self, done: int, text: str) -> None:
        if self.progress is not None:
            self.progress(done, self.total, text)

    # ---- the fixed world: courts, workers, agencies ---------------------------------------
    def make_world(self) -> None:
        sites = []
        for code, court in self.places["courts"].items():
            site_id = self.new_id()
            self.courts[code] = _Court(
                code, site_id, court["name"], court["courtrooms"], court["share"], court["areas"]
            )
            sites.append(
                {
                    "id": site_id,
                    "name": court["name"],
                    "code": code,
                    "kind": "court",
                    "address": court["address"],
                    "phone": court["phone"],
                }
            )
        for town in self.places["towns"]:
            self.courts[town["court"]].towns.append(town)
        changelog.save_new_many(self.db, "sites", sites)

        by_name = {c.name: c for c in self.courts.values()}
        people = [(DEVICE_WORKER, DEVICE_SITE), *self.names["workers"]]
        # A caseload is up to 150 people, about a third of them open at a time.
        wanted = max(len(people), self.total // 600)
        taken = {name for name, _ in people}
        court_shares = [(c, c.share) for c in self.courts.values()]
        while len(people) < wanted:
            background = _weighted(self.rng, self.backgrounds)
            gender = "female" if self.chance(0.6) else "male"
            name = f"{self.given(background, gender)} {self.family(background, gender)}"
            if name not in taken:
                taken.add(name)
                people.append((name, _weighted(self.rng, court_shares).name))
        workers = []
        for name, site_name in people:
            court = by_name[site_name]
            worker_id = self.new_id()
            court.workers.append(worker_id)
            if name == DEVICE_WORKER:
                self.device_worker = worker_id
            first, _, last = name.partition(" ")
            workers.append(
                {
                    "id": worker_id,
                    "name": name,
                    "site_id": court.id,
                    "email": f"{_ascii(first)}.{_ascii(last)}@cass.example.org",
                    "phone": self.mobile(),
                }
            )
        changelog.save_new_many(self.db, "workers", workers)

        agencies = []
        for entry in _load("agencies.json")["agencies"]:
            agency = _Agency(
                self.new_id(),
                entry["name"],
                entry["domains"],
                set(entry["areas"]),
                entry.get("contact_name") or None,
                entry.get("address"),
            )
            self.agencies.append(agency)
            if entry.get("active", True):
                for domain in agency.domains:
                    self.by_domain.setdefault(domain, []).append(agency)
            slug = "".join(_ascii(w)[:1] for w in entry["name"].split() if _ascii(w)) or "org"
            freephone = self.chance(0.3)
            phone = f"0808 157 0{self.rng.randrange(1000):03d}" if freephone else self.landline()
            agencies.append(
                {
                    "id": agency.id,
                    "name": entry["name"],
                    "domains": ",".join(entry["domains"]),
                    "areas": ", ".join(entry["areas"]),
                    "address": entry.get("address"),
                    "phone": phone if entry.get("active", True) else None,
                    "email": f"referrals@{slug}.example.org" if entry.get("active", True) else None,
                    "referral_method": entry.get("referral_method"),
                    "referral_criteria": entry.get("referral_criteria"),
                    "opening_hours": entry.get("opening_hours"),
                    "contact_name": entry.get("contact_name") or None,
                    "notes": entry.get("notes"),
                    "active": 1 if entry.get("active", True) else 0,
                }
            )
        changelog.save_new_many(
            self.db, "agencies", [{k: v for k, v in a.items() if v is not None} for a in agencies]
        )

    # ---- people --------------------------------------------------------------------------
    def given(self, background: dict[str, Any], gender: str) -> str:
        return self.rng.choice(background[gender])

    def family(self, background: dict[str, Any], gender: str) -> str:
        name = self.rng.choice(background["family"])
        if isinstance(name, list):
            return name[1] if gender == "female" else name[0]
        return name

    def reference(self, code: str) -> str:
        while True:
            body = "".join(self.rng.choice(_REF_ALPHABET) for _ in range(8))
            ref = f"{code}-{body[:4]}-{body[4:]}"
            if ref not in self.references:
                self.references.add(ref)
                return ref

    def postcode(self, district: str) -> str:
        letters = self.rng.choice(_INWARD_LETTERS) + self.rng.choice(_INWARD_LETTERS)
        return f"{district} {self.rng.randrange(1, 10)}{letters}"

    def address(self, court: _Court) -> tuple[str, str | None, set[str]]:
        """Address, postcode, and the areas whose agencies serve the person."""
        town = _weighted(self.rng, [(t, t["weight"]) for t in court.towns])
        areas = (set(court.areas) | set(town.get("areas", []))) - set(town.get("not_areas", []))
        roll = self.rng.random()
        if roll < 0.07:
            return "No fixed abode", None, areas
        postcode = self.postcode(self.rng.choice(town["districts"]))
        if roll < 0.12:
            housing = self.rng.choice(self.places["supported_housing"])
            return f"{housing}, {town['town']}", postcode, areas
        street = f"{self.rng.randrange(1, 180)} {self.rng.choice(town['streets'])}"
        if self.chance(0.3):
            street = f"{self.rng.choice(self.places['flat_prefixes'])}, {street}"
        return f"{street}, {town['town']}", postcode, areas

    def date_of_birth(self) -> str:
        age = int(self.rng.triangular(18, 76, 27))
        age = min(max(age, 18), 75)
        try:
            born = self.today.replace(year=self.today.year - age)
        except ValueError:  # 29 February has no twin in most years
            born = dt.date(self.today.year - age, 2, 28)
        return (born - dt.timedelta(days=self.rng.randrange(1, 365))).isoformat()

    def agency_for(self, domain: str, areas: set[str]) -> _Agency:
        """An agency for a need, covering where the person lives when one does."""
        serving = self.by_domain.get(domain) or self.agencies
        local = [a for a in serving if a.areas & areas]
        return self.rng.choice(local or serving)

    def agency_name(self, person: _Person) -> str:
        if not person.needs:
            return "the council"
        return self.agency_for(self.rng.choice(person.needs), person.areas).name

    def phrase(self, key: str, person: _Person, kind: str | None = None) -> str:
        """A note from the phrase lists; ones about interpreters only for those who need one."""
        choices = list(self.phrases[key][kind] if kind else self.phrases[key])
        if person.interpreter:
            choices += self.phrases["interpreter_phrases"].get(kind or key, [])
        return self.rng.choice(choices)

    def fill(self, text: str, *, agency: str, date: str, court: str) -> str:
        amount = f"{self.rng.randrange(2, 60) * 50:,}"
        return text.format(agency=agency, date=date, court=court, amount=amount)

    def make_client(self, court: _Court, pending: dt.date | None) -> None:
        """One person and everything recorded about them; `pending`: a hearing they have."""
        rng = self.rng
        background = _weighted(rng, self.backgrounds)
        gender_word = _weighted(rng, _GENDERS)
        pool = "female" if gender_word == "Female" else "male"
        if gender_word not in ("Male", "Female"):
            pool = rng.choice(["female", "male"])
        given = self.given(background, pool)
        family = self.family(background, pool)
        preferred = self.names["preferred"].get(given) if self.chance(0.5) else None
        client_id = self.new_id()
        address, postcode, areas = self.address(court)
        phone = self.mobile() if self.chance(0.8) else None
        email = None
        if self.chance(0.25):
            domain = rng.choice(["example.com", "example.org", "example.net"])
            email = f"{_ascii(given)}.{_ascii(family)}{rng.randrange(1, 99)}@{domain}"
        if phone and email:
            preferred_contact = _weighted(rng, [("phone", 5), ("text", 4), ("email", 1)])
        elif phone:
            preferred_contact = _weighted(rng, [("phone", 5), ("text", 5)])
        elif email:
            preferred_contact = "email"
        else:
            preferred_contact = "in_person" if address == "No fixed abode" else "letter"
        communication = (
            rng.choice(self.phrases["communication_needs"]) if self.chance(0.1) else None
        )
        interpreter = None
        if communication and "BSL" in communication:
            interpreter = "British Sign Language"
        else:
            for language, percent in background.get("interpreter", []):
                if self.chance(percent / 100):
                    interpreter = language
                    break
        keyworker = rng.choice(court.workers)
        # This laptop's worker has people in court today (always at least three).
        if (
            pending == self.today
            and court.name == DEVICE_SITE
            and (self.sam_in_court < 3 or self.chance(0.3))
        ):
            keyworker = self.device_worker
            self.sam_in_court += 1
        risk = rng.choice(self.phrases["risk_flags"]) if self.chance(0.07) else None

        hearings, opened, closed = self.make_hearings(client_id, court, pending)
        status = "closed" if closed else "open"
        self.add(
            "clients",
            {
                "id": client_id,
                "reference": self.reference(court.code),
                "given_name": given,
                "family_name": family,
                "preferred_name": preferred,
                "date_of_birth": self.date_of_birth(),
                "gender": gender_word,
                "ethnicity": _weighted(rng, background["ethnicities"]),
                "address": address,
                "postcode": postcode,
                "phone": phone,
                "email": email,
                "preferred_contact": preferred_contact,
                "communication_needs": communication,
                "interpreter_language": interpreter,
                "status": status,
                "opened_on": opened.isoformat(),
                "closed_on": closed.isoformat() if closed else None,
                "keyworker_id": keyworker,
                "site_id": court.id,
                "risk_flags": risk,
            },
        )
        for hearing in hearings:
            if interpreter and not hearing.get("notes"):
                hearing["notes"] = f"Interpreter needed ({interpreter})."
            self.add("hearings", hearing)
        person = _Person(client_id, court, areas, interpreter, keyworker, opened, closed, hearings)
        person.needs = self.make_needs(client_id, closed is not None)
        shares = self.make_consents(person)
        self.make_contacts(person)
        self.make_followups(person)
        self.make_referrals(person, shares)

    # ---- court dates ---------------------------------------------------------------------
    def slot(self, day: dt.date) -> str:
        return f"{day.isoformat()}T{_weighted(self.rng, _SLOTS)}"

    def make_hearings(
        self, client_id: str, court: _Court, pending: dt.date | None
    ) -> tuple[list[dict[str, Any]], dt.date, dt.date | None]:
        """A case's hearings, the date the person was first seen, and when they were closed.

        With `pending`, the case has a hearing that day (today or soon) with no outcome yet.
        """
        rng = self.rng
        today = self.today
        if pending is not None:
            # Earlier stages counted back from the pending hearing.
            stages_before = _weighted(rng, [(0, 3), (1, 4), (2, 2), (3, 1)])
            days = [pending]
            for _ in range(stages_before):
                days.insert(0, _weekday(days[0] - dt.timedelta(days=rng.randrange(14, 43))))
            stages = len(days)
        else:
            opened = today - dt.timedelta(days=rng.randrange(0, 3 * 365))
            if self.chance(0.15):  # came to the drop-in without a court case
                closed = None
                if opened < today - dt.timedelta(days=120) and self.chance(0.8):
                    closed = opened + dt.timedelta(days=rng.randrange(14, 120))
                return [], opened, closed
            stages = _weighted(rng, [(1, 3), (2, 4), (3, 3), (4, 2), (5, 1)])
            days = [_weekday(opened)]
            for _ in range(stages - 1):
                days.append(_weekday(days[-1] + dt.timedelta(days=rng.randrange(14, 43))))
        case_number = (
            f"50{rng.choice(_STATIONS[court.code])}"
            f"{rng.randrange(100000):05d}{days[0].year % 100:02d}"
        )
        charge = rng.choice(self.phrases["charges"])
        solicitor = rng.choice(self.phrases["solicitors"])
        courtroom = rng.choice(court.courtrooms)
        hearings: list[dict[str, Any]] = []
        times = [self.slot(day) for day in days]
        last_outcome = None
        for i, day in enumerate(days):
            if i == 0:
                kind = "first_appearance"
            elif last_outcome == "remanded_custody":
                kind = "remand"
            elif i == stages - 1:
                kind = _weighted(rng, [("sentencing", 3), ("trial", 1)])
            else:
                kind = _weighted(rng, [("adjournment", 4), ("trial", 1), ("other", 1)])
            hearing: dict[str, Any] = {
                "id": self.new_id(),
                "client_id": client_id,
                "court_id": court.id,
                "starts_at": times[i],
                "courtroom": courtroom if self.chance(0.7) else rng.choice(court.courtrooms),
                "case_number": case_number,
                "hearing_type": kind,
                "charge_summary": charge,
                "solicitor": solicitor,
            }
            hearings.append(hearing)
            if day >= today:  # today's and later hearings have no outcome yet
                break
            if i == stages - 1:
                hearing["outcome"] = _weighted(
                    rng, [("sentenced", 15), ("dismissed", 4), ("other", 1)]
                )
                if hearing["outcome"] == "other":
                    hearing["notes"] = "Case sent to the Crown Court."
            else:
                last_outcome = _weighted(
                    rng,
                    [
                        ("adjourned", 50),
                        ("unconditional_bail", 25),
                        ("conditional_bail", 22),
                        ("remanded_custody", 3),
                    ],
                )
                hearing["outcome"] = last_outcome
                hearing["next_hearing_at"] = times[i + 1]
                if last_outcome == "adjourned" and self.chance(0.4):
                    hearing["notes"] = rng.choice(
                        [
                            "Adjourned for pre-sentence reports.",
                            "Adjourned: defence not ready.",
                            "Adjourned for a trial date.",
                            "Adjourned: interpreter not available.",
                        ]
                    )
        opened = days[0]
        closed = None
        last = days[len(hearings) - 1]
        if "outcome" in hearings[-1] and hearings[-1].get("next_hearing_at") is None:
            after = last + dt.timedelta(days=rng.randrange(7, 90))
            if after < today and self.chance(0.85):
                closed = after
        return hearings, opened, closed

    # ---- what is recorded about them -----------------------------------------------------
    def make_needs(self, client_id: str, closed: bool) -> list[str]:
        rng = self.rng
        count = _weighted(rng, [(1, 4), (2, 4), (3, 2), (4, 1)])
        domains: list[str] = []
        notes = self.phrases["need_notes"]  # domains with made-up notes (not those added since)
        weights = [(key, _NEED_WEIGHTS.get(key, 10)) for key in vocab.NEED_DOMAINS if key in notes]
        while len(domains) < count:
            domain = _weighted(rng, weights)
            if domain not in domains:
                domains.append(domain)
        for domain in domains:
            if closed:
                status = _weighted(rng, [("met", 50), ("being_met", 30), ("declined", 20)])
            else:
                status = _weighted(rng, [("identified", 45), ("being_met", 45), ("met", 10)])
            note = rng.choice(self.phrases["need_notes"][domain])
            self.add(
                "needs",
                {
                    "id": self.new_id(),
                    "client_id": client_id,
                    "domain": domain,
                    "level": _weighted(rng, [("low", 3), ("medium", 5), ("high", 3)]),
                    "status": status,
                    "notes": self.fill(note, agency="", date="", court=""),
                },
            )
        return domains

    def make_consents(self, person: _Person) -> list[dict[str, Any]]:
        """Consents to hold and (for most) to share; returns the decisions about sharing."""
        rng = self.rng
        how = _weighted(rng, [("verbal", 6), ("signed", 3), ("phone", 1)])
        self.add(
            "consents",
            {
                "id": self.new_id(),
                "client_id": person.id,
                "scope": "hold",
                "decision": "given",
                "decided_on": person.opened.isoformat(),
                "how_recorded": how,
                "recorded_by": person.keyworker,
                "notes": self.phrase("consent_notes", person) if self.chance(0.3) else None,
            },
        )
        if person.closed and self.chance(0.03):
            self.add(
                "consents",
                {
                    "id": self.new_id(),
                    "client_id": person.id,
                    "scope": "hold",
                    "decision": "withdrawn",
                    "decided_on": person.closed.isoformat(),
                    "how_recorded": "phone",
                    "recorded_by": person.keyworker,
                    "notes": "Asked us to stop contacting them; record kept only as the law "
                    "requires.",
                },
            )
        shares: list[dict[str, Any]] = []
        if not self.chance(0.6):
            return shares
        for domain in person.needs[:2]:
            share: dict[str, Any] = {
                "id": self.new_id(),
                "client_id": person.id,
                "scope": "share",
                "decision": _weighted(rng, [("given", 9), ("refused", 1)]),
                "decided_on": person.opened.isoformat(),
                "how_recorded": how,
                "recorded_by": person.keyworker,
            }
            if self.chance(0.5):
                share["agency_id"] = self.agency_for(domain, person.areas).id
            else:
                share["agency_kind"] = domain
            self.add("consents", share)
            shares.append(share)
        return shares

    def next_court_date(self, person: _Person, after: str) -> str:
        """The next hearing after a moment, as people read it ('' when there is none)."""
        later = [h["starts_at"] for h in person.hearings if h["starts_at"] > after]
        return show_date(later[0]) if later else ""

    def add_contact(self, person: _Person, kind: str, at: str, phrases: str | None = None) -> None:
        rng = self.rng
        date = self.next_court_date(person, at) or show_date(
            (dt.date.fromisoformat(at[:10]) + dt.timedelta(days=21)).isoformat()
        )
        text = self.phrase("contact_summaries", person, phrases or kind)
        court = person.court
        self.add(
            "contacts",
            {
                "id": self.new_id(),
                "client_id": person.id,
                "kind": kind,
                "at": at,
                "place": rng.choice(self.phrases["contact_places"][kind]).format(court=court.name),
                "duration_minutes": rng.choice([5, 10, 15, 20, 30, 45, 60]),
                "summary": self.fill(text, agency=self.agency_name(person), date=date, court=""),
                "worker_id": person.keyworker if self.chance(0.7) else rng.choice(court.workers),
            },
        )

    def make_contacts(self, person: _Person) -> None:
        rng = self.rng
        today = self.today.isoformat()
        for i, hearing in enumerate(person.hearings):
            if hearing["starts_at"][:10] > today:
                break
            if not self.chance(0.9 if i == 0 else 0.45):
                continue
            start = dt.datetime.fromisoformat(hearing["starts_at"])
            if hearing.get("outcome") and self.chance(0.5):  # seen after the hearing
                at = start + dt.timedelta(minutes=rng.choice([30, 45, 60, 90]))
                self.add_contact(person, "court", f"{at:%Y-%m-%dT%H:%M}", "court_after")
            else:
                before = start - dt.timedelta(minutes=rng.choice([20, 30, 45, 60]))
                at = max(before, start.replace(hour=9, minute=0))
                self.add_contact(person, "court", f"{at:%Y-%m-%dT%H:%M}", "court_before")
        end = person.closed or self.today
        span = (end - person.opened).days
        for _ in range(_weighted(rng, [(0, 3), (1, 4), (2, 3), (3, 2)])):
            if span <= 0:
                break
            day = person.opened + dt.timedelta(days=rng.randrange(1, span + 1))
            kind = _weighted(
                rng, [("drop_in", 4), ("phone", 5), ("outreach", 1), ("home_visit", 1)]
            )
            minute = rng.choice(["00", "15", "30", "45"])
            self.add_contact(person, kind, f"{day.isoformat()}T{rng.randrange(9, 17):02d}:{minute}")
        if person.closed is None and not person.hearings and self.chance(0.02):
            self.add_contact(person, "drop_in", f"{today}T{rng.randrange(9, 13):02d}:30")

    def add_followup(self, person: _Person, due: dt.date, done_on: dt.date | None) -> None:
        rng = self.rng
        date = self.next_court_date(person, self.today.isoformat())
        choices = [
            c
            for c in self.phrases["followups"]
            + (self.phrases["interpreter_phrases"]["followups"] if person.interpreter else [])
            if date or "{date}" not in c
        ]
        what = self.fill(rng.choice(choices), agency=self.agency_name(person), date=date, court="")
        self.add(
            "followups",
            {
                "id": self.new_id(),
                "client_id": person.id,
                "due_on": due.isoformat(),
                "what": what,
                "done": 1 if done_on else None,
                "done_on": done_on.isoformat() if done_on else None,
                "worker_id": person.keyworker,
            },
        )

    def make_followups(self, person: _Person) -> None:
        rng = self.rng
        opened, closed = person.opened, person.closed
        if closed is not None:
            if self.chance(0.5):
                due = opened + dt.timedelta(days=rng.randrange(1, max(2, (closed - opened).days)))
                done = min(due + dt.timedelta(days=rng.randrange(0, 4)), closed)
                self.add_followup(person, due, done)
            return
        offsets: list[int] = []
        feasible = [n for n in self.sam_followups if self.today + dt.timedelta(days=n) >= opened]
        if person.keyworker == self.device_worker and feasible:
            # This laptop's worker always has one overdue, one due today and one coming up.
            offsets.append(feasible[0])
            self.sam_followups.remove(feasible[0])
        elif self.chance(0.45):
            overdue, later = rng.randrange(-21, 0), rng.randrange(1, 36)
            offsets.append(_weighted(rng, [(overdue, 2), (0, 1), (later, 5)]))
        for offset in offsets:
            self.add_followup(person, max(self.today + dt.timedelta(days=offset), opened), None)
        if self.chance(0.3):  # something done earlier in the case
            day = opened + dt.timedelta(days=rng.randrange(0, max(1, (self.today - opened).days)))
            self.add_followup(person, day, day)

    # ---- referrals -----------------------------------------------------------------------
    def make_referrals(self, person: _Person, shares: list[dict[str, Any]]) -> None:
        """Supported referrals for some of the person's needs, in every status."""
        if not person.needs or person.opened > self.today:
            return
        open_case = person.closed is None
        forced = open_case and bool(self.referral_statuses)
        if not forced and not self.chance(0.5 if open_case else 0.3):
            return
        count = 2 if len(person.needs) > 1 and self.chance(0.2) else 1
        for domain in person.needs[:count]:
            self.add_referral(person, domain, shares)

    def _covering(self, shares: list[dict[str, Any]], agency: _Agency) -> dict[str, Any] | None:
        """The consent in force for this agency, as referrals.consent_in_force decides it."""
        named = [s for s in shares if s.get("agency_id") == agency.id]
        if named:
            return named[-1] if named[-1]["decision"] == "given" else None
        kinds = [
            s for s in shares if s.get("agency_kind") in agency.domains and s["decision"] == "given"
        ]
        return kinds[0] if kinds else None

    def add_referral(self, person: _Person, domain: str, shares: list[dict[str, Any]]) -> None:
        rng = self.rng
        agency = self.agency_for(domain, person.areas)
        if person.closed is None:
            if self.referral_statuses:
                status = self.referral_statuses.pop(0)
            else:
                status = _weighted(
                    rng,
                    [
                        ("draft", 1),
                        ("made", 5),
                        ("accepted", 3),
                        ("attended", 3),
                        ("did_not_attend", 1),
                        ("declined", 1),
                        ("closed", 2),
                    ],
                )
            latest = self.today
        else:
            status = _weighted(
                rng, [("closed", 6), ("attended", 2), ("did_not_attend", 1), ("declined", 1)]
            )
            latest = person.closed
        span = max(0, (latest - person.opened).days)
        back = rng.randrange(0, min(span, 14 if status in ("draft", "made") else 45) + 1)
        made = latest - dt.timedelta(days=back)
        if _weekday_before(made) >= person.opened:
            made = _weekday_before(made)  # agencies are phoned on working days
        referral: dict[str, Any] = {
            "id": self.new_id(),
            "client_id": person.id,
            "agency_id": agency.id,
            "domains": domain,
            "reason": self.fill(
                rng.choice(self.phrases["referral_reasons"][domain]),
                agency=agency.name,
                date="",
                court="",
            ),
            "urgency": _weighted(rng, [("routine", 6), ("soon", 3), ("urgent", 1)]),
            "info_shared": "\n".join(
                [
                    "Name, date of birth and how to contact them",
                    "The needs we talked about and what they want help with",
                    *(["Court case: the charge and the next hearing date"] * self.chance(0.5)),
                ]
            ),
            "contact_name": agency.contact,
            "status": status,
            "worker_id": person.keyworker,
        }
        support = ["phoned_ahead"] if self.chance(0.7) else []
        appointment: dt.date | None = None
        if status in ("attended", "did_not_attend") or (
            status in ("made", "accepted", "closed") and self.chance(0.7)
        ):
            if status in ("attended", "did_not_attend", "closed"):
                appointment = made + dt.timedelta(days=rng.randrange(0, back + 1))
                appointment = max(_weekday_before(min(appointment, latest)), made)
            else:
                appointment = _weekday(made + dt.timedelta(days=rng.randrange(1, 15)))
            if appointment.weekday() >= 5:  # made at a weekend, right at the case's start
                appointment = None
            else:
                referral["appointment_at"] = self.slot(appointment)
                referral["appointment_place"] = agency.address
                support.append("appointment_made")
                if self.chance(0.15):
                    support.append("accompanied")
        if self.chance(0.1):
            support.append("warm_handover")
        referral["support"] = ",".join(support) or None
        if status != "draft":
            referral["made_on"] = made.isoformat()
            covering = self._covering(shares, agency)
            if covering is not None:
                referral["consent_id"] = covering["id"]
            elif self.chance(0.12):
                basis, reason = rng.choice(_LAWFUL_REASONS)
                referral["lawful_basis"] = basis
                referral["lawful_reason"] = reason
            else:
                consent = {
                    "id": self.new_id(),
                    "client_id": person.id,
                    "scope": "share",
                    "agency_id": agency.id,
                    "decision": "given",
                    "decided_on": made.isoformat(),
                    "how_recorded": _weighted(rng, [("verbal", 6), ("signed", 3), ("phone", 1)]),
                    "recorded_by": person.keyworker,
                }
                self.add("consents", consent)
                shares.append(consent)
                referral["consent_id"] = consent["id"]
        if status in self.phrases["referral_outcomes"]:
            referral["outcome"] = rng.choice(self.phrases["referral_outcomes"][status])
        referral["followup_due"] = self._referral_followup(person, status, made, appointment)
        self.add("referrals", referral)

    def _referral_followup(
        self, person: _Person, status: str, made: dt.date, appointment: dt.date | None
    ) -> str | None:
        if status == "closed":
            return None
        if (
            person.keyworker == self.device_worker
            and person.closed is None
            and self.sam_referral_followups
        ):
            offset = self.sam_referral_followups.pop(0)
            return max(self.today + dt.timedelta(days=offset), made).isoformat()
        if person.closed is not None:
            return None  # the case is closed: nothing more to follow up
        if appointment is not None and status in ("accepted", "attended", "did_not_attend"):
            due = appointment + dt.timedelta(days=1)
        elif status == "declined":
            due = made + dt.timedelta(days=3)
        else:
            due = made + dt.timedelta(days=7)
        if due < self.today - dt.timedelta(days=3) and self.chance(0.85):
            # Followed up already, with the next check booked.
            due = self.today + dt.timedelta(days=self.rng.randrange(1, 22))
        return due.isoformat()

    # ---- the whole run -------------------------------------------------------------------
    def run(self) -> None:
        self.report(0, "Making courts, workers and agencies…")
        with self.db.atomic():  # marked as demo with its first records, never after them
            mark_demo(self.db)
            self.make_world()
        courts = list(self.courts.values())
        shares = [(c, c.share) for c in courts]
        # The first three people are one at each court, so even a tiny store has all three.
        assigned = [
            courts[i] if i < len(courts) else _weighted(self.rng, shares) for i in range(self.total)
        ]
        # Hearings today at every court (a court list's worth, scaled with the store), and
        # more in the coming weeks for the court diary.
        pending: dict[int, dt.date] = {}
        for court in courts:
            mine = [i for i, c in enumerate(assigned) if c is court]
            today_count = max(3, min(30, self.total * court.share // 4000))
            soon_count = max(3, min(150, self.total * court.share // 1000))
            chosen = self.rng.sample(mine, min(today_count + soon_count, len(mine)))
            for n, index in enumerate(chosen):
                if n < today_count:
                    pending[index] = self.today
                else:
                    ahead = dt.timedelta(days=self.rng.randrange(1, 36))
                    pending[index] = _weekday(self.today + ahead)
        for index, court in enumerate(assigned):
            self.make_client(court, pending.get(index))
            done = index + 1
            if done % BATCH == 0 or done == self.total:
                self.flush()
                self.report(done, f"Made {done:,} of {self.total:,} people")
        set_up_device(self.db, DEVICE_SITE, DEVICE_WORKER)


def generate(
    db: sqlite_utils.Database,
    *,
    clients: int,
    seed: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
    today: dt.date | None = None,
) -> None:
    """Fill an empty store with `clients` made-up people and all that goes with them.

    The store is marked as demo data and set up as this laptop's: Plymouth Magistrates' Court,
    worked by Sam Okafor. It counts as set up only once everything is written (`make_store`
    makes the whole store all or nothing). `progress(done, total, text)` is called every few
    thousand records, counting people. Dates are placed around `today` (the real today unless
    given), so the same seed on the same day gives the same records. Raises DemoRefused for a
    store that is set up for real or holds anything.
    """
    if clients < 1:
        raise ValueError("clients must be at least 1")
    refused = refusal(db, "This store")
    if refused:
        raise DemoRefused(refused)
    with bulk_loading(db):
        _Generator(db, clients, seed, today or _today(), progress).run()


class DemoRefused(ValueError):
    """Demo data cannot go in this store; the message says why in one sentence."""


def refusal(db: sqlite_utils.Database, where: str) -> str | None:
    """Why demo data may not go in this store (`where` names it: "The store in DIR"), or None
    for a store holding nothing at all."""
    if not is_demo(db):
        role = setting(db, "role")
        if role == "head-office":
            return f"{where} is head office's, so demo data will never go in it."
        if role is not None:
            site = sites.get_site(db, setting(db, "site_id") or "") or {}
            court = site.get("name") or "a court"
            return (
                f"{where} is set up for {court}, so demo data will never go in it: "
                "give --data-dir an empty folder for the demo."
            )
    if people.count(db):
        return f"{where} already holds people; demo data goes in an empty folder."
    if changelog.count_ops(db):
        return f"{where} already holds records; demo data goes in an empty folder."
    return None


def locked_refusal(path: Path) -> str:
    """Why demo data never goes in the store file at `path`, which is locked with a passphrase
    (a real store) or is not a plain store at all."""
    return (
        f"{path} is locked with a passphrase, or is not a CASS Desktop store, so demo data will "
        "never go in it: give --data-dir an empty folder for the demo."
    )


BUILDING_SUFFIX = ".demo-creating"
_SIDECARS = ("-wal", "-shm", "-journal")


def make_store(
    path: Path,
    *,
    clients: int,
    seed: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
    today: dt.date | None = None,
) -> None:
    """Make a demo store of `clients` people at `path`, all or nothing.

    It is built in a new store file beside `path` and moved into place in one step once it is
    complete, so a demo cut off part way (the process killed, the power lost) leaves `path` as
    it was, and making it again starts afresh. `path` must not exist, or be a plain store
    holding nothing (see `refusal`), closed; raises DemoRefused otherwise, changing nothing.
    The demo store is the one store without a passphrase: a locked store is a real one.
    """
    path = Path(path)
    if is_locked(path):
        raise DemoRefused(locked_refusal(path))
    if path.exists():  # only a store holding nothing is ever replaced
        existing = open_store(path, create=False)
        try:
            refused = refusal(existing, f"The store in {path.parent}")
        finally:
            existing.close()
        if refused:
            raise DemoRefused(refused)
    building = path.with_name(path.name + BUILDING_SUFFIX)
    for leftover in (building, *_sidecars(building)):
        leftover.unlink(missing_ok=True)  # what an interrupted demo left
    if not path.exists():
        for stale in _sidecars(path):  # a log beside no store belongs to none: never to this
            stale.unlink(missing_ok=True)
    db = open_store(building)
    try:
        generate(db, clients=clients, seed=seed, progress=progress, today=today)
        db.execute("PRAGMA journal_mode = DELETE")  # the one file is the whole store
    except BaseException:
        db.close()
        for leftover in (building, *_sidecars(building)):
            leftover.unlink(missing_ok=True)
        raise
    db.close()
    if any(p.exists() for p in _sidecars(path)):
        building.unlink(missing_ok=True)
        raise DemoRefused(
            f"{path} is open in another copy of CASS Desktop; close it there and try again."
        )
    _fsync(building)
    os.replace(building, path)
    _fsync(path.parent)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in _SIDECARS]


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its renames are durable without this
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
