"""One partnership on screen: who it is, its roster and workgroups, ranked priorities, action teams,
meetings, open action items and recent visits to member employers.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import timefmt
from sector_desktop.models.choices import PARTNERSHIP_STATUSES, SECTORS, label
from sector_desktop.store.partnerships import PartnershipOverview

from ..rows_model import RowsTableModel
from ..tables import make_table
from .table_models import (
    ActionTeamsTableModel,
    MembersTableModel,
    MemberVisitsTableModel,
    OpenItemsTableModel,
    PartnershipMeetingsTableModel,
    PrioritiesTableModel,
    WorkgroupsTableModel,
)


class PartnershipDetail(QWidget):
    """Shows a PartnershipOverview; the page wires the buttons and double-clicks to its editors."""

    edit_requested = Signal(str, object)  # what ("partnership", "member", ...), the row or None to add
    meeting_requested = Signal(str)  # a meeting id to open

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partnershipDetail")
        self.overview: PartnershipOverview | None = None
        self.members = MembersTableModel(self)
        self.workgroups = WorkgroupsTableModel(self)
        self.priorities = PrioritiesTableModel(self)
        self.teams = ActionTeamsTableModel(self)
        self.meetings = PartnershipMeetingsTableModel(self)
        self.items = OpenItemsTableModel(self)
        self.visits = MemberVisitsTableModel(self)
        self._build()

    def _build(self) -> None:
        self.title = QLabel("")
        self.title.setObjectName("partnershipTitle")
        self.title.setProperty("role", "heading")
        self.facts = QLabel("")
        self.facts.setObjectName("partnershipFacts")
        self.facts.setProperty("role", "hint")
        self.facts.setWordWrap(True)
        self.description = QLabel("")
        self.description.setWordWrap(True)
        buttons = QHBoxLayout()
        for what, text in (
            ("partnership", "Edit…"),
            ("member", "Add member…"),
            ("workgroup", "Add workgroup…"),
            ("priority", "Add priority…"),
            ("team", "Add action team…"),
            ("meeting", "Schedule meeting…"),
        ):
            b = QPushButton(text)
            b.setObjectName(f"add_{what}_button" if what != "partnership" else "editPartnershipButton")
            if what == "partnership":
                b.setAccessibleName("Edit partnership")
            b.clicked.connect(lambda _=False, w=what: self.edit_requested.emit(w, None))
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.roster_tabs = QTabWidget()
        self.roster_tabs.setObjectName("partnershipRosterTabs")
        self.activity_tabs = QTabWidget()
        self.activity_tabs.setObjectName("partnershipActivityTabs")
        self._tables: dict[str, QTableView] = {}
        roster, activity = self.roster_tabs, self.activity_tabs
        for tabs, key, model, stretch, name in (
            (roster, "member", self.members, MembersTableModel.REPRESENTATIVES, "Members"),
            (roster, "priority", self.priorities, PrioritiesTableModel.TITLE, "Priorities"),
            (roster, "workgroup", self.workgroups, WorkgroupsTableModel.DESCRIPTION, "Workgroups"),
            (roster, "team", self.teams, ActionTeamsTableModel.GOAL, "Action teams"),
            (activity, "meeting", self.meetings, PartnershipMeetingsTableModel.TITLE, "Meetings"),
            (activity, "item", self.items, OpenItemsTableModel.TEXT, "Open action items"),
            (activity, "visit", self.visits, MemberVisitsTableModel.PURPOSE, "Recent visits to members"),
        ):
            table = make_table(model, f"{key}Table", stretch)
            table.setAccessibleName(name)
            table.doubleClicked.connect(lambda index, k=key, m=model: self._activated(k, m, index))
            self._tables[key] = table
            tabs.addTab(table, "")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.roster_tabs)
        split.addWidget(self.activity_tabs)
        split.setSizes([300, 220])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.description)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)

    def _activated(self, key: str, model: RowsTableModel, index: QModelIndex) -> None:
        row = model.row_at(index.row())
        if row is None:
            return
        if key == "meeting":
            self.meeting_requested.emit(row.id)
        elif key in ("member", "workgroup", "priority", "team"):
            self.edit_requested.emit(key, row)

    def table(self, key: str) -> QTableView:
        return self._tables[key]

    def show_overview(self, ov: PartnershipOverview) -> None:
        self.overview = ov
        self.title.setText(ov.name)
        facts = [
            label(SECTORS, ov.sector) or "Any sector",
            ov.region or "",
            f"Convened by {ov.convener}" if ov.convener else "",
            label(PARTNERSHIP_STATUSES, ov.status),
            f"launched {timefmt.date(ov.launched_on)}" if ov.launched_on else "not launched yet",
        ]
        held = [m for m in ov.meetings if m.status == "held"]
        if held:
            led = sum(1 for m in held if m.headcount.employer_led)
            facts.append(f"employer-led at {led} of {len(held)} meetings held")
        self.facts.setText(" · ".join(f for f in facts if f))
        self.description.setText(ov.description or "")
        self.description.setVisible(bool(ov.description))
        self.members.set_rows(ov.members)
        self.priorities.set_rows(ov.priorities)
        self.workgroups.set_rows(ov.workgroups)
        self.teams.set_rows(ov.action_teams)
        self.meetings.set_rows(ov.meetings)
        self.items.set_rows(ov.open_action_items)
        self.visits.set_rows(ov.recent_visits)
        employers = sum(1 for m in ov.members if m.kind == "employer")
        overdue = sum(1 for i in ov.open_action_items if i.overdue)
        titles = (
            (self.roster_tabs, 0, f"Members ({len(ov.members)}: {employers} employers)"),
            (self.roster_tabs, 1, f"Priorities ({len(ov.priorities)})"),
            (self.roster_tabs, 2, f"Workgroups ({len(ov.workgroups)})"),
            (self.roster_tabs, 3, f"Action teams ({len(ov.action_teams)})"),
            (self.activity_tabs, 0, f"Meetings ({len(ov.meetings)})"),
            (self.activity_tabs, 1, f"Open action items ({len(ov.open_action_items)}, {overdue} overdue)"),
            (self.activity_tabs, 2, f"Recent visits to members ({len(ov.recent_visits)})"),
        )
        for tabs, i, text in titles:
            tabs.setTabText(i, text)
