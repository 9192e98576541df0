"""Realistic made-up data for trying the app, training and benchmarks.

`generate` fills an empty store with people seen at Plymouth, Bodmin and Truro Magistrates'
Courts, their court dates, consents, contacts, needs and follow-ups, and a directory of
fictional agencies across Devon and Cornwall. Everything is drawn from one seeded random
generator, ids included, so the same seed gives the same records (only the change-log clocks,
which come from the wall clock, differ). Dates are placed around today, so the Today page and
the court diary always have hearings today at every court.

Nothing here is real: names come from lists in resources/demo, phone numbers from Ofcom's
ranges kept for drama (07700 900000-900999, 01632 960000-960999), e-mail addresses from the
example domains, and the organisations are invented.

Records are written through the data modules' change log (`changelog.save_new_many`), in
batches, so 100,000 people take about a minute or two rather than hours.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from cass_desktop import vocab
from cass_desktop.data import changelog
from cass_desktop.data.bulk import bulk_loading
from cass_desktop.dates import show_date
from cass_desktop.dates import today as _today
from cass_desktop.resources import resource
from cass_desktop.setup import set_up_device

DEVICE_SITE = "Plymouth Magistrates' Court"
DEVICE_WORKER = "Sam Okafor"

# People are written in batches of this many, with everything recorded about them.
BATCH = 1000
# Reference letters: Crockford's base32 without I, L, O, U, as data.clients uses.
_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Postcode inward letters never include C, I, K, M, O or V.
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_SLOTS = [f"{h:02d}:{m:02d}" for h in range(9, 17) for m in (0, 30)][1:-1]  # 09:30 .. 16:00
_SLOTS.append("16:00")
_GENDERS = [("Male", 72), ("Female", 25), ("Non-binary", 1), ("Not stated", 2)]
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


@dataclass
class _Court:
    code: str
    id: str
    name: str
    courtrooms: list[str]
    share: int
    towns: list[dict[str, Any]] = field(default_factory=list)
    workers: list[str] = field(default_factory=list)


@dataclass
class _Agency:
    id: str
    name: str
    domains: list[str]


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
        self.sam_followups = 0
        self.buffers: dict[str, list[dict[str, Any]]] = {}

    # ---- small helpers -------------------------------------------------------------------
    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

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
        for table in ("clients", "consents", "hearings", "contacts", "needs", "followups"):
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
                code, site_id, court["name"], court["courtrooms"], court["share"]
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
            agency = _Agency(self.new_id(), entry["name"], entry["domains"])
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

    def address(self, court: _Court) -> tuple[str, str | None]:
        town = _weighted(self.rng, [(t, t["weight"]) for t in court.towns])
        roll = self.rng.random()
        if roll < 0.07:
            return "No fixed abode", None
        postcode = self.postcode(self.rng.choice(town["districts"]))
        if roll < 0.12:
            return f"{self.rng.choice(self.places['supported_housing'])}, {town['town']}", postcode
        street = f"{self.rng.randrange(1, 180)} {self.rng.choice(town['streets'])}"
        if self.chance(0.3):
            street = f"{self.rng.choice(self.places['flat_prefixes'])}, {street}"
        return f"{street}, {town['town']}", postcode

    def date_of_birth(self) -> str:
        age = int(self.rng.triangular(18, 76, 27))
        age = min(max(age, 18), 75)
        try:
            born = self.today.replace(year=self.today.year - age)
        except ValueError:  # 29 February has no twin in most years
            born = dt.date(self.today.year - age, 2, 28)
        return (born - dt.timedelta(days=self.rng.randrange(1, 365))).isoformat()

    def agency_for(self, domain: str) -> _Agency:
        return self.rng.choice(self.by_domain.get(domain) or self.agencies)

    def fill(self, text: str, *, agency: str, date: str, court: str) -> str:
        amount = f"{self.rng.randrange(2, 60) * 50:,}"
        return text.format(agency=agency, date=date, court=court, amount=amount)

    def make_client(self, index: int, court: _Court, today_hearing: bool) -> None:
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
        address, postcode = self.address(court)
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
        if today_hearing and court.name == DEVICE_SITE and self.chance(0.5):
            keyworker = self.device_worker
        risk = rng.choice(self.phrases["risk_flags"]) if self.chance(0.07) else None

        hearings, opened, closed = self.make_hearings(client_id, court, today_hearing)
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
        needs = self.make_needs(client_id, closed is not None)
        self.make_consents(client_id, opened, closed, keyworker, needs)
        self.make_contacts(client_id, court, opened, closed, keyworker, hearings, needs)
        self.make_followups(client_id, opened, closed, keyworker, hearings, needs)

    # ---- court dates ---------------------------------------------------------------------
    def slot(self, day: dt.date) -> str:
        return f"{day.isoformat()}T{self.rng.choice(_SLOTS)}"

    def make_hearings(
        self, client_id: str, court: _Court, today_hearing: bool
    ) -> tuple[list[dict[str, Any]], dt.date, dt.date | None]:
        """A case's hearings, the date the person was first seen, and when they were closed."""
        rng = self.rng
        today = self.today
        if today_hearing:
            # A case that comes back to court today: earlier stages counted back from today.
            stages_before = _weighted(rng, [(0, 3), (1, 4), (2, 2), (3, 1)])
            days = [today]
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
            f"50{rng.choice(['PL', 'TR', 'BD', 'CW', 'EX', 'TQ'])}"
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
        weights = [(key, _NEED_WEIGHTS.get(key, 10)) for key in vocab.NEED_DOMAINS]
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

    def make_consents(
        self,
        client_id: str,
        opened: dt.date,
        closed: dt.date | None,
        worker: str,
        needs: list[str],
    ) -> None:
        rng = self.rng
        how = _weighted(rng, [("verbal", 6), ("signed", 3), ("phone", 1)])
        self.add(
            "consents",
            {
                "id": self.new_id(),
                "client_id": client_id,
                "scope": "hold",
                "decision": "given",
                "decided_on": opened.isoformat(),
                "how_recorded": how,
                "recorded_by": worker,
                "notes": rng.choice(self.phrases["consent_notes"]) if self.chance(0.3) else None,
            },
        )
        if closed and self.chance(0.03):
            self.add(
                "consents",
                {
                    "id": self.new_id(),
                    "client_id": client_id,
                    "scope": "hold",
                    "decision": "withdrawn",
                    "decided_on": closed.isoformat(),
                    "how_recorded": "phone",
                    "recorded_by": worker,
                    "notes": "Asked us to stop contacting them; record kept only as the law "
                    "requires.",
                },
            )
        if not self.chance(0.6):
            return
        for domain in needs[:2]:
            share: dict[str, Any] = {
                "id": self.new_id(),
                "client_id": client_id,
                "scope": "share",
                "decision": _weighted(rng, [("given", 9), ("refused", 1)]),
                "decided_on": opened.isoformat(),
                "how_recorded": how,
                "recorded_by": worker,
            }
            if self.chance(0.5):
                share["agency_id"] = self.agency_for(domain).id
            else:
                share["agency_kind"] = domain
            self.add("consents", share)

    def make_contacts(
        self,
        client_id: str,
        court: _Court,
        opened: dt.date,
        closed: dt.date | None,
        keyworker: str,
        hearings: list[dict[str, Any]],
        needs: list[str],
    ) -> None:
        rng = self.rng
        summaries = self.phrases["contact_summaries"]
        places = self.phrases["contact_places"]
        upcoming = [
            h["starts_at"] for h in hearings if h["starts_at"][:10] >= self.today.isoformat()
        ]
        next_date = (
            show_date(upcoming[0])
            if upcoming
            else show_date((self.today + dt.timedelta(days=21)).isoformat())
        )

        def contact(kind: str, at: str) -> None:
            agency = self.agency_for(rng.choice(needs)).name if needs else "the council"
            text = self.fill(
                rng.choice(summaries[kind]), agency=agency, date=next_date, court=court.name
            )
            self.add(
                "contacts",
                {
                    "id": self.new_id(),
                    "client_id": client_id,
                    "kind": kind,
                    "at": at,
                    "place": rng.choice(places[kind]).format(court=court.name),
                    "duration_minutes": rng.choice([5, 10, 15, 20, 30, 45, 60]),
                    "summary": text,
                    "worker_id": keyworker if self.chance(0.7) else rng.choice(court.workers),
                },
            )

        for i, hearing in enumerate(hearings):
            day = hearing["starts_at"][:10]
            if day > self.today.isoformat():
                break
            if self.chance(0.9 if i == 0 else 0.45):
                start = dt.datetime.fromisoformat(hearing["starts_at"])
                before = start - dt.timedelta(minutes=rng.choice([20, 30, 45, 60]))
                at = max(before, start.replace(hour=9, minute=0))
                contact("court", at.strftime("%Y-%m-%dT%H:%M"))
        end = closed or self.today
        span = (end - opened).days
        for _ in range(_weighted(rng, [(0, 3), (1, 4), (2, 3), (3, 2)])):
            if span <= 0:
                break
            day = opened + dt.timedelta(days=rng.randrange(1, span + 1))
            kind = _weighted(
                rng,
                [("drop_in", 4), ("phone", 5), ("outreach", 1), ("home_visit", 1)],
            )
            minute = rng.choice(["00", "15", "30", "45"])
            at = f"{day.isoformat()}T{rng.randrange(9, 17):02d}:{minute}"
            contact(kind, at)
        if closed is None and not hearings and self.chance(0.02):
            contact("drop_in", f"{self.today.isoformat()}T{rng.randrange(9, 13):02d}:30")

    def make_followups(
        self,
        client_id: str,
        opened: dt.date,
        closed: dt.date | None,
        keyworker: str,
        hearings: list[dict[str, Any]],
        needs: list[str],
    ) -> None:
        rng = self.rng
        upcoming = [
            h["starts_at"] for h in hearings if h["starts_at"][:10] > self.today.isoformat()
        ]
        date = show_date(upcoming[0]) if upcoming else ""

        def what() -> str:
            choices = self.phrases["followups"]
            if not date:
                choices = [c for c in choices if "{date}" not in c]
            agency = self.agency_for(rng.choice(needs)).name if needs else "the council"
            return self.fill(rng.choice(choices), agency=agency, date=date, court="")

        if closed is not None:
            if self.chance(0.5):
                due = opened + dt.timedelta(days=rng.randrange(1, max(2, (closed - opened).days)))
                self.add(
                    "followups",
                    {
                        "id": self.new_id(),
                        "client_id": client_id,
                        "due_on": due.isoformat(),
                        "what": what(),
                        "done": 1,
                        "done_on": min(
                            due + dt.timedelta(days=rng.randrange(0, 4)), closed
                        ).isoformat(),
                        "worker_id": keyworker,
                    },
                )
            return
        offsets: list[int] = []
        if keyworker == self.device_worker and self.sam_followups < 3:
            # This laptop's worker always has one overdue, one due today and one coming up.
            offsets.append([-3, 0, 6][self.sam_followups])
            self.sam_followups += 1
        elif self.chance(0.45):
            offsets.append(
                _weighted(
                    rng,
                    [
                        (rng.randrange(-21, 0), 2),  # overdue
                        (0, 1),  # due today
                        (rng.randrange(1, 36), 5),  # later
                    ],
                )
            )
        for offset in offsets:
            due = max(self.today + dt.timedelta(days=offset), opened)
            self.add(
                "followups",
                {
                    "id": self.new_id(),
                    "client_id": client_id,
                    "due_on": due.isoformat(),
                    "what": what(),
                    "worker_id": keyworker,
                },
            )
        if self.chance(0.3):  # something done earlier in the case
            day = opened + dt.timedelta(days=rng.randrange(0, max(1, (self.today - opened).days)))
            self.add(
                "followups",
                {
                    "id": self.new_id(),
                    "client_id": client_id,
                    "due_on": day.isoformat(),
                    "what": what(),
                    "done": 1,
                    "done_on": day.isoformat(),
                    "worker_id": keyworker,
                },
            )

    # ---- the whole run -------------------------------------------------------------------
    def run(self) -> None:
        self.report(0, "Making courts, workers and agencies…")
        self.make_world()
        courts = list(self.courts.values())
        shares = [(c, c.share) for c in courts]
        # The first three people are one at each court, so even a tiny store has all three.
        assigned = [
            courts[i] if i < len(courts) else _weighted(self.rng, shares) for i in range(self.total)
        ]
        # Hearings today at every court: a court list's worth, scaled with the store.
        today_people: set[int] = set()
        for court in courts:
            mine = [i for i, c in enumerate(assigned) if c is court]
            wanted = max(3, min(30, self.total * court.share // 4000))
            today_people.update(self.rng.sample(mine, min(wanted, len(mine))))
        for index, court in enumerate(assigned):
            self.make_client(index, court, index in today_people)
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

    The store is set up as this laptop's: Plymouth Magistrates' Court, worked by Sam Okafor.
    It counts as set up only once everything is written. `progress(done, total, text)` is
    called every few thousand records, counting people. Dates are placed around `today`
    (the real today unless given), so the same seed on the same day gives the same records.
    """
    if clients < 1:
        raise ValueError("clients must be at least 1")
    with bulk_loading(db):
        _Generator(db, clients, seed, today or _today(), progress).run()
