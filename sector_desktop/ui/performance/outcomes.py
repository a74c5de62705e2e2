"""The Performance page's second tab: training cohorts and placements with their retention checks,
to add, edit, delete and record (yes / no / unknown). Lists load in a worker; writes go through run_op."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import timefmt
from sector_desktop.models.choices import RETENTION_RESULTS, SECTORS, label
from sector_desktop.services.outcomes import delete_cohort, delete_placement
from sector_desktop.store.organizations import list_staff
from sector_desktop.store.outcomes import (
    CohortLine,
    PlacementLine,
    cohort_lines,
    organization_choices,
    placement_lines,
)
from sector_desktop.store.partnerships import list_partnerships

from ..context import AppContext
from ..operations import Changes, run_op
from ..rows_model import RowsTableModel
from ..tables import make_table
from ..tasks import guarded, run_task
from .models import money
from .outcome_dialogs import Choices, CohortDialog, PlacementDialog, RetentionCheckDialog

WATCHED = (
    "training_cohort",
    "placement",
    "retention_check",
    "organization",
    "staff_user",
    "sector_partnership",
)


def _n(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


class CohortsTableModel(RowsTableModel):
    headers = ("Cohort", "Sector", "Starts", "Ends", "Enrolled", "Completed", "Credentials", "Credential")

    def text(self, row: CohortLine, column: int) -> str:
        return (
            row.name, label(SECTORS, row.sector), timefmt.date(row.starts_on) if row.starts_on else "",
            timefmt.date(row.ends_on) if row.ends_on else "", _n(row.enrolled), _n(row.completed),
            _n(row.credentials_earned), row.credential_name or "",
        )[column]  # fmt: skip


def _check_text(line: PlacementLine, quarter: int) -> str:
    check = line.check(quarter)
    if check is None:
        return ""
    if check.result is None:
        return f"due {timefmt.date(check.due_on)}"
    return dict(RETENTION_RESULTS)[check.result].split(",")[0]


class PlacementsTableModel(RowsTableModel):
    headers = ("Start", "Employer", "Occupation", "Wage", "Hours", "2nd quarter", "4th quarter")

    def tooltip(self, row: PlacementLine, column: int) -> str | None:
        return self.text(row, column) if column in (1, 2) else None

    def text(self, row: PlacementLine, column: int) -> str:
        hours = {None: "", True: "Full time", False: "Part time"}[row.full_time]
        occupation = row.occupation_title or row.occupation_soc or ""
        wage = money(row.hourly_wage) if row.hourly_wage else ""
        return (
            timefmt.date(row.start_date), row.employer, occupation, wage, hours,
            _check_text(row, 2), _check_text(row, 4),
        )[column]  # fmt: skip


@dataclass
class OutcomeLists:
    cohorts: list[CohortLine]
    placements: list[PlacementLine]
    choices: Choices


def load_lists(ctx: AppContext) -> OutcomeLists:
    with ctx.db.read_session() as s:
        cohorts, placements = cohort_lines(s), placement_lines(s)
        orgs = organization_choices(s)
        choices = Choices(
            employers=[(i, n) for i, n, k in orgs if k == "employer"],
            providers=[(i, n) for i, n, k in orgs if k != "employer"],
            partnerships=[(p.id, p.name) for p in list_partnerships(s)],
            staff=[(o.id, o.name) for o in list_staff(s)],
            cohorts=[(c.id, c.name) for c in cohorts],
        )
    return OutcomeLists(cohorts, placements, choices)


def _button(text: str, name: str, accessible: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible or text.rstrip("…"))
    return button


class OutcomesPanel(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("outcomesPanel")
        self.lists = OutcomeLists([], [], Choices())
        self.cohorts = CohortsTableModel(self)
        self.cohorts_view = make_table(self.cohorts, "cohortsTable", 0)
        self.cohorts_view.setAccessibleName("Training cohorts")
        self.placements = PlacementsTableModel(self)
        self.placements_view = make_table(self.placements, "placementsTable", 1)
        self.placements_view.setAccessibleName("Placements")
        self.new_cohort = _button("New cohort…", "newCohortButton")
        self.edit_cohort = _button("Edit…", "editCohortButton", "Edit cohort")
        self.delete_cohort = _button("Delete", "deleteCohortButton", "Delete cohort")
        self.new_placement = _button("New placement…", "newPlacementButton")
        self.edit_placement = _button("Edit…", "editPlacementButton", "Edit placement")
        self.record_check = _button("Record retention check…", "recordCheckButton")
        self.delete_placement = _button("Delete", "deletePlacementButton", "Delete placement")
        halves = QSplitter(Qt.Orientation.Vertical)
        halves.addWidget(self._side("Training cohorts", self.cohorts_view,
                                    (self.new_cohort, self.edit_cohort, self.delete_cohort)))  # fmt: skip
        placement_buttons = (
            self.new_placement,
            self.edit_placement,
            self.record_check,
            self.delete_placement,
        )
        halves.addWidget(self._side("Placements", self.placements_view, placement_buttons))
        halves.setSizes([230, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(halves, 1)
        self.new_cohort.clicked.connect(lambda: self.open_cohort(None))
        self.edit_cohort.clicked.connect(
            lambda: self.open_cohort(self._chosen(self.cohorts, self.cohorts_view))
        )
        self.cohorts_view.activated.connect(lambda i: self.open_cohort(self.cohorts.row_at(i.row())))
        self.delete_cohort.clicked.connect(self._delete_cohort)
        self.new_placement.clicked.connect(lambda: self.open_placement(None))
        self.edit_placement.clicked.connect(
            lambda: self.open_placement(self._chosen(self.placements, self.placements_view))
        )
        self.placements_view.activated.connect(lambda i: self.open_placement(self.placements.row_at(i.row())))
        self.record_check.clicked.connect(self.open_check)
        self.delete_placement.clicked.connect(self._delete_placement)
        ctx.events.applied.connect(self._applied)
        self.reload()

    def _side(self, title: str, view: QWidget, buttons: tuple[QPushButton, ...]) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(title)
        heading.setProperty("role", "subheading")
        layout.addWidget(heading)
        layout.addWidget(view, 1)
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        return side

    def reload(self) -> None:
        ctx = self.ctx
        run_task(lambda: load_lists(ctx), guarded(self, self._show))

    def _show(self, lists: OutcomeLists) -> None:
        self.lists = lists
        self.cohorts.set_rows(lists.cohorts)
        self.placements.set_rows(lists.placements)
        self.loaded.emit()

    def _applied(self, changes: Changes) -> None:
        if changes.touches(*WATCHED):
            self.reload()

    @staticmethod
    def _chosen(model: RowsTableModel, view: QAbstractItemView) -> Any | None:
        index = view.currentIndex()
        return model.row_at(index.row()) if index.isValid() else None

    # -- dialogs ------------------------------------------------------------------------
    def open_cohort(self, line: CohortLine | None) -> CohortDialog:
        dialog = CohortDialog(self.ctx, self.lists.choices, line, self)
        dialog.open()
        return dialog

    def open_placement(self, line: PlacementLine | None) -> PlacementDialog:
        dialog = PlacementDialog(self.ctx, self.lists.choices, line, self)
        dialog.open()
        return dialog

    def open_check(self) -> RetentionCheckDialog | None:
        line = self._chosen(self.placements, self.placements_view)
        if not isinstance(line, PlacementLine):
            QMessageBox.information(self, "Record retention check", "Choose a placement first.")
            return None
        dialog = RetentionCheckDialog(self.ctx, line, self)
        dialog.open()
        return dialog

    def _delete_cohort(self) -> None:
        line = self._chosen(self.cohorts, self.cohorts_view)
        if isinstance(line, CohortLine):
            db = self.ctx.db
            run_op(
                self.ctx, lambda: delete_cohort(db, line.id), undo=f"Delete cohort {line.name}", owner=self
            )

    def _delete_placement(self) -> None:
        line = self._chosen(self.placements, self.placements_view)
        if isinstance(line, PlacementLine):
            db = self.ctx.db
            undo = f"Delete placement at {line.employer}"
            run_op(self.ctx, lambda: delete_placement(db, line.id), undo=undo, owner=self)
