"""Dialogs of the Initiatives page: the initiative, a funding source, a budget line, an expenditure
(with its receipt) and a milestone. Each saves through its service; refusals show inline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from sector_desktop import clock
from sector_desktop.models.choices import MILESTONE_KINDS, MILESTONE_STATUSES
from sector_desktop.services import initiatives as svc
from sector_desktop.store.initiatives import FundingRow, InitiativeRow, LineRow, MilestoneRow

from ..context import AppContext
from ..form_dialog import ServiceDialog
from ..widgets import cents_of, date_edit, date_of, day_of, money_edit

Choices = list[tuple[str, str]]  # (id, name)


def _combo(choices: Choices, current: str | None, blank: str | None = None) -> QComboBox:
    box = QComboBox()
    if blank is not None:
        box.addItem(blank, None)
    for value, text in choices:
        box.addItem(text, value)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box


class InitiativeDialog(ServiceDialog):
    def __init__(
        self,
        ctx: AppContext,
        partnerships: Choices,
        staff: Choices,
        current: InitiativeRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Edit initiative" if current else "New initiative", parent)
        c = current
        self.current = c
        self.name = QLineEdit(c.name if c else "")
        self.name.setPlaceholderText("CNA pipeline 2026")
        self.partnership = _combo(partnerships, c.partnership_id if c else None)
        self.owner = _combo(staff, c.owner_staff_id if c else ctx.staff_id, "(no owner)")
        self.starts = date_edit(c.starts_on if c else clock.today(), optional=False)
        self.ends = date_edit(
            c.ends_on if c else clock.today().replace(year=clock.today().year + 1), optional=False
        )
        self.description = QPlainTextEdit(c.description or "" if c else "")
        self.description.setFixedHeight(64)
        for text, widget in (
            ("Name", self.name),
            ("Partnership", self.partnership),
            ("Owner", self.owner),
            ("Starts", self.starts),
            ("Ends", self.ends),
            ("Description", self.description),
        ):
            self.form.addRow(text, widget)

    def call(self) -> Callable[[], Any]:
        data = svc.InitiativeInput(
            self.partnership.currentData() or "",
            self.name.text(),
            day_of(self.starts),
            day_of(self.ends),
            self.owner.currentData(),
            self.description.toPlainText(),
        )
        db, iid = self.ctx.db, self.current.id if self.current else None
        return lambda: svc.save_initiative(db, data, iid)


class FundingDialog(ServiceDialog):
    def __init__(
        self,
        ctx: AppContext,
        initiative_id: str,
        current: FundingRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Edit funding source" if current else "Add funding source", parent)
        c = current
        self.initiative_id, self.current = initiative_id, c
        self.funder = QLineEdit(c.funder if c else "")
        self.grant = QLineEdit(c.grant_name or "" if c else "")
        self.amount = money_edit(c.amount_cents if c else None)
        self.starts = date_edit(c.starts_on if c else None)
        self.ends = date_edit(c.ends_on if c else None)
        for text, widget in (
            ("Funder", self.funder),
            ("Grant", self.grant),
            ("Amount", self.amount),
            ("Period starts", self.starts),
            ("Period ends", self.ends),
        ):
            self.form.addRow(text, widget)

    def call(self) -> Callable[[], Any]:
        data = svc.FundingInput(
            self.funder.text(),
            cents_of(self.amount, "amount", required=True) or 0,
            self.grant.text(),
            date_of(self.starts),
            date_of(self.ends),
        )
        db, iid, fid = self.ctx.db, self.initiative_id, self.current.id if self.current else None
        return lambda: svc.save_funding(db, iid, data, fid)


class BudgetLineDialog(ServiceDialog):
    def __init__(
        self,
        ctx: AppContext,
        initiative_id: str,
        funding: Choices,
        current: LineRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Edit budget line" if current else "Add budget line", parent)
        c = current
        self.initiative_id, self.current = initiative_id, c
        self.name = QLineEdit(c.name if c else "")
        self.name.setPlaceholderText("Tuition and exam fees")
        self.amount = money_edit(c.amount_cents if c else None)
        self.funding = _combo(funding, c.funding_source_id if c else None, "(any source)")
        for text, widget in (("Line", self.name), ("Budget", self.amount), ("Paid from", self.funding)):
            self.form.addRow(text, widget)

    def call(self) -> Callable[[], Any]:
        name, cents = self.name.text(), cents_of(self.amount, "budget", required=True) or 0
        db, iid, fid = self.ctx.db, self.initiative_id, self.funding.currentData()
        lid = self.current.id if self.current else None
        return lambda: svc.save_budget_line(db, iid, name, cents, fid, lid)


class ExpenditureDialog(ServiceDialog):
    def __init__(self, ctx: AppContext, lines: Choices, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Add expenditure", parent)
        self.line = _combo(lines, None)
        self.spent_on = date_edit(clock.today(), optional=False)
        self.amount = money_edit(None)
        self.note = QLineEdit()
        self.receipt = QLineEdit()
        self.receipt.setReadOnly(True)
        self.receipt.setPlaceholderText("A PDF or photo of the receipt (optional)")
        choose = QPushButton("Choose receipt…")
        choose.clicked.connect(self.choose_receipt)
        row = QHBoxLayout()
        row.addWidget(self.receipt, 1)
        row.addWidget(choose)
        for text, widget in (
            ("Budget line", self.line),
            ("Date", self.spent_on),
            ("Amount", self.amount),
            ("Note", self.note),
        ):
            self.form.addRow(text, widget)
        self.form.addRow("Receipt", row)
        self.receipt.setAccessibleName("Receipt")

    def choose_receipt(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Receipt", "", "Receipts (*.pdf *.jpg *.jpeg *.png *.heic)"
        )
        if path:
            self.receipt.setText(path)

    def call(self) -> Callable[[], Any]:
        data = svc.ExpenditureInput(
            self.line.currentData() or "",
            day_of(self.spent_on),
            cents_of(self.amount, "amount", required=True) or 0,
            self.note.text(),
        )
        receipt = Path(self.receipt.text()) if self.receipt.text() else None
        db, paths = self.ctx.db, self.ctx.paths
        return lambda: svc.add_expenditure(db, data, paths, receipt)


class MilestoneDialog(ServiceDialog):
    def __init__(
        self,
        ctx: AppContext,
        initiative_id: str,
        staff: Choices,
        teams: Choices,
        current: MilestoneRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, "Edit milestone" if current else "Add milestone", parent)
        c = current
        self.initiative_id, self.current = initiative_id, c
        self.title = QLineEdit(c.title if c else "")
        self.kind = _combo([(k, t) for k, t in MILESTONE_KINDS], c.kind if c else "milestone")
        self.due = date_edit(c.due_on if c else clock.today(), optional=False)
        self.status = _combo([(k, t) for k, t in MILESTONE_STATUSES], c.status if c else "planned")
        self.owner = _combo(staff, c.owner_staff_id if c else ctx.staff_id, "(no owner)")
        self.team = _combo(teams, c.action_team_id if c else None, "(no action team)")
        self.notes = QPlainTextEdit(c.notes or "" if c else "")
        self.notes.setFixedHeight(54)
        for text, widget in (
            ("Title", self.title),
            ("Kind", self.kind),
            ("Due", self.due),
            ("Status", self.status),
            ("Owner", self.owner),
            ("Action team", self.team),
            ("Notes", self.notes),
        ):
            self.form.addRow(text, widget)

    def call(self) -> Callable[[], Any]:
        data = svc.MilestoneInput(
            self.title.text(),
            day_of(self.due),
            self.kind.currentData(),
            self.status.currentData(),
            self.owner.currentData(),
            self.team.currentData(),
            self.notes.toPlainText(),
        )
        db, iid, mid = self.ctx.db, self.initiative_id, self.current.id if self.current else None
        return lambda: svc.save_milestone(db, iid, data, mid)
