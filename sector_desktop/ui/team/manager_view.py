"""The manager's view: each staff member's load, and moving one person's work to another (someone
leaves or goes on leave) as ordinary synced edits through run_op, undoable from Edit → Undo."""

from __future__ import annotations

import traceback

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.errors import ValidationError
from sector_desktop.models.choices import STAFF_ROLES
from sector_desktop.services import team_overview as svc

from ..context import AppContext
from ..crash import show_exception
from ..form_dialog import FormDialog
from ..operations import run_op
from ..rows_model import MUTED, OVERDUE, RowsTableModel
from ..tables import make_table


class StaffLoadTableModel(RowsTableModel):
    NAME, ROLE, OPEN, OVERDUE_, THIS_WEEK, NEXT_WEEK, EMPLOYERS, QUARTER = range(8)
    headers = (
        "Staff member",
        "Role",
        "Open items",
        "Overdue",
        "Planned visits this week",
        "Next week",
        "Assigned employers",
        "Visits this quarter",
    )

    def text(self, row: svc.StaffLoad, column: int) -> str:
        if column == self.NAME:
            return row.name if row.active else f"{row.name} (inactive)"
        if column == self.ROLE:
            return dict(STAFF_ROLES).get(row.role, row.role)
        figures = (
            row.open_items, row.overdue_items, row.visits_this_week, row.visits_next_week,
            row.employers, row.visits_this_quarter,
        )  # fmt: skip
        return f"{figures[column - self.OPEN]:,}"

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() >= self.OPEN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)

    def color(self, row: svc.StaffLoad, column: int) -> QColor | None:
        if column == self.OVERDUE_ and row.overdue_items:
            return OVERDUE
        return None if row.active else MUTED


class ReassignWorkDialog(FormDialog):
    """From whom, to whom, and what: their assigned organizations, open action items, planned visits."""

    def __init__(self, ctx: AppContext, loads: list[svc.StaffLoad], from_id: str | None, parent=None) -> None:
        super().__init__(ctx, "Reassign work", parent)
        self.setObjectName("reassignWorkDialog")
        self.loads = {r.staff_id: r for r in loads}
        self.source = QComboBox()
        self.source.setObjectName("reassignFrom")
        self.target = QComboBox()
        self.target.setObjectName("reassignTo")
        for r in loads:
            label = f"{r.name} ({r.employers} employers, {r.open_items} open items)"
            self.source.addItem(label if r.active else f"{label}, inactive", r.staff_id)
            if r.active:
                self.target.addItem(r.name, r.staff_id)
        self.source.setCurrentIndex(max(0, self.source.findData(from_id)))
        if self.target.currentData() == self.source.currentData() and self.target.count() > 1:
            self.target.setCurrentIndex(1)
        self.organizations = QCheckBox("Their assigned organizations (employers and partners)")
        self.organizations.setObjectName("moveOrganizations")
        self.organizations.setChecked(True)
        self.action_items = QCheckBox("Their open action items")
        self.action_items.setObjectName("moveActionItems")
        self.action_items.setChecked(True)
        self.planned_visits = QCheckBox("Their planned visits")
        self.planned_visits.setObjectName("movePlannedVisits")
        self.planned_visits.setChecked(True)
        self.form.addRow("&From", self.source)
        self.form.addRow("&To", self.target)
        self.form.addRow("Move", self.organizations)
        self.form.addRow("", self.action_items)
        self.form.addRow("", self.planned_visits)
        self.result_text = ""

    def submit(self) -> None:
        db, source, target = self.ctx.db, self.source.currentData(), self.target.currentData()
        orgs, items = self.organizations.isChecked(), self.action_items.isChecked()
        visits = self.planned_visits.isChecked()
        from_name = self.loads[source].name if source in self.loads else ""
        self.buttons.setEnabled(False)
        run_op(
            self.ctx,
            lambda: svc.reassign_work(
                db, source, target, organizations=orgs, action_items=items, planned_visits=visits
            ),
            done=lambda moved: self._moved(moved.summary(from_name)),
            failed=self._refused,
            undo=f"Reassign {from_name}'s work",
            owner=self,
        )

    def _moved(self, text: str) -> None:
        self.result_text = text
        self._done(text)

    def _refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, ValidationError):
            show_exception(exc, "".join(traceback.format_exception(exc)))
            return
        self.error.setText(str(exc))
        self.error.show()


class ManagerView(QWidget):
    """Each staff member's open and overdue items, planned visits, employers and visits this quarter."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("managerView")
        self.ctx = ctx
        self.model = StaffLoadTableModel(self)
        self.table = make_table(self.model, "staffLoadTable", StaffLoadTableModel.NAME)
        self.table.setAccessibleName("Each staff member's work")
        self.reassign_button = QPushButton("Reassign work…")
        self.reassign_button.setObjectName("reassignWorkButton")
        self.reassign_button.setToolTip(
            "Give one person's organizations and open action items to a colleague"
        )
        self.reassign_button.clicked.connect(self.open_reassign)
        self.note = QLabel(
            "Weeks start on Monday; the quarter is the calendar quarter. Moving work makes ordinary "
            "edits: they sync to everyone, and Edit → Undo takes them back."
        )
        self.note.setProperty("role", "hint")
        self.note.setWordWrap(True)
        self.status = QLabel("")
        self.status.setObjectName("reassignStatus")
        self.status.hide()
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        bar.addWidget(self.reassign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def _moved(self, text: object) -> None:
        self.status.setText(str(text))
        self.status.show()

    def set_loads(self, loads: list[svc.StaffLoad]) -> None:
        self.model.set_rows(loads)
        self.reassign_button.setEnabled(len(loads) > 1)

    def open_reassign(self) -> ReassignWorkDialog:
        current = self.model.row_at(self.table.currentIndex().row())
        dialog = ReassignWorkDialog(self.ctx, self.model.rows(), current.staff_id if current else None, self)
        dialog.saved.connect(self._moved)
        dialog.open()
        return dialog
