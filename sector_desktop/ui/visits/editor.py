"""The visit editor: log or change a visit, saving a draft as the user types (design rule 2).

This module lays the dialog out, loads the organization's contacts, and saves or cancels; its fields
and their state are in editor_fields, the draft keeping in editor_drafts. The draft is written about
once a second while anything changes, restored when the same visit (or a new visit for the same
organization) is opened again, and removed on Save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.errors import ValidationError
from sector_desktop.services.drafts import discard_draft, visit_draft_key
from sector_desktop.services.visits import log_visit, update_visit
from sector_desktop.store.visits import (
    Choice,
    contact_choices,
)

from ..context import AppContext
from ..operations import run_op
from ..screen_fit import open_size
from ..tasks import guarded, run_task
from .editor_drafts import AUTOSAVE_MS, DraftKeeping
from .editor_fields import VisitFields
from .editor_files import VisitFiles
from .editor_parts import NO_ORGANIZATION
from .editor_state import EditorSetup, input_from_state, load_editor_setup, state_from_detail


class VisitEditor(VisitFields, DraftKeeping, QDialog):
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
        self._build_draft_banner()
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
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(lambda: self.save())

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft_now)
        open_size(self, 1180, 720)

    # -- state --------------------------------------------------------------------------
    def to_input(self):
        """The typed state as a VisitInput; raises ValidationError for text that is not a number or date."""
        return input_from_state(self.state())

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
