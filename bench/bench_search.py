"""Search as you type over 100,000 people: the Clients page and find-a-person, per keystroke.

What a worker types, one keystroke at a time, for people really in the store: given names,
family names, "given family", references (PLY-7KQM-3XD9) and dates of birth typed as
14/03/1990 (names without accents half the time: lukasz for Łukasz), and every one- and
two-character prefix a worker starts with (a to z, 0 to 9, the commonest pairs).

The Clients page is timed as a person meets it: the real ClientsPage in a window, each
keystroke's handler (`search_now`: the query, the model reset) and the table's repaint, with
both the Open and All filters. Each keystroke is timed `REPEATS` times (interleaved) and its
median kept; the worst keystroke is the worst of those medians. One- and two-character prefixes
are reported apart from longer text. The rest of a long list is read while idle, a slice at a
time; the longest slice is reported too (a keystroke arriving during one waits for it).
Anchor: the same repaint with no query (the floor the page cannot beat).

Find-a-person (Ctrl+K) is `data.clients.search(text, limit=15)` per keystroke, p95 and worst
(median of repeats), against an FTS5 prefix query of the same index in the same run; the ten
texts it took longest over are listed with their CPU time (`find_slowest_cpu_ms`).

Every figure is given in wall time and, as `cpu_`/`_cpu_`, in this thread's CPU time: on a
shared machine the wall time also holds the time other work had the cores (at a load average
of 8 on 2 cores, about four times the CPU time), so compare runs by their CPU figures and the
load averages printed with them.

Both are run with SQLCipher's memory security as shipped and the other way. (The demo store
is plain, and memory security is only ever turned on for a locked store, so on it the two
runs differ by nothing but when they ran.) Goals: every
keystroke ≤ 16 ms on the page; find-a-person p95 ≤ 2 ms and worst ≤ 16 ms (memory security
as shipped). Exits 1 when a goal is missed.
"""

from __future__ import annotations

import os
import random
import statistics
import string
import sys
import time
import unicodedata

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import CLIENTS, demo_store, emit, percentile
from cass_desktop.data import clients, open_store, store
from cass_desktop.data import store_path as path_of

PEOPLE = int(os.environ.get("CASS_BENCH_PEOPLE", "12"))
REPEATS = 3
KEYSTROKE_GOAL_MS = 16.0
FIND_P95_GOAL_MS = 2.0
FIND_MAX_GOAL_MS = 16.0
PAIRS = ["sa", "ma", "jo", "al", "mo", "ch", "da", "st", "ke", "le", "ha", "ro", "br", "an"]


def _plain(text: str) -> str:
    text = text.replace("ł", "l").replace("Ł", "L")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _typed(text: str, start: int = 1) -> list[str]:
    """What is in the box after each keystroke."""
    return [text[:n] for n in range(start, len(text) + 1)]


def queries_for(person: dict, rng: random.Random) -> list[str]:
    given, family = person["given_name"], person["family_name"]
    if rng.random() < 0.5:
        given, family = _plain(given), _plain(family)
    dob = person["date_of_birth"] or "1990-01-01"
    typed = _typed(given, 3) + _typed(family, 3) + [f"{given} {p}" for p in _typed(family)]
    typed += _typed(person["reference"], 3) + _typed(f"{dob[8:10]}/{dob[5:7]}/{dob[:4]}", 3)
    return [q for q in typed if q.strip()]


def short_prefixes() -> list[str]:
    return list(string.ascii_lowercase) + list(string.digits) + PAIRS


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _cpu_ms(started: float) -> float:
    return (time.thread_time() - started) * 1000


def time_page(
    app, page, texts: list[str], which: str
) -> tuple[dict[str, float], float, dict[str, float]]:
    """Median keystroke (handler and repaint) per text, the longest idle reading slice, and
    the median CPU time of each keystroke (this thread's: on a shared machine the wall time
    also holds the time other work had the cores)."""
    from cass_desktop.ui.people.clients_model import ClientsModel

    page.set_filter(which)
    page.model.read_all()
    viewport = page.table.viewport()
    samples: dict[str, list[float]] = {t: [] for t in texts}
    cpu: dict[str, list[float]] = {t: [] for t in texts}
    slices: list[float] = []
    original = ClientsModel._read_more

    def timed(model, budget_ms=ClientsModel.READ_MS):
        started = time.perf_counter()
        original(model, budget_ms)
        if budget_ms is not None:
            slices.append(_ms(started))

    ClientsModel._read_more = timed
    try:
        for _ in range(REPEATS):
            for text in texts:
                page.search.blockSignals(True)
                page.search.setText(text)
                page.search.blockSignals(False)
                started, used = time.perf_counter(), time.thread_time()
                page.search_now()
                viewport.repaint()
                samples[text].append(_ms(started))
                cpu[text].append(_cpu_ms(used))
                # Some of the idle time before the next key: the rest is read meanwhile.
                for _ in range(3):
                    app.processEvents()
    finally:
        ClientsModel._read_more = original
    page.search.setText("")
    page.search_now()
    return (
        {t: statistics.median(v) for t, v in samples.items()},
        max(slices, default=0.0),
        {t: statistics.median(v) for t, v in cpu.items()},
    )


