"""What is recorded about a person: needs, consents to hold and share, contacts, and
follow-ups (this laptop's worker always has some overdue, due today and coming up)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cass_desktop.demo.base import Base, Person, weighted
from cass_desktop.records import vocab
from cass_desktop.records.dates import show_date

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


class Casework(Base):
    def make_needs(self, client_id: str, closed: bool) -> list[str]:
        rng = self.rng
        count = weighted(rng, [(1, 4), (2, 4), (3, 2), (4, 1)])
        domains: list[str] = []
        weights = [(key, _NEED_WEIGHTS.get(key, 10)) for key in vocab.NEED_DOMAINS]
        while len(domains) < count:
            domain = weighted(rng, weights)
            if domain not in domains:
                domains.append(domain)
        for domain in domains:
            if closed:
                status = weighted(rng, [("met", 50), ("being_met", 30), ("declined", 20)])
            else:
                status = weighted(rng, [("identified", 45), ("being_met", 45), ("met", 10)])
            note = rng.choice(self.phrases["need_notes"][domain])
            self.add(
                "needs",
                {
                    "id": self.new_id(),
                    "client_id": client_id,
                    "domain": domain,
                    "level": weighted(rng, [("low", 3), ("medium", 5), ("high", 3)]),
                    "status": status,
                    "notes": self.fill(note, agency="", date="", court=""),
                },
            )
        return domains

    def make_consents(self, person: Person) -> list[dict[str, Any]]:
        """Consents to hold and (for most) to share; returns the decisions about sharing."""
        rng = self.rng
        how = weighted(rng, [("verbal", 6), ("signed", 3), ("phone", 1)])
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
                "decision": weighted(rng, [("given", 9), ("refused", 1)]),
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

    def next_court_date(self, person: Person, after: str) -> str:
        """The next hearing after a moment, as people read it ('' when there is none)."""
        later = [h["starts_at"] for h in person.hearings if h["starts_at"] > after]
        return show_date(later[0]) if later else ""

    def add_contact(self, person: Person, kind: str, at: str, phrases: str | None = None) -> None:
        rng = self.rng
        date = self.next_court_date(person, at) or show_date(
            (dt.date.fromisoformat(at[:10]) + dt.timedelta(days=21)).isoformat()
        )
        text = self.phrase("contact_summaries", person, phrases or kind)
        court = person.court
        contact_id = self.new_id()
        place = rng.choice(self.phrases["contact_places"][kind]).format(court=court.name)
        minutes = rng.choice([5, 10, 15, 20, 30, 45, 60])
        summary = self.fill(text, agency=self.agency_name(person), date=date, court="")
        worker = person.keyworker if self.chance(0.7) else rng.choice(court.workers)
        if self.now is not None and at > self.now:
            return
        self.add(
            "contacts",
            {
                "id": contact_id,
                "client_id": person.id,
                "kind": kind,
                "at": at,
                "place": place,
                "duration_minutes": minutes,
                "summary": summary,
                "worker_id": worker,
            },
        )

    def make_contacts(self, person: Person) -> None:
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
        for _ in range(weighted(rng, [(0, 3), (1, 4), (2, 3), (3, 2)])):
            if span <= 0:
                break
            day = person.opened + dt.timedelta(days=rng.randrange(1, span + 1))
            kind = weighted(rng, [("drop_in", 4), ("phone", 5), ("outreach", 1), ("home_visit", 1)])
            minute = rng.choice(["00", "15", "30", "45"])
            self.add_contact(person, kind, f"{day.isoformat()}T{rng.randrange(9, 17):02d}:{minute}")
        if person.closed is None and not person.hearings and self.chance(0.02):
            self.add_contact(person, "drop_in", f"{today}T{rng.randrange(9, 13):02d}:30")

    def add_followup(self, person: Person, due: dt.date, done_on: dt.date | None) -> None:
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

    def make_followups(self, person: Person) -> None:
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
            offsets.append(weighted(rng, [(overdue, 2), (0, 1), (later, 5)]))
        for offset in offsets:
            self.add_followup(person, max(self.today + dt.timedelta(days=offset), opened), None)
        if self.chance(0.3):  # something done earlier in the case
            day = opened + dt.timedelta(days=rng.randrange(0, max(1, (self.today - opened).days)))
            self.add_followup(person, day, day)
