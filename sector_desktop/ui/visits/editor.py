"""The visit editor: log or change a visit, saving a draft as the user types (design rule 2).

The draft is written about once a second while anything changes, restored when the same
visit (or a new visit for the same organization) is opened again, and removed on Save.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import clock, timefmt
from sector_desktop.errors import ValidationError
from sector_desktop.models.choices import VISIT_STATUSES, VISIT_TYPES
from sector_desktop.services.drafts import SavedDraft, discard_draft, save_draft, visit_draft_key
from sector_desktop.services.visits import log_visit, update_visit
from sector_desktop.store.visits import (
    Choice,
    contact_choices,
)

from ..context import AppContext
from ..datetimes import make_datetime_edit, wall_of, wall_qdatetime
from ..operations import run_op
from ..screen_fit import open_size
from ..tasks import guarded, run_task
from .editor_files import VisitFiles
from .editor_parts import NO_ORGANIZATION, AttendeesList, Column, RowsTable, ServicesBox
from .editor_state import EditorSetup, input_from_state, load_editor_setup, state_from_detail
from .org_picker import OrganizationPicker, org_label

AUTOSAVE_MS = 1000
FOLLOW_UP_DAYS = dt.timedelta(days=7)


class VisitEditor(QDialog):
    """Log a visit (new) or change one (when the setup carries a visit)."""

    saved = Signal(str)  # the visit's id

    def __init__(self, ctx: AppContext, setup: EditorSetup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitEditor")
        self.ctx, self.setup, self.key = ctx, setup, setup.key
        self.visit_id = setup.visit.id if setup.visit else None
        self.setWindowTitle(f"Visit — {setup.visit.organization_name}" if setup.visit else "Log a visit")
        self._pending_attendees: list[str] | None = None
        self._restoring = True  # widgets being filled: not the user's typing
        self._closing = self._saving = False
        self._last_draft: dict[str, Any] | None = None
        self._contacts_org_id: str | None = None
        self._build()
        self._fill(setup)
        self._initial = self.state()
        self._restoring = False
        if setup.draft is not None:
            self._restore(setup.draft)
        # The keyboard starts where the typing does: the organization, or the purpose once it is known.
        (self.purpose_edit if setup.organization else self.org_edit).setFocus()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.draft_banner = QWidget()
        self.draft_banner.setObjectName("draftBanner")
        self.draft_banner.setStyleSheet("#draftBanner { background: #fff4d6; border: 1px solid #e8c66a; }")
        self.draft_label = QLabel()
        self.discard_draft_button = QPushButton("Discard draft")
        self.discard_draft_button.setObjectName("discardDraftButton")
        self.discard_draft_button.clicked.connect(self.discard_restored_draft)
        banner = QHBoxLayout(self.draft_banner)
        banner.addWidget(self.draft_label, 1)
        banner.addWidget(self.discard_draft_button)
        self.draft_banner.hide()

        columns = QHBoxLayout()
        columns.addLayout(self._build_left(), 5)
        columns.addLayout(self._build_right(), 6)

        self.error_label = QLabel()
        self.error_label.setObjectName("editorErrors")
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.draft_status = QLabel("")
        self.draft_status.setObjectName("draftStatus")
        self.draft_status.setProperty("role", "hint")
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(
            f"Save the visit ({QKeySequence(QKeySequence.StandardKey.Save).toString()})"
        )
        self.save_button.clicked.connect(lambda: self.save())
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.reject)
        self.files = VisitFiles(self.ctx, self.ensure_saved)
        self.files.show_visit(self.visit_id)
        buttons = QHBoxLayout()
        buttons.addWidget(self.files, 3)
        buttons.addWidget(self.draft_status, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.draft_banner)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, activated=self.save)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft_now)
        open_size(self, 1180, 720)

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
        self.actions = RowsTable(
            "Follow-ups",
            [
                Column("text", "What needs doing"),
                Column("owner", "Owner", kind="staff", width=150),
                Column("due", "Due", kind="date", width=110),
            ],
            "actionItemsTable",
        )
        self.actions.defaults = self._follow_up_defaults
        right = QVBoxLayout()
        right.addWidget(self.services)
        for part in (self.needs, self.gaps, self.actions):
            right.addWidget(part, 1)
        for part in (self.services, self.needs, self.gaps, self.actions):
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
        self.actions.set_staff(setup.staff)
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
            "action_items": self.actions.rows(),
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
            self.actions.set_rows(state.get("action_items") or [])
            attendees = list(state.get("attendee_ids") or [])
            if org_id and org_id == self._contacts_org_id:
                self.attendees.set_checked(attendees)
            else:
                self._load_contacts(attendees)
        finally:
            self._restoring = restoring

    def to_input(self):
        """The typed state as a VisitInput; raises ValidationError for text that is not a number or date."""
        return input_from_state(self.state())

    # -- drafts -------------------------------------------------------------------------
    def _edited(self, *_: object) -> None:
        if self._restoring or self._closing or self._saving:
            return
        # Not restarted on every keystroke: steady typing still saves about once a second.
        if not self._autosave.isActive():
            self._autosave.start()

    def save_draft_now(self) -> None:
        """Write the draft now (the autosave timer calls this); a tiny upsert, so done in place."""
        self._autosave.stop()
        if self._closing or self._saving:
            return
        state = self.state()
        if state == self._last_draft:
            return
        try:
            if state == self._initial:
                discard_draft(self.ctx.db, self.key)
            else:
                save_draft(self.ctx.db, self.key, state)
        except Exception as exc:  # the form stays usable; the next change retries
            self.draft_status.setText(f"Could not save the draft: {exc}")
            return
        self._last_draft = state
        self.draft_status.setText(f"Draft saved {timefmt.time(clock.now(), seconds=True)}")

    def _restore(self, draft: SavedDraft) -> None:
        self.apply_state(draft.payload)
        self._last_draft = self.state()
        when = draft.updated_at
        self.draft_label.setText(
            f"Restored what you typed on {timefmt.date(when)} at {timefmt.time(when)}; "
            "it has not been saved as a visit yet."
        )
        self.draft_banner.show()

    def discard_restored_draft(self) -> None:
        discard_draft(self.ctx.db, self.key)
        self.apply_state(self._initial)
        self._last_draft = None
        self.draft_banner.hide()

    # -- organization and its contacts --------------------------------------------------
    def _organization_chosen(self, choice: Choice | None) -> None:
        self._load_contacts(self.attendees.checked_ids() if choice else [])
        self._edited()

    def _load_contacts(self, checked: list[str]) -> None:
        self._contacts_org_id = None
        if self.org_edit.choice is None:
            self.attendees.set_contacts([], [], empty=NO_ORGANIZATION)
            self._pending_attendees = None
            return
        db, org_id = self.ctx.db, self.org_edit.choice.id
        self._pending_attendees = checked

        def load() -> list[Choice]:
            with db.read_session() as s:
                return contact_choices(s, org_id)

        def show(contacts: list[Choice]) -> None:
            # The dialog may have closed (and been deleted) while the contacts loaded.
            if not shiboken6.isValid(self.attendees) or self.org_edit.choice is None:
                return
            if self.org_edit.choice.id != org_id:
                return
            checked_now = self._pending_attendees or []
            self._pending_attendees = None
            self._contacts_org_id = org_id
            self.attendees.set_contacts(contacts, checked_now)

        run_task(load, show)

    # -- save and cancel ----------------------------------------------------------------
    def ensure_saved(self, then: Callable[[str], None]) -> None:
        """Call `then` with the visit's id, saving a new visit first (the editor stays open)."""
        if self.visit_id is not None:
            then(self.visit_id)
        else:
            self.save(then=then)

    def save(self, then: Callable[[str], None] | None = None) -> None:
        """Save and close; with `then`, save, stay open on the saved visit and call `then(id)`."""
        if self._saving:
            return
        try:
            visit = self.to_input()
        except ValidationError as exc:
            self.show_problems(exc.problems)
            return
        self._saving = True
        self._autosave.stop()
        self.save_button.setEnabled(False)
        db, key, visit_id = self.ctx.db, self.key, self.visit_id

        def write() -> str:
            if visit_id:
                update_visit(db, visit_id, visit, draft_key=key)
                return visit_id
            return log_visit(db, visit, draft_key=key)

        label = (
            f"{'Edit' if visit_id else 'Log'} visit to {self.org_edit.text().strip() or 'an organization'}"
        )
        done = self._saved if then is None else (lambda visit_id: self._saved_staying(visit_id, then))
        run_op(self.ctx, write, done=done, failed=self._save_failed, undo=label, owner=self)

    def _saved(self, visit_id: str) -> None:
        self._closing = True
        self.saved.emit(visit_id)
        self.accept()

    def _saved_staying(self, visit_id: str, then: Callable[[str], None]) -> None:
        """A new visit saved with the editor open: from now on it edits that visit (and its draft)."""
        self.visit_id, self.key = visit_id, visit_draft_key(visit_id)
        self.setWindowTitle(f"Visit — {self.org_edit.choice.label if self.org_edit.choice else ''}")
        self.saved.emit(visit_id)
        db = self.ctx.db

        def reread(setup: EditorSetup) -> None:
            # The saved rows now have ids; without them the next Save would add them a second time.
            if setup.visit is not None:
                self.apply_state(state_from_detail(setup.visit))
            self._initial, self._last_draft = self.state(), None
            self._saving = False
            self.save_button.setEnabled(True)
            then(visit_id)

        run_task(lambda: load_editor_setup(db, visit_id=visit_id), guarded(self, reread))

    def _save_failed(self, exc: Exception) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.show_problems(getattr(exc, "problems", None) or [str(exc)])
        self._edited()

    def show_problems(self, problems: list[str]) -> None:
        self.error_label.setText("Not saved:\n• " + "\n• ".join(problems))
        self.error_label.show()

    def ask_discard(self) -> str:
        """Ask what to do with typed text: 'discard', 'keep' (as a draft) or 'continue' editing."""
        box = QMessageBox(
            QMessageBox.Icon.Question, "Close the visit?", "This visit has not been saved.", parent=self
        )
        box.setObjectName("discardQuestion")
        box.setInformativeText("Keep what you typed as a draft to finish later, or discard it?")
        keep = box.addButton("Keep draft", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Continue editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        return "keep" if clicked is keep else "discard" if clicked is discard else "continue"

    def reject(self) -> None:
        if not self._closing and not self._saving and self.state() != self._initial:
            choice = self.ask_discard()
            if choice == "continue":
                return
            if choice == "discard":
                self._autosave.stop()
                discard_draft(self.ctx.db, self.key)
            else:
                self.save_draft_now()
        self._closing = True
        self._autosave.stop()
        super().reject()

    def keyPressEvent(self, event) -> None:
        # Enter in a one-line field must not save the visit half-typed; Ctrl+S saves.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return
        super().keyPressEvent(event)
