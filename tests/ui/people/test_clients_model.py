"""The clients list model, tested without a window on a store of a few thousand people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import Qt

from cass_desktop.data import local, store_path
from cass_desktop.sites.setup import set_up_device
from cass_desktop.ui.people.clients_model import (
    AGE,
    CLIENT_ROLE,
    DATE_OF_BIRTH,
    FILTER_ALL,
    FILTER_CLOSED,
    FILTER_MINE,
    FILTER_OPEN,
    ID_ROLE,
    KEYWORKER,
    NAME,
    OPENED,
    REFERENCE,
    SORT_ROLE,
    STATUS,
    ClientsModel,
)
from cass_desktop.ui.shell.tables import RecordsModel
from tests.helpers.people import make_people
from tests.helpers.stores import new_store


@pytest.fixture(scope="module")
def crowd(tmp_path_factory) -> Iterator[tuple[sqlite_utils.Database, list[dict]]]:
    """One store of 3,000 people for the whole module, made read-only (the model only reads:
    a test that wrote would fail, not change what the next one sees)."""
    db = new_store(store_path(tmp_path_factory.mktemp("crowd")))
    set_up_device(db, "Plymouth Magistrates' Court", "Alex Carter")
    people = make_people(db, 3000)
    db.execute("PRAGMA query_only = ON")
    yield db, people
    db.close()


@pytest.fixture
def device_db(crowd):
    """The crowd's store (in this module, in place of an empty one per test)."""
    return crowd[0]


@pytest.fixture
def people(crowd):
    return crowd[1]


@pytest.fixture
def model(device_db):
    m = ClientsModel(device_db)
    m.set_filter(FILTER_ALL)
    m.read_all()
    return m


def listed(m: ClientsModel) -> ClientsModel:
    """The model once everyone it lists has been read (the event loop does this while idle)."""
    m.read_all()
    return m


def column_values(model, column, role=SORT_ROLE, rows=None):
    rows = range(model.rowCount()) if rows is None else rows
    return [model.index(r, column).data(role) for r in rows]


def test_columns_and_headings(model):
    assert model.columnCount() == 8
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert headings == [
        "Reference",
        "Name",
        "Date of birth",
        "Age",
        "Status",
        "Keyworker",
        "Opened",
        "Court",  # shown to head office only
    ]


def test_filters_count_the_right_people(device_db, people):
    worker_id = local.get(device_db, "worker_id")
    m = ClientsModel(device_db)
    expected = {
        FILTER_ALL: len(people),
        FILTER_OPEN: sum(p["status"] == "open" for p in people),
        FILTER_CLOSED: sum(p["status"] == "closed" for p in people),
        FILTER_MINE: sum(p["keyworker_id"] == worker_id for p in people),
    }
    for which, count in expected.items():
        m.set_filter(which, worker_id=worker_id)
        assert listed(m).rowCount() == count, which
    listed(m).set_filter(FILTER_MINE, worker_id=worker_id)
    assert set(column_values(listed(m), KEYWORKER, Qt.ItemDataRole.DisplayRole)) == {"Alex Carter"}
    m.set_filter(FILTER_CLOSED)
    assert set(column_values(m, STATUS, Qt.ItemDataRole.DisplayRole, range(50))) == {"Closed"}


def test_rows_are_fetched_a_page_at_a_time(model):
    assert model.rowCount() == 3000
    assert model.fetches == 0  # nothing read until the view asks
    model.index(0, NAME).data()
    model.index(5, REFERENCE).data()
    assert model.fetches == 1
    model.index(2999, NAME).data()
    assert model.fetches == 2
    # Scrolling the whole list keeps only a bounded number of pages in memory.
    for row in range(0, 3000, 50):
        model.index(row, NAME).data()
    assert len(model._pages) <= model.MAX_PAGES
    # Each page read once, and the last again (it was dropped to keep within MAX_PAGES).
    assert model.fetches <= 1 + 3000 // model.PAGE_SIZE


def test_everyone_listed_is_held_as_compact_row_numbers(model, people):
    """100,000 people listed hold 0.8 MB of row numbers (8 bytes each), not 3.6 MB of Python
    ints in a list (issue 12: peak memory); finding a person far down the list still works."""
    assert model.rowCount() == len(people)
    # The model's own store of row numbers is one buffer of 8-byte integers (a list of ints
    # would be no buffer at all: memoryview refuses it).
    assert memoryview(model._rowids).nbytes == 8 * len(people)
    last = model.index(len(people) - 1, 0).data(ID_ROLE)
    assert model.row_of(last) == len(people) - 1


def test_display_words_for_a_row(device_db, people, model):
    model.sort(REFERENCE, Qt.SortOrder.AscendingOrder)
    first = people[1]
    row = 1
    assert model.index(row, REFERENCE).data() == "PLY-00001"
    assert model.index(row, NAME).data() == f"{first['family_name']}, {first['given_name']}"
    born = dt.date.fromisoformat(first["date_of_birth"])
    assert model.index(row, DATE_OF_BIRTH).data() == f"{born.day} {born:%b %Y}"
    assert int(model.index(row, AGE).data()) in range(0, 130)
    assert model.index(row, STATUS).data() == "Open"
    assert model.index(row, OPENED).data() == "2 Jan 2024"
    assert model.index(0, DATE_OF_BIRTH).data() == ""  # no date of birth known
    client = model.index(row, NAME).data(CLIENT_ROLE)
    assert client["reference"] == "PLY-00001"
    assert model.index(row, AGE).data(ID_ROLE) == client["id"]
    assert model.row_of(client["id"]) == row


