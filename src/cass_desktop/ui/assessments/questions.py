"""One widget per question kind, built from a form definition's field, all usable by keyboard.

Every question is one Tab stop. Choices are chosen by keys: the digit shown beside each
option (its value when the options are the numbers 0 to 9, as in the PHQ-9, else its place
1 to 9), Y or N for yes/no, the arrow keys to move between options, Space to tick a box in a
multiple choice. Enter moves on to the next question shown (Ctrl+Enter in a long text, where
Enter starts a new line); the form screen does the moving.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QIntValidator,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cass_desktop.forms import model
from cass_desktop.forms.model import Field
from cass_desktop.records.dates import parse_date, show_date, show_date_short
from cass_desktop.ui.shell import style

# Labels are styled by their role with fonts and palettes, not style sheets: a style sheet
# (even one, on the window) made a 60-question form open several times slower.
_ROLE_COLOURS = {"help": style.NOTE, "problem": style.OVERDUE, "small": style.MUTED}
_ROLE_BOLD = ("question", "problem", "heading")
_ROLE_SIZE = {"heading": 2.0, "small": -1.5}  # points more or less than the default


def role(label: QLabel, name: str) -> QLabel:
    """Style a label for its role: question, help, problem, heading or small."""
    font = label.font()
    if name in _ROLE_BOLD:
        font.setBold(True)
    if name in _ROLE_SIZE and font.pointSizeF() > 0:
        font.setPointSizeF(max(font.pointSizeF() + _ROLE_SIZE[name], 6.0))
    label.setFont(font)
    if name in _ROLE_COLOURS:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(_ROLE_COLOURS[name]))
        label.setPalette(palette)
    return label


def _tr(text: str) -> str:
    return QCoreApplication.translate("Question", text)


class Choices(QFrame):
    """Options as radio buttons (or tick boxes), chosen by keys; one Tab stop for them all."""

    changed = Signal()

    def __init__(self, options: list[tuple[Any, str, str]], *, multiple: bool = False):
        """`options`: (value, key, words). A few short options sit in one row."""
        super().__init__()
        self.setObjectName("choices")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.multiple = multiple
        self.values = [value for value, _key, _label in options]
        self.keys = {key.casefold(): n for n, (_v, key, _l) in enumerate(options) if key}
        self.buttons: list[QRadioButton | QCheckBox] = []
        self.group = QButtonGroup(self)
        self.group.setExclusive(not multiple)
        in_a_row = len(options) <= 4 and all(len(label) <= 26 for _v, _k, label in options)
        layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(self) if in_a_row else QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(18 if in_a_row else 2)
        for n, (_value, key, label) in enumerate(options):
            text = f"{key}  {label}" if key else label
            button: QRadioButton | QCheckBox = QCheckBox(text) if multiple else QRadioButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.group.addButton(button, n)
            self.buttons.append(button)
            layout.addWidget(button)
        if in_a_row:
            layout.addStretch(1)
        self.group.idClicked.connect(lambda _n: self.changed.emit())
        self.cursor = 0

    def value(self) -> Any:
        if self.multiple:
            return [v for v, b in zip(self.values, self.buttons, strict=True) if b.isChecked()]
        n = self.group.checkedId()
        return self.values[n] if n >= 0 else None

    def set_value(self, value: Any) -> None:
        chosen = value if isinstance(value, list) else [value]
        self.group.setExclusive(False)
        for v, button in zip(self.values, self.buttons, strict=True):
            button.setChecked(any(v == c and type(v) is type(c) for c in chosen))
        self.group.setExclusive(not self.multiple)

    def choose(self, n: int) -> None:
        if not 0 <= n < len(self.buttons):
            return
        self.cursor = n
        button = self.buttons[n]
        if self.multiple:
            button.setChecked(not button.isChecked())
        else:
            button.setChecked(True)
        self._show_cursor()
        self.changed.emit()

    def _show_cursor(self) -> None:
        for n, button in enumerate(self.buttons):
            underline = self.hasFocus() and n == self.cursor
            font = button.font()
            font.setUnderline(underline)
            button.setFont(font)

    def paintEvent(self, event: QPaintEvent) -> None:  # Qt's name
        """A blue outline and a pale fill while it has the focus, so the worker sees where
        the keys go."""
        super().paintEvent(event)
        if not self.hasFocus():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(style.CHANGED_COLOUR, 2))
        painter.setBrush(QColor(31, 111, 178, 24))
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 4, 4)
        painter.end()

    def focusInEvent(self, event: QFocusEvent) -> None:
        checked = self.group.checkedId()
        if checked >= 0 and not self.multiple:
            self.cursor = checked
        self._show_cursor()
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._show_cursor()
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.isEnabled():
            return
        key = event.key()
        text = event.text().casefold()
        if text and text in self.keys:
            self.choose(self.keys[text])
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Right):
            self._move(1)
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Left):
            self._move(-1)
            return
        if key == Qt.Key.Key_Space:
            self.choose(self.cursor)
            return
        super().keyPressEvent(event)

    def _move(self, step: int) -> None:
        n = max(0, min(len(self.buttons) - 1, self.cursor + step))
        if self.multiple:
            self.cursor = n
            self._show_cursor()
        else:
            self.choose(n)


def _option_keys(options: list[tuple[Any, str]]) -> list[str]:
    """The key for each option: its value if the values are the whole numbers 0-9 (so the
    PHQ-9's "0 Not at all" is chosen with 0), else its place, 1 to 9 (none after the ninth)."""
    values = [v for v, _ in options]
    if all(type(v) is int and 0 <= v <= 9 for v in values) and len(set(values)) == len(values):
        return [str(v) for v in values]
    return [str(n + 1) if n < 9 else "" for n in range(len(options))]


class Question(QFrame):
    """A question: its label, help, the widget that takes the answer, and any problem."""

    changed = Signal()

    def __init__(self, field: Field, number: int):
        super().__init__()
        self.field = field
        self.setObjectName(f"question_{field.id}")
        self.label = QLabel(f"{number}. {field.label}" + (" *" if field.required else ""))
        self.label.setWordWrap(True)
        role(self.label, "question")
        self.missing = False
        self.editor = self._build()
        self.label.setBuddy(self.editor)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(2, 6, 2, 6)
        self.column.setSpacing(3)
        self.column.addWidget(self.label)
        if field.help:  # widgets only where there is something to show: a long form opens faster
            help_label = QLabel(field.help)
            help_label.setWordWrap(True)
            self.column.addWidget(role(help_label, "help"))
        self.column.addWidget(self.editor)
        self._problem: QLabel | None = None

    # -- the answer widget, by kind ------------------------------------------------------------

    def _build(self) -> QWidget:
        field = self.field
        kind = field.kind
        if kind == model.YES_NO:
            self.choices = Choices([(True, "Y", _tr("Yes")), (False, "N", _tr("No"))])
            self.choices.changed.connect(self.changed)
            return self.choices
        if kind in model.CHOICE_KINDS:
            pairs = [(o.value, o.label) for o in field.options]
            keys = _option_keys(pairs)
            options = [(v, k, label) for (v, label), k in zip(pairs, keys, strict=True)]
            self.choices = Choices(options, multiple=kind == model.MULTIPLE_CHOICE)
            self.choices.changed.connect(self.changed)
            return self.choices
        if kind == model.SCALE:
            low, high = int(field.validation.min or 0), int(field.validation.max or 0)
            if high - low <= 9:
                options = []
                for value in range(low, high + 1):
                    words = str(value)
                    if value == low and field.min_label:
                        words = f"{value}: {field.min_label}"
                    elif value == high and field.max_label:
                        words = f"{value}: {field.max_label}"
                    options.append((value, words))
                keys = _option_keys(options)
                self.choices = Choices([(v, k, w) for (v, w), k in zip(options, keys, strict=True)])
                self.choices.changed.connect(self.changed)
                return self.choices
            self.spin = QSpinBox()
            self.spin.setRange(low - 1, high)
            self.spin.setSpecialValueText(_tr("Not answered"))
            self.spin.setValue(low - 1)
            self.spin.valueChanged.connect(lambda _v: self.changed.emit())
            return self.spin
        if kind == model.LONG_TEXT:
            self.text = QPlainTextEdit()
            self.text.setTabChangesFocus(True)
            self.text.setMinimumHeight(60)
            self.text.setMaximumHeight(110)
            self.text.setPlaceholderText(_tr("Ctrl+Enter moves on"))
            self.text.textChanged.connect(self.changed)
            return self.text
        self.line = QLineEdit()
        if kind == model.NUMBER and field.validation.integer:
            self.line.setValidator(QIntValidator())
        if kind == model.DATE:
            self.line.setPlaceholderText(_tr("dd/mm/yyyy"))
            self.line.setMaxLength(10)
            self.date_shown = QLabel()
            role(self.date_shown, "help")
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            self.line.setFixedWidth(120)
            row.addWidget(self.line)
            row.addWidget(self.date_shown, 1)
            self.line.textChanged.connect(self._show_date)
            self.line.textChanged.connect(lambda _t: self.changed.emit())
            box.setFocusProxy(self.line)
            return box
        self.line.textChanged.connect(lambda _t: self.changed.emit())
        return self.line

    def _show_date(self, text: str) -> None:
        try:
            self.date_shown.setText(show_date(parse_date(text).isoformat()))
        except ValueError:
            self.date_shown.setText("")

    def focus_target(self) -> QWidget:
        kind = self.field.kind
        if kind == model.DATE:
            return self.line
        return self.editor

    def set_read_only(self, read_only: bool) -> None:
        target = self.focus_target()
        if isinstance(target, QLineEdit | QPlainTextEdit):
            target.setReadOnly(read_only)
        else:
            target.setEnabled(not read_only)

    # -- reading and setting the answer ----------------------------------------------------

    def value(self) -> Any:
        kind = self.field.kind
        if hasattr(self, "choices"):
            return self.choices.value()
        if hasattr(self, "spin"):
            v = self.spin.value()
            return None if v < self.spin.minimum() + 1 else v
        if kind == model.LONG_TEXT:
            return self.text.toPlainText() or None
        text = self.line.text().strip()
        if not text:
            return None
        if kind == model.NUMBER:
            try:
                return int(text)
            except ValueError:
                try:
                    return float(text)
                except ValueError:
                    return text  # the engine says what is wrong with it
        if kind == model.DATE:
            try:
                return parse_date(text).isoformat()
            except ValueError:
                return text
        return self.line.text()

    def set_value(self, value: Any) -> None:
        kind = self.field.kind
        if hasattr(self, "choices"):
            self.choices.set_value(value)
        elif hasattr(self, "spin"):
            self.spin.setValue(value if type(value) is int else self.spin.minimum())
        elif kind == model.LONG_TEXT:
            self.text.setPlainText(value if isinstance(value, str) else "")
        elif kind == model.DATE and isinstance(value, str):
            try:
                self.line.setText(show_date_short(parse_date(value).isoformat()))
            except ValueError:
                self.line.setText(value)
        else:
            self.line.setText("" if value is None else str(value))

    @property
    def problem(self) -> QLabel:
        """What is wrong with the answer (made the first time there is something to say)."""
        if self._problem is None:
            self._problem = QLabel()
            self._problem.setObjectName("questionProblem")
            self._problem.setWordWrap(True)
            role(self._problem, "problem")
            self._problem.hide()
            self.column.addWidget(self._problem)
        return self._problem

    def show_problem(self, text: str | None, *, missing: bool = False) -> None:
        """Show what is wrong (`missing`: not answered when Complete was pressed, which stays
        until it is answered)."""
        self.missing = missing and bool(text)
        if not text and self._problem is None:
            return
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))
