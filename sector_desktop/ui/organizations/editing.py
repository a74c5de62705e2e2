"""The write paths of the Organizations page: editor dialogs in, service calls off the UI thread out.

Each save runs in one transaction through the operation helper (run_op); the dialog stays open
(and keeps its text) until the save went through. The helper announces what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from sector_desktop.errors import SectorError
from sector_desktop.services.organization_merge import merge_new_into, merge_organizations
from sector_desktop.services.organizations import (
    ContactInput,
    LikelyDuplicates,
    OrganizationInput,
    add_contact,
    create_organization,
    delete_contact,
    delete_organization,
    update_contact,
    update_organization,
)
from sector_desktop.store.organizations import OrganizationDetail, StaffOption

from ..context import AppContext
from ..crash import show_exception
from ..operations import run_op
from .duplicate_prompt import CREATE, DuplicatePrompt
from .editor import ContactEditor, OrganizationEditor
from .merge_dialog import MergeDialog


class OrganizationEditing(QObject):
    """Opens the editors and saves what they submit. `saved(org id)` fires after every write."""

    saved = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget, staff: Callable[[], list[StaffOption]]) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._parent = parent
        self._staff = staff
        # The dialogs currently open, for tests and so Python keeps them alive.
        self.editor: OrganizationEditor | None = None
        self.contact_editor: ContactEditor | None = None
        self.prompt: DuplicatePrompt | None = None
        self.merge_dialog: MergeDialog | None = None

    def _write(self, work: Callable[[Any], Any], on_done: Callable[[Any], None], dialog, undo: str) -> None:
        """Run `work(session)` in one transaction off the UI thread; problems go back to `dialog`."""
        dialog.set_busy(True)
        run_op(
            self.ctx,
            self._in_session(work),
            done=lambda result: self._done(dialog, on_done, result),
            failed=lambda exc: self._failed(dialog, exc),
            undo=undo,
        )

    def _in_session(self, work: Callable[[Any], Any]) -> Callable[[], Any]:
        db = self.ctx.db

        def run() -> Any:
            with db.session() as s:
                return work(s)

        return run

    def _done(self, dialog, on_done: Callable[[Any], None], result: Any) -> None:
        dialog.set_busy(False)
        on_done(result)

    def _failed(self, dialog, exc: Exception) -> None:
        dialog.set_busy(False)
        if isinstance(exc, LikelyDuplicates) and isinstance(dialog, OrganizationEditor):
            self._ask_about_duplicates(dialog, exc)
        elif isinstance(exc, SectorError):
            dialog.show_problems(exc)
        else:
            dialog.show_problems(exc)
            show_exception(exc, repr(exc))

    def _finish(self, dialog, org_id: str) -> None:
        if isinstance(dialog, OrganizationEditor):
            dialog.forget_draft()
        dialog.accept()
        self.saved.emit(org_id)

    # -- organizations -------------------------------------------------------------------
    def new_organization(self) -> OrganizationEditor:
        editor = OrganizationEditor(self._staff(), None, self._parent, db=self.ctx.db)
        editor.submitted.connect(lambda data: self._create(editor, data, allow_duplicates=False))
        return self._show_editor(editor)

    def edit_organization(self, detail: OrganizationDetail) -> OrganizationEditor:
        editor = OrganizationEditor(self._staff(), detail, self._parent, db=self.ctx.db)
        org_id = detail.id
        editor.submitted.connect(
            lambda data: self._write(
                lambda s: update_organization(s, org_id, data),
                lambda _r: self._finish(editor, org_id),
                editor,
                f"Edit {detail.name}",
            )
        )
        return self._show_editor(editor)

    def _show_editor(self, editor: OrganizationEditor) -> OrganizationEditor:
        self.editor = editor
        editor.open()
        return editor

    def _create(self, editor: OrganizationEditor, data: OrganizationInput, *, allow_duplicates: bool) -> None:
        self._write(
            lambda s: create_organization(s, data, allow_duplicates=allow_duplicates),
            lambda new_id: self._finish(editor, new_id),
            editor,
            f"Add organization {data.name}",
        )

    def _ask_about_duplicates(self, editor: OrganizationEditor, exc: LikelyDuplicates) -> None:
        data = editor.value()
        prompt = DuplicatePrompt(data.name, exc.matches, editor)
        prompt.chosen.connect(lambda choice, org_id: self._resolve(editor, data, choice, org_id))
        self.prompt = prompt
        prompt.open()

    def _resolve(self, editor: OrganizationEditor, data: OrganizationInput, choice: str, org_id: str) -> None:
        if choice == CREATE:
            self._create(editor, data, allow_duplicates=True)
            return
        self._write(
            lambda s: merge_new_into(s, org_id, data),
            lambda _filled: self._finish(editor, org_id),
            editor,
            f"Add {data.name}'s details to the existing record",
        )

    def delete_organization(self, detail: OrganizationDetail) -> None:
        org_id = detail.id

        def delete() -> None:
            run_op(
                self.ctx,
                self._in_session(lambda s: delete_organization(s, org_id)),
                undo=f"Delete {detail.name}",
                owner=self._parent,
            )

        _confirm(
            self._parent,
            "Delete organization",
            f"Delete {detail.name}? It disappears from lists and search; its visits are kept.",
            delete,
        )

    def merge_organization(self, detail: OrganizationDetail) -> MergeDialog:
        """Fold this (duplicate) organization into one the user picks; the kept one is selected after."""
        dialog = MergeDialog(self.ctx.db, detail, self._parent)
        dup_id = detail.id

        def merge(keep_id: str) -> None:
            run_op(
                self.ctx,
                self._in_session(lambda s: merge_organizations(s, keep_id, dup_id)),
                done=lambda _r: self.saved.emit(keep_id),
                failed=lambda exc: _tell(self._parent, "Could not merge", str(exc)),
                undo=f"Merge {detail.name}",
            )

        dialog.chosen.connect(merge)
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    # -- contacts ------------------------------------------------------------------------
    def add_contact(self, detail: OrganizationDetail) -> ContactEditor:
        editor = ContactEditor(None, self._parent)
        org_id = detail.id
        editor.submitted.connect(
            lambda data: self._write(
                lambda s: add_contact(s, org_id, data),
                lambda _id: self._finish(editor, org_id),
                editor,
                f"Add contact {data.name}",
            )
        )
        return self._show_contact_editor(editor)

    def edit_contact(self, detail: OrganizationDetail, contact_id: str) -> ContactEditor | None:
        contact = next((c for c in detail.contacts if c.id == contact_id), None)
        if contact is None:
            return None
        editor = ContactEditor(contact, self._parent)
        org_id = detail.id

        def save(data: ContactInput) -> None:
            self._write(
                lambda s: update_contact(s, contact_id, data),
                lambda _r: self._finish(editor, org_id),
                editor,
                f"Edit contact {contact.name}",
            )

        editor.submitted.connect(save)
        return self._show_contact_editor(editor)

    def _show_contact_editor(self, editor: ContactEditor) -> ContactEditor:
        self.contact_editor = editor
        editor.open()
        return editor

    def remove_contact(self, detail: OrganizationDetail, contact_id: str) -> None:
        contact = next((c for c in detail.contacts if c.id == contact_id), None)
        if contact is None:
            return
        org_id = detail.id

        def remove() -> None:
            run_op(
                self.ctx,
                self._in_session(lambda s: delete_contact(s, contact_id)),
                done=lambda _r: self.saved.emit(org_id),
                undo=f"Remove contact {contact.name}",
                owner=self._parent,
            )

        _confirm(self._parent, "Remove contact", f"Remove {contact.name} from {detail.name}?", remove)


def _confirm(parent: QWidget, title: str, text: str, on_yes: Callable[[], None]) -> QMessageBox:
    """Ask a yes/no question without blocking the event loop; `on_yes` runs only on Yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName("confirmBox")
    yes = box.addButton(title.split()[0], QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.buttonClicked.connect(lambda button: on_yes() if button is yes else None)
    box.open()
    return box


def _tell(parent: QWidget, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setObjectName("problemBox")
    box.open()
