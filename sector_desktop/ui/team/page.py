"""The Team page: the staff list (add, edit, deactivate), who this laptop works as, the manager's view."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.services import staff as svc
from sector_desktop.services.team_overview import StaffLoad, team_overview

from ..context import AppContext
from ..operations import Changes, run_op
from ..tables import make_table
from ..tasks import run_task
from .dialogs import StaffDialog
from .manager_view import ManagerView
from .me import choose_me
from .table_model import StaffTableModel

# Tables whose changes move the manager's figures.
_WATCHED = ("staff_user", "action_item", "visit", "organization")


@dataclass(frozen=True)
class TeamData:
    staff: list[svc.StaffRow]
    loads: list[StaffLoad]
    connected: bool  # to a server: roles come from the accounts there
    my_role: str | None
    me_missing: bool = False  # "me" names a staff record that is not here (gone, or not pulled yet)

    @property
    def manages(self) -> bool:
        """Managers and administrators see the manager's view; so does a laptop with no server."""
        return not self.connected or self.my_role in ("manager", "admin")


def load_team(ctx: AppContext) -> TeamData:
    from sector_desktop.store.settings import me_setting
    from sector_desktop.sync.client.state import read_state

    rows = svc.list_staff(ctx.db)
    me = next((r for r in rows if r.id == ctx.staff_id), None)
    chosen = me_setting(ctx.paths)
    missing = chosen is not None and all(r.id != chosen for r in rows)
    connected = read_state(ctx.db.engine).connected
    return TeamData(rows, team_overview(ctx.db), connected, me.role if me else None, missing)


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
        self.me_label.setWordWrap(True)
        self.table = make_table(self.model, "staffTable", StaffTableModel.EMAIL)
        self.table.setAccessibleName("Staff members")
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.setFocusProxy(self.table)
        self.manager = ManagerView(self.ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("teamTabs")
        self.tabs.addTab(self.table, "Staff")
        self.tabs.addTab(self.manager, "Manager's view")
        self.tabs.currentChanged.connect(lambda _i: self._enable())
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(header)
        self.layout_.addWidget(self.me_label)
        self.layout_.addWidget(self.tabs, 1)
        self.data: TeamData | None = None

    # -- loading ------------------------------------------------------------------------
    def _changed(self, changes: Changes) -> None:
        if changes.touches(*_WATCHED):
            self.reload()

    def reload(self) -> None:
        ctx = self.ctx
        run_task(lambda: load_team(ctx), self._loaded)

    def _loaded(self, data: TeamData) -> None:
        self.data = data
        self.manager.set_loads(data.loads)
        self.tabs.setTabVisible(1, data.manages)
        self._listed(data.staff, data.me_missing)
        if data.connected and not data.manages:
            self.me_label.setText(self.me_label.text() + " Managers add and change staff members.")

    def prepare_view(self, view: str) -> None:
        """--view manager: the manager's view tab."""
        if view == "manager":
            self.tabs.setCurrentWidget(self.manager)

    def _listed(self, rows: list[svc.StaffRow], me_missing: bool = False) -> None:
        selected = self.selected()
        self.model.me = self.ctx.staff_id
        self.model.set_rows(rows)
        me = next((r for r in rows if r.id == self.ctx.staff_id), None)
        if me is not None:
            self.me_label.setText(
                f"This laptop works as {me.name}: “Mine” shows their visits and action items."
            )
        elif me_missing:
            self.me_label.setText(
                "The staff member this laptop worked as is not on its team now (merged or removed, "
                "or not synced yet): nobody is “me”. Select yourself and press “This is me”."
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
        on_staff = self.tabs.currentWidget() is self.table
        self.me_button.setVisible(on_staff)
        editable = on_staff and (self.data is None or self.data.manages)
        for b in (self.add_button, self.edit_button, self.deactivate_button):
            b.setVisible(editable)
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.deactivate_button.setEnabled(row is not None and row.active)
        self.me_button.setEnabled(row is not None and row.active and row.id != self.ctx.staff_id)

    # -- actions --------------------------------------------------------------------------
    def add_staff(self) -> StaffDialog:
        admin = self.data is None or not self.data.connected or self.data.my_role == "admin"
        dialog = StaffDialog(self.ctx, None, self, roles_editable=admin)
        dialog.open()
        return dialog

    def edit_selected(self) -> StaffDialog | None:
        row = self.selected()
        if row is None:
            return None
        admin = self.data is None or not self.data.connected or self.data.my_role == "admin"
        dialog = StaffDialog(self.ctx, row, self, roles_editable=admin)
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
