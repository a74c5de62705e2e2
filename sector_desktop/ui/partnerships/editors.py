"""Dialogs that edit a partnership: the partnership itself, a roster member, a workgroup, a priority,
an action team. Each saves through a service in the thread pool and shows refusals inline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
)

from sector_desktop import clock
from sector_desktop.models.choices import (
    MEMBER_ROLES,
    ORGANIZATION_KINDS,
    PARTNERSHIP_STATUSES,
    SECTORS,
    label,
)
from sector_desktop.services import partnerships as svc
from sector_desktop.store.partnerships import (
    ActionTeamRow,
    MemberRow,
    PartnershipOverview,
    PriorityRow,
    WorkgroupRow,
    contacts_of,
    organization_options,
)

from ..context import AppContext
from ..datetimes import date_edit_format, py_date, qdate
from ..form_dialog import FormDialog
from ..tasks import run_task


def _combo(choices: tuple[tuple[str, str], ...], current: str | None, blank: str | None = None) -> QComboBox:
    box = QComboBox()
    if blank is not None:
        box.addItem(blank, None)
    for code, text in choices:
        box.addItem(text, code)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box


def _date_edit(day: dt.date | None, optional: bool = True) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_edit_format())
    if optional:
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setSpecialValueText("not set")
    edit.setDate(
        QDate(day.year, day.month, day.day)
        if day
        else (edit.minimumDate() if optional else qdate(clock.today()))
    )
    return edit


def _date_of(edit: QDateEdit) -> dt.date | None:
    if edit.specialValueText() and edit.date() == edit.minimumDate():
        return None
    return py_date(edit.date())


class PartnershipDialog(FormDialog):
    def __init__(self, ctx: AppContext, current: PartnershipOverview | None = None, parent=None) -> None:
        super().__init__(ctx, "Edit partnership" if current else "New partnership", parent)
        self.setObjectName("partnershipDialog")
        self.current = current
        self.name = QLineEdit(current.name if current else "")
        self.name.setObjectName("partnershipName")
        self.sector = _combo(SECTORS, current.sector if current else None, blank="(any sector)")
        self.region = QLineEdit(current.region or "" if current else "")
        self.convener = QLineEdit(current.convener or "" if current else "")
        self.status = _combo(PARTNERSHIP_STATUSES, current.status if current else "forming")
        self.launched = _date_edit(current.launched_on if current else None)
        self.description = QPlainTextEdit(current.description or "" if current else "")
        self.description.setFixedHeight(80)
        for text, widget in (
            ("Name", self.name),
            ("Sector", self.sector),
            ("Region", self.region),
            ("Convener", self.convener),
            ("Status", self.status),
            ("Launched on", self.launched),
            ("Description", self.description),
        ):
            self.form.addRow(text, widget)

    def write(self) -> Callable[[Any], Any]:
        data = svc.PartnershipInput(
            name=self.name.text(),
            sector=self.sector.currentData(),
            region=self.region.text(),
            convener=self.convener.text(),
            status=self.status.currentData(),
            launched_on=_date_of(self.launched),
            description=self.description.toPlainText(),
        )
        if self.current is None:
            return lambda s: svc.create_partnership(s, data)
        pid = self.current.id

        def update(s: Any) -> str:  # a write session
            svc.update_partnership(s, pid, data)
            return pid

        return update


class MemberDialog(FormDialog):
    """Add an organization to the roster, or change a member's role and representatives."""

    def __init__(
        self, ctx: AppContext, partnership: PartnershipOverview, member: MemberRow | None = None, parent=None
    ) -> None:
        super().__init__(ctx, "Edit member" if member else "Add member", parent)
        self.setObjectName("memberDialog")
        self.partnership, self.member = partnership, member
        self.organization = QComboBox()
        self.organization.setObjectName("memberOrganization")
        self.organization.setEditable(True)
        self.organization.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role = _combo(MEMBER_ROLES, member.role if member else "employer_member")
        self.representatives = QListWidget()
        self.representatives.setObjectName("memberRepresentatives")
        self.representatives.setFixedHeight(120)
        self.form.addRow("Organization", self.organization)
        self.form.addRow("Role", self.role)
        self.form.addRow("Representatives", self.representatives)
        if member:
            self.organization.addItem(member.organization_name, member.organization_id)
            self.organization.setEnabled(False)
            self._load_contacts(member.organization_id)
        else:
            self._load_organizations()
            self.organization.currentIndexChanged.connect(
                lambda _i: self._load_contacts(self.organization.currentData())
            )

    def _load_organizations(self) -> None:
        db, sector = self.ctx.db, self.partnership.sector
        taken = {m.organization_id for m in self.partnership.members}

        def load():
            with db.read_session() as s:
                return organization_options(s, sector)

        def show(options) -> None:
            self.organization.blockSignals(True)
            for o in options:
                if o.id not in taken:
                    self.organization.addItem(f"{o.name} — {label(ORGANIZATION_KINDS, o.kind)}", o.id)
            self.organization.blockSignals(False)
            self.organization.setCurrentIndex(0)
            self._load_contacts(self.organization.currentData())

        run_task(load, show)

    def _load_contacts(self, org_id: str | None) -> None:
        self.representatives.clear()
        if not org_id:
            return
        db = self.ctx.db
        chosen = {r.contact_id for r in self.member.representatives} if self.member else set()

        def load():
            with db.read_session() as s:
                return contacts_of(s, org_id)

        def show(contacts) -> None:
            if self.organization.currentData() != org_id:
                return  # the user picked another organization meanwhile
            self.representatives.clear()
            for c in contacts:
                item = QListWidgetItem(f"{c.name}" + (f" — {c.title}" if c.title else ""))
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = c.id in chosen or (not self.member and not chosen and c is contacts[0])
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.representatives.addItem(item)

        run_task(load, show)

    def write(self) -> Callable[[Any], Any]:
        org_id, role, pid = self.organization.currentData(), self.role.currentData(), self.partnership.id
        contact_ids = [
            self.representatives.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.representatives.count())
            if self.representatives.item(i).checkState() == Qt.CheckState.Checked
        ]
        member_id = self.member.id if self.member else None

        def work(s) -> str:
            mid = member_id
            if mid is None:
                mid = svc.add_member(s, pid, org_id or "", role, clock.today())
            else:
                svc.set_member_role(s, mid, role)
            svc.set_representatives(s, mid, contact_ids)
            return mid

        return work


class WorkgroupDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, partnership_id: str, current: WorkgroupRow | None = None, parent=None
    ):
        super().__init__(ctx, "Edit workgroup" if current else "New workgroup", parent)
        self.partnership_id, self.current = partnership_id, current
        self.name = QLineEdit(current.name if current else "")
        self.description = QPlainTextEdit(current.description or "" if current else "")
        self.description.setFixedHeight(70)
        self.active = QCheckBox("Active")
        self.active.setChecked(current.active if current else True)
        self.form.addRow("Name", self.name)
        self.form.addRow("Description", self.description)
        self.form.addRow("", self.active)

    def write(self) -> Callable[[Any], Any]:
        args = (
            self.partnership_id,
            self.name.text(),
            self.description.toPlainText(),
            self.active.isChecked(),
        )
        wid = self.current.id if self.current else None
        return lambda s: svc.save_workgroup(s, *args, workgroup_id=wid)


def _score_box(value: int | None) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 5)
    box.setSpecialValueText("not scored")
    box.setValue(value or 0)
    return box


class PriorityDialog(FormDialog):
    def __init__(self, ctx: AppContext, partnership_id: str, current: PriorityRow | None = None, parent=None):
        super().__init__(ctx, "Edit priority" if current else "New priority", parent)
        self.partnership_id, self.current = partnership_id, current
        self.title = QLineEdit(current.title if current else "")
        self.importance = _score_box(current.importance if current else None)
        self.feasibility = _score_box(current.feasibility if current else None)
        self.notes = QPlainTextEdit(current.notes or "" if current else "")
        self.notes.setFixedHeight(70)
        hint = QLabel("Score each from 1 (low) to 5 (high); the list ranks by importance × feasibility.")
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        self.form.addRow("Priority", self.title)
        self.form.addRow("Importance", self.importance)
        self.form.addRow("Feasibility", self.feasibility)
        self.form.addRow("", hint)
        self.form.addRow("Notes", self.notes)

    def write(self) -> Callable[[Any], Any]:
        args = (
            self.partnership_id,
            self.title.text(),
            self.importance.value() or None,
            self.feasibility.value() or None,
            self.notes.toPlainText(),
        )
        pid = self.current.id if self.current else None
        return lambda s: svc.save_priority(s, *args, priority_id=pid)


class ActionTeamDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        partnership: PartnershipOverview,
        current: ActionTeamRow | None = None,
        parent=None,
    ):
        super().__init__(ctx, "Edit action team" if current else "New action team", parent)
        self.partnership_id, self.current = partnership.id, current
        self.name = QLineEdit(current.name if current else "")
        self.goal = QPlainTextEdit(current.goal or "" if current else "")
        self.goal.setFixedHeight(70)
        self.target = _date_edit(current.target_date if current else None)
        self.priority = QComboBox()
        self.priority.addItem("(none)", None)
        for p in partnership.priorities:
            self.priority.addItem(f"{p.rank}. {p.title}", p.id)
        if current and current.priority_id:
            self.priority.setCurrentIndex(max(0, self.priority.findData(current.priority_id)))
        self.form.addRow("Name", self.name)
        self.form.addRow("Goal", self.goal)
        self.form.addRow("Target date", self.target)
        self.form.addRow("Priority", self.priority)

    def write(self) -> Callable[[Any], Any]:
        args = (self.partnership_id, self.name.text(), self.goal.toPlainText(), _date_of(self.target))
        priority, tid = self.priority.currentData(), self.current.id if self.current else None
        return lambda s: svc.save_action_team(s, *args, priority_id=priority, team_id=tid)
