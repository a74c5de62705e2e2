"""The tables of the Initiatives page: initiatives, budget against actual by line (a total row last),
expenditures (cancelled ones greyed), milestones (overdue in red) and funding."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from sector_desktop import clock, timefmt
from sector_desktop.models.choices import MILESTONE_KINDS, MILESTONE_STATUSES, label
from sector_desktop.money import dollars
from sector_desktop.services.initiatives import LineBudget
from sector_desktop.store.initiatives import ExpenditureRow, FundingRow, InitiativeRow, MilestoneRow

from ..rows_model import MUTED, OVERDUE, RowsTableModel


class InitiativesTableModel(RowsTableModel):
    NAME, PARTNERSHIP, PERIOD = range(3)
    headers = ("Initiative", "Partnership", "Period")

    def text(self, row: InitiativeRow, column: int) -> str:
        period = f"{timefmt.short_date(row.starts_on)} – {timefmt.short_date(row.ends_on)}"
        return (row.name, row.partnership_name, period)[column]


class BudgetTableModel(RowsTableModel):
    LINE, BUDGET, SPENT, REMAINING, SHARE, ENTRIES = range(6)
    headers = ("Budget line", "Budget", "Spent", "Remaining", "Spent %", "Entries")

    def text(self, row: LineBudget, column: int) -> str:
        share = "—" if row.spent_percent is None else f"{row.spent_percent:.1f}%"
        values = (
            row.name,
            dollars(row.budget_cents),
            dollars(row.actual_cents),
            dollars(row.remaining_cents),
            share,
            str(row.count),
        )
        return values[column]

    def color(self, row: LineBudget, column: int) -> QColor | None:
        return OVERDUE if row.remaining_cents < 0 and column == self.REMAINING else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.FontRole and index.isValid() and index.row() == self.rowCount() - 1:
            bold = QFont()
            bold.setBold(True)  # the total row
            return bold
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() != self.LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


class ExpendituresTableModel(RowsTableModel):
    DATE, LINE, AMOUNT, NOTE, STATE = range(5)
    headers = ("Date", "Budget line", "Amount", "Note", "")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lines: dict[str, str] = {}
        self.receipts: set[str] = set()

    def text(self, row: ExpenditureRow, column: int) -> str:
        state = (
            "Cancelled (not counted)"
            if row.cancelled
            else ("Receipt attached" if row.id in self.receipts else "")
        )
        values = (
            timefmt.date(row.spent_on),
            self.lines.get(row.budget_line_id, ""),
            dollars(row.amount_cents),
            row.note or "",
            state,
        )
        return values[column]

    def color(self, row: ExpenditureRow, column: int) -> QColor | None:
        return MUTED if row.cancelled else None


class MilestonesTableModel(RowsTableModel):
    DUE, TITLE, KIND, STATUS, OWNER, TEAM = range(6)
    headers = ("Due", "Milestone or deliverable", "Kind", "Status", "Owner", "Action team")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.today = clock.today()

    def text(self, row: MilestoneRow, column: int) -> str:
        status = label(MILESTONE_STATUSES, row.status)
        if row.overdue(self.today):
            status = f"Overdue ({status.lower()})"
        values = (
            timefmt.date(row.due_on),
            row.title,
            label(MILESTONE_KINDS, row.kind),
            status,
            row.owner_name or "",
            row.action_team_name or "",
        )
        return values[column]

    def color(self, row: MilestoneRow, column: int) -> QColor | None:
        if row.overdue(self.today):
            return OVERDUE
        return MUTED if row.status in ("done", "cancelled") else None


class FundingTableModel(RowsTableModel):
    FUNDER, GRANT, AMOUNT, PERIOD = range(4)
    headers = ("Funder", "Grant", "Amount", "Period")

    def text(self, row: FundingRow, column: int) -> str:
        period = " – ".join(timefmt.date(d) for d in (row.starts_on, row.ends_on) if d)
        values: tuple[Any, ...] = (row.funder, row.grant_name or "", dollars(row.amount_cents), period)
        return values[column]
