"""People held who may have been recorded twice, for head office to merge or tell apart."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils

from cass_desktop.data import review as review_data
from cass_desktop.people.matching import DuplicatePair, duplicate_pairs


def possible_duplicates(
    db: sqlite_utils.Database, progress: Callable[[int, int], None] | None = None
) -> list[DuplicatePair]:
    """People held who may be one person, most alike first; pairs already judged to be
    different people and people already merged are left out."""
    people = review_data.people_for_matching(db)
    skip = review_data.not_duplicate_pairs(db)
    return duplicate_pairs(people, skip=skip, progress=progress)
