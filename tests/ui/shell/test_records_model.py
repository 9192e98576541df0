"""The one table model: each column described once, every role answered from it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from cass_desktop.ui.shell.tables import Column, RecordsModel

ROWS = [{"id": "a", "name": "Shelter", "n": 10}, {"id": "b", "name": "mind", "n": 9}]


def test_a_records_model_answers_every_role_from_its_columns(qtbot):
    model = RecordsModel()
    model.columns = [
        Column("Name", lambda r: r["name"], colour=lambda r: QColor("red") if r["n"] > 9 else None),
        Column(
            "Count",
            lambda r: str(r["n"]),
            sort=lambda r: r["n"],
            tooltip=lambda r: None,
            alignment=Qt.AlignmentFlag.AlignRight,
        ),
    ]
    model.set_rows(ROWS)
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Count"
    assert model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) is None
    name, count = model.index(0, 0), model.index(1, 1)
    assert name.data() == "Shelter" and name.data(RecordsModel.SORT_ROLE) == "shelter"
    assert name.data(Qt.ItemDataRole.ToolTipRole) == "Shelter"
    assert name.data(Qt.ItemDataRole.ForegroundRole) == QColor("red")
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert (
        count.data(RecordsModel.SORT_ROLE) == 9 and count.data(Qt.ItemDataRole.ToolTipRole) is None
    )
    assert count.data(Qt.ItemDataRole.TextAlignmentRole) == Qt.AlignmentFlag.AlignRight
    assert count.data(RecordsModel.OBJECT_ROLE) == ROWS[1]
    assert count.data(RecordsModel.ID_ROLE) == "b"
    assert (model.row_of("b"), model.row_of("z")) == (1, None)
