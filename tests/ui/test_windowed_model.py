"""The lazy list model shows its first window before the count arrives (issue 16): the count is
asked for only once the rows are in, and `loaded` follows with the total."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pytestqt.qtbot import QtBot

from sector_desktop.ui.windowed_model import WindowedTableModel


@dataclass
class Row:
    id: str


class Stub(WindowedTableModel):
    HEADERS = ("Id",)
    SORT_KEYS = ("id",)

    def __init__(self) -> None:
        super().__init__(db=None, window=3)  # type: ignore[arg-type]
        self.count_may_answer = threading.Event()
        self.count_asked = threading.Event()

    def count_job(self) -> Callable[[], int]:
        def count() -> int:
            self.count_asked.set()
            self.count_may_answer.wait(30)
            return 10

        return count

    def window_job(self, after: Any | None, limit: int) -> Callable[[], list[Any]]:
        start = 0 if after is None else int(after.id) + 1
        return lambda: [Row(str(i)) for i in range(start, min(start + limit, 10))]

    def text(self, row: Any, column: int) -> str:
        return str(row.id)


def test_the_first_window_shows_before_the_count_arrives(qtbot: QtBot) -> None:
    model = Stub()
    totals: list[int] = []
    model.loaded.connect(totals.append)
    with qtbot.waitSignal(model.first_window, timeout=30_000):
        model.reload()
    assert model.rowCount() == 3 and model.is_counting and totals == []
    model.count_may_answer.set()
    qtbot.waitUntil(lambda: totals == [10], timeout=30_000)
    assert model.total == 10 and not model.is_counting


def test_a_short_first_window_needs_no_count(qtbot: QtBot) -> None:
    model = Stub()
    model.window = 50
    with qtbot.waitSignal(model.loaded, timeout=30_000) as loaded:
        model.reload()
    assert loaded.args == [10] and not model.count_asked.is_set()
