"""Add and edit a staff member (one dialog), saved through run_op; refusals show inline."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from sector_desktop.errors import ValidationError
from sector_desktop.models.choices import STAFF_ROLES
from sector_desktop.services import staff as svc

from ..context import AppContext
from ..crash import show_exception
from ..form_dialog import FormDialog
from ..operations import run_op


class StaffDialog(FormDialog):
    """A staff member's name, user name, title, e-mail, phone, role and whether active."""

    def __init__(
        self,
        ctx: AppContext,
        current: svc.StaffRow | None = None,
        parent: QWidget | None = None,
        *,
        roles_editable: bool = True,
    ) -> None:
        super().__init__(ctx, "Edit staff member" if current else "Add staff member", parent)
        self.setObjectName("staffDialog")
        self.current = current
        self.name = QLineEdit(current.name if current else "")
        self.name.setObjectName("staffName")
        self.name.setPlaceholderText("Full name, e.g. María López")
        self.username = QLineEdit(current.username if current else "")
        self.username.setObjectName("staffUsername")
        self.username.setPlaceholderText("made from the name when left empty")
        self.title_edit = QLineEdit((current.title or "") if current else "")
        self.title_edit.setObjectName("staffTitle")
        self.title_edit.setPlaceholderText("e.g. Business Services Representative")
        self.email = QLineEdit((current.email or "") if current else "")
        self.email.setObjectName("staffEmail")
        self.phone = QLineEdit((current.phone or "") if current else "")
        self.phone.setObjectName("staffPhone")
        self.role = QComboBox()
        self.role.setObjectName("staffRole")
        for code, label in STAFF_ROLES:
            self.role.addItem(label, code)
        self.role.setCurrentIndex(max(0, self.role.findData(current.role if current else "staff")))
        self.role.setEnabled(roles_editable)
        if not roles_editable:
            self.role.setToolTip("Roles come from the server account; an administrator sets them.")
        self.active = QCheckBox("Active (appears in the pickers)")
        self.active.setObjectName("staffActive")
        self.active.setChecked(current.active if current else True)
        self.form.addRow("&Name", self.name)
        self.form.addRow("&User name", self.username)
        self.form.addRow("&Title", self.title_edit)
        self.form.addRow("&E-mail", self.email)
        self.form.addRow("&Phone", self.phone)
        self.form.addRow("&Role", self.role)
        self.form.addRow("", self.active)

    def data(self) -> svc.StaffInput:
        return svc.StaffInput(
            name=self.name.text(),
            username=self.username.text() or None,
            title=self.title_edit.text() or None,
            email=self.email.text() or None,
            phone=self.phone.text() or None,
            role=self.role.currentData(),
            active=self.active.isChecked(),
        )

    def work(self) -> Callable[[], Any]:
        db, data, current = self.ctx.db, self.data(), self.current
        if current is None:
            return lambda: svc.add_staff(db, data)

        def save() -> str:
            svc.update_staff(db, current.id, data)
            return current.id

        return save

    def submit(self) -> None:
        self.buttons.setEnabled(False)
        run_op(
            self.ctx, self.work(), done=self._done, failed=self._refused, undo=self.windowTitle(), owner=self
        )

    def _refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, ValidationError):
            show_exception(exc, "".join(traceback.format_exception(exc)))
            return
        self.error.setText("\n".join(exc.problems) or str(exc))
        self.error.show()