def repaint_floor(page) -> tuple[float, float]:
    """The median repaint with no query, wall and CPU."""
    viewport = page.table.viewport()
    times, cpu = [], []
    for _ in range(30):
        started, used = time.perf_counter(), time.thread_time()
        viewport.repaint()
        times.append(_ms(started))
        cpu.append(_cpu_ms(used))
    return statistics.median(times), statistics.median(cpu)


def time_find(db, texts: list[str]) -> tuple[list[float], list[float], list[float], list[float]]:
    """Median ms per text for find-a-person, and for a bare FTS5 prefix query (the anchor);
    then the same in CPU time."""
    found: dict[str, list[float]] = {t: [] for t in texts}
    bare: dict[str, list[float]] = {t: [] for t in texts}
    found_cpu: dict[str, list[float]] = {t: [] for t in texts}
    bare_cpu: dict[str, list[float]] = {t: [] for t in texts}
    for _ in range(REPEATS):
        for text in texts:
            started, used = time.perf_counter(), time.thread_time()
            clients.search(db, text, limit=15)
            found[text].append(_ms(started))
            found_cpu[text].append(_cpu_ms(used))
            word = "".join(ch for ch in text.split()[0] if ch.isalnum())[:20] or "a"
            started, used = time.perf_counter(), time.thread_time()
            db.execute(
                "SELECT rowid FROM clients_fts WHERE clients_fts MATCH ? LIMIT 15", [f'"{word}"*']
            ).fetchall()
            bare[text].append(_ms(started))
            bare_cpu[text].append(_cpu_ms(used))

    def medians(by_text: dict[str, list[float]]) -> list[float]:
        return [statistics.median(v) for v in by_text.values()]

    global SLOWEST_FIND
    by_cpu = {t: statistics.median(v) for t, v in found_cpu.items()}
    SLOWEST_FIND = {t: round(by_cpu[t], 2) for t in sorted(by_cpu, key=by_cpu.get)[-10:][::-1]}
    return medians(found), medians(bare), medians(found_cpu), medians(bare_cpu)


# The ten texts find-a-person took longest over (median CPU ms), from the last time_find.
SLOWEST_FIND: dict[str, float] = {}


