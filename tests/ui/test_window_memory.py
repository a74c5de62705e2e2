"""The main window reopens at its size and place with its splitters where they were, kept on screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QSplitter
from pytestqt.qtbot import QtBot
from screens import settle

from sector_desktop.ui.context import AppContext
from sector_desktop.ui.main_window import MainWindow
from sector_desktop.ui.window_memory import WindowMemory, settings_file


@pytest.fixture
def open_window(qtbot: QtBot, demo_ctx: AppContext) -> Iterator:
    opened: list[MainWindow] = []

    def open_() -> MainWindow:
        w = MainWindow(demo_ctx)
        qtbot.addWidget(w)
        WindowMemory(w, w.stack, demo_ctx.paths.config_dir).restore_window()
        w.show()
        settle()
        opened.append(w)
        return w

    yield open_
    settle()


def screen() -> QRect:
    return QGuiApplication.primaryScreen().availableGeometry()


def test_size_and_place_come_back(open_window, demo_ctx: AppContext) -> None:
    first = open_window()
    assert screen().contains(first.geometry())  # the first time: on screen, whatever its size
    first.resize(760, 520)  # the offscreen screen is 800x800; Today's page fits that
    first.move(30, 60)
    moved = first.geometry()
    first.close()  # saves
    assert settings_file(demo_ctx.paths.config_dir).exists()
    assert open_window().geometry() == moved


def test_splitters_come_back_when_their_page_is_built(open_window) -> None:
    first = open_window()
    splitter = first.go_to("organizations").findChild(QSplitter)
    settle()
    default = splitter.sizes()
    splitter.setSizes([200, 300])
    wanted = splitter.sizes()
    assert wanted != default
    first.close()

    second = open_window()
    again = second.go_to("organizations").findChild(QSplitter)
    settle()
    assert again.sizes() == wanted


def test_a_place_off_screen_is_brought_back(open_window, demo_ctx: AppContext) -> None:
    big = open_window()
    big.resize(3000, 2400)  # as on a large monitor, since unplugged
    big.move(4000, 3000)
    geometry = big.saveGeometry()
    big.close()
    settings = QSettings(str(settings_file(demo_ctx.paths.config_dir)), QSettings.Format.IniFormat)
    settings.setValue("window/geometry", QByteArray(geometry))
    settings.sync()

    back = open_window()
    assert screen().contains(back.geometry()), (back.geometry(), screen())
