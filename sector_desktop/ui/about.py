"""Help → About: the version, the profile's folders and the log file, copyable for a support request."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from sector_desktop import __version__
from sector_desktop.store import ProfilePaths


def about_lines(paths: ProfilePaths) -> list[tuple[str, str]]:
    """(label, value) pairs: what the dialog shows and what "Copy details" copies."""
    return [
        ("Version", __version__),
        ("Qt for Python", pyside_version),
        ("Python", f"{platform.python_version()} on {platform.system()} {platform.release()}"),
        ("Data folder", str(paths.data_dir)),
        ("Settings folder", str(paths.config_dir)),
        ("Backups folder", str(paths.backups_dir)),
        ("Log file", str(paths.log_file)),
    ]


class AboutDialog(QDialog):
    def __init__(self, paths: ProfilePaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Sector Desktop")
        self.setAccessibleName("About Sector Desktop")
        self.paths = paths
        self.lines = about_lines(paths)
        title = QLabel(f"<b>Sector Desktop {__version__}</b>")
        title.setAccessibleName("Version")
        blurb = QLabel(
            "Employer visits, workgroup minutes and apprenticeship paperwork for a sector-partnership "
            "team, offline first."
        )
        blurb.setWordWrap(True)
        form = QFormLayout()
        for label, value in self.lines[1:]:
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAccessibleName(label)
            shown.setWordWrap(True)
            form.addRow(f"{label}:", shown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        logs = buttons.addButton("Open log folder", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        logs.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.log_file.parent)))
        )
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(blurb)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def details(self) -> str:
        return "\n".join(f"{label}: {value}" for label, value in self.lines)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())
