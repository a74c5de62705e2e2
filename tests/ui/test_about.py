"""Help → About names the version, the profile's folders and the log file, and copies them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel

from sector_desktop import __version__
from sector_desktop.store import profile_paths
from sector_desktop.ui.about import AboutDialog


def test_about_shows_and_copies_the_version_folders_and_log_file(qtbot, tmp_path: Path) -> None:
    paths = profile_paths(tmp_path / "profile").ensure()
    dialog = AboutDialog(paths)
    qtbot.addWidget(dialog)
    shown = {label.accessibleName(): label.text() for label in dialog.findChildren(QLabel)}
    assert shown["Log file"] == str(paths.log_file)
    assert shown["Data folder"] == str(paths.data_dir)
    assert shown["Backups folder"] == str(paths.backups_dir)
    assert any(__version__ in text for text in shown.values())

    dialog.copy_details()
    copied = QGuiApplication.clipboard().text()
    assert f"Version: {__version__}" in copied
    assert f"Log file: {paths.log_file}" in copied
