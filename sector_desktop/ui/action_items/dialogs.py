"""Small dialogs for changing action items: a note (done, cancel, reopen), reassign, due date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.services.action_items import Choice

from ..datetimes import date_edit_format, py_date


class NoteDialog(QDialog):
    """Asks for a note; OK stays disabled while a required note is empty. Ctrl+Enter accepts."""

    def __init__(
        self, title: str, prompt: str, *, required: bool, ok_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("actionItemNoteDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self._required = required
        layout = QVBoxLayout(self)
        self.prompt = QLabel(prompt)
        self.prompt.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setObjectName("noteEdit")
        self.prompt.setBuddy(self.note)  # the question names the note
        self.note.setPlaceholderText("Required" if required else "Optional")
        self.note.setFixedHeight(90)
        self.extra = QVBoxLayout()  # subclasses put their fields here
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addLayout(self.extra)
        layout.addWidget(self.prompt)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        # Ctrl+Enter accepts from inside the note (a plain Enter is a new line).
        self.note.installEventFilter(self)
        self.note.textChanged.connect(self._update_ok)
        self._update_ok()
        self.note.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.note
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._accept_if_ready()
            return True
        return super().eventFilter(watched, event)

    def text(self) -> str:
        return self.note.toPlainText().strip()

    def _ready(self) -> bool:
        return bool(self.text()) or not self._required

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self._ready())

    def _accept_if_ready(self) -> None:
        if self._ready():
            self.accept()


class ReassignDialog(NoteDialog):
    """Choose the new owner among active staff; a note is optional."""

    def __init__(self, staff: list[Choice], current: str | None, parent: QWidget | None = None) -> None:
        super().__init__(
            "Reassign action item", "Note (optional):", required=False, ok_text="Reassign", parent=parent
        )
        self.setObjectName("reassignDialog")
        self.staff = QComboBox()
        self.staff.setObjectName("staffCombo")
        self.staff.setAccessibleName("New owner")
        for c in staff:
            self.staff.addItem(c.name, c.id)
        index = self.staff.findData(current) if current else -1
        self.staff.setCurrentIndex(max(index, 0))
        self.extra.addWidget(QLabel("New owner:"))
        self.extra.addWidget(self.staff)
        self.staff.setFocus()

    def staff_id(self) -> str | None:
        return self.staff.currentData()


class DueDateDialog(QDialog):
    """Pick a new due date, or none."""

    def __init__(self, current: dt.date | None, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dueDateDialog")
        self.setWindowTitle("Change due date")
        layout = QVBoxLayout(self)
        self.date = QDateEdit()
        self.date.setObjectName("dueDateEdit")
        self.date.setAccessibleName("Due on")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(date_edit_format())
        start = current or today + dt.timedelta(days=7)
        self.date.setDate(QDate(start.year, start.month, start.day))
        self.no_date = QCheckBox("No due date")
        self.no_date.toggled.connect(lambda on: self.date.setEnabled(not on))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(QLabel("Due on:"))
        layout.addWidget(self.date)
        layout.addWidget(self.no_date, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)

    def due(self) -> dt.date | None:
        if self.no_date.isChecked():
            return None
        return py_date(self.date.date())
