"""The Decisions box of live minutes: the list, the line to capture one (Ctrl+D), and Edit/Delete.

It only shows and asks (F2 or double-click edits, Delete removes); the view saves through its writer.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.store.meetings import DecisionRow

from ..tables import make_table
from .table_model import DecisionsTableModel


class DecisionsBox(QGroupBox):
    add_requested = Signal(str)
    edit_requested = Signal(object, str)  # the DecisionRow, its new text
    delete_requested = Signal(object)  # the DecisionRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Decisions  (Ctrl+D)", parent)
        self.model = DecisionsTableModel(self)
        self.table = make_table(self.model, "decisionTable", 0)
        self.table.horizontalHeader().hide()
        self.table.setWordWrap(True)
        self.model.modelReset.connect(lambda: QTimer.singleShot(0, self.table.resizeRowsToContents))
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.line = QLineEdit()
        self.line.setObjectName("decisionEdit")
        self.line.setPlaceholderText("What was decided ↵")
        self.line.returnPressed.connect(self._entered)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("editDecisionButton")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("deleteDecisionButton")
        self.delete_button.clicked.connect(self.delete_selected)
        for text, keys, slot in (
            ("Edit decision", "F2", self.edit_selected),
            ("Delete decision", "Del", self.delete_selected),
        ):
            action = QAction(text, self.table)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.table.addAction(action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.line)
        self._update_buttons()

    def set_rows(self, rows: list[DecisionRow]) -> None:
        self.model.set_rows(rows)

    def selected(self) -> DecisionRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _entered(self) -> None:
        text = self.line.text()
        if text.strip():
            self.line.clear()
            self.add_requested.emit(text)

    def ask_text(self, current: str) -> str | None:
        """The new wording, or None if the user cancelled (a seam for tests)."""
        text, ok = QInputDialog.getText(
            self, "Edit decision", "What was decided", QLineEdit.EchoMode.Normal, current
        )
        return text if ok else None

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        text = self.ask_text(row.text)
        if text is not None and text.strip() and text.strip() != row.text:
            self.edit_requested.emit(row, text)

    def delete_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.delete_requested.emit(row)
