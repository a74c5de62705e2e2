"""The Initiatives page: the initiatives on the left; on the right the chosen one's budget against
actual by line, the burn rate against its period, the milestone timeline (a chart) with its milestones,
the expenditures (cancel one, attach a receipt) and the funding. Every write goes through run_op."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.money import dollars
from sector_desktop.services import initiatives as svc
from sector_desktop.services.initiatives import BudgetSummary, budget_summary
from sector_desktop.services.program_documents import initiative_document
from sector_desktop.store.initiatives import (
    InitiativeDetail,
    InitiativeRow,
    action_team_options,
    expenditures_with_receipts,
    initiative_detail,
    initiative_rows,
    partnership_options,
)
from sector_desktop.store.organizations import list_staff
from sector_desktop.store.settings import office_name

from ..context import AppContext
from ..operations import Changes, run_op
from ..tables import make_table
from ..tasks import run_task
from .dialogs import BudgetLineDialog, ExpenditureDialog, FundingDialog, InitiativeDialog, MilestoneDialog
from .table_models import (
    BudgetTableModel,
    ExpendituresTableModel,
    FundingTableModel,
    InitiativesTableModel,
    MilestonesTableModel,
)
from .timeline import MilestoneTimeline

_WATCHED = ("initiative", "funding_source", "budget_line", "expenditure", "milestone", "attachment")


@dataclass(frozen=True)
class Loaded:
    detail: InitiativeDetail
    summary: BudgetSummary
    today: dt.date
    staff: list[tuple[str, str]]
    teams: list[tuple[str, str]]
    receipts: set[str]


def _button(text: str, name: str, slot) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.clicked.connect(slot)
    return b


class InitiativesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("initiativesPage")
        self.ctx = ctx
        self.list_model = InitiativesTableModel(self)
        self.budget = BudgetTableModel(self)
        self.spending = ExpendituresTableModel(self)
        self.milestones = MilestonesTableModel(self)
        self.funding = FundingTableModel(self)
        self.loaded: Loaded | None = None
        self._selected_id: str | None = None
        self._generation = 0
        self._build()
        ctx.events.applied.connect(self._changed)
        self.reload()

    def _build(self) -> None:
        title = QLabel("Initiatives")
        title.setProperty("role", "heading")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        for b in (
            _button("New initiative…", "newInitiativeButton", self.new_initiative),
            _button("Edit initiative…", "editInitiativeButton", self.edit_initiative),
            _button("Save report…", "saveInitiativeReportButton", self.save_report),
        ):
            header.addWidget(b)
        self.table = make_table(self.list_model, "initiativesTable", InitiativesTableModel.NAME)
        self.table.setAccessibleName("Initiatives")
        self.table.setColumnHidden(InitiativesTableModel.PARTNERSHIP, True)  # the detail says it
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._select_row(cur.row()))
        self.setFocusProxy(self.table)
        self.heading = QLabel("No initiatives yet. Start one with “New initiative…”.")
        self.heading.setObjectName("initiativeHeading")
        self.heading.setProperty("role", "heading")
        self.facts = QLabel("")
        self.facts.setObjectName("initiativeFacts")
        self.facts.setProperty("role", "hint")
        self.facts.setWordWrap(True)
        self.burn = QLabel("")
        self.burn.setObjectName("burnRate")
        self.burn.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("initiativeTabs")
        self.timeline = MilestoneTimeline()
        self.tabs.addTab(
            self._tab(
                self.budget,
                "budgetTable",
                BudgetTableModel.LINE,
                "Budget against actual",
                [
                    _button("Add budget line…", "addBudgetLineButton", self.add_line),
                    _button("Add expenditure…", "addExpenditureButton", self.add_expenditure),
                ],
            ),
            "Budget against actual",
        )
        self.tabs.addTab(
            self._tab(
                self.milestones,
                "milestonesTable",
                MilestonesTableModel.TITLE,
                "Milestones",
                [
                    _button("Add milestone…", "addMilestoneButton", self.add_milestone),
                    _button("Mark done", "markMilestoneDoneButton", self.mark_done),
                ],
                top=self.timeline,
            ),
            "Milestones",
        )
        self.tabs.addTab(
            self._tab(
                self.spending,
                "expendituresTable",
                ExpendituresTableModel.NOTE,
                "Expenditures",
                [
                    _button("Cancel expenditure", "cancelExpenditureButton", self.toggle_cancelled),
                    _button("Attach receipt…", "attachReceiptButton", self.attach_receipt),
                ],
            ),
            "Expenditures",
        )
        self.tabs.addTab(
            self._tab(
                self.funding,
                "fundingTable",
                FundingTableModel.GRANT,
                "Funding sources",
                [_button("Add funding source…", "addFundingButton", self.add_funding)],
            ),
            "Funding",
        )
        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(8, 0, 0, 0)
        for w in (self.heading, self.facts, self.burn):
            side.addWidget(w)
        side.addWidget(self.tabs, 1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([360, 840])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(split, 1)

    def _tab(
        self,
        model,
        name: str,
        stretch: int,
        label: str,
        buttons: list[QPushButton],
        top: QWidget | None = None,
    ) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        if top is not None:
            box.addWidget(top)
        table = make_table(model, name, stretch)
        table.setAccessibleName(label)
        setattr(self, name, table)
        box.addWidget(table, 1)
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        box.addLayout(row)
        return page

    # -- loading ------------------------------------------------------------------------
    def _changed(self, changes: Changes) -> None:
        if changes.touches(*_WATCHED):
            self.reload()

    def reload(self) -> None:
        db = self.ctx.db

        def load() -> list[InitiativeRow]:
            with db.read_session() as s:
                return initiative_rows(s)

        run_task(load, self._listed)

    def _listed(self, rows: list[InitiativeRow]) -> None:
        self.list_model.set_rows(rows)
        ids = [r.id for r in rows]
        if not ids:
            return
        row = ids.index(self._selected_id) if self._selected_id in ids else 0
        self.table.selectionModel().setCurrentIndex(
            self.list_model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._load(ids[row])

    def _select_row(self, row: int) -> None:
        picked = self.list_model.row_at(row)
        if picked is not None and picked.id != self._selected_id:
            self._load(picked.id)

    def _load(self, initiative_id: str) -> None:
        self._selected_id = initiative_id
        self._generation += 1
        generation, db, today = self._generation, self.ctx.db, clock.today()

        def load() -> Loaded:
            with db.read_session() as s:
                detail = initiative_detail(s, initiative_id)
                staff = [(o.id, o.name) for o in list_staff(s)]
                teams = action_team_options(s, detail.initiative.partnership_id)
                receipts = expenditures_with_receipts(s, initiative_id)
            return Loaded(detail, budget_summary(detail, today), today, staff, teams, receipts)

        run_task(load, lambda loaded: self._show(generation, loaded))

    def _show(self, generation: int, loaded: Loaded) -> None:
        if generation != self._generation:
            return
        self.loaded = loaded
        d, summary = loaded.detail, loaded.summary
        i = d.initiative
        self.heading.setText(i.name)
        late = sum(1 for m in d.milestones if m.overdue(loaded.today))
        facts = [
            i.partnership_name,
            f"owner {i.owner_name}" if i.owner_name else "no owner",
            f"{timefmt.date(i.starts_on)} – {timefmt.date(i.ends_on)}",
            f"funded {dollars(summary.funded_cents)}",
            f"budget {dollars(summary.budget_cents)}",
            f"spent {dollars(summary.actual_cents)}",
            f"remaining {dollars(summary.remaining_cents)}",
        ]
        if late:
            facts.append(f"{late} milestone{'s' if late != 1 else ''} overdue")
        self.facts.setText(" · ".join(facts))
        self.burn.setText(summary.burn.sentence(summary.budget_cents))
        self.budget.set_rows(
            [
                *summary.lines,
                svc.LineBudget(
                    "Total",
                    summary.budget_cents,
                    summary.actual_cents,
                    sum(line.count for line in summary.lines),
                ),
            ]
        )
        self.spending.lines = {line.id: line.name for line in d.lines}
        self.spending.receipts = loaded.receipts
        self.spending.set_rows(list(d.expenditures))
        self.milestones.today = loaded.today
        self.milestones.set_rows(list(d.milestones))
        self.timeline.set_milestones(list(d.milestones), i.starts_on, i.ends_on, loaded.today)
        self.funding.set_rows(list(d.funding))
        self.tabs.setTabText(2, f"Expenditures ({len(d.expenditures)})")
        self.tabs.setTabText(1, f"Milestones ({len(d.milestones)}{f', {late} overdue' if late else ''})")

    # -- actions ------------------------------------------------------------------------
    def _partnerships(self) -> list[tuple[str, str]]:
        with self.ctx.db.read_session() as s:
            return partnership_options(s)

    def _staff(self) -> list[tuple[str, str]]:
        with self.ctx.db.read_session() as s:
            return [(o.id, o.name) for o in list_staff(s)]

    def new_initiative(self) -> None:
        dialog = InitiativeDialog(self.ctx, self._partnerships(), self._staff(), None, self)
        dialog.saved.connect(lambda iid: setattr(self, "_selected_id", iid))
        dialog.open()

    def edit_initiative(self) -> None:
        if self.loaded is not None:
            InitiativeDialog(
                self.ctx, self._partnerships(), self.loaded.staff, self.loaded.detail.initiative, self
            ).open()

    def add_line(self) -> None:
        if self.loaded is not None:
            d = self.loaded.detail
            funding = [(f.id, f"{f.funder}: {f.grant_name or dollars(f.amount_cents)}") for f in d.funding]
            BudgetLineDialog(self.ctx, d.initiative.id, funding, None, self).open()

    def add_expenditure(self) -> None:
        if self.loaded is not None:
            lines = [(line.id, line.name) for line in self.loaded.detail.lines]
            ExpenditureDialog(self.ctx, lines, self).open()

    def add_milestone(self) -> None:
        if self.loaded is not None:
            iid = self.loaded.detail.initiative.id
            MilestoneDialog(self.ctx, iid, self.loaded.staff, self.loaded.teams, None, self).open()

    def add_funding(self) -> None:
        if self.loaded is not None:
            FundingDialog(self.ctx, self.loaded.detail.initiative.id, None, self).open()

    def mark_done(self) -> None:
        row = self.milestones.row_at(self.milestonesTable.currentIndex().row())  # type: ignore[attr-defined]
        if row is not None:
            db = self.ctx.db
            run_op(
                self.ctx,
                lambda: svc.set_milestone_status(db, row.id, "done"),
                undo=f"Mark “{row.title}” done",
                owner=self,
            )

    def toggle_cancelled(self) -> None:
        row = self.spending.row_at(self.expendituresTable.currentIndex().row())  # type: ignore[attr-defined]
        if row is not None:
            db, cancel = self.ctx.db, not row.cancelled
            what = "Cancel expenditure" if cancel else "Restore expenditure"
            run_op(self.ctx, lambda: svc.set_expenditure_cancelled(db, row.id, cancel), undo=what, owner=self)

    def attach_receipt(self) -> None:
        row = self.spending.row_at(self.expendituresTable.currentIndex().row())  # type: ignore[attr-defined]
        if row is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Receipt", "", "Receipts (*.pdf *.jpg *.jpeg *.png *.heic)"
        )
        if path:
            db, paths = self.ctx.db, self.ctx.paths
            run_op(self.ctx, lambda: svc.attach_receipt(db, paths, row.id, Path(path)), owner=self)

    def save_report(self) -> None:
        if self.loaded is None:
            return
        name = f"{self.loaded.detail.initiative.name}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, "Save report", name, "PDF (*.pdf);;Excel workbook (*.xlsx)"
        )
        if path:
            self.write_report(Path(path))

    def write_report(self, path: Path) -> None:
        if self.loaded is None:
            return
        db, iid, office = self.ctx.db, self.loaded.detail.initiative.id, office_name(self.ctx.paths)
        fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "pdf"

        def make() -> Path:
            path.write_bytes(initiative_document(db, iid, fmt, office))
            return path

        run_task(make, lambda out: self.facts.setText(f"Saved the report to {out}."))

    # -- for the main window and --screenshot ------------------------------------------
    def prepare_view(self, view: str) -> None:
        """`initiative`: the first initiative, on its milestones."""
        if view == "initiative":
            self.tabs.setCurrentIndex(1)

    def open_record(self, kind: str, record_id: str) -> None:
        if kind in ("initiative", "milestone"):
            self._load(record_id)
