"""The Team page: the staff list (add, edit, deactivate), who this laptop works as, the manager's view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
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
from .merge_dialog import MergeStaffDialog
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

    def _command(self, name: str, text: str, button_text: str, slot: Callable[[], object]) -> QPushButton:
        """One QAction per command: on the staff list's context menu (and so in the command palette
        while the list shows), and triggered by its button in the header."""
        action = QAction(text, self.table)
        action.setObjectName(f"{name}Action")
        action.triggered.connect(lambda _=False: self._unless_busy(slot))
        self.table.addAction(action)
        button = QPushButton(button_text)
        button.setObjectName(f"{name}Button")
        button.clicked.connect(action.trigger)
        action.changed.connect(lambda: self._follow(action, button))
        self.commands[name] = action
        return button

    @staticmethod
    def _follow(action: QAction, button: QPushButton) -> None:
        button.setEnabled(action.isEnabled())
        button.setVisible(action.isVisible())
        button.setToolTip(action.toolTip())

    def _unless_busy(self, slot: Callable[[], object]) -> None:
        # A command from the palette or the menu must not open a second dialog over one asking.
        if QApplication.activeModalWidget() is None:
            slot()

    def _build(self) -> None:
        title = QLabel("Team")
        title.setProperty("role", "heading")
        self.table = make_table(self.model, "staffTable", StaffTableModel.EMAIL)
        self.table.setAccessibleName("Staff members")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.commands: dict[str, QAction] = {}
        self.me_button = self._command("thisIsMe", "This is me", "This is me", self.choose_selected_as_me)
        self.commands["thisIsMe"].setToolTip(
            "Work as the selected staff member on this laptop (“Mine” shows their work)"
        )
        self.edit_button = self._command("editStaff", "Edit staff member…", "Edit…", self.edit_selected)
        self.deactivate_button = self._command(
            "deactivateStaff", "Deactivate staff member", "Deactivate", self.deactivate_selected
        )
        self.merge_button = self._command("mergeStaff", "Merge into…", "Merge into…", self.merge_selected)
        self.commands["mergeStaff"].setToolTip(
            "The selected staff member is a duplicate: move their visits, action items and meetings "
            "to the one to keep, and remove the duplicate"
        )
        self.add_button = self._command("addStaff", "Add staff member…", "Add staff member…", self.add_staff)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        for b in (
            self.me_button,
            self.edit_button,
            self.deactivate_button,
            self.merge_button,
            self.add_button,
        ):
            header.addWidget(b)
        self.me_label = QLabel("")
        self.me_label.setObjectName("teamMe")
        self.me_label.setProperty("role", "hint")
        self.me_label.setWordWrap(True)
        self.status = QLabel("")
        self.status.setObjectName("teamStatus")
        self.status.setWordWrap(True)
        self.status.hide()
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
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.tabs, 1)
        self.data: TeamData | None = None
        self._enable()

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
        editable = on_staff and (self.data is None or self.data.manages)
        row = self.selected()
        others = self.model.rowCount() > 1
        states = {
            "thisIsMe": (on_staff, row is not None and row.active and row.id != self.ctx.staff_id),
            "editStaff": (editable, row is not None),
            "deactivateStaff": (editable, row is not None and row.active),
            "mergeStaff": (editable, row is not None and others),
            "addStaff": (editable, True),
        }
        for name, (visible, enabled) in states.items():
            self.commands[name].setVisible(visible)
            self.commands[name].setEnabled(visible and enabled)

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

    def merge_selected(self) -> MergeStaffDialog | None:
        """Merge into…: the selected staff member is a duplicate of the one the user picks to keep."""
        row = self.selected()
        if row is None:
            return None
        dialog = MergeStaffDialog(self.ctx, row, self.model.rows(), self)
        dialog.saved.connect(self._merged)
        dialog.open()
        return dialog

    def _merged(self, said: object) -> None:
        self.status.setText(str(said))
        self.status.show()

    def choose_selected_as_me(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not row.active:
            QMessageBox.information(self, "Not active", f"{row.name} is no longer active.")
            return
        choose_me(self.ctx, row.id)
