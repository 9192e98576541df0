"""Today's lists are read a page at a time (issue 12: start-up): the first screen's rows when
the page is filled, the next page when a list is scrolled to its end, and titles counted by
the store over every row, so a busy day shows its true counts without reading every row."""

from __future__ import annotations

import datetime as dt

import pytest

from cass_desktop.data import changelog, clients, contacts, followups, hearings, sites
from cass_desktop.data import referrals as referral_data
from cass_desktop.records.dates import today
from cass_desktop.ui.today.section import PAGE, RECORD_ROLE
from cass_desktop.ui.today.today_view import TodayPage

PEOPLE = 60
CONTACTS = PAGE * 2 + 20  # three pages


def person(db, n: int) -> str:
    return clients.create(db, {"given_name": f"Kit{n:03d}", "family_name": "Rowe"}, "PLY")


@pytest.fixture
def busy_day(context):
    """120 notes of contact today with 60 people at this court, and what must not count: a
    note at another court, one deleted, and one with a person deleted since."""
    db = context.db
    people = [person(db, n) for n in range(PEOPLE)]
    for n in range(CONTACTS):
        contacts.create(
            db,
            {
                "client_id": people[n % PEOPLE],
                "kind": "court",
                "at": f"{today()}T{8 + n // 60:02d}:{n % 60:02d}",
                "summary": f"Note {n:03d}",
                "worker_id": context.worker_id,
            },
        )
    truro = sites.create_site(db, {"name": "Truro Magistrates' Court", "kind": "court"})
    elsewhere = sites.create_worker(db, {"name": "Pat Nance", "site_id": truro})
    contacts.create(db, {"client_id": people[0], "at": f"{today()}T12:00", "worker_id": elsewhere})
    gone = contacts.create(
        db, {"client_id": people[1], "at": f"{today()}T12:01", "worker_id": context.worker_id}
    )
    changelog.delete(db, "contacts", gone)
    erased = person(db, 999)
    contacts.create(
        db, {"client_id": erased, "at": f"{today()}T12:02", "worker_id": context.worker_id}
    )
    changelog.delete(db, "clients", erased)
    return people


def scroll_to_end(qtbot, section, rows: int) -> None:
    """Scroll the list to its end, as a person does, until it holds `rows` rows."""
    bar = section.tree.verticalScrollBar()

    def holds() -> bool:
        bar.setValue(bar.maximum())
        return len(section.items()) == rows

    qtbot.waitUntil(holds)


def notes(section) -> list[str]:
    return [item.text(3) for item in section.items()]


def test_a_busy_day_reads_its_first_page_and_counts_every_row(context, busy_day, page):
    context.notify_changed()
    assert page.seen.title.text() == f"Seen today ({PEOPLE} people)"
    assert notes(page.seen) == [f"Note {n:03d}" for n in range(PAGE)]


def test_scrolling_to_the_end_reads_the_next_page_until_every_row_is_shown(
    qtbot, context, busy_day, page
):
    context.notify_changed()
    bar = page.seen.tree.verticalScrollBar()
    for shown in (PAGE * 2, CONTACTS):
        scroll_to_end(qtbot, page.seen, shown)
    bar.setValue(bar.maximum())
    assert notes(page.seen) == [f"Note {n:03d}" for n in range(CONTACTS)]
    assert page.seen.show_more() == 0  # nothing left to read
    assert page.seen.title.text() == f"Seen today ({PEOPLE} people)"


def test_the_row_chosen_beyond_the_first_page_stays_chosen_when_the_page_refreshes(
    qtbot, context, busy_day, page
):
    context.notify_changed()
    scroll_to_end(qtbot, page.seen, PAGE * 2)
    chosen = page.seen.items()[PAGE + 3]
    page.seen.tree.setCurrentItem(chosen)
    wanted = chosen.data(0, RECORD_ROLE)

    context.notify_changed()  # something saved elsewhere: every list read again
    current = page.seen.tree.currentItem()
    assert current is not None and current.data(0, RECORD_ROLE) == wanted
    assert current.text(3) == f"Note {PAGE + 3:03d}"


def test_a_list_taller_than_its_first_page_reads_on_until_it_can_scroll(qtbot, context, busy_day):
    tall = TodayPage(context)
    qtbot.addWidget(tall)
    tall.resize(1920, 1080)
    tall.show()
    qtbot.waitExposed(tall)
    tall.seen.tree.setFixedHeight(30 * PAGE * 2)  # room for more than a page
    qtbot.waitUntil(lambda: len(tall.seen.items()) == CONTACTS)


def _late(due: str) -> int:
    try:
        return (today() - dt.date.fromisoformat(due)).days
    except ValueError:
        return 0


def test_the_stores_counts_are_what_the_whole_lists_hold(context, busy_day):
    """Each list's count against its rows read whole, and its pages against the whole."""
    db, day, site, me = context.db, today().isoformat(), context.site_id, context.worker_id
    people = busy_day
    other = sites.create_worker(db, {"name": "Sam Jago", "site_id": site})
    for n in range(PAGE + 5):
        hearings.create(
            db,
            {
                "client_id": people[n % PEOPLE],
                "court_id": site,
                "starts_at": f"{today()}T10:00",  # all at once: the order falls to the names
                "outcome": "" if n % 3 else None,
            },
        )
        followups.create(
            db,
            {
                "client_id": people[n % PEOPLE],
                "due_on": str(today() - dt.timedelta(days=n % 4)),
                "what": f"Ring {n}",
                "worker_id": (me, other, None)[n % 3],
            },
        )
    sentenced = hearings.on_day(db, day, site)[0]["id"]
    hearings.record_outcome(db, sentenced, "sentenced")
    agency = db.execute("SELECT id FROM agencies LIMIT 1").fetchone()
    if agency is not None:
        for n in range(8):
            referral_data.create(
                db,
                {
                    "client_id": people[n],
                    "agency_id": agency[0],
                    "status": "made",
                    "followup_due": str(today() - dt.timedelta(days=n % 3)),
                },
            )

    def whole_and_pages(read):
        whole = read()
        pages, shown = [], 0
        while batch := read(limit=7, offset=shown):
            pages += batch
            shown += len(batch)
        assert [r["id"] for r in pages] == [r["id"] for r in whole]
        return whole

    court = whole_and_pages(lambda **k: hearings.on_day(db, day, site, **k))
    assert hearings.count_on_day(db, day, site) == (
        len(court),
        sum(1 for r in court if not r.get("outcome")),
    )
    assert len(court) == PAGE + 5
    seen = whole_and_pages(lambda **k: contacts.seen_on(db, day, site, **k))
    assert contacts.count_seen_on(db, day, site) == (len(seen), len({r["client_id"] for r in seen}))
    assert len(seen) == CONTACTS
    for worker in (me, None):
        due = whole_and_pages(lambda w=worker, **k: followups.due(db, day, w, **k))
        assert followups.count_due(db, day, worker) == (
            len(due),
            sum(1 for r in due if _late(r["due_on"]) > 0),
        )
        referred = whole_and_pages(
            lambda w=worker, **k: referral_data.followups_due(db, day, w, **k)
        )
        assert referral_data.count_followups_due(db, day, worker) == (
            len(referred),
            sum(1 for r in referred if _late(r["followup_due"]) > 0),
        )
