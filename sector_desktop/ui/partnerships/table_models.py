"""Table models for the Partnerships screen: the partnership list and the short lists of one partnership.

The short lists (members, priorities, meetings, ...) arrive whole with the overview, so they share a
small base that holds plain rows; the meeting list proper is lazy (ui.meetings.table_model).
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from sector_desktop import timefmt
from sector_desktop.models.choices import (
    MEETING_STATUSES,
    MEETING_TYPES,
    MEMBER_ROLES,
    ORGANIZATION_KINDS,
    PARTNERSHIP_STATUSES,
    SECTORS,
    VISIT_TYPES,
    label,
)
from sector_desktop.store.meetings import MeetingRow
from sector_desktop.store.partnerships import (
    ActionTeamRow,
    MemberRow,
    MemberVisitRow,
    OpenActionItemRow,
    PartnershipRow,
    PriorityRow,
    WorkgroupRow,
)

from ..rows_model import MUTED, OVERDUE, RowsTableModel


class PartnershipsTableModel(RowsTableModel):
    NAME, SECTOR, STATUS, MEMBERS, NEXT_MEETING = range(5)
    headers = ("Partnership", "Sector", "Status", "Members", "Next meeting")
    sort_attrs = {NEXT_MEETING: "next_meeting"}

    def text(self, row: PartnershipRow, column: int) -> str:
        return (
            row.name,
            label(SECTORS, row.sector),
            label(PARTNERSHIP_STATUSES, row.status),
            str(row.member_count),
            timefmt.when(row.next_meeting) if row.next_meeting else "none planned",
        )[column]


class MembersTableModel(RowsTableModel):
    ORGANIZATION, KIND, ROLE, REPRESENTATIVES, JOINED = range(5)
    headers = ("Organization", "Kind", "Role", "Representatives", "Joined")
    sort_attrs = {JOINED: "joined_on"}

    def text(self, row: MemberRow, column: int) -> str:
        reps = ", ".join(r.name for r in row.representatives) or "none named"
        return (
            row.organization_name,
            label(ORGANIZATION_KINDS, row.kind),
            label(MEMBER_ROLES, row.role),
            reps,
            timefmt.date(row.joined_on),
        )[column]

    def color(self, row: MemberRow, column: int) -> QColor | None:
        return MUTED if column == self.REPRESENTATIVES and not row.representatives else None


class WorkgroupsTableModel(RowsTableModel):
    NAME, DESCRIPTION, MEETINGS, ACTIVE = range(4)
    headers = ("Workgroup", "Description", "Meetings", "Active")

    def text(self, row: WorkgroupRow, column: int) -> str:
        return (row.name, row.description or "", str(row.meeting_count), "yes" if row.active else "no")[
            column
        ]


class PrioritiesTableModel(RowsTableModel):
    RANK, TITLE, IMPORTANCE, FEASIBILITY, SCORE = range(5)
    headers = ("#", "Priority", "Importance", "Feasibility", "Score")

    def text(self, row: PriorityRow, column: int) -> str:
        scored = row.importance is not None and row.feasibility is not None
        return (
            str(row.rank),
            row.title,
            str(row.importance or "–"),
            str(row.feasibility or "–"),
            str(row.score) if scored else "not scored",
        )[column]


class ActionTeamsTableModel(RowsTableModel):
    NAME, GOAL, PRIORITY, TARGET = range(4)
    headers = ("Action team", "Goal", "Priority", "Target date")
    sort_attrs = {TARGET: "target_date"}

    def text(self, row: ActionTeamRow, column: int) -> str:
        return (row.name, row.goal or "", row.priority_title or "", timefmt.date(row.target_date))[column]


class PartnershipMeetingsTableModel(RowsTableModel):
    WHEN, TITLE, TYPE, STATUS, BUSINESS, PARTNERS = range(6)
    headers = ("When", "Meeting", "Type", "Status", "Business", "Partners")
    sort_attrs = {WHEN: "starts_at"}

    def text(self, row: MeetingRow, column: int) -> str:
        attended = row.status == "held"
        return (
            timefmt.when(row.starts_at),
            row.title,
            label(MEETING_TYPES, row.meeting_type),
            label(MEETING_STATUSES, row.status),
            str(row.headcount.business) if attended else "",
            str(row.headcount.partners) if attended else "",
        )[column]

    def color(self, row: MeetingRow, column: int) -> QColor | None:
        if column == self.STATUS and row.status == "cancelled":
            return MUTED
        if column == self.BUSINESS and row.status == "held" and not row.headcount.employer_led:
            return OVERDUE
        return None


class OpenItemsTableModel(RowsTableModel):
    DUE, TEXT, OWNER, MEETING = range(4)
    headers = ("Due", "Action item", "Owner", "From meeting")
    sort_attrs = {DUE: "due_date"}

    def text(self, row: OpenActionItemRow, column: int) -> str:
        due = timefmt.date(row.due_date) + (" (overdue)" if row.overdue else "")
        return (due, row.text, row.owner_name or "unassigned", row.meeting_title or "")[column]

    def color(self, row: OpenActionItemRow, column: int) -> QColor | None:
        return OVERDUE if row.overdue and column == self.DUE else None


class MemberVisitsTableModel(RowsTableModel):
    WHEN, EMPLOYER, TYPE, STAFF, PURPOSE = range(5)
    headers = ("When", "Employer", "Type", "Staff", "Purpose")
    sort_attrs = {WHEN: "starts_at"}

    def text(self, row: MemberVisitRow, column: int) -> str:
        return (
            timefmt.when(row.starts_at),
            row.organization_name,
            label(VISIT_TYPES, row.visit_type),
            row.staff_name or "",
            row.purpose or "",
        )[column]
