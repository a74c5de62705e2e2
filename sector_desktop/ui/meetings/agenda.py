"""The agenda builder: one meeting's ordered items with presenter and minutes allotted; add, edit,
remove, move up and down, or append a standard agenda from a template.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.errors import ValidationError
from sector_desktop.services import meetings as svc
from sector_desktop.services.agenda_templates import AgendaTemplate, load_templates, template_for_type
from sector_desktop.store.meetings import AgendaItemRow, agenda_of

from ..context import AppContext
from ..form_dialog import FormDialog
from ..tables import make_table
from .autosave import SerialWriter
from .table_model import AgendaTableModel


class AgendaItemDialog(FormDialog):
    def __init__(self, ctx: AppContext, meeting_id: str, current: AgendaItemRow | None, parent=None) -> None:
        super().__init__(ctx, "Edit agenda item" if current else "Add agenda item", parent)
        self.setObjectName("agendaItemDialog")
        self.meeting_id, self.current = meeting_id, current
        self.title = QLineEdit(current.title if current else "")
        self.title.setObjectName("agendaItemTitle")
        self.presenter = QLineEdit(current.presenter or "" if current else "")
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 600)
        self.minutes.setSpecialValueText("not set")
        self.minutes.setSuffix(" min")
        self.minutes.setValue(current.minutes_allotted or 0 if current else 10)
        self.form.addRow("Item", self.title)
        self.form.addRow("Presenter", self.presenter)
        self.form.addRow("Minutes allotted", self.minutes)

    def write(self) -> Callable[[Any], Any]:
        args = (self.title.text(), self.presenter.text(), self.minutes.value() or None)
        if self.current is None:
            mid = self.meeting_id
            return lambda s: svc.add_agenda_item(s, mid, *args)
        item_id = self.current.id
        return lambda s: svc.update_agenda_item(s, item_id, *args)


class AgendaBuilder(QWidget):
    """Edits the agenda of the meeting given to `show_meeting`; every change saves at once."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaBuilder")
        self.ctx = ctx
        self.meeting_id: str | None = None
        self.writer = SerialWriter(ctx, self)
        self.writer.failed.connect(lambda _k, exc: self._problem(str(exc)))
        self.model = AgendaTableModel(self)
        self.table = make_table(self.model, "agendaTable", AgendaTableModel.TITLE, sortable=False)
        self.table.setAccessibleName("Agenda")
        self.table.doubleClicked.connect(lambda _i: self.edit_item())
        self.templates: list[AgendaTemplate] = []
        self.template = QComboBox()
        self.template.setObjectName("agendaTemplate")
        self.template.setAccessibleName("Agenda template")
        self.error = QLabel("")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        try:
            self.templates = load_templates()
        except ValidationError as exc:
            self._problem(str(exc))
        for t in self.templates:
            self.template.addItem(t.name, t.key)
        buttons = QHBoxLayout()
        for name, text, spoken, slot in (
            ("addAgendaItem", "Add…", "Add agenda item", self.add_item),
            ("editAgendaItem", "Edit…", "Edit agenda item", self.edit_item),
            ("removeAgendaItem", "Remove", "Remove agenda item", self.remove_item),
            ("moveAgendaUp", "▲ Up", "Move agenda item up", lambda: self.move_item(-1)),
            ("moveAgendaDown", "▼ Down", "Move agenda item down", lambda: self.move_item(1)),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.setAccessibleName(spoken)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        templates = QHBoxLayout()
        templates.addWidget(QLabel("Standard agenda:"))
        templates.addWidget(self.template)
        use = QPushButton("Add its items")
        use.setObjectName("applyAgendaTemplate")
        use.setToolTip("Append the standard agenda's items; edit them afterwards.")
        use.clicked.connect(self.apply_template)
        templates.addWidget(use)
        templates.addStretch(1)
        self.total = QLabel("")
        self.total.setProperty("role", "hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addLayout(buttons)
        layout.addLayout(templates)
        layout.addWidget(self.error)

    def show_meeting(
        self, meeting_id: str, agenda: list[AgendaItemRow], meeting_type: str = "workgroup"
    ) -> None:
        self.meeting_id = meeting_id
        self._set_rows(agenda)
        chosen = template_for_type(meeting_type, self.templates)
        if chosen is not None:
            self.template.setCurrentIndex(max(0, self.template.findData(chosen.key)))

    def _set_rows(self, agenda: list[AgendaItemRow]) -> None:
        self.model.set_rows(agenda)
        minutes = sum(a.minutes_allotted or 0 for a in agenda)
        self.total.setText(f"{len(agenda)} items · {minutes} minutes" if agenda else "No agenda yet.")

    def _selected(self) -> AgendaItemRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _submit(
        self, key: str, work: Callable[[Any], Any], select: int | None = None, undo: str | None = None
    ) -> None:
        if self.meeting_id is None:
            return
        mid = self.meeting_id
        self.error.hide()

        def done(agenda: list[AgendaItemRow]) -> None:
            self._set_rows(agenda)
            if select is not None and agenda:
                self.table.selectRow(max(0, min(select, len(agenda) - 1)))

        self.writer.submit(key, lambda s: (work(s), agenda_of(s, mid))[1], done, undo)

    def _reload(self) -> None:
        self._submit("reload", lambda _s: None)

    def add_item(self) -> None:
        if self.meeting_id:
            dialog = AgendaItemDialog(self.ctx, self.meeting_id, None, self)
            dialog.saved.connect(lambda _id: self._reload())
            dialog.open()

    def edit_item(self) -> None:
        item = self._selected()
        if self.meeting_id and item:
            dialog = AgendaItemDialog(self.ctx, self.meeting_id, item, self)
            dialog.saved.connect(lambda _id: self._reload())
            dialog.open()

    def remove_item(self) -> None:
        item = self._selected()
        if item:
            self._submit(
                f"remove:{item.id}",
                lambda s: svc.remove_agenda_item(s, item.id),
                item.position,
                f"Remove agenda item {item.title}",
            )

    def move_item(self, delta: int) -> None:
        item = self._selected()
        if item:
            target = item.position + delta
            self._submit(
                f"move:{item.id}:{target}", lambda s: svc.move_agenda_item(s, item.id, delta), target
            )

    def apply_template(self) -> None:
        template = next((t for t in self.templates if t.key == self.template.currentData()), None)
        if template is not None and self.meeting_id:
            mid = self.meeting_id
            self._submit(f"template:{template.key}", lambda s: svc.apply_template(s, mid, template))

    def _problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
