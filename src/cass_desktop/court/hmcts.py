"""HMCTS Court and Tribunal Hearings lists for magistrates' courts, read from their JSON.

Three shapes, told apart by their structure (the JSON does not name its own list type):
- the public list: courtLists > courtHouse > courtRoom > session > sittings > hearing > case
  > party, each defendant's `individualDetails` (forenames, middle name, surname), the case
  number or URN, the prosecuting authority as a party, reporting restriction wording;
- the standard list: the same, adding date of birth, age, address, custody, plea and the
  offences (title and wording) on each defendant;
- the adult court list: document > data > job > sessions > blocks > cases, each case a
  defendant's name in one string, date of birth, age, address, informant and offences.

The schemas are public (hmcts/pip-data-management, src/main/resources/schemas/). Lists of
other kinds (Crown Court, civil, family, tribunals, the Single Justice Procedure) share some
of the structure and are refused by what they lack or hold. Reading is linear in the file's
size, with limits on size and depth checked before the JSON is parsed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from cass_desktop.court.listing import (
    MAX_CASES,
    MAX_NAME,
    MAX_WORDING,
    CourtList,
    ListedCase,
    ListRefused,
    clean,
    flag_restrictions,
    iso_date,
    note_fields,
)
from cass_desktop.people.names import Name, parse_name

MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 40  # the deepest real list is about 16

_DEFENDANT_ROLES = {"DEFENDANT", "ACCUSED"}
_PROSECUTOR_ROLES = {"PROSECUTING_AUTHORITY", "PROSECUTOR", "PROSECUTION"}


def read_hmcts(data: bytes | str, *, on: dt.date | None = None) -> CourtList:
    """A magistrates' court list from HMCTS JSON. Raises ListRefused with a plain sentence
    when the file is not one. `on`: the hearing day, when the list does not say (the adult
    court list gives only the day it was printed)."""
    document = _parse(data)
    if not isinstance(document, dict):
        raise ListRefused("This file is not an HMCTS court list: it holds no list details.")
    job = _dig(document, "document", "data", "job")
    if isinstance(job, dict):
        return _adult_list(job, on)
    if "courtLists" in document:
        return _court_lists(document, on)
    raise ListRefused(
        "This file is not an HMCTS magistrates' court list: it has none of the parts such a "
        "list has (court lists, sittings, hearings)."
    )


# -- parsing, within limits ---------------------------------------------------------------


def _parse(data: bytes | str) -> Any:
    size = len(data)
    if size > MAX_BYTES:
        raise ListRefused(
            f"This file is too large to be a court list ({size / 1024 / 1024:.0f} MB; "
            f"the largest accepted is {MAX_BYTES // 1024 // 1024} MB)."
        )
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ListRefused("This file is not an HMCTS court list: it is not text.") from None
    else:
        text = data.removeprefix("\ufeff")
    if not text.strip():
        raise ListRefused("This file is empty.")
    if text.lstrip()[:1] not in ("{", "["):
        raise ListRefused("This file is not an HMCTS court list: it is not in JSON format.")
    _check_depth(text)
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        line = getattr(error, "lineno", None)
        where = f" (the problem is on line {line})" if line else ""
        raise ListRefused(
            f"This file is not an HMCTS court list: its JSON is broken{where}."
        ) from None


def _check_depth(text: str) -> None:
    """Refuse JSON nested deeper than any list is, before parsing it (one pass, no parse)."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ListRefused(
                    "This file is not an HMCTS court list: it is nested far deeper than a list is."
                )
        elif ch in "]}":
            depth -= 1


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _items(value: Any, singular: str | None = None) -> list[Any]:
    """A list of objects however the JSON holds it: a list, one object, or (as the adult list
    does) an object holding the list under a singular name ({"session": [...]})."""
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    if isinstance(value, dict):
        if singular and singular in value:
            return _items(value[singular])
        return [value]
    return []


# -- the public and standard lists --------------------------------------------------------


