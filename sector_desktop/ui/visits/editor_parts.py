"""The visit editor's small sub-editors: attendee checklist, the eight services, and row tables.

Each reports every change through an `edited` signal so the editor can save its draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.models.choices import EMPLOYER_SERVICES
from sector_desktop.store.visits import Choice

from ..datetimes import date_edit_format

NO_DATE = QDate(2000, 1, 1)  # the QDateEdit minimum, shown as "none"
NO_ORGANIZATION = "Choose the organization first, then tick who was there."


class AttendeesList(QListWidget):
    """The organization's contacts with a tick for each one who was there."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendeesList")
        self.itemChanged.connect(lambda _item: self.edited.emit())
        self.set_contacts([], [], empty=NO_ORGANIZATION)

    def set_contacts(
        self,
        contacts: list[Choice],
        checked: list[str],
        *,
        empty: str = "No contacts recorded for this organization.",
    ) -> None:
        self.blockSignals(True)
        self.clear()
        for c in contacts:
            item = QListWidgetItem(f"{c.label} — {c.detail}" if c.detail else c.label)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if c.id in checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        if not contacts:
            hint = QListWidgetItem(empty)
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(hint)
        self.blockSignals(False)

    def checked_ids(self) -> list[str]:
        out = []
        for i in range(self.count()):
            item = self.item(i)
            contact_id = item.data(Qt.ItemDataRole.UserRole)
            if contact_id and item.checkState() == Qt.CheckState.Checked:
                out.append(contact_id)
        return out

    def set_checked(self, ids: list[str]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole):
                item.setCheckState(
                    Qt.CheckState.Checked
                    if item.data(Qt.ItemDataRole.UserRole) in ids
                    else Qt.CheckState.Unchecked
                )


class ServicesBox(QGroupBox):
    """The eight ETA-9169 employer-service categories as checkboxes with their official labels."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Employer services provided (ETA-9169)", parent)
        self.setObjectName("servicesBox")
        layout = QVBoxLayout(self)
        layout.setSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for code, text in EMPLOYER_SERVICES:
            box = QCheckBox(text)
            box.setObjectName(f"service_{code}")
            box.toggled.connect(lambda _on: self.edited.emit())
            layout.addWidget(box)
            self.boxes[code] = box

    def values(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_values(self, codes: list[str]) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in codes)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # "text", "staff" (a staff picker) or "date" (a date or none)
    width: int = 0  # 0 stretches


class _CompactTable(QTableWidget):
    """Asks for room for a few rows only: the editor's three tables share one laptop-high column."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), 96)


class RowsTable(QWidget):
    """A small editable table with Add and Remove, for the handful of rows one visit has.

    Values go in and out as dicts of strings keyed by column, plus "id" for rows that exist.
    """

    edited = Signal()

    def __init__(self, title: str, columns: list[Column], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.staff: list[Choice] = []
        # What a row added with Add starts with (e.g. a follow-up's owner and due date).
        self.defaults: Callable[[], dict[str, str]] | None = None
        self.table = _CompactTable(0, len(columns))
        self.table.setObjectName(name)
        self.table.setHorizontalHeaderLabels([c.title for c in columns])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(84)
        header = self.table.horizontalHeader()
        for i, c in enumerate(columns):
            if c.width:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(i, c.width)
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self.edited.emit())
        self.add_button = QPushButton("Add")
        self.add_button.setObjectName(f"{name}Add")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        self.remove_button = QPushButton("Remove")
        self.remove_button.setObjectName(f"{name}Remove")
        self.remove_button.clicked.connect(self.remove_current)
        top = QHBoxLayout()
        heading = QLabel(f"<b>{title}</b>")
        heading.setBuddy(self.table)  # the table's accessible name
        self.add_button.setAccessibleName(f"Add to {title}")
        self.remove_button.setAccessibleName(f"Remove from {title}")
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.add_button)
        top.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def set_staff(self, staff: list[Choice]) -> None:
        self.staff = staff

    def add_row(self, values: dict[str, str] | None = None, *, focus: bool = False) -> None:
        if values is None and self.defaults is not None:
            values = self.defaults()
        values = values or {}
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, c in enumerate(self.columns):
            value = values.get(c.key) or ""
            if c.kind == "staff":
                self.table.setCellWidget(row, col, self._staff_combo(value))
            elif c.kind == "date":
                self.table.setCellWidget(row, col, self._date_edit(value))
            else:
                item = QTableWidgetItem(value)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, values.get("id") or "")
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        if focus:
            self.table.setCurrentCell(row, 0)
            if (first := self.table.item(row, 0)) is not None:
                self.table.editItem(first)
        self.edited.emit()

    def _staff_combo(self, value: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem("(no owner)", "")
        for s in self.staff:
            combo.addItem(s.label, s.id)
        combo.setCurrentIndex(max(0, combo.findData(value)))
        combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        return combo

    def _date_edit(self, value: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("none")
        edit.setDisplayFormat(date_edit_format())
        edit.setDate(QDate.fromString(value, "yyyy-MM-dd") if value else NO_DATE)
        edit.dateChanged.connect(lambda _d: self.edited.emit())
        return edit

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self.edited.emit()

    def rows(self) -> list[dict[str, str]]:
        out = []
        for row in range(self.table.rowCount()):
            values: dict[str, str] = {}
            for col, c in enumerate(self.columns):
                widget = self.table.cellWidget(row, col)
                if isinstance(widget, QComboBox):
                    values[c.key] = widget.currentData() or ""
                elif isinstance(widget, QDateEdit):
                    d = widget.date()
                    values[c.key] = "" if d == NO_DATE else d.toString("yyyy-MM-dd")
                else:
                    item = self.table.item(row, col)
                    values[c.key] = item.text() if item else ""
                    if col == 0:
                        values["id"] = (item.data(Qt.ItemDataRole.UserRole) if item else "") or ""
            out.append(values)
        return out

    def set_rows(self, rows: list[dict[str, str]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.table.blockSignals(False)
        for values in rows:
            self.add_row(values)


def parse_date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None
