"""Table models for one organization's contacts and visit history (short lists, loaded with the detail)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sector_desktop import timefmt
from sector_desktop.models.choices import EMPLOYER_SERVICES, VISIT_STATUSES, VISIT_TYPES, label
from sector_desktop.store.organizations import ContactRow, VisitHistoryRow

_Index = QModelIndex | QPersistentModelIndex

# Short names for the ETA-9169 categories, so a row fits; the tooltip has the full wording.
SERVICE_SHORT = {
    "information_support": "Info & support",
    "recruitment": "Recruitment",
    "strategic_planning": "Strategic planning",
    "untapped_labor_pools": "Untapped labor pools",
    "training": "Training",
    "incumbent_worker_training": "Incumbent worker training",
    "rapid_response": "Rapid response",
    "layoff_planning": "Layoff planning",
}


class _ListTableModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None


class ContactsTableModel(_ListTableModel):
    NAME, TITLE, PHONE, EMAIL = range(4)
    headers = ("Name", "Title", "Phone", "Email")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        row: ContactRow | None = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.NAME:
                return f"{row.name}  ★" if row.is_primary else row.name
            return {self.TITLE: row.title, self.EMAIL: row.email, self.PHONE: row.phone}.get(col) or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.NAME and row.is_primary:
                return f"{row.name} (primary contact)"
            return self.data(index, Qt.ItemDataRole.DisplayRole) or None
        if role == Qt.ItemDataRole.FontRole and col == self.NAME and row.is_primary:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None


class VisitHistoryTableModel(_ListTableModel):
    DATE, TYPE, STAFF, PURPOSE, SERVICES = range(5)
    headers = ("Date", "Type", "Staff", "Purpose", "Services")
    STATUS_ROLE = Qt.ItemDataRole.UserRole + 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        row: VisitHistoryRow | None = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.SERVICES and row.services:
                return "\n".join(label(EMPLOYER_SERVICES, code) for code in row.services)
            if col == self.PURPOSE:
                return row.purpose or None
            if col == self.DATE and row.status != "completed":
                return label(VISIT_STATUSES, row.status)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == self.STATUS_ROLE:
            return row.status
        return None

    def _display(self, row: VisitHistoryRow, col: int) -> str:
        if col == self.DATE:
            return timefmt.date(row.starts_at)
        if col == self.TYPE:
            return label(VISIT_TYPES, row.visit_type)
        if col == self.STAFF:
            return row.staff_name or ""
        if col == self.PURPOSE:
            return row.purpose or ""
        if col == self.SERVICES:
            return ", ".join(SERVICE_SHORT.get(code, code) for code in row.services)
        return ""


class PurposeDelegate(QStyledItemDelegate):
    """Paints a visit's purpose with its services on a second, quieter line."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        purpose, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        status = index.data(VisitHistoryTableModel.STATUS_ROLE)
        if status != "completed":
            services = label(VISIT_STATUSES, status)  # a planned visit has no services yet
        else:
            services = index.siblingAtColumn(VisitHistoryTableModel.SERVICES).data() or "No services recorded"
        rect = opt.rect.adjusted(4, 2, -4, -2)
        half = rect.height() // 2
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(opt.palette.ColorRole.Text))
        top = rect.adjusted(0, 0, 0, -half)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(
            top, align, opt.fontMetrics.elidedText(purpose, Qt.TextElideMode.ElideRight, top.width())
        )
        small = QFont(opt.font)
        small.setPointSizeF(max(opt.font.pointSizeF() - 1, 7))
        painter.setFont(small)
        painter.setPen(QColor("#5b6570"))
        bottom = rect.adjusted(0, half, 0, 0)
        metrics = QFontMetrics(small)
        painter.drawText(
            bottom, align, metrics.elidedText(services, Qt.TextElideMode.ElideRight, bottom.width())
        )
        painter.restore()
