"""Dialogs that edit an organization's profile and one of its contacts.

They check the input with the service's own validation and show each problem beside its field.
They do not write: they emit `submitted` with the input, and the page saves it off the UI thread
and closes the dialog when the save went through. The profile editor keeps a draft as you type.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop import timefmt
from sector_desktop.models.choices import ORGANIZATION_KINDS, ORGANIZATION_STATUSES, SECTORS, SIZE_BANDS
from sector_desktop.services.drafts import discard_draft, load_draft, save_draft
from sector_desktop.services.organizations import (
    ContactInput,
    InvalidFields,
    OrganizationInput,
    parse_tags,
    validate_contact,
    validate_organization,
)
from sector_desktop.store import Database
from sector_desktop.store.organizations import ContactRow, OrganizationDetail, StaffOption

from ..tasks import run_task
from .editor_support import DraftLane, ProblemsMixin, combo, error_label, set_combo

DRAFT_DELAY_MS = 1000


def organization_draft_key(org_id: str | None) -> str:
    return f"organization:{org_id}" if org_id else "organization:new"


class OrganizationEditor(ProblemsMixin, QDialog):
    """Every profile field of an organization. Emits `submitted(OrganizationInput)` on Save."""

    submitted = Signal(object)

    def __init__(
        self,
        staff: list[StaffOption],
        detail: OrganizationDetail | None = None,
        parent: QWidget | None = None,
        db: Database | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("organizationEditor")
        self.org_id = detail.id if detail else None
        self.setWindowTitle(f"Edit {detail.name}" if detail else "New organization")
        self._db = db
        self._lane = DraftLane(db) if db is not None else None
        self._quiet = False
        self._before_draft: dict[str, Any] = {}
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._save_draft)
        self._build(staff, detail)
        if detail is not None:
            self.set_input(_input_from_detail(detail))
        self._watch_changes()
        self._saved_values = self.raw_values()  # what "no changes" looks like
        self._discard_confirmed = False
        if db is not None:
            self._restore_draft(db)

    # -- building ----------------------------------------------------------------------
    def _line(self, name: str, placeholder: str = "", max_length: int | None = None) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"{name}Edit")
        edit.setPlaceholderText(placeholder)
        if max_length:
            edit.setMaxLength(max_length)
        self.fields[name] = edit
        return edit

    def _build(self, staff: list[StaffOption], detail: OrganizationDetail | None) -> None:
        self.fields: dict[str, QWidget] = {}
        self.error_label = error_label()
        self.draft_banner = QLabel()
        self.draft_banner.setObjectName("draftBanner")
        self.draft_banner.setProperty("role", "hint")
        self.draft_banner.hide()
        self.discard_button = QPushButton("Discard restored changes")
        self.discard_button.setObjectName("discardDraftButton")
        self.discard_button.hide()
        self.discard_button.clicked.connect(self._discard_restored)
        left, right = QFormLayout(), QFormLayout()
        left.addRow("Name *", self._line("name", "Legal or common name", 300))
        left.addRow("Doing business as", self._line("dba", "", 300))
        left.addRow("FEIN", self._line("fein", "12-3456789", 12))
        left.addRow("State UI account no.", self._line("state_ui_number", "", 30))
        left.addRow("NAICS code", self._line("naics", "e.g. 622110", 6))
        for name, widget in (
            ("kind", combo("kindCombo", ORGANIZATION_KINDS)),
            ("sector", combo("sectorCombo", SECTORS, "—")),
            ("status", combo("statusCombo", ORGANIZATION_STATUSES)),
            ("size_band", combo("sizeCombo", SIZE_BANDS, "Not known")),
        ):
            self.fields[name] = widget
        left.addRow("Kind", self.fields["kind"])
        left.addRow("Sector", self.fields["sector"])
        left.addRow("Status", self.fields["status"])
        left.addRow("Size", self.fields["size_band"])
        sites = self._line("sites_count", "Not known", 6)
        sites.setValidator(QIntValidator(0, 999999, sites))
        left.addRow("Number of sites", sites)
        right.addRow("Address line 1", self._line("address_line1", "", 300))
        right.addRow("Address line 2", self._line("address_line2", "", 300))
        right.addRow("City", self._line("city", "", 120))
        right.addRow("State", self._line("state", "MD", 2))
        right.addRow("ZIP", self._line("zip", "21201", 10))
        right.addRow("Phone", self._line("phone", "(410) 555-0100", 40))
        right.addRow("Website", self._line("website", "example.org", 300))
        right.addRow("Assigned staff", self._staff_combo(staff, detail))
        right.addRow("Tags", self._line("tags", "Comma separated, e.g. union, MBE"))
        notes = QPlainTextEdit()
        notes.setObjectName("notesEdit")
        notes.setAccessibleName("Notes")
        notes.setTabChangesFocus(True)
        notes.setMinimumHeight(80)
        self.fields["notes"] = notes
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        banner = QHBoxLayout()
        banner.addWidget(self.draft_banner, 1)
        banner.addWidget(self.discard_button)
        layout.addLayout(banner)
        layout.addLayout(columns)
        layout.addWidget(QLabel("Notes"))
        layout.addWidget(notes, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 520)

    def _staff_combo(self, staff: list[StaffOption], detail: OrganizationDetail | None) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName("staffCombo")
        combo.addItem("Not assigned", None)
        for option in staff:
            combo.addItem(option.name, option.id)
        # Someone who has left the team can still be the assigned staff of an old record.
        if detail and detail.assigned_staff_id and combo.findData(detail.assigned_staff_id) < 0:
            combo.addItem(f"{detail.staff_name or 'Unknown'} (inactive)", detail.assigned_staff_id)
        self.fields["assigned_staff_id"] = combo
        return combo

    def _watch_changes(self) -> None:
        for widget in self.fields.values():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self._changed)
            elif isinstance(widget, QComboBox):
                widget.activated.connect(self._changed)
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self._changed)

    # -- values --------------------------------------------------------------------------
    def raw_values(self) -> dict[str, Any]:
        """What the widgets hold, as JSON-friendly values (also the draft's payload)."""
        values: dict[str, Any] = {}
        for name, widget in self.fields.items():
            if isinstance(widget, QLineEdit):
                values[name] = widget.text()
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentData()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText()
        return values

    def set_raw_values(self, values: dict[str, Any]) -> None:
        self._quiet = True  # filling the form is not the user typing
        try:
            self._fill(values)
        finally:
            self._quiet = False

    def _fill(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            widget = self.fields.get(name)
            if isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))
            elif isinstance(widget, QComboBox):
                set_combo(widget, value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value or "")

    def set_input(self, data: OrganizationInput) -> None:
        values = dataclasses.asdict(data)
        values["tags"] = ", ".join(data.tags)
        values["sites_count"] = "" if data.sites_count is None else str(data.sites_count)
        self.set_raw_values(values)

    def value(self) -> OrganizationInput:
        raw = self.raw_values()
        sites = (raw.pop("sites_count") or "").strip()
        tags = parse_tags(raw.pop("tags") or "")
        return OrganizationInput(**raw, sites_count=int(sites) if sites.isdigit() else None, tags=tags)

    def submit(self) -> None:
        """Check the input here first, so that a typo never costs a round trip to the database."""
        try:
            validate_organization(self.value())
        except InvalidFields as exc:
            self.show_problems(exc)
            return
        self.clear_problems()
        self.submitted.emit(self.value())

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.save_button.setText("Saving…" if busy else "Save")

    # -- drafts (design rule 2) ------------------------------------------------------------
    @property
    def draft_key(self) -> str:
        return organization_draft_key(self.org_id)

    def _changed(self, *_: object) -> None:
        if self._lane is not None and not self._quiet:
            self._draft_timer.start()

    def _save_draft(self) -> None:
        key, payload = self.draft_key, self.raw_values()
        if self._lane is not None:
            self._lane.submit(lambda db: save_draft(db, key, payload))

    def _restore_draft(self, db: Database) -> None:
        key = self.draft_key
        run_task(lambda: load_draft(db, key), self._draft_loaded)

    def _draft_loaded(self, draft) -> None:
        if draft is None or self._draft_timer.isActive():
            return  # nothing saved, or the user has already started typing over it
        self._before_draft = self.raw_values()
        self.set_raw_values(draft.payload)
        when = f"{timefmt.short_date(draft.updated_at)} at {timefmt.time(draft.updated_at)}"
        self.draft_banner.setText(f"Restored your unsaved changes from {when}.")
        self.draft_banner.show()
        self.discard_button.show()

    def _discard_restored(self) -> None:
        self.set_raw_values(self._before_draft)
        self.draft_banner.hide()
        self.discard_button.hide()
        self.forget_draft()

    def forget_draft(self) -> None:
        """Drop the saved draft (after a successful save, or when the user discards it)."""
        self._draft_timer.stop()
        key = self.draft_key
        if self._lane is not None:
            self._lane.submit(lambda db: discard_draft(db, key))

    def has_changes(self) -> bool:
        return self.raw_values() != self._saved_values

    def reject(self) -> None:
        """Cancel (or closing the window): ask before throwing typed changes away, then drop the draft."""
        if self.has_changes() and not self._discard_confirmed:
            self._ask_discard()
            return
        self.forget_draft()
        super().reject()

    def _ask_discard(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Discard changes?",
            "Discard the changes you typed in this organization?",
            parent=self,
        )
        box.setObjectName("discardChangesBox")
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.buttonClicked.connect(lambda button: self._discard_answered(button is discard))
        box.open()

    def _discard_answered(self, discard: bool) -> None:
        if discard:
            self._discard_confirmed = True
            self.reject()


