"""The pipeline board: one column per stage, one card per program."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.models.choices import PROGRAM_STAGES
from sector_desktop.store.apprenticeship import ProgramCard

Index = QModelIndex | QPersistentModelIndex
CardRole = Qt.ItemDataRole.UserRole + 1
# Inactive and cancelled programs share the last column: they need no more work.
BOARD_COLUMNS = [(code, text) for code, text in PROGRAM_STAGES[:6]] + [("closed", "Inactive / cancelled")]
CLOSED = ("inactive", "cancelled")


class ProgramCardsListModel(QAbstractListModel):
    """The programs of one stage."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[ProgramCard] = []

    def set_cards(self, cards: list[ProgramCard]) -> None:
        self.beginResetModel()
        self.cards = cards
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cards)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        card = self.cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.occupation_title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{card.occupation_title}\n{card.sponsor_name}"
        if role == CardRole:
            return card
        return None


class CardDelegate(QStyledItemDelegate):
    """Draws a program as a card: occupation, sponsor, paperwork progress and what is overdue."""

    HEIGHT = 76

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(option.rect.width(), self.HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card: ProgramCard = index.data(CardRole)
        painter.save()
        box = option.rect.adjusted(4, 3, -4, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(QColor("#2f6fb0" if selected else "#d3d9df"), 2 if selected else 1))
        painter.setBrush(QColor("#eef5fc" if selected else "white"))
        painter.drawRoundedRect(box, 6, 6)
        inner = box.adjusted(10, 6, -10, -6)
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("#1f2d3d"))
        line = inner.height() // 3
        metrics = painter.fontMetrics()
        title = metrics.elidedText(card.occupation_title, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(QRect(inner.left(), inner.top(), inner.width(), line), 0, title)
        painter.setFont(option.font)
        painter.setPen(QColor("#4a5562"))
        elide = Qt.TextElideMode.ElideRight
        sponsor = painter.fontMetrics().elidedText(card.sponsor_name, elide, inner.width())
        painter.drawText(QRect(inner.left(), inner.top() + line, inner.width(), line), 0, sponsor)
        progress = f"{card.documents_ready}/{card.documents_total} docs in"
        if card.apprentices:
            progress += f" · {card.apprentices} apprentice{'s' if card.apprentices != 1 else ''}"
        room = inner.width()
        if card.overdue_documents:
            flag = f"{card.overdue_documents} overdue"
            width = painter.fontMetrics().horizontalAdvance(flag)
            room -= width + 8
            painter.setPen(QColor("#b00020"))
            painter.drawText(QRect(inner.right() - width, inner.top() + 2 * line, width, line), 0, flag)
            painter.setPen(QColor("#4a5562"))
        progress = painter.fontMetrics().elidedText(progress, elide, room)
        painter.drawText(QRect(inner.left(), inner.top() + 2 * line, room, line), 0, progress)
        painter.restore()


class BoardView(QWidget):
    """Columns of program cards by stage. `program_chosen` carries the id of the opened program."""

    program_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("apprenticeshipBoard")
        self.models: dict[str, ProgramCardsListModel] = {}
        self.headers: dict[str, QLabel] = {}
        columns = QWidget()
        row = QHBoxLayout(columns)
        row.setSpacing(8)
        for code, label in BOARD_COLUMNS:
            row.addWidget(self._column(code, label), 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(columns)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _column(self, code: str, label: str) -> QWidget:
        model = ProgramCardsListModel()
        view = QListView()
        view.setObjectName(f"stage_{code}")
        view.setAccessibleName(f"Programs at stage {label}")
        view.setModel(model)
        view.setItemDelegate(CardDelegate(view))
        view.setMinimumWidth(130)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setStyleSheet("QListView { background: #f4f6f8; border: none; }")
        view.activated.connect(lambda i, m=model: self.program_chosen.emit(m.cards[i.row()].id))
        view.doubleClicked.connect(lambda i, m=model: self.program_chosen.emit(m.cards[i.row()].id))
        header = QLabel(label)
        header.setWordWrap(True)
        header.setMinimumHeight(40)
        header.setStyleSheet("font-weight: 600; color: #1f2d3d; padding: 4px 2px;")
        self.models[code], self.headers[code] = model, header
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(header)
        col.addWidget(view, 1)
        return box

    def set_cards(self, cards: list[ProgramCard]) -> None:
        for code, label in BOARD_COLUMNS:
            mine = [c for c in cards if c.stage == code or (code == "closed" and c.stage in CLOSED)]
            self.models[code].set_cards(mine)
            self.headers[code].setText(f"{label}  ({len(mine)})")
