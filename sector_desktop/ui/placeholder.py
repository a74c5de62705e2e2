"""The honest page for a section that later work fills: it says so and shows no data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class NotYetAvailablePage(QWidget):
    def __init__(self, title: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notYetAvailablePage")
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(
            f"{what}<br><br><b>Not yet available.</b> This section arrives in a later release; "
            "until then it shows nothing rather than sample data."
        )
        body.setWordWrap(True)
        body.setObjectName("notYetAvailableText")
        for w in (heading, body):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(w)
        layout.addStretch(1)
        layout.insertStretch(0, 1)
