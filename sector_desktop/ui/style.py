"""The application's look: one stylesheet from resources/, applied once at start-up."""

from __future__ import annotations

from importlib import resources

from PySide6.QtWidgets import QApplication


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    sheet = resources.files("sector_desktop.ui").joinpath("style.qss")
    app.setStyleSheet(sheet.read_text(encoding="utf-8"))
