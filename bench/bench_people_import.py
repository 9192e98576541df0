"""Previewing a people CSV import: 1,000 rows, each checked and compared with everyone held
(the New person look-alike check) and with the rows before it, against a demo store.

Half the rows are people the store already holds, written as spreadsheets slip (a letter or
an accent lost, day and month swapped), so the look-alike path is measured, not only the
quick "no one alike" one. The anchor is reading and checking the same file without comparing
anyone (`parse_bytes`), measured in the same run. One JSON line; exits 1 when the preview
takes longer than the goal. CASS_BENCH_ROWS and CASS_BENCH_PEOPLE change the sizes.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cass_desktop import demo  # noqa: E402
from cass_desktop.data import open_store, store_path  # noqa: E402
from cass_desktop.people import csv_import  # noqa: E402

ROWS = int(os.environ.get("CASS_BENCH_ROWS", "1000"))
PEOPLE = int(os.environ.get("CASS_BENCH_PEOPLE", "2000"))
GOAL_SECONDS = 20.0  # a worker waits for this once, when the service starts


def _slip(text: str, rng: random.Random) -> str:
    if len(text) > 4 and rng.random() < 0.5:
        i = rng.randrange(1, len(text) - 1)
        return text[:i] + text[i + 1 :]
    return text.replace("é", "e").replace("ń", "n").replace("'", "")


def main() -> int:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        db = open_store(store_path(Path(folder)))
        demo.generate(db, clients=PEOPLE, seed=1)
        held = list(db.query("SELECT given_name, family_name, date_of_birth FROM clients"))
        lines = ["First name,Surname,Date of birth,Phone"]
        for n in range(ROWS):
            if n % 2 and held:
                person = rng.choice(held)
                given, family = _slip(person["given_name"] or "", rng), person["family_name"]
                born = person["date_of_birth"] or ""
                if born and rng.random() < 0.3:
                    y, m, d = born.split("-")
                    born = f"{y}-{d}-{m}" if int(d) <= 12 else born
            else:
                given = "".join(
                    rng.choice("bcdfghklmnprstvw") + rng.choice("aeiou") for _ in range(3)
                )
                family = "".join(
                    rng.choice("bcdfghklmnprstvw") + rng.choice("aeiou") for _ in range(4)
                )
                given, family = given.capitalize(), family.capitalize()
                born = f"19{rng.randrange(50, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}"
            lines.append(f'{given},"{family}",{born},07700 900{n % 1000:03d}')
        data = ("\n".join(lines) + "\n").encode("utf-8")
        started = time.perf_counter()
        csv_import.parse_bytes(data)
        anchor = time.perf_counter() - started
        path = Path(folder) / "people.csv"
        path.write_bytes(data)
        started = time.perf_counter()
        preview = csv_import.preview(db, path)
        seconds = time.perf_counter() - started
        db.close()
    print(
        json.dumps(
            {
                "figure": "people_import_preview_s",
                "value": round(seconds, 3),
                "anchor": "parse_and_check_only_s",
                "anchor_value": round(anchor, 3),
                "ratio": round(seconds / anchor, 1) if anchor else None,
                "rows": ROWS,
                "people_held": PEOPLE,
                "counts": preview.counts,
                "goal_s": GOAL_SECONDS,
            }
        )
    )
    return 0 if seconds <= GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