def _input_from_detail(d: OrganizationDetail) -> OrganizationInput:
    names = {f.name for f in dataclasses.fields(OrganizationInput)}
    return OrganizationInput(**{n: getattr(d, n) for n in names})


class ContactEditor(ProblemsMixin, QDialog):
    """One contact: name, title, email, phone and the primary flag. Emits `submitted(ContactInput)`."""

    submitted = Signal(object)

    def __init__(self, contact: ContactRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactEditor")
        self.contact_id = contact.id if contact else None
        self.setWindowTitle(f"Edit {contact.name}" if contact else "New contact")
        self.fields: dict[str, QWidget] = {}
        self.error_label = error_label()
        form = QFormLayout()
        for name, caption, limit in (
            ("name", "Name *", 200),
            ("title", "Title", 200),
            ("email", "Email", 200),
            ("phone", "Phone", 40),
        ):
            edit = QLineEdit()
            edit.setObjectName(f"contact{name.title()}Edit")
            edit.setMaxLength(limit)
            self.fields[name] = edit
            form.addRow(caption, edit)
        self.primary_check = QCheckBox("Primary contact for this organization")
        self.primary_check.setObjectName("primaryCheck")
        form.addRow("", self.primary_check)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveContactButton")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error_label)
        layout.addLayout(form)
        layout.addWidget(buttons, 0, Qt.AlignmentFlag.AlignBottom)
        self.resize(420, 220)
        if contact is not None:
            for name in ("name", "title", "email", "phone"):
                field = self.fields[name]
                if isinstance(field, QLineEdit):
                    field.setText(getattr(contact, name) or "")
            self.primary_check.setChecked(contact.is_primary)
        self._notes = contact.notes if contact else None

    def value(self) -> ContactInput:
        texts = {name: w.text() for name, w in self.fields.items() if isinstance(w, QLineEdit)}
        return ContactInput(**texts, is_primary=self.primary_check.isChecked(), notes=self._notes)

    def submit(self) -> None:
        try:
            validate_contact(self.value())
        except InvalidFields as exc:
            self.show_problems(exc)
            return
        self.clear_problems()
        self.submitted.emit(self.value())

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