def run(app, data_dir, memory_security: bool, people: list[dict]) -> dict:
    from cass_desktop.ui.people.clients_view import ClientsPage
    from cass_desktop.ui.shell.context import AppContext

    store.MEMORY_SECURITY = memory_security
    db = open_store(path_of(data_dir), create=False)
    context = AppContext(db, path_of(data_dir))
    page = ClientsPage(context)
    page.resize(1280, 800)
    page.show()
    app.processEvents()
    rng = random.Random(2026)
    longer = list(dict.fromkeys(q for p in people for q in queries_for(p, rng)))
    short = short_prefixes()
    result: dict = {"memory_security": memory_security}
    worst = worst_cpu = 0.0
    for which in ("open", "all"):
        medians, longest_slice, cpu = time_page(app, page, short + longer, which)
        short_ms = [medians[t] for t in short]
        long_ms = [medians[t] for t in longer]
        worst_text = max(medians, key=medians.get)
        result[which] = {
            "prefix_1_2_p95_ms": round(percentile(short_ms, 95), 2),
            "prefix_1_2_worst_ms": round(max(short_ms), 2),
            "longer_p95_ms": round(percentile(long_ms, 95), 2),
            "longer_worst_ms": round(max(long_ms), 2),
            "worst_keystroke": worst_text,
            "idle_slice_max_ms": round(longest_slice, 2),
            "cpu_prefix_1_2_p95_ms": round(percentile([cpu[t] for t in short], 95), 2),
            "cpu_longer_p95_ms": round(percentile([cpu[t] for t in longer], 95), 2),
            "cpu_worst_ms": round(max(cpu.values()), 2),
        }
        worst = max(worst, medians[worst_text])
        worst_cpu = max(worst_cpu, max(cpu.values()))
    result["keystroke_worst_ms"] = round(worst, 2)
    result["keystroke_worst_cpu_ms"] = round(worst_cpu, 2)
    floor_ms, floor_cpu_ms = repaint_floor(page)
    result["repaint_floor_ms"] = round(floor_ms, 2)
    result["repaint_floor_cpu_ms"] = round(floor_cpu_ms, 2)
    find_ms, bare_ms, find_cpu, bare_cpu = time_find(db, short + longer)
    result["find_p95_ms"] = round(percentile(find_ms, 95), 2)
    result["find_worst_ms"] = round(max(find_ms), 2)
    result["fts_prefix_p95_ms"] = round(percentile(bare_ms, 95), 3)
    result["find_cpu_p95_ms"] = round(percentile(find_cpu, 95), 2)
    result["find_cpu_worst_ms"] = round(max(find_cpu), 2)
    result["fts_prefix_cpu_p95_ms"] = round(percentile(bare_cpu, 95), 3)
    result["find_slowest_cpu_ms"] = dict(SLOWEST_FIND)
    result["keystrokes"] = len(short) + len(longer)
    page.model.read_all()  # nothing left for a timer to read once the store is closed
    page.close()
    page.deleteLater()
    app.processEvents()
    db.close()
    return result


def main() -> int:
    from cass_desktop.ui.shell.app import application

    load_before = [round(x, 2) for x in os.getloadavg()]
    data_dir = demo_store()
    app = application()
    db = open_store(path_of(data_dir), create=False)
    rng = random.Random(2026)
    rowids = clients.list_rowids(db, status=None)
    people = list(clients.rows_for(db, rng.sample(rowids, PEOPLE)).values())
    db.close()
    shipped = store.MEMORY_SECURITY
    runs = {on: run(app, data_dir, on, people) for on in (shipped, not shipped)}
    store.MEMORY_SECURITY = shipped
    main_run = runs[shipped]
    met = (
        main_run["keystroke_worst_ms"] <= KEYSTROKE_GOAL_MS
        and main_run["find_p95_ms"] <= FIND_P95_GOAL_MS
        and main_run["find_worst_ms"] <= FIND_MAX_GOAL_MS
    )
    emit(
        {
            "benchmark": "search",
            "clients": CLIENTS,
            "people_typed": PEOPLE,
            "keystrokes": main_run["keystrokes"],
            "repeats": REPEATS,
            "keystroke_worst_ms": main_run["keystroke_worst_ms"],
            "keystroke_anchor_repaint_ms": main_run["repaint_floor_ms"],
            "keystroke_ratio": round(
                main_run["keystroke_worst_ms"] / max(main_run["repaint_floor_ms"], 0.01), 1
            ),
            "find_p95_ms": main_run["find_p95_ms"],
            "find_worst_ms": main_run["find_worst_ms"],
            "find_anchor_fts_prefix_p95_ms": main_run["fts_prefix_p95_ms"],
            "find_ratio": round(
                main_run["find_p95_ms"] / max(main_run["fts_prefix_p95_ms"], 1e-3), 1
            ),
            "keystroke_worst_cpu_ms": main_run["keystroke_worst_cpu_ms"],
            "repaint_floor_cpu_ms": main_run["repaint_floor_cpu_ms"],
            "find_cpu_p95_ms": main_run["find_cpu_p95_ms"],
            "find_cpu_worst_ms": main_run["find_cpu_worst_ms"],
            "find_anchor_fts_prefix_cpu_p95_ms": main_run["fts_prefix_cpu_p95_ms"],
            "find_slowest_cpu_ms": main_run["find_slowest_cpu_ms"],
            "load_average_before": load_before,
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "page_open": main_run["open"],
            "page_all": main_run["all"],
            "memory_security_shipped": shipped,
            "with_memory_security_" + ("on" if not shipped else "off"): runs[not shipped],
            "goal": {
                "keystroke_worst_ms": KEYSTROKE_GOAL_MS,
                "find_p95_ms": FIND_P95_GOAL_MS,
                "find_worst_ms": FIND_MAX_GOAL_MS,
            },
            "met_goal": met,
        }
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(__file__))
    raise SystemExit(main())
