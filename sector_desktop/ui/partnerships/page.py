"""The Partnerships page: the list of partnerships on the left, the selected one's overview on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.store.partnerships import PartnershipOverview, get_partnership_overview, list_partnerships

from ..context import AppContext
from ..operations import Changes
from ..sync.marks import mark_sync_state
from ..tables import make_table
from ..tasks import Latest, run_task
from .detail import PartnershipDetail
from .editors import ActionTeamDialog, MemberDialog, PartnershipDialog, PriorityDialog, WorkgroupDialog
from .goals import GoalsPanel
from .table_models import PartnershipsTableModel

_WATCHED = (
    "sector_partnership",
    "partnership_member",
    "member_representative",
    "workgroup",
    "priority",
    "action_team",
    "meeting",
    "action_item",
    "organization",
    "contact",
    "visit",
)


class PartnershipsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnershipsPage")
        self.ctx = ctx
        self.model = PartnershipsTableModel(self)
        self._selected_id: str | None = None
        self._detail_load = Latest(self)  # only the latest chosen partnership's detail shows
        self._build()
        ctx.events.applied.connect(self._changed)
        self.reload()

    def _build(self) -> None:
        title = QLabel("Partnerships")
        title.setProperty("role", "heading")
        self.new_button = QPushButton("New partnership…")
        self.new_button.setObjectName("newPartnershipButton")
        self.new_button.clicked.connect(self.new_partnership)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.new_button)
        self.table = make_table(self.model, "partnershipTable", PartnershipsTableModel.NAME)
        mark_sync_state(self.ctx, self.table, "sector_partnership")
        self.setFocusProxy(self.table)  # Ctrl+4 lands in the list
        self.table.setAccessibleName("Partnerships")
        for col in (
            PartnershipsTableModel.SECTOR,
            PartnershipsTableModel.STATUS,
            PartnershipsTableModel.NEXT_MEETING,
        ):
            self.table.setColumnHidden(col, True)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._select_row(cur.row()))
        self.detail = PartnershipDetail()
        self.goals = GoalsPanel(self.ctx)
        self.detail.roster_tabs.addTab(self.goals, "Goals")
        self.goals.counted.connect(
            lambda text: self.detail.roster_tabs.setTabText(self.detail.roster_tabs.indexOf(self.goals), text)
        )
        self.detail.edit_requested.connect(self._edit)
        self.detail.meeting_requested.connect(lambda mid: self.ctx.events.open_record.emit("meeting", mid))
        self.empty = QLabel(
            "No partnerships yet.\nStart one with “New partnership…”: name it, pick the sector, then add "
            "the employers and partners on its roster."
        )
        self.empty.setObjectName("partnershipsEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("role", "hint")
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.detail)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.right)
        split.setStretchFactor(1, 1)
        split.setSizes([290, 900])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(split, 1)

    # -- loading ------------------------------------------------------------------------
    def _changed(self, changes: Changes) -> None:
        if changes.touches(*_WATCHED):
            self.reload()

    def reload(self) -> None:
        db = self.ctx.db

        def load():
            with db.read_session() as s:
                return list_partnerships(s)

        run_task(load, self._listed)

    def _listed(self, rows) -> None:
        self.model.set_rows(rows)
        ids = [r.id for r in self.model.rows()]  # in the order the list is sorted
        if not ids:
            self.right.setCurrentWidget(self.empty)
            return
        row = ids.index(self._selected_id) if self._selected_id in ids else 0
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._load_detail(ids[row])

    def _select_row(self, row: int) -> None:
        picked = self.model.row_at(row)
        if picked is not None and picked.id != self._selected_id:
            self._load_detail(picked.id)

    def _load_detail(self, partnership_id: str) -> None:
        self._selected_id = partnership_id
        db = self.ctx.db

        def load() -> PartnershipOverview:
            with db.read_session() as s:
                return get_partnership_overview(s, partnership_id)

        self._detail_load.run(load, self._show)

    def _show(self, ov: PartnershipOverview) -> None:
        self.detail.show_overview(ov)
        self.goals.show_partnership(ov)
        self.right.setCurrentWidget(self.detail)

    def new_partnership(self) -> None:
        self._edit("new", None)

    # -- editing ------------------------------------------------------------------------
    def _edit(self, what: str, row: object) -> None:
        ov = self.detail.overview
        dialog: QDialog
        if what == "new":
            dialog = PartnershipDialog(self.ctx, None, self)
            dialog.saved.connect(lambda pid: setattr(self, "_selected_id", pid))
        elif ov is None:
            return
        elif what == "partnership":
            dialog = PartnershipDialog(self.ctx, ov, self)
        elif what == "member":
            dialog = MemberDialog(self.ctx, ov, row, self)  # type: ignore[arg-type]
        elif what == "workgroup":
            dialog = WorkgroupDialog(self.ctx, ov.id, row, self)  # type: ignore[arg-type]
        elif what == "priority":
            dialog = PriorityDialog(self.ctx, ov.id, row, self)  # type: ignore[arg-type]
        elif what == "meeting":
            from ..meetings.schedule_dialog import ScheduleMeetingDialog

            dialog = ScheduleMeetingDialog(self.ctx, None, ov.id, self)
        else:
            dialog = ActionTeamDialog(self.ctx, ov, row, self)  # type: ignore[arg-type]
        dialog.open()

    # -- for the main window and --screenshot ------------------------------------------
    def prepare_view(self, view: str) -> None:
        """`partnerships`: the first partnership (the page selects it); `goals`: its Goals tab."""
        if view == "goals":
            self.detail.roster_tabs.setCurrentWidget(self.goals)

    def open_record(self, kind: str, record_id: str) -> None:
        if kind == "partnership":
            self._load_detail(record_id)