def test_its_columns_are_described_as_every_lists_are(model):
    """A RecordsModel whose rows are fetched as shown: the same roles and Columns as the
    other lists, a tooltip on the name only, the age aligned right; rows cannot be handed
    to it, and reading one cell fetches one page, not the whole list."""
    assert isinstance(model, RecordsModel)
    assert (SORT_ROLE, CLIENT_ROLE, ID_ROLE) == (
        RecordsModel.SORT_ROLE,
        RecordsModel.OBJECT_ROLE,
        RecordsModel.ID_ROLE,
    )
    assert [c.header for c in model.columns] == [
        model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())
    ]
    tips = [model.index(1, c).data(Qt.ItemDataRole.ToolTipRole) for c in range(8)]
    assert tips[:NAME] + tips[NAME + 1 :] == [None] * 7
    aligned = model.index(1, AGE).data(Qt.ItemDataRole.TextAlignmentRole)
    assert Qt.AlignmentFlag(aligned) & Qt.AlignmentFlag.AlignRight
    assert model.index(1, NAME).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.fetches == 1
    assert model.record(2999) is not None and model.fetches == 2
    assert model.record(3000) is None and model.index(3000, NAME).data() is None
    with pytest.raises(TypeError):
        model.set_rows([])


def test_sorting_by_each_column_requeries_the_store(model):
    for column in (REFERENCE, NAME, DATE_OF_BIRTH, AGE, STATUS, KEYWORKER, OPENED):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
            model.read_all()
            assert model._pages == {}  # a fresh query: nothing cached from the last order
            values = [v for v in column_values(model, column) if v is not None]
            assert len(values) >= 1000
            descending = order == Qt.SortOrder.DescendingOrder
            # Names sort without regard to case: "de Souza" among the Ds, "smith" among the Ss.
            key = str.casefold if column == NAME else None
            assert values == sorted(values, key=key, reverse=descending), (column, order)
    # Age ascending is youngest first.
    listed(model).sort(AGE, Qt.SortOrder.AscendingOrder)
    listed(model)
    assert model.index(0, AGE).data(SORT_ROLE) <= model.index(500, AGE).data(SORT_ROLE)
    assert model.index(0, DATE_OF_BIRTH).data() != ""


def test_searching_by_part_of_a_name_reference_or_date(device_db, people, model):
    model.set_text("sia")  # diacritics folded: finds Siân
    assert listed(model).rowCount() == sum(p["given_name"] == "Siân" for p in people)
    assert all("Siân" in model.index(r, NAME).data() for r in range(model.rowCount()))
    model.set_text("PLY-00042")
    assert column_values(model, REFERENCE, Qt.ItemDataRole.DisplayRole) == ["PLY-00042"]
    born = dt.date.fromisoformat(people[7]["date_of_birth"])
    model.set_text(born.strftime("%d/%m/%Y"))
    assert model.rowCount() >= 1
    assert set(column_values(model, DATE_OF_BIRTH)) == {born.isoformat()}
    model.set_text("zzzz")
    assert model.rowCount() == 0
    model.set_text("")
    assert listed(model).rowCount() == 3000


def test_search_keeps_the_filter(device_db, people):
    m = ClientsModel(device_db)
    listed(m).set_filter(FILTER_CLOSED, text="nguy")
    listed(m)
    expected = sum(p["status"] == "closed" and p["family_name"] == "Nguyễn" for p in people)
    assert m.rowCount() == expected > 0


def test_mine_with_nobody_signed_in_lists_nobody(device_db, people):
    m = ClientsModel(device_db)
    m.set_filter(FILTER_MINE, worker_id=None)
    assert m.rowCount() == 0


def test_model_passes_qt_model_checks(qtmodeltester, db):
    set_up_device(db, "Plymouth Magistrates' Court", "Alex Carter")
    make_people(db, 40)
    m = ClientsModel(db)
    m.set_filter(FILTER_ALL)
    qtmodeltester.check(m)


def test_the_first_screen_is_listed_at_once_and_the_rest_while_idle(qtbot, device_db, people):
    m = ClientsModel(device_db)
    m.set_filter(FILTER_ALL)
    assert m.rowCount() == m.FIRST_ROWS and not m.complete  # enough to fill the screen
    first = column_values(m, NAME, rows=range(m.FIRST_ROWS))
    with qtbot.waitSignal(m.loaded, timeout=30_000):
        pass  # the event loop reads the rest a few milliseconds at a time
    assert m.complete and m.rowCount() == 3000
    names = column_values(m, NAME)
    assert names[: m.FIRST_ROWS] == first and names == sorted(names)
    # A new search while the rest are still being read starts again from its own first rows.
    m.set_text("s")
    m.set_text("sia")
    assert listed(m).rowCount() == sum(p["given_name"] == "Siân" for p in people)
