"""The Undo bar over the pages: after a delete it offers the record back ("Deleted visit to X. Undo").

It also says how an undo went (Ctrl+Z included). It stays until it is closed or another deletable
operation takes its place; undoing is an operation of its own (operations.undo_last).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from .context import AppContext
from .operations import undo_last
from .undo import UndoStep


class UndoBar(QFrame):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.ctx = ctx
        self.step: UndoStep | None = None
        self.text = QLabel("")
        self.text.setObjectName("undoBarText")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("undoBarButton")
        self.undo_button.clicked.connect(self.undo)
        close = QPushButton("×")
        close.setObjectName("undoBarClose")
        close.setAccessibleName("Close the undo bar")
        close.setFlat(True)
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(close)
        self.hide()
        ctx.undo.pushed.connect(self._pushed)
        ctx.undo.changed.connect(self._history_changed)

    def _history_changed(self) -> None:
        if self.step is not None and self.step not in self.ctx.undo:
            self.dismiss()  # undone another way (Ctrl+Z): nothing left to offer

    def _pushed(self, step: UndoStep) -> None:
        if step.is_delete:
            self.offer(step)
        elif self.step is not None:
            self.dismiss()  # something else was done since: the offer would undo out of order

    def offer(self, step: UndoStep) -> None:
        self.step = step
        self._show(step.done_text(), problem=False, can_undo=True)

    def tell(self, text: str, *, problem: bool = False) -> None:
        """Say how an undo went."""
        self.step = None
        self._show(text, problem=problem, can_undo=False)

    def undo(self) -> None:
        step, self.step = self.step, None
        if step is None:
            return
        self.undo_button.setEnabled(False)
        undo_last(
            self.ctx,
            step,
            done=self.tell,
            failed=lambda exc: self.tell(str(exc), problem=True),
            owner=self,
        )

    def dismiss(self) -> None:
        self.step = None
        self.hide()

    def _show(self, text: str, *, problem: bool, can_undo: bool) -> None:
        self.text.setText(text)
        self.text.setProperty("role", "error" if problem else "")
        self.text.style().unpolish(self.text)
        self.text.style().polish(self.text)
        self.undo_button.setVisible(can_undo)
        self.undo_button.setEnabled(can_undo)
        self.show()
