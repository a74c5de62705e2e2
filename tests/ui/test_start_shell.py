"""Start-up paints the window's shell first (sidebar, menus, "Opening the profile…"), then opens the
profile in a worker and fills in Today; a missing passphrase is asked for over the shell."""

from __future__ import annotations

from unittest import mock

import keyring
import pytest
from keyring.backends import null
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from sector_desktop.store import ProfilePaths, keys
from sector_desktop.ui import app as ui_app
from sector_desktop.ui.main_window import MENUS, MainWindow
from sector_desktop.ui.passphrase import unlock_in_background


def test_the_shell_says_it_is_opening_and_attach_fills_it_in(qtbot: QtBot, paths: ProfilePaths) -> None:
    window = MainWindow(paths=paths)
    qtbot.addWidget(window)
    assert window.stack.currentWidget().objectName() == "openingProfile"
    assert [m.title() for m in window.menuBar().findChildren(QMenu)] == list(MENUS)
    assert not hasattr(window, "menu_actions")  # the actions come on the turn after the first paint
    window.finish_shell()
    assert not window.menu_actions.new_visit.isEnabled() and window.menu_actions.quit.isEnabled()
    window.sidebar.setCurrentRow(1)  # picked while opening: shown first instead of Today
    picked = window.sidebar.currentItem().data(0x0100)
    window.attach(ui_app.make_context(paths))
    assert window.stack.currentWidget() is window.page(picked)
    assert window.menu_actions.new_visit.isEnabled()
    assert window.findChild(type(window.opening), "openingProfile") is None or not window.opening.isVisible()
    window.ctx.db.close()


@pytest.fixture
def _quiet_app(monkeypatch: pytest.MonkeyPatch) -> None:
    # The app-wide set-up (style, accessibility names, locale, hooks) would outlive this test.
    for name in (
        "install_excepthook",
        "apply_style",
        "apply_locale_style",
        "install_accessibility",
        "configure_logging",
    ):
        monkeypatch.setattr(ui_app, name, lambda *_a: None)
    monkeypatch.setattr(ui_app, "start_daily_backup", lambda _ctx: None)
    monkeypatch.setattr(ui_app, "check_templates", lambda *_a: None)
    monkeypatch.setattr(ui_app, "wants_welcome", lambda _paths: False)


@pytest.mark.usefixtures("_quiet_app")
def test_run_gui_shows_the_shell_then_today(paths: ProfilePaths) -> None:
    seen: list[str] = []

    def look() -> None:
        window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)
        if window is None or not window.attached:
            QTimer.singleShot(20, look)
            return
        seen.append(window.stack.currentWidget().objectName())
        window.close()

    QTimer.singleShot(0, look)
    assert ui_app.run_gui(paths) == 0
    assert seen == ["todayPage"]


def test_a_missing_passphrase_is_asked_for_and_the_profile_then_opens(
    qtbot: QtBot, paths: ProfilePaths
) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    keys._derived.clear()
    asked: list[bool] = []
    opened: list[object] = []
    answers = iter(["wrong passphrase", "test suite passphrase"])
    try:
        with mock.patch.dict("os.environ", {keys.PASSPHRASE_ENV: ""}):
            unlock_in_background(
                lambda: ui_app.make_context(paths),
                opened.append,
                cancelled=lambda: opened.append("cancelled"),
                failed=opened.append,
                ask=lambda _message, new: asked.append(new) or next(answers),
            )
            qtbot.waitUntil(lambda: bool(opened), timeout=60_000)
    finally:
        keys.use_passphrase(None)
        keyring.set_keyring(before)
    assert asked == [False, False]  # asked, then asked again after the wrong one
    ctx = opened[0]
    assert isinstance(ctx, ui_app.AppContext)
    ctx.db.close()


def test_cancelling_the_passphrase_opens_nothing(qtbot: QtBot, paths: ProfilePaths) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    keys._derived.clear()
    said: list[object] = []
    try:
        with mock.patch.dict("os.environ", {keys.PASSPHRASE_ENV: ""}):
            unlock_in_background(
                lambda: ui_app.make_context(paths),
                said.append,
                cancelled=lambda: said.append("cancelled"),
                failed=said.append,
                ask=lambda _message, _new: None,
            )
            qtbot.waitUntil(lambda: bool(said), timeout=60_000)
    finally:
        keys.use_passphrase(None)
        keyring.set_keyring(before)
    assert said == ["cancelled"]
