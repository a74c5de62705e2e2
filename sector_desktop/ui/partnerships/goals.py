"""The partnership's Goals tab: each goal of the partnership and of its action teams with its measure,
target, latest progress against the target and due date; add a goal, edit one (double-click), and add
a progress update (value, date, note). Writes go through run_op (ServiceDialog)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.services.initiatives import GoalInput, add_progress, save_goal
from sector_desktop.store.initiatives import GoalRow, goal_rows
from sector_desktop.store.partnerships import PartnershipOverview

from ..context import AppContext
from ..form_dialog import ServiceDialog
from ..operations import Changes
from ..rows_model import OVERDUE, RowsTableModel
from ..tables import make_table
from ..tasks import run_task
from ..widgets import date_edit, date_of

REACHED = QColor("#2e7d32")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def progress_text(goal: GoalRow) -> str:
    """'27 of 60 (45%)', '27 so far' without a target, or 'No progress yet'."""
    if goal.latest is None:
        return "No progress yet"
    if not goal.target:
        return f"{_number(goal.latest)} so far"
    return f"{_number(goal.latest)} of {_number(goal.target)} ({goal.share or 0:.0%})"


class GoalsTableModel(RowsTableModel):
    GOAL, WHOSE, MEASURE, PROGRESS, UPDATED, DUE = range(6)
    headers = ("Goal", "Whose", "Measure", "Progress", "Last update", "Due")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.today = clock.today()

    def text(self, row: GoalRow, column: int) -> str:
        last = row.progress[-1].recorded_on if row.progress else None
        values = (
            row.title,
            row.action_team_name or "Partnership",
            row.measure or "",
            progress_text(row),
            timefmt.date(last),
            timefmt.date(row.due_on),
        )
        return values[column]

    def color(self, row: GoalRow, column: int) -> QColor | None:
        if row.share is not None and row.share >= 1:
            return REACHED if column == self.PROGRESS else None
        if column == self.DUE and row.due_on is not None and row.due_on < self.today:
            return OVERDUE
        return None


class GoalDialog(ServiceDialog):
    def __init__(
        self,
        ctx: AppContext,
        partnership: PartnershipOverview,
        current: GoalRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Edit goal" if current else "New goal", parent)
        c = current
        self.partnership_id, self.current = partnership.id, c
        self.title = QLineEdit(c.title if c else "")
        self.title.setPlaceholderText("Fill entry-level clinical jobs from the city's residents")
        self.whose = QComboBox()
        self.whose.addItem("The partnership", None)
        for team in partnership.action_teams:
            self.whose.addItem(team.name, team.id)
        if c and c.action_team_id:
            self.whose.setCurrentIndex(max(0, self.whose.findData(c.action_team_id)))
        self.measure = QLineEdit(c.measure or "" if c else "")
        self.measure.setPlaceholderText("Residents hired by member employers")
        self.target = QDoubleSpinBox()
        self.target.setRange(0, 1e9)
        self.target.setDecimals(0)
        self.target.setSpecialValueText("not set")
        self.target.setValue(c.target or 0 if c else 0)
        self.due = date_edit(c.due_on if c else None)
        self.notes = QPlainTextEdit(c.notes or "" if c else "")
        self.notes.setFixedHeight(54)
        for text, widget in (
            ("Goal", self.title),
            ("Whose", self.whose),
            ("Measure", self.measure),
            ("Target", self.target),
            ("Due", self.due),
            ("Notes", self.notes),
        ):
            self.form.addRow(text, widget)

    def call(self) -> Callable[[], Any]:
        data = GoalInput(
            self.partnership_id,
            self.title.text(),
            self.measure.text(),
            self.target.value() or None,
            date_of(self.due),
            self.whose.currentData(),
            self.notes.toPlainText(),
        )
        db, gid = self.ctx.db, self.current.id if self.current else None
        return lambda: save_goal(db, data, gid)


class ProgressDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, goal: GoalRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Add progress update", parent)
        self.goal = goal
        about = QLabel(f"{goal.title}\n{goal.measure or 'Progress'}: now {progress_text(goal).lower()}")
        about.setWordWrap(True)
        about.setProperty("role", "hint")
        self.value = QDoubleSpinBox()
        self.value.setRange(-1e9, 1e9)
        self.value.setDecimals(2)
        self.value.setValue(goal.latest or 0)
        self.day = date_edit(clock.today(), optional=False)
        self.note = QLineEdit()
        self.note.setPlaceholderText("How it was counted, e.g. confirmed with the members' HR leads")
        self.form.addRow(about)
        for text, widget in (("Value", self.value), ("Date", self.day), ("Note", self.note)):
            self.form.addRow(text, widget)

    def call(self) -> Callable[[], Any]:
        db, gid, value, day, note = (
            self.ctx.db,
            self.goal.id,
            self.value.value(),
            date_of(self.day),
            self.note.text(),
        )
        return lambda: add_progress(db, gid, value, day, note)  # type: ignore[arg-type]


class GoalsPanel(QWidget):
    """The Goals tab of one partnership; loads its goals itself and follows changes to them."""

    counted = Signal(str)  # the tab's title: "Goals (4, 1 reached)"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goalsPanel")
        self.ctx = ctx
        self.overview: PartnershipOverview | None = None
        self.model = GoalsTableModel(self)
        self.table = make_table(self.model, "goalTable", GoalsTableModel.GOAL)
        self.table.setAccessibleName("Goals")
        self.model.modelReset.connect(self._fit)
        self.table.doubleClicked.connect(lambda index: self.edit_goal(index.row()))
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._describe(cur.row()))
        self.history = QLabel("")
        self.history.setObjectName("goalHistory")
        self.history.setProperty("role", "hint")
        self.history.setWordWrap(True)
        add = QPushButton("Add goal…")
        add.setObjectName("addGoalButton")
        add.clicked.connect(self.add_goal)
        update = QPushButton("Add progress update…")
        update.setObjectName("addProgressButton")
        update.clicked.connect(self.add_progress)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(update)
        row.addWidget(self.history, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        ctx.events.applied.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        if self.overview is not None and changes.touches("goal", "goal_progress", "action_team"):
            self.show_partnership(self.overview)

    def show_partnership(self, overview: PartnershipOverview) -> None:
        self.overview = overview
        db, pid = self.ctx.db, overview.id

        def load() -> list[GoalRow]:
            with db.read_session() as s:
                return goal_rows(s, pid)

        run_task(load, self._loaded)

    def _fit(self) -> None:
        """The goal's own words get the room: the other columns at widths that fit their usual text."""
        self.table.setColumnHidden(GoalsTableModel.UPDATED, True)  # the line under the table says it
        for column, width in (
            (GoalsTableModel.WHOSE, 170),
            (GoalsTableModel.MEASURE, 210),
            (GoalsTableModel.PROGRESS, 130),
            (GoalsTableModel.DUE, 100),
        ):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), width))

    def _loaded(self, rows: list[GoalRow]) -> None:
        current = self.table.currentIndex().row()
        self.model.today = clock.today()
        self.model.set_rows(rows)
        reached = sum(1 for g in rows if g.share is not None and g.share >= 1)
        self.counted.emit(f"Goals ({len(rows)}{f', {reached} reached' if reached else ''})")
        if rows:
            self.table.selectRow(min(max(current, 0), len(rows) - 1))
        else:
            self.history.setText("No goals yet: add one with a measure, a target and a due date.")

    def _describe(self, row: int) -> None:
        goal = self.model.row_at(row)
        if goal is None:
            return
        recent = [f"{timefmt.date(p.recorded_on)}: {_number(p.value)}" for p in goal.progress[-4:]]
        self.history.setText(("Recent: " + " · ".join(recent)) if recent else "No progress recorded yet.")

    def _selected(self) -> GoalRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def add_goal(self) -> None:
        if self.overview is not None:
            GoalDialog(self.ctx, self.overview, None, self).open()

    def edit_goal(self, row: int) -> None:
        goal = self.model.row_at(row)
        if goal is not None and self.overview is not None:
            GoalDialog(self.ctx, self.overview, goal, self).open()

    def add_progress(self) -> None:
        goal = self._selected()
        if goal is not None:
            ProgressDialog(self.ctx, goal, self).open()
