"""A message an operation set ("Saved.", a refusal and why), shown inline until the user moves on.

It stays through reloads of the page (they must not clear it); the user's next key press or click
in the same window clears it, which is when it stops being news.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget

_USER_INPUT = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress)


class Notice(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.problem = False
        self._watching = False

    def say(self, text: str, *, problem: bool = False) -> None:
        """Show `text` (a problem in the error colour) until the user does something else."""
        self.problem = problem
        self.setProperty("role", "error" if problem else "hint")
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.setToolTip(text)
        app = QApplication.instance()
        if text and app is not None and not self._watching:
            app.installEventFilter(self)
            self._watching = True

    def dismiss(self) -> None:
        self.setText("")
        self.setToolTip("")
        self.problem = False
        app = QApplication.instance()
        if self._watching and app is not None:
            app.removeEventFilter(self)
        self._watching = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _USER_INPUT and isinstance(watched, QWidget) and watched.window() is self.window():
            self.dismiss()
        return False
