"""Court dates: a case's hearings from first appearance to sentence, with their outcomes,
placed around today so every court has hearings today and in the coming weeks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cass_desktop.demo.base import Base, Court, weekday, weighted

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


class CourtDates(Base):
    def slot(self, day: dt.date) -> str:
        return f"{day.isoformat()}T{weighted(self.rng, _SLOTS)}"

    def make_hearings(
        self, client_id: str, court: Court, pending: dt.date | None
    ) -> tuple[list[dict[str, Any]], dt.date, dt.date | None]:
        """A case's hearings, the date the person was first seen, and when they were closed.

        With `pending`, the case has a hearing that day (today or soon) with no outcome yet.
        """
        rng = self.rng
        today = self.today
        if pending is not None:
            # Earlier stages counted back from the pending hearing.
            stages_before = weighted(rng, [(0, 3), (1, 4), (2, 2), (3, 1)])
            days = [pending]
            for _ in range(stages_before):
                days.insert(0, weekday(days[0] - dt.timedelta(days=rng.randrange(14, 43))))
            stages = len(days)
        else:
            opened = today - dt.timedelta(days=rng.randrange(0, 3 * 365))
            if self.chance(0.15):  # came to the drop-in without a court case
                closed = None
                if opened < today - dt.timedelta(days=120) and self.chance(0.8):
                    closed = opened + dt.timedelta(days=rng.randrange(14, 120))
                return [], opened, closed
            stages = weighted(rng, [(1, 3), (2, 4), (3, 3), (4, 2), (5, 1)])
            days = [weekday(opened)]
            for _ in range(stages - 1):
                days.append(weekday(days[-1] + dt.timedelta(days=rng.randrange(14, 43))))
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
                kind = weighted(rng, [("sentencing", 3), ("trial", 1)])
            else:
                kind = weighted(rng, [("adjournment", 4), ("trial", 1), ("other", 1)])
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
                hearing["outcome"] = weighted(
                    rng, [("sentenced", 15), ("dismissed", 4), ("other", 1)]
                )
                if hearing["outcome"] == "other":
                    hearing["notes"] = "Case sent to the Crown Court."
            else:
                last_outcome = weighted(
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
        # Someone first listed in the days ahead is known from today, never from the future
        # (issue 9, 22).
        opened = min(days[0], today)
        closed = None
        last = days[len(hearings) - 1]
        if "outcome" in hearings[-1] and hearings[-1].get("next_hearing_at") is None:
            after = last + dt.timedelta(days=rng.randrange(7, 90))
            if after < today and self.chance(0.85):
                closed = after
        return hearings, opened, closed
