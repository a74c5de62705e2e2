"""Table models for one organization's contacts and visit history (short lists, loaded with the
detail, on the shared rows model so each sorts by any column)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sector_desktop import timefmt
from sector_desktop.models.choices import EMPLOYER_SERVICES, VISIT_STATUSES, VISIT_TYPES, label
from sector_desktop.store.organizations import ContactRow, VisitHistoryRow

from ..rows_model import RowsTableModel

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


class ContactsTableModel(RowsTableModel):
    NAME, TITLE, PHONE, EMAIL = range(4)
    headers = ("Name", "Title", "Phone", "Email")

    def text(self, row: ContactRow, column: int) -> str:
        if column == self.NAME:
            return f"{row.name}  ★" if row.is_primary else row.name
        return {self.TITLE: row.title, self.EMAIL: row.email, self.PHONE: row.phone}.get(column) or ""

    def sort_value(self, row: ContactRow, column: int) -> object:
        return row.name.casefold() if column == self.NAME else super().sort_value(row, column)

    def tooltip(self, row: ContactRow, column: int) -> str | None:
        if column == self.NAME and row.is_primary:
            return f"{row.name} (primary contact)"
        return self.text(row, column) or None

    def font(self, row: ContactRow, column: int) -> QFont | None:
        if column == self.NAME and row.is_primary:
            font = QFont()
            font.setBold(True)
            return font
        return None


class VisitHistoryTableModel(RowsTableModel):
    DATE, TYPE, STAFF, PURPOSE, SERVICES = range(5)
    headers = ("Date", "Type", "Staff", "Purpose", "Services")
    sort_attrs = {DATE: "starts_at"}
    STATUS_ROLE = Qt.ItemDataRole.UserRole + 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == self.STATUS_ROLE:
            row: VisitHistoryRow | None = self.row_at(index.row()) if index.isValid() else None
            return row.status if row is not None else None
        return super().data(index, role)

    def tooltip(self, row: VisitHistoryRow, column: int) -> str | None:
        if column == self.SERVICES and row.services:
            return "\n".join(label(EMPLOYER_SERVICES, code) for code in row.services)
        if column == self.PURPOSE:
            return row.purpose or None
        if column == self.DATE and row.status != "completed":
            return label(VISIT_STATUSES, row.status)
        return None

    def text(self, row: VisitHistoryRow, column: int) -> str:
        if column == self.DATE:
            return timefmt.date(row.starts_at)
        if column == self.TYPE:
            return label(VISIT_TYPES, row.visit_type)
        if column == self.STAFF:
            return row.staff_name or ""
        if column == self.PURPOSE:
            return row.purpose or ""
        if column == self.SERVICES:
            return ", ".join(SERVICE_SHORT.get(code, code) for code in row.services)
        return ""


class PurposeDelegate(QStyledItemDelegate):
    """Paints a visit's purpose with its services on a second, quieter line."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        purpose, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        status = index.data(VisitHistoryTableModel.STATUS_ROLE)
        if status != "completed":
            services = label(VISIT_STATUSES, status)  # a planned visit has no services yet
        else:
            sibling = index.model().index(index.row(), VisitHistoryTableModel.SERVICES, index.parent())
            services = sibling.data() or "No services recorded"
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
