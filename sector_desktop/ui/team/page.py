"""The Team page: the staff list (add, edit, deactivate), who this laptop works as, the manager's view."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.services import staff as svc

from ..context import AppContext
from ..operations import Changes, run_op
from ..tables import make_table
from ..tasks import run_task
from .dialogs import StaffDialog
from .me import choose_me
from .table_model import StaffTableModel


class TeamPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("teamPage")
        self.ctx = ctx
        self.model = StaffTableModel(self)
        self._build()
        ctx.events.applied.connect(self._changed)
        ctx.events.me_changed.connect(lambda _id: self.reload())
        self.reload()

    def _build(self) -> None:
        title = QLabel("Team")
        title.setProperty("role", "heading")
        self.add_button = QPushButton("Add staff member…")
        self.add_button.setObjectName("addStaffButton")
        self.add_button.clicked.connect(self.add_staff)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("editStaffButton")
        self.edit_button.clicked.connect(self.edit_selected)
        self.deactivate_button = QPushButton("Deactivate")
        self.deactivate_button.setObjectName("deactivateStaffButton")
        self.deactivate_button.clicked.connect(self.deactivate_selected)
        self.me_button = QPushButton("This is me")
        self.me_button.setObjectName("thisIsMeButton")
        self.me_button.setToolTip(
            "Work as the selected staff member on this laptop (“Mine” shows their work)"
        )
        self.me_button.clicked.connect(self.choose_selected_as_me)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        for b in (self.me_button, self.edit_button, self.deactivate_button, self.add_button):
            header.addWidget(b)
        self.me_label = QLabel("")
        self.me_label.setObjectName("teamMe")
        self.me_label.setProperty("role", "hint")
        self.table = make_table(self.model, "staffTable", StaffTableModel.TITLE)
        self.table.setAccessibleName("Staff members")
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.setFocusProxy(self.table)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(header)
        self.layout_.addWidget(self.me_label)
        self.layout_.addWidget(self.table, 1)

    # -- loading ------------------------------------------------------------------------
    def _changed(self, changes: Changes) -> None:
        if changes.touches("staff_user"):
            self.reload()

    def reload(self) -> None:
        db = self.ctx.db
        run_task(lambda: svc.list_staff(db), self._listed)

    def _listed(self, rows: list[svc.StaffRow]) -> None:
        selected = self.selected()
        self.model.me = self.ctx.staff_id
        self.model.set_rows(rows)
        me = next((r for r in rows if r.id == self.ctx.staff_id), None)
        if me is not None:
            self.me_label.setText(
                f"This laptop works as {me.name}: “Mine” shows their visits and action items."
            )
        elif not rows:
            self.me_label.setText(
                "No staff members yet. Add the team, then choose who you are with “This is me”."
            )
        else:
            self.me_label.setText(
                "Nobody is chosen as “me” on this laptop: select yourself and press “This is me”."
            )
        ids = [r.id for r in rows]
        if selected is not None and selected.id in ids:
            self.table.selectRow(ids.index(selected.id))
        elif rows:
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> svc.StaffRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _enable(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.deactivate_button.setEnabled(row is not None and row.active)
        self.me_button.setEnabled(row is not None and row.active and row.id != self.ctx.staff_id)

    # -- actions --------------------------------------------------------------------------
    def add_staff(self) -> StaffDialog:
        dialog = StaffDialog(self.ctx, None, self)
        dialog.open()
        return dialog

    def edit_selected(self) -> StaffDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = StaffDialog(self.ctx, row, self)
        dialog.open()
        return dialog

    def deactivate_selected(self) -> None:
        row = self.selected()
        if row is None or not row.active:
            return
        db = self.ctx.db
        run_op(self.ctx, lambda: svc.deactivate_staff(db, row.id), undo=f"Deactivate {row.name}", owner=self)

    def choose_selected_as_me(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not row.active:
            QMessageBox.information(self, "Not active", f"{row.name} is no longer active.")
            return
        choose_me(self.ctx, row.id)
