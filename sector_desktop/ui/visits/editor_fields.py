"""The visit editor's fields: the form on the left (organization, time, type, staff, purpose,
attendees, notes) and the tables on the right (services, hiring needs, skill gaps, follow-ups), and
the state they hold as JSON-ready values (the draft's payload), read and put back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock
from sector_desktop.models.choices import VISIT_STATUSES, VISIT_TYPES
from sector_desktop.store.visits import Choice

from ..context import AppContext
from ..datetimes import make_datetime_edit, wall_of, wall_qdatetime
from .editor_parts import AttendeesList, Column, RowsTable, ServicesBox
from .editor_state import EditorSetup, state_from_detail
from .org_picker import OrganizationPicker, org_label

FOLLOW_UP_DAYS = dt.timedelta(days=7)


class VisitFields:
    """The editor's fields (a part of VisitEditor): built, filled, read as state and set from it."""

    ctx: AppContext
    setup: EditorSetup
    draft_status: QLabel
    _restoring: bool
    _pending_attendees: list[str] | None
    _contacts_org_id: str | None

    # Given by the other parts of the editor: the draft keeping counts an edit; the editor loads
    # the chosen organization's contacts.
    _edited: Callable[..., None]
    _organization_chosen: Callable[[Choice | None], None]
    _load_contacts: Callable[[list[str]], None]

    def _build_left(self) -> QVBoxLayout:
        self.org_edit = OrganizationPicker(self.ctx.db)
        self.org_edit.set_choice(self.setup.organization)
        self.org_edit.chosen.connect(self._organization_chosen)
        self.when_edit = make_datetime_edit()
        self.when_edit.setObjectName("startsAtEdit")
        self.when_edit.setToolTip(f"In your time zone, {clock.zone_name()}")
        self.duration_spin = QSpinBox()
        self.duration_spin.setObjectName("durationSpin")
        self.duration_spin.setRange(0, 24 * 60)
        self.duration_spin.setSingleStep(15)
        self.duration_spin.setSuffix(" min")
        self.duration_spin.setSpecialValueText("not recorded")
        self.type_combo = self._combo("typeCombo", VISIT_TYPES)
        self.status_combo = self._combo("statusCombo", VISIT_STATUSES)
        self.staff_combo = QComboBox()
        self.staff_combo.setObjectName("staffCombo")
        self.purpose_edit = QLineEdit()
        self.purpose_edit.setObjectName("purposeEdit")
        self.purpose_edit.setMaxLength(500)
        self.attendees = AttendeesList()
        self.attendees.setMaximumHeight(110)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notesEdit")
        self.notes_edit.setPlaceholderText("What was discussed, what the employer needs, what you promised…")
        form = QFormLayout()
        form.addRow("&Organization", self.org_edit)
        when = QHBoxLayout()
        when.addWidget(self.when_edit, 1)
        when.addWidget(self._buddy("&Duration", self.duration_spin))
        when.addWidget(self.duration_spin)
        form.addRow(self._buddy("&When", self.when_edit), when)
        kind = QHBoxLayout()
        kind.addWidget(self.type_combo, 1)
        kind.addWidget(self._buddy("Stat&us", self.status_combo))
        kind.addWidget(self.status_combo, 1)
        form.addRow(self._buddy("&Type", self.type_combo), kind)
        form.addRow("&Staff", self.staff_combo)
        form.addRow("&Purpose", self.purpose_edit)
        form.addRow("&Attendees", self.attendees)
        left = QVBoxLayout()
        left.addLayout(form)
        notes_label = self._buddy("&Notes", self.notes_edit)  # Alt+N; a mnemonic needs plain text
        notes_label.setStyleSheet("font-weight: bold")
        left.addWidget(notes_label)
        left.addWidget(self.notes_edit, 1)
        for signal in (
            self.org_edit.textChanged,
            self.when_edit.dateTimeChanged,
            self.duration_spin.valueChanged,
            self.type_combo.currentIndexChanged,
            self.status_combo.currentIndexChanged,
            self.staff_combo.currentIndexChanged,
            self.purpose_edit.textChanged,
            self.attendees.edited,
            self.notes_edit.textChanged,
        ):
            signal.connect(self._edited)
        return left

    def _build_right(self) -> QVBoxLayout:
        self.services = ServicesBox()
        self.needs = RowsTable(
            "Hiring needs",
            [
                Column("occupation", "Occupation"),
                Column("openings", "Openings", width=82),
                Column("wage_min", "Wage from", width=90),
                Column("wage_max", "Wage to", width=80),
                Column("timeline", "Timeline", width=110),
            ],
            "hiringNeedsTable",
        )
        self.gaps = RowsTable(
            "Skill gaps", [Column("skill", "Skill"), Column("notes", "Notes")], "skillGapsTable"
        )
        self.follow_ups = RowsTable(
            "Follow-ups",
            [
                Column("text", "What needs doing"),
                Column("owner", "Owner", kind="staff", width=150),
                Column("due", "Due", kind="date", width=110),
            ],
            "actionItemsTable",
        )
        self.follow_ups.defaults = self._follow_up_defaults
        right = QVBoxLayout()
        right.addWidget(self.services)
        for table in (self.needs, self.gaps, self.follow_ups):
            right.addWidget(table, 1)
        for part in (self.services, self.needs, self.gaps, self.follow_ups):
            part.edited.connect(self._edited)
        return right

    def mark_completed(self) -> None:
        """Open a planned visit to complete it: it becomes Completed when saved with what happened."""
        self.status_combo.setCurrentIndex(self.status_combo.findData("completed"))
        self.draft_status.setText("Completing the planned visit: add what happened, then Save.")

    def _follow_up_defaults(self) -> dict[str, str]:
        """A new follow-up is the visit's staff member's, due a week after the visit (or today)."""
        day = max(wall_of(self.when_edit.dateTime()).date(), clock.today())
        return {"owner": self.staff_combo.currentData() or "", "due": (day + FOLLOW_UP_DAYS).isoformat()}

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        # A form row whose field is a layout gets no buddy of its own, and shows the "&".
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    @staticmethod
    def _combo(name: str, choices: tuple[tuple[str, str], ...]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for code, text in choices:
            combo.addItem(text, code)
        return combo

    # -- state --------------------------------------------------------------------------
    def _fill(self, setup: EditorSetup) -> None:
        self.staff_combo.addItem("(not recorded)", "")
        for s in setup.staff:
            self.staff_combo.addItem(s.label, s.id)
        self.follow_ups.set_staff(setup.staff)
        if setup.organization is not None:
            self.attendees.set_contacts(setup.contacts or [], [])
        org = setup.organization
        self._contacts_org_id = org.id if org else None
        if setup.visit is not None:
            state = state_from_detail(setup.visit)
            state["organization_label"] = org_label(org) if org else state["organization_label"]
            self.apply_state(state)
            return
        now = clock.wall(clock.now()).replace(second=0, microsecond=0)
        self.apply_state(
            {
                "organization_id": org.id if org else None,
                "organization_label": org_label(org) if org else "",
                "starts_at": now.isoformat(),
                "visit_type": "site_visit",
                "status": "completed",
                "staff_id": self.ctx.staff_id or "",
            }
        )

    def state(self) -> dict[str, Any]:
        """Everything typed, as JSON-ready values: the draft payload."""
        return {
            "organization_id": self.org_edit.choice.id if self.org_edit.choice else None,
            "organization_label": self.org_edit.text(),
            "starts_at": wall_of(self.when_edit.dateTime()).isoformat(),
            "duration_minutes": self.duration_spin.value() or None,
            "visit_type": self.type_combo.currentData(),
            "status": self.status_combo.currentData(),
            "staff_id": self.staff_combo.currentData() or "",
            "purpose": self.purpose_edit.text(),
            "notes": self.notes_edit.toPlainText(),
            "attendee_ids": self.attendees.checked_ids()
            if self._pending_attendees is None
            else self._pending_attendees,
            "services": self.services.values(),
            "hiring_needs": self.needs.rows(),
            "skill_gaps": self.gaps.rows(),
            "action_items": self.follow_ups.rows(),
        }

    def apply_state(self, state: dict[str, Any]) -> None:
        """Put a state (a saved visit or a draft) into the widgets without counting it as typing."""
        restoring, self._restoring = self._restoring, True
        try:
            org_id, text = state.get("organization_id"), state.get("organization_label") or ""
            current = self.org_edit.choice
            keep = current is not None and current.id == org_id
            self.org_edit.set_choice((current if keep else Choice(org_id, text)) if org_id else None, text)
            if state.get("starts_at"):
                self.when_edit.setDateTime(wall_qdatetime(dt.datetime.fromisoformat(state["starts_at"])))
            self.duration_spin.setValue(int(state.get("duration_minutes") or 0))
            for combo, key in ((self.type_combo, "visit_type"), (self.status_combo, "status")):
                combo.setCurrentIndex(max(0, combo.findData(state.get(key))))
            self.staff_combo.setCurrentIndex(max(0, self.staff_combo.findData(state.get("staff_id") or "")))
            self.purpose_edit.setText(state.get("purpose") or "")
            self.notes_edit.setPlainText(state.get("notes") or "")
            self.services.set_values(state.get("services") or [])
            self.needs.set_rows(state.get("hiring_needs") or [])
            self.gaps.set_rows(state.get("skill_gaps") or [])
            self.follow_ups.set_rows(state.get("action_items") or [])
            attendees = list(state.get("attendee_ids") or [])
            if org_id and org_id == self._contacts_org_id:
                self.attendees.set_checked(attendees)
            else:
                self._load_contacts(attendees)
        finally:
            self._restoring = restoring

