"""The devices head office knows: enrolled, waiting for approval or revoked, when each last
sent a bundle, and approving or revoking one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from cass_desktop.data import review as review_data
from cass_desktop.headoffice import ReviewError
from cass_desktop.records.stamps import utc_now
from cass_desktop.records.words import short_site
from cass_desktop.sync import identity
from cass_desktop.sync.keys import Card, CardError

# A device not heard from for more than this many days is pointed out.
QUIET_DAYS = 2


@dataclass(frozen=True)
class DeviceStatus:
    device_id: str
    status: str  # enrolled | pending
    site: str  # the site's full name
    worker: str
    fingerprint: str
    last_bundle_at: str | None  # UTC, ISO 8601
    last_bundle_name: str | None
    days_quiet: int | None  # days since the last bundle, or since enrolment when none came
    never_received: bool  # no bundle from it has been applied yet
    held_seq: int  # its last change held here
    waiting: int  # its changes waiting for an earlier bundle
    refused: int = 0  # its changes refused (and not since applied by head office)
    card_site_id: str = ""  # the court its card names (what the laptop was set up for)
    site_id: str = ""  # the court head office assigned it (empty while it waits)
    name: str = ""  # the laptop in words: "Bodmin's laptop (Jo Pengelly)"

    @property
    def pending(self) -> bool:
        return self.status == "pending"

    @property
    def revoked(self) -> bool:
        return self.status == "revoked"

    @property
    def quiet(self) -> bool:
        """Enrolled, and nothing received for more than QUIET_DAYS days (since it was enrolled,
        when it has sent nothing yet)."""
        enrolled = self.status == "enrolled"
        return enrolled and self.days_quiet is not None and self.days_quiet > QUIET_DAYS

    @property
    def place(self) -> str:
        return short_site(self.site) or "Unnamed device"

    @property
    def laptop(self) -> str:
        """The laptop named by its court and its worker: "Bodmin's laptop (Jo Pengelly)"."""
        return self.name or identity.laptop_words(self.site, self.worker)

    def summary(self) -> str:
        """One line in words: 'Bodmin: nothing for 3 days'."""
        if self.pending:
            return f"{self.laptop}: waiting for approval"
        if self.revoked:
            return f"{self.laptop}: revoked"
        if self.quiet:
            return f"{self.laptop}: nothing for {self.days_quiet} days"
        if self.never_received or self.days_quiet is None:
            return f"{self.laptop}: nothing received yet"
        if self.days_quiet == 0:
            return f"{self.laptop}: last bundle today"
        if self.days_quiet == 1:
            return f"{self.laptop}: last bundle yesterday"
        return f"{self.laptop}: last bundle {self.days_quiet} days ago"


def _days_since(stamp: str | None, now: dt.datetime) -> int | None:
    """Calendar days between a UTC stamp and now, both as the local clock shows them."""
    if not stamp:
        return None
    try:
        then = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if then.tzinfo is None:
        then = then.replace(tzinfo=dt.UTC)
    return max(0, (now.astimezone().date() - then.astimezone().date()).days)


def device_statuses(
    db: sqlite_utils.Database, now: dt.datetime | None = None
) -> list[DeviceStatus]:
    """Every device enrolled or waiting for approval: waiting ones first, then by site."""
    now = now or utc_now()
    found = []
    names = identity.laptop_names(db)
    for row in review_data.devices(db):
        card = identity.card_of(row)
        found.append(
            DeviceStatus(
                device_id=row["device_id"],
                status=row["status"],
                site=row["site_name"] or row["name"] or "",
                worker=row["worker"] or "",
                fingerprint=card.fingerprint(),
                last_bundle_at=row["last_bundle_at"],
                last_bundle_name=row["last_bundle_name"],
                days_quiet=_days_since(row["last_bundle_at"] or row["enrolled_at"], now),
                never_received=not row["last_bundle_at"],
                held_seq=row["held_seq"] or 0,
                waiting=row["waiting"] or 0,
                refused=row["refused"] or 0,
                card_site_id=card.site_id,
                site_id=row["site_id"] or "",
                name=names.get(row["device_id"], ""),
            )
        )
    return found


def approve_device(
    db: sqlite_utils.Database, device_id: str, fingerprint: str, court: str | None = None
) -> DeviceStatus:
    """Enrol a device that was listed when its bundle arrived first, with the fingerprint the
    person approving checked, at the court head office chooses (by default the court of its
    list the card names). Its bundles must then be imported again: the one that arrived before
    approval was not applied."""
    identity.approve_pending(db, device_id, fingerprint, court)
    return next(s for s in device_statuses(db) if s.device_id == device_id)


def revoke(db: sqlite_utils.Database, device_id: str) -> Card:
    """Stop trusting a laptop: its later bundles are refused whole."""
    try:
        return identity.revoke_device(db, device_id)
    except CardError as exc:
        raise ReviewError(str(exc)) from None