def _court_lists(document: dict[str, Any], on: dt.date | None) -> CourtList:
    court_lists = document.get("courtLists")
    if not isinstance(court_lists, list) or not court_lists:
        raise ListRefused("This court list has no courts in it (its court lists are missing).")
    venue = clean(_dig(document, "venue", "venueName"), MAX_NAME)
    _refuse_other_lists(document, venue)
    problems: list[str] = []
    cases: list[ListedCase] = []
    hearings_seen = 0
    standard = False
    court_names: list[str] = []
    for court_list in court_lists:
        house = _dig(court_list, "courtHouse")
        if not isinstance(house, dict):
            problems.append("A court list without its court house was left out.")
            continue
        house_name = clean(house.get("courtHouseName"), MAX_NAME)
        if house_name:
            court_names.append(house_name)
        rooms = _items(house.get("courtRoom"))
        if not rooms:
            problems.append(
                f"{house_name or 'A court house'} lists no courtrooms, so it was left out."
            )
        for room in rooms:
            room_name = clean(room.get("courtRoomName"), 100)
            for session in _items(room.get("session")):
                sittings = _items(session.get("sittings"))
                for sitting in sittings:
                    when = _sitting_time(sitting.get("sittingStart"))
                    for hearing in _items(sitting.get("hearing")):
                        hearings_seen += 1
                        if "case" not in hearing and ("party" in hearing or "offence" in hearing):
                            raise ListRefused(
                                "This is a Single Justice Procedure list (cases decided on "
                                "paper, without a hearing), not a list of people coming to "
                                "court."
                            )
                        for found in _hearing_cases(hearing, problems):
                            found.court = house_name or venue or None
                            found.courtroom = room_name or None
                            found.hearing_date, found.time = when
                            if on and not found.hearing_date:
                                found.hearing_date = on.isoformat()
                            found.source = _where(room_name, found.time)
                            note_fields(found)
                            standard = standard or found.date_of_birth is not None
                            standard = standard or found.age is not None
                            cases.append(found)
                            if len(cases) > MAX_CASES:
                                raise ListRefused(
                                    f"This list has more than {MAX_CASES:,} cases, far more "
                                    "than a court's day; it cannot be a court list."
                                )
    if not cases:
        if hearings_seen:
            raise ListRefused(
                "This list names no defendants: it looks like a civil, family or tribunal "
                "list, not a magistrates' court list."
            )
        raise ListRefused("This court list has no hearings in it.")
    standard = standard or any(
        c.offence_wording or c.address or c.in_custody is not None for c in cases
    )
    dates = sorted({c.hearing_date for c in cases if c.hearing_date})
    return CourtList(
        kind="hmcts_standard" if standard else "hmcts_public",
        cases=cases,
        court=(court_names[0] if court_names else venue) or None,
        date=dates[0] if dates else (on.isoformat() if on else None),
        problems=problems,
    )


def _refuse_other_lists(document: dict[str, Any], venue: str) -> None:
    names = [venue, clean(_dig(document, "document", "documentName"))]
    for court_list in document.get("courtLists") or []:
        names.append(clean(_dig(court_list, "courtHouse", "courtHouseName")))
    text = " ".join(names).casefold()
    if "crown court" in text and "magistrates" not in text:
        raise ListRefused(
            "This is a Crown Court list, not a magistrates' court list; import the "
            "magistrates' list for the court instead."
        )


def _where(room: str, time: str | None) -> str:
    return ", ".join(p for p in (room, time) if p)


def _sitting_time(value: Any) -> tuple[str | None, str | None]:
    """A sitting's start as the local date and time in England and Wales."""
    text = clean(value, 40)
    if not text:
        return None, None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return iso_date(text), None
    if moment.tzinfo is not None:
        moment = uk_local(moment)
    return moment.date().isoformat(), f"{moment.hour:02d}:{moment.minute:02d}"


def uk_local(moment: dt.datetime) -> dt.datetime:
    """A UTC time as clocks in England and Wales show it (British Summer Time runs from 01:00
    UTC on the last Sunday in March to 01:00 UTC on the last Sunday in October). Worked out
    here so the app needs no time zone database."""
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None)

    def last_sunday(month: int) -> dt.datetime:
        day = dt.datetime(utc.year, month, 31, 1, 0)
        return day - dt.timedelta(days=(day.weekday() + 1) % 7)

    summer = last_sunday(3) <= utc < last_sunday(10)
    return utc + dt.timedelta(hours=1 if summer else 0)


