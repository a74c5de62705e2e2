"""The search results list: an item model of SearchHit rows and a delegate that draws each hit."""

from __future__ import annotations

import html

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sector_desktop.store.search import MARK_END, MARK_START, SearchHit

KIND_LABELS = {
    "organization": "Organization",
    "contact": "Contact",
    "visit": "Visit",
    "meeting": "Meeting",
    "partnership": "Partnership",
    "program": "Apprenticeship program",
}
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 2
SNIPPET_HTML_ROLE = Qt.ItemDataRole.UserRole + 3

_Index = QModelIndex | QPersistentModelIndex


def snippet_html(snippet: str) -> str:
    """The snippet as HTML, with the matched words in bold and everything else escaped."""
    return html.escape(snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")


class SearchResultsListModel(QAbstractListModel):
    """The hits of the latest search, best first. Small (a page of hits), so no lazy fetching."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.plain_snippet or hit.subtitle
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{KIND_LABELS.get(hit.kind, hit.kind)}: {hit.title}. {hit.subtitle}"
        if role == SUBTITLE_ROLE:
            if hit.kind == "visit":  # the title already says "Visit: ..."
                return hit.subtitle
            return f"{KIND_LABELS.get(hit.kind, hit.kind)} · {hit.subtitle}" if hit.subtitle else hit.kind
        if role == SNIPPET_HTML_ROLE:
            return snippet_html(hit.snippet) if hit.plain_snippet != hit.title else ""
        if role == HIT_ROLE:
            return hit
        return None


class SearchHitDelegate(QStyledItemDelegate):
    """Title in bold, the kind and subtitle in a muted colour, then the snippet with matches in bold."""

    PADDING = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = option.fontMetrics.height()
        return QSize(200, 3 * line + 2 * self.PADDING + 4)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = opt.palette.color(group, text_role)
        muted = colour if selected else opt.palette.color(group, QPalette.ColorRole.PlaceholderText)
        rect = opt.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        line = opt.fontMetrics.height()
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(colour)
        title = painter.fontMetrics().elidedText(str(index.data()), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line), Qt.AlignmentFlag.AlignLeft, title
        )
        painter.setFont(opt.font)
        painter.setPen(muted)
        subtitle = opt.fontMetrics.elidedText(
            str(index.data(SUBTITLE_ROLE) or ""), Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRect(rect.left(), rect.top() + line, rect.width(), line), Qt.AlignmentFlag.AlignLeft, subtitle
        )
        snippet = index.data(SNIPPET_HTML_ROLE)
        if snippet:
            doc = QTextDocument()
            doc.setDefaultFont(opt.font)
            doc.setDocumentMargin(0)
            doc.setDefaultStyleSheet(f"body {{ color: {colour.name()}; }}")
            doc.setHtml(f"<body>{snippet}</body>")
            doc.setTextWidth(10_000)  # one line; the clip below cuts what does not fit
            painter.translate(rect.left(), rect.top() + 2 * line + 2)
            painter.setClipRect(QRect(0, 0, rect.width(), line + 2))
            doc.drawContents(painter)
        painter.restore()
