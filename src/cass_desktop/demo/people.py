"""People: names from many backgrounds, references, addresses, dates of birth, how to reach
them, and each person with everything recorded about them (`make_client`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cass_desktop.demo.base import (
    DEVICE_SITE,
    Agency,
    Base,
    Court,
    Person,
    to_ascii,
    weighted,
)

# Reference letters: Crockford's base32 without I, L, O, U, as data.clients uses.
_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Postcode inward letters never include C, I, K, M, O or V.
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_GENDERS = [("Male", 72), ("Female", 25), ("Non-binary", 1), ("Not stated", 2)]


class People(Base):
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

    def address(self, court: Court) -> tuple[str, str | None, set[str]]:
        """Address, postcode, and the areas whose agencies serve the person."""
        town = weighted(self.rng, [(t, t["weight"]) for t in court.towns])
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

    def agency_for(self, domain: str, areas: set[str]) -> Agency:
        """An agency for a need, covering where the person lives when one does."""
        serving = self.by_domain.get(domain) or self.agencies
        local = [a for a in serving if a.areas & areas]
        return self.rng.choice(local or serving)

    def agency_name(self, person: Person) -> str:
        if not person.needs:
            return "the council"
        return self.agency_for(self.rng.choice(person.needs), person.areas).name

    def phrase(self, key: str, person: Person, kind: str | None = None) -> str:
        """A note from the phrase lists; ones about interpreters only for those who need one."""
        choices = list(self.phrases[key][kind] if kind else self.phrases[key])
        if person.interpreter:
            choices += self.phrases["interpreter_phrases"].get(kind or key, [])
        return self.rng.choice(choices)

    def fill(self, text: str, *, agency: str, date: str, court: str) -> str:
        amount = f"{self.rng.randrange(2, 60) * 50:,}"
        return text.format(agency=agency, date=date, court=court, amount=amount)

    def make_client(self, court: Court, pending: dt.date | None) -> None:
        """One person and everything recorded about them; `pending`: a hearing they have."""
        rng = self.rng
        background = weighted(rng, self.backgrounds)
        gender_word = weighted(rng, _GENDERS)
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
            email = f"{to_ascii(given)}.{to_ascii(family)}{rng.randrange(1, 99)}@{domain}"
        if phone and email:
            preferred_contact = weighted(rng, [("phone", 5), ("text", 4), ("email", 1)])
        elif phone:
            preferred_contact = weighted(rng, [("phone", 5), ("text", 5)])
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
                "ethnicity": weighted(rng, background["ethnicities"]),
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
        person = Person(client_id, court, areas, interpreter, keyworker, opened, closed, hearings)
        person.needs = self.make_needs(client_id, closed is not None)
        shares = self.make_consents(person)
        self.make_contacts(person)
        self.make_followups(person)
        self.make_referrals(person, shares)