def _hearing_cases(hearing: dict[str, Any], problems: list[str]) -> Iterator[ListedCase]:
    hearing_type = clean(hearing.get("hearingType"), 100) or None
    hearing_parties = _items(hearing.get("party"))
    hearing_offences = _items(hearing.get("offence"))
    youth_panel = clean(hearing.get("panel")).upper() in ("YOUTH", "CHILD")
    for case in _items(hearing.get("case")) + _items(hearing.get("application")):
        number = clean(case.get("caseUrn") or case.get("caseNumber"), 64) or clean(
            case.get("applicationReference"), 64
        )
        parties = _items(case.get("party")) or hearing_parties
        prosecutor = _prosecutor(parties) or clean(
            _dig(case, "informant", "prosecutionAuthorityName"), MAX_NAME
        )
        details = [clean(d, MAX_WORDING) for d in _strings(case.get("reportingRestrictionDetail"))]
        details = [d for d in details if d]
        restricted = bool(details) or case.get("reportingRestriction") is True
        for party in (p for p in parties if _is_defendant(p)):
            person = party.get("individualDetails")
            if not isinstance(person, dict):
                if isinstance(party.get("organisationDetails"), dict):
                    problems.append(
                        f"Case {number or '(no number)'} is against an organisation, not a "
                        "person, so it was left out."
                    )
                continue
            found = _person(person)
            if found is None:
                problems.append(
                    f"Case {number or '(no number)'} has a defendant without a name, so it "
                    "was left out."
                )
                continue
            found.case_number = number or None
            found.prosecutor = prosecutor or None
            found.hearing_type = hearing_type
            found.reporting_restriction = restricted
            found.restriction_details = list(details)
            found.youth_marker = youth_panel or bool(party.get("youth"))
            for offence in _items(party.get("offence")) or hearing_offences:
                title = clean(offence.get("offenceTitle"), MAX_NAME)
                wording = clean(offence.get("offenceWording"), MAX_WORDING)
                if title:
                    found.offences.append(title)
                if wording:
                    found.offence_wording.append(wording)
                if not found.plea:
                    found.plea = clean(offence.get("plea"), 40) or None
                rr = [
                    clean(d, MAX_WORDING)
                    for d in _strings(offence.get("reportingRestrictionDetail"))
                ]
                if any(rr):
                    found.reporting_restriction = True
                    found.restriction_details.extend(d for d in rr if d)
            flag_restrictions(found, hearing_type or "")
            # Restriction wording names the Youth Justice ... Act whoever it protects.
            flag_restrictions(found, *found.restriction_details, youth=False)
            flag_restrictions(found, *found.offence_wording, youth=False)
            yield found


def _is_defendant(party: dict[str, Any]) -> bool:
    role = clean(party.get("partyRole")).upper().replace(" ", "_")
    # An application's subject (an applicant for a licence, say) is the person in court.
    return role in _DEFENDANT_ROLES or (
        party.get("subject") is True and role not in _PROSECUTOR_ROLES
    )


def _prosecutor(parties: list[dict[str, Any]]) -> str:
    for party in parties:
        if clean(party.get("partyRole")).upper().replace(" ", "_") in _PROSECUTOR_ROLES:
            org = clean(_dig(party, "organisationDetails", "organisationName"), MAX_NAME)
            if org:
                return org
            person = party.get("individualDetails")
            if isinstance(person, dict):
                return clean(
                    f"{clean(person.get('individualForenames'))} "
                    f"{clean(person.get('individualSurname'))}",
                    MAX_NAME,
                )
    return ""


