"""Supported referrals in every status, each with the consent or lawful reason that lets it be
made, and their follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cass_desktop.demo.base import Agency, Base, Person, weekday, weekday_before, weighted

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


class Referrals(Base):
    def make_referrals(self, person: Person, shares: list[dict[str, Any]]) -> None:
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

    def _covering(self, shares: list[dict[str, Any]], agency: Agency) -> dict[str, Any] | None:
        """The consent in force for this agency, as referrals.consent_in_force decides it."""
        named = [s for s in shares if s.get("agency_id") == agency.id]
        if named:
            return named[-1] if named[-1]["decision"] == "given" else None
        kinds = [
            s for s in shares if s.get("agency_kind") in agency.domains and s["decision"] == "given"
        ]
        return kinds[0] if kinds else None

    def add_referral(self, person: Person, domain: str, shares: list[dict[str, Any]]) -> None:
        rng = self.rng
        agency = self.agency_for(domain, person.areas)
        if person.closed is None:
            if self.referral_statuses:
                status = self.referral_statuses.pop(0)
            else:
                status = weighted(
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
            status = weighted(
                rng, [("closed", 6), ("attended", 2), ("did_not_attend", 1), ("declined", 1)]
            )
            latest = person.closed
        span = max(0, (latest - person.opened).days)
        back = rng.randrange(0, min(span, 14 if status in ("draft", "made") else 45) + 1)
        made = latest - dt.timedelta(days=back)
        if weekday_before(made) >= person.opened:
            made = weekday_before(made)  # agencies are phoned on working days
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
            "urgency": weighted(rng, [("routine", 6), ("soon", 3), ("urgent", 1)]),
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
                appointment = max(weekday_before(min(appointment, latest)), made)
            else:
                appointment = weekday(made + dt.timedelta(days=rng.randrange(1, 15)))
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
                    "how_recorded": weighted(rng, [("verbal", 6), ("signed", 3), ("phone", 1)]),
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
        self, person: Person, status: str, made: dt.date, appointment: dt.date | None
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
