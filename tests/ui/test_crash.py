"""Unexpected errors open one crash dialog with a copyable report and the log's path; the log rotates."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from sector_desktop.logs import LOG_BACKUPS, rotating_handler
from sector_desktop.ui import crash
from sector_desktop.ui.crash import CrashDialog, install_excepthook, open_crash_dialog, show_exception
from sector_desktop.ui.tasks import run_task


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[Path]:
    """The app's hooks installed, logging to a file of this test; everything put back afterwards."""
    path = tmp_path / "logs" / "sector-desktop.log"
    handler = rotating_handler(path)
    logging.getLogger().addHandler(handler)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_excepthook(str(path))
    yield path
    dialog = open_crash_dialog()
    if dialog is not None:
        dialog.close()
    logging.getLogger().removeHandler(handler)
    handler.close()


def crash_dialogs() -> list[CrashDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]


def boom() -> None:
    raise ZeroDivisionError("the wage table had no rows")


def test_errors_arriving_together_share_one_dialog(qtbot: QtBot, log_file: Path) -> None:
    for n in range(3):
        try:
            raise KeyError(f"missing field {n}")
        except KeyError as exc:
            show_exception(exc, f"Traceback: missing field {n}")
    worker = threading.Thread(target=lambda: show_exception(RuntimeError("from a thread"), "thread tb"))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: open_crash_dialog() is not None and len(open_crash_dialog().errors) == 4)
    assert len(crash_dialogs()) == 1
    dialog = open_crash_dialog()
    assert dialog.headline.text().startswith("4 unexpected errors")
    report = dialog.report_text()
    assert all(f"missing field {n}" in report for n in range(3)) and "from a thread" in report
    assert str(log_file) in report and "Sector Desktop" in report.splitlines()[0]
    assert str(log_file) in dialog.findChild(QLabel, "crashLogFile").text()
    assert dialog.report.isReadOnly()
    dialog.copy_report()
    assert QGuiApplication.clipboard().text() == report
    assert "missing field 2" in log_file.read_text(encoding="utf-8")  # and every one is in the log


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_exception_in_a_slot_opens_it(qtbot: QtBot, log_file: Path) -> None:
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: open_crash_dialog() is not None)
    assert "ZeroDivisionError: the wage table had no rows" in open_crash_dialog().report_text()
    assert "in boom" in open_crash_dialog().report_text()  # with its traceback


def test_a_failed_worker_opens_it(qtbot: QtBot, log_file: Path) -> None:
    run_task(boom)  # no on_error: the failure is unexpected
    qtbot.waitUntil(lambda: open_crash_dialog() is not None)
    assert "the wage table had no rows" in open_crash_dialog().report_text()


def test_a_worker_that_read_a_wiped_profile_is_no_crash(qtbot: QtBot, log_file: Path) -> None:
    """A page's reading that raced a wipe or a restore (its page is being replaced): logged, no
    dialog. The worker after it that fails otherwise still opens one, so the first was seen."""
    from sector_desktop.errors import ProfileGone

    def gone() -> None:
        raise ProfileGone("The database /tmp/x/sector.db is gone (wiped or deleted).")

    run_task(gone)
    run_task(boom)
    qtbot.waitUntil(lambda: "closed under it" in log_file.read_text(encoding="utf-8"))
    qtbot.waitUntil(lambda: open_crash_dialog() is not None)
    report = open_crash_dialog().report_text()
    assert "the wage table had no rows" in report and "is gone" not in report


def test_an_uncaught_exception_in_a_thread_opens_it(qtbot: QtBot, log_file: Path) -> None:
    worker = threading.Thread(target=boom)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: open_crash_dialog() is not None)
    assert "the wage table had no rows" in open_crash_dialog().report_text()


def test_a_closed_dialog_makes_way_for_the_next_error(qtbot: QtBot, log_file: Path) -> None:
    show_exception(ValueError("first"), "tb 1")
    qtbot.waitUntil(lambda: open_crash_dialog() is not None)
    open_crash_dialog().close()
    qtbot.waitUntil(lambda: open_crash_dialog() is None)
    show_exception(ValueError("second"), "tb 2")
    qtbot.waitUntil(lambda: open_crash_dialog() is not None)
    assert open_crash_dialog().errors[0].endswith("ValueError: second\ntb 2")


def test_the_log_rotates_and_keeps_three_old_files(tmp_path: Path) -> None:
    path = tmp_path / "sector-desktop.log"
    handler = rotating_handler(path, max_bytes=10_000)
    logger = logging.getLogger("rotation-test")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for i in range(2_000):
            logger.warning("line %05d %s", i, "x" * 60)
    finally:
        logger.removeHandler(handler)
        handler.close()
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["sector-desktop.log", *(f"sector-desktop.log.{n}" for n in range(1, LOG_BACKUPS + 1))]
    assert all(p.stat().st_size <= 10_000 for p in tmp_path.iterdir())
    assert "line 01999" in path.read_text(encoding="utf-8")  # the newest lines are in the live file


def test_the_reporter_lives_on_the_ui_thread(qapp: QApplication) -> None:
    assert crash.reporter() is not None and crash.reporter().thread() is qapp.thread()
