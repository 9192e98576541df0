"""The fixed world: the courts, their workers (this laptop's among them) and the directory of
agencies."""

from __future__ import annotations

from cass_desktop.demo.base import (
    DEVICE_SITE,
    DEVICE_WORKER,
    Agency,
    Base,
    Court,
    load,
    to_ascii,
    weighted,
)


class World(Base):
    def make_world(self) -> None:
        sites = []
        for code, court in self.places["courts"].items():
            site_id = self.new_id()
            self.courts[code] = Court(
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
        self.save_new("sites", sites)

        by_name = {c.name: c for c in self.courts.values()}
        people = [(DEVICE_WORKER, DEVICE_SITE), *self.names["workers"]]
        # A caseload is up to 150 people, about a third of them open at a time.
        wanted = max(len(people), self.total // 600)
        taken = {name for name, _ in people}
        court_shares = [(c, c.share) for c in self.courts.values()]
        while len(people) < wanted:
            background = weighted(self.rng, self.backgrounds)
            gender = "female" if self.chance(0.6) else "male"
            name = f"{self.given(background, gender)} {self.family(background, gender)}"
            if name not in taken:
                taken.add(name)
                people.append((name, weighted(self.rng, court_shares).name))
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
                    "email": f"{to_ascii(first)}.{to_ascii(last)}@cass.example.org",
                    "phone": self.mobile(),
                }
            )
        self.save_new("workers", workers)

        agencies = []
        for entry in load("agencies.json")["agencies"]:
            agency = Agency(
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
            slug = "".join(to_ascii(w)[:1] for w in entry["name"].split() if to_ascii(w)) or "org"
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
        self.save_new("agencies", [{k: v for k, v in a.items() if v is not None} for a in agencies])
