"""The question asked before creating an organization that probably exists: merge, or create anyway."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sector_desktop.services.duplicates import DuplicateMatch

MERGE, CREATE = "merge", "create"


class DuplicatePrompt(QDialog):
    """Emits `chosen(MERGE, existing id)` or `chosen(CREATE, "")`; Cancel just closes it."""

    chosen = Signal(str, str)

    def __init__(self, new_name: str, matches: list[DuplicateMatch], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatePrompt")
        self.setWindowTitle("Possible duplicate")
        intro = QLabel(
            f"<b>{escape(new_name)}</b> looks like an organization you already have. "
            "Merge what you typed into the existing record (blank fields there are filled in), "
            "or create a separate organization anyway."
        )
        intro.setWordWrap(True)
        self.matches = QListWidget()
        self.matches.setObjectName("duplicateList")
        self.matches.setAccessibleName("Organizations it may duplicate")
        for m in matches:
            place = f" · ZIP {m.zip}" if m.zip else ""
            item = QListWidgetItem(f"{m.name}{place} — {m.reason}")
            item.setData(Qt.ItemDataRole.UserRole, m.organization_id)
            self.matches.addItem(item)
        self.matches.setCurrentRow(0)
        self.matches.itemDoubleClicked.connect(lambda _item: self._merge())
        buttons = QDialogButtonBox()
        self.merge_button = QPushButton("Merge into selected")
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setDefault(True)
        self.create_button = QPushButton("Create anyway")
        self.create_button.setObjectName("createAnywayButton")
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button.clicked.connect(self._merge)
        self.create_button.clicked.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.matches, 1)
        layout.addWidget(buttons)
        self.resize(520, 260)

    def _merge(self) -> None:
        item = self.matches.currentItem()
        if item is None:
            return
        self.accept()
        self.chosen.emit(MERGE, item.data(Qt.ItemDataRole.UserRole))

    def _create(self) -> None:
        self.accept()
        self.chosen.emit(CREATE, "")
