"""At start-up, a profile whose migration fails gets one clear dialog naming it, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from broken_profile import look, profile_at_0010
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from sector_desktop.ui import app as ui_app


def test_a_failed_migration_opens_a_dialog_that_says_which_and_where_the_backup_is(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = profile_at_0010(tmp_path / "broken", broken=True)
    # The app-wide set-up (style, accessibility names, locale, hooks) would outlive this test.
    for name in (
        "install_excepthook",
        "apply_style",
        "apply_locale_style",
        "install_accessibility",
        "configure_logging",
    ):
        monkeypatch.setattr(ui_app, name, lambda *_a: None)
    seen: dict[str, str] = {}

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, read_and_close)  # not shown yet
            return
        seen.update(name=box.objectName(), title=box.text(), more=box.informativeText())
        box.accept()

    QTimer.singleShot(0, read_and_close)
    assert ui_app.run_gui(paths) == 1

    assert seen["name"] == "cannotOpenProfile"
    assert "migration 0011" in seen["title"] and "duplicate column name" in seen["title"]
    assert str(paths.backups_dir) in seen["title"]
    assert "Your data is as it was" in seen["more"]
    assert look(paths.database)["version"] == "0010"
