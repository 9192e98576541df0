"""A package of support: for each open need, agencies from the directory that could meet it.

Agencies are matched on the need's domain (an agency serving the older "drugs and alcohol"
domain serves a drugs need and an alcohol need: vocab.DOMAIN_COVERS) and ranked by how well
they cover the person's area, then by name. Inactive and deleted agencies are left out.

`area_match` is the one place an agency's areas are compared with a person's. A person's
areas include every area that covers them in the area hierarchy (agencies/areas.py), so a
Devon-wide service is in the area of someone in Plymouth.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from cass_desktop.agencies.areas import covering
from cass_desktop.assessments.needs import open_needs
from cass_desktop.data import agencies as agency_data
from cass_desktop.data import clients
from cass_desktop.records.vocab import DOMAIN_COVERS

# How well an agency covers a person's area.
IN_AREA = 2  # it names one of the person's areas
ANYWHERE = 1  # it names no area: taken to serve anywhere
ELSEWHERE = 0  # it names only other areas

_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Suggestion:
    agency: dict[str, Any]
    area: int  # IN_AREA | ANYWHERE | ELSEWHERE
    covered: str | None  # the person's area it matched, if any


def _norm(text: str) -> str:
    return " ".join(_WORD.sub(" ", text.casefold()).split())


def person_areas(client: Mapping[str, Any]) -> list[str]:
    """The places a person can be said to be in: their postcode's district and area letters,
    the lines of their address, and their court's town ("Plymouth" for Plymouth
    Magistrates' Court)."""
    found: list[str] = []
    postcode = _norm(client.get("postcode") or "")
    if postcode:
        outward = postcode.split()[0]
        found.append(outward)
        letters = re.match(r"[a-z]+", outward)
        if letters:
            found.append(letters.group(0))
    for line in re.split(r"[,\n]", client.get("address") or ""):
        if _norm(line):
            found.append(_norm(line))
    site = _norm(client.get("site_name") or "")
    if site:
        found.append(site.split(" magistrates")[0].split(" court")[0])
    # The area hierarchy: a person in Plymouth is also in what covers it (Devon-wide, Devon
    # and Cornwall), so services for those are suggested too.
    found += [_norm(wider) for area in found for wider in covering(area)[1:]]
    return list(dict.fromkeys(a for a in found if a))


def area_match(agency_areas: str | None, areas: Sequence[str]) -> tuple[int, str | None]:
    """How an agency's areas (comma-separated names) cover a person in `areas`
    (person_areas): (IN_AREA, the area) | (ANYWHERE, None) | (ELSEWHERE, None)."""
    named = [_norm(a) for a in (agency_areas or "").split(",") if _norm(a)]
    if not named:
        return ANYWHERE, None
    for area in areas:
        for name in named:
            if name == area or f" {name} " in f" {area} " or f" {area} " in f" {name} ":
                return IN_AREA, name
    return ELSEWHERE, None


def serves(agency: Mapping[str, Any], domain: str) -> bool:
    served = {d.strip() for d in (agency.get("domains") or "").split(",") if d.strip()}
    return domain in served or bool(served & set(DOMAIN_COVERS.get(domain, ())))


def suggestions(
    directory: Iterable[Mapping[str, Any]], domain: str, areas: Sequence[str], limit: int = 5
) -> list[Suggestion]:
    """The agencies serving `domain`, best first: in the person's area, then anywhere, then
    elsewhere; by name within each."""
    found: list[Suggestion] = []
    for agency in directory:
        if agency.get("deleted") or not agency.get("active", 1) or not serves(agency, domain):
            continue
        area, covered = area_match(agency.get("areas"), areas)
        found.append(Suggestion(dict(agency), area, covered))
    found.sort(key=lambda s: (-s.area, (s.agency.get("name") or "").casefold()))
    return found[:limit]


def package_of_support(
    db: sqlite_utils.Database, client_id: str, *, limit: int = 5
) -> list[tuple[dict[str, Any], list[Suggestion]]]:
    """Each open need of the person (most urgent first), with the agencies suggested for it."""
    client = clients.get(db, client_id)
    if client is None:
        return []
    areas = person_areas(client)
    directory = agency_data.list_all(db)
    order = {"urgent": 0, "soon": 1, "routine": 2, None: 3}
    needs = sorted(open_needs(db, client_id), key=lambda n: order.get(n.get("urgency"), 3))
    return [(need, suggestions(directory, need["domain"], areas, limit)) for need in needs]
