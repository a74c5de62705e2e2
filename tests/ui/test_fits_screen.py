"""Every view and every dialog fits a 1366x768 laptop, with the app's real style and demo data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from dialog_cases import BASES, CASES, load_demo
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from screens import USABLE, dialog_classes, every_view, fits, qualified, settle

from sector_desktop.ui.context import AppContext
from sector_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("app_style")


@pytest.fixture
def window(qtbot: QtBot, demo_ctx: AppContext) -> Iterator[MainWindow]:
    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    settle()
    yield w
    settle()


def _size(s: QSize) -> str:
    return f"{s.width()}x{s.height()}"


def test_every_view_fits(window: MainWindow) -> None:
    too_big = []
    for view in every_view():
        window.show_view(view)
        settle()
        need = window.minimumSizeHint()
        shot = window.grab()
        if not fits(need) or (shot.width(), shot.height()) != (1366, 768):
            too_big.append(f"{view}: needs at least {_size(need)}, screenshot {_size(shot)}")
    # The page stack is as wide as its widest page, so one page too wide widens them all.
    assert not too_big, f"views larger than {_size(USABLE)}:\n" + "\n".join(too_big)


def test_every_dialog_has_a_case() -> None:
    cases = CASES()
    missing = [n for n in map(qualified, dialog_classes()) if n not in cases and n not in BASES]
    assert not missing, f"add a case for each new dialog to tests/ui/dialog_cases.py: {missing}"


def test_every_dialog_fits(window: MainWindow) -> None:
    demo = load_demo(window.ctx)
    too_big = []
    for name, make in sorted(CASES().items()):
        dialogs: list[QDialog] = make(demo, window)
        assert dialogs, name
        for i, dialog in enumerate(dialogs):
            opening = dialog.size()
            dialog.show()
            settle()
            sizes = {"opens at": opening, "size hint": dialog.sizeHint(), "minimum": dialog.minimumSizeHint()}
            for what, size in sizes.items():
                if not fits(size):
                    too_big.append(f"{name} #{i}: {what} {_size(size)}")
            dialog.close()
            dialog.deleteLater()
            settle()
    assert not too_big, f"dialogs larger than {_size(USABLE)}:\n" + "\n".join(too_big)