def _person(details: dict[str, Any]) -> ListedCase | None:
    forenames = clean(details.get("individualForenames"), MAX_NAME)
    middle = clean(details.get("individualMiddleName"), MAX_NAME)
    surname = clean(details.get("individualSurname"), MAX_NAME)
    if not (forenames or surname):
        return None
    given, _, more = forenames.partition(" ")
    name = Name(given=given, middle=" ".join(p for p in (more, middle) if p), family=surname)
    listed = " ".join(p for p in (forenames, middle, surname) if p)
    case = ListedCase(name=name, name_as_listed=listed)
    born = details.get("dateOfBirth")
    if born:
        case.date_of_birth = iso_date(born)
        if case.date_of_birth is None:
            case.not_recognised.append(f"date of birth {clean(born, 40)}")
    case.age = _age(details.get("age"))
    address = details.get("address")
    if isinstance(address, dict):
        lines = [clean(x, 100) for x in _strings(address.get("line"))]
        lines += [clean(address.get(k), 100) for k in ("town", "county", "postCode")]
        case.address = ", ".join(x for x in lines if x) or None
    if isinstance(details.get("inCustody"), bool):
        case.in_custody = details["inCustody"]
    case.plea = clean(details.get("plea"), 40) or None
    return case


def _strings(value: Any) -> list[str]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return [value] if isinstance(value, str) else []


def _age(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 0 <= value <= 130:
        return value
    if isinstance(value, str) and value.strip().isdigit() and int(value) <= 130:
        return int(value)
    return None


# -- the adult court list -----------------------------------------------------------------


def _adult_list(job: dict[str, Any], on: dt.date | None) -> CourtList:
    sessions = _items(job.get("sessions"), "session")
    if not sessions:
        raise ListRefused("This adult court list has no sessions in it.")
    printed = iso_date(job.get("printdate"))
    day = on.isoformat() if on else printed
    problems: list[str] = []
    cases: list[ListedCase] = []
    courts: list[str] = []
    for session in sessions:
        court = clean(session.get("court"), MAX_NAME)
        if court:
            courts.append(court)
        room = session.get("room")
        if isinstance(room, int) and not isinstance(room, bool):
            room_name = f"Court {room}"
        else:
            room_name = clean(room, 100)
        blocks = _items(session.get("blocks"), "block")
        for block in blocks:
            start = clean(block.get("bstart") or session.get("sstart"), 5) or None
            for entry in _items(block.get("cases"), "case"):
                found = _adult_case(entry, problems)
                if found is None:
                    continue
                found.court = court or None
                found.courtroom = room_name or None
                found.time = start if start and len(start) == 5 and start[2] == ":" else None
                found.hearing_date = day
                found.source = _where(room_name, found.time)
                note_fields(found)
                cases.append(found)
                if len(cases) > MAX_CASES:
                    raise ListRefused(
                        f"This list has more than {MAX_CASES:,} cases, far more than a "
                        "court's day; it cannot be a court list."
                    )
    if not cases:
        raise ListRefused("This adult court list has no cases in it.")
    return CourtList(
        kind="hmcts_adult",
        cases=cases,
        court=courts[0] if courts else None,
        date=day,
        problems=problems,
    )


def _adult_case(entry: dict[str, Any], problems: list[str]) -> ListedCase | None:
    number = clean(entry.get("caseno"), 64)
    listed = clean(entry.get("def_name"), MAX_NAME)
    if not listed:
        problems.append(
            f"Case {number or '(no number)'} has no defendant's name, so it was left out."
        )
        return None
    case = ListedCase(name=parse_name(listed), name_as_listed=listed, case_number=number or None)
    born = clean(entry.get("def_dob"), 40)
    if born:
        case.date_of_birth = iso_date(born)
        if case.date_of_birth is None:
            case.not_recognised.append(f"date of birth {born}")
    case.age = _age(entry.get("def_age"))
    address = entry.get("def_addr")
    if isinstance(address, dict):
        parts = [clean(address.get(f"line{i}"), 35) for i in range(1, 6)]
        parts.append(clean(address.get("pcode"), 8))
        case.address = ", ".join(p for p in parts if p) or None
    case.prosecutor = clean(entry.get("inf"), 100) or None
    for offence in _items(entry.get("offences"), "offence"):
        title = clean(offence.get("title"), MAX_NAME)
        wording = clean(offence.get("sum"), MAX_WORDING)
        if title:
            case.offences.append(title)
        if wording:
            case.offence_wording.append(wording)
    flag_restrictions(case, *case.offence_wording, youth=False)
    return case
