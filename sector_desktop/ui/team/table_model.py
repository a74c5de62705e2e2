"""The Team page's list: one row per staff member."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor

from sector_desktop.services.staff import StaffRow

from ..rows_model import MUTED, RowsTableModel


class StaffTableModel(RowsTableModel):
    NAME, TITLE, EMAIL, PHONE, ROLE, ACTIVE = range(6)
    headers = ("Name", "Title", "E-mail", "Phone", "Role", "Active")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.me: str | None = None

    def text(self, row: StaffRow, column: int) -> str:
        if column == self.NAME:
            return f"{row.name} (me)" if row.id == self.me else row.name
        if column == self.ACTIVE:
            return "Yes" if row.active else "No"
        if column == self.ROLE:
            return row.role_label
        value: Any = (row.name, row.title, row.email, row.phone)[column]
        return value or ""

    def color(self, row: StaffRow, column: int) -> QColor | None:
        return None if row.active else MUTED
