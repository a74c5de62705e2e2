"""How a new meeting repeats: not at all, monthly or every three months (on the same weekday of the
month or the same date), a number of times or until a date. The choices are worded from the first
meeting's date ("Monthly on the second Tuesday")."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

from sector_desktop import clock
from sector_desktop.services.meeting_series import MAX_OCCURRENCES, Repeat, describe

from ..datetimes import make_date_edit, py_date

KINDS = (("monthly", "weekday"), ("monthly", "date"), ("quarterly", "weekday"), ("quarterly", "date"))
DEFAULT_COUNT = 6


class RepeatKind(QComboBox):
    """'Does not repeat' and the four ways a series can repeat, worded for the first meeting's day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingRepeat")
        self.addItem("Does not repeat", None)
        for kind in KINDS:
            self.addItem("", kind)
        self.set_first(clock.today())

    def set_first(self, day: dt.date) -> None:
        for i, (every, by) in enumerate(KINDS, start=1):
            self.setItemText(i, describe(Repeat(every, by), day))


class RepeatEnds(QWidget):
    """After how many meetings, or on which day, the series ends."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.how = QComboBox()
        self.how.setObjectName("meetingRepeatEnds")
        self.how.addItem("After", "count")
        self.how.addItem("On", "until")
        self.count = QSpinBox()
        self.count.setObjectName("meetingRepeatCount")
        self.count.setRange(2, MAX_OCCURRENCES)
        self.count.setValue(DEFAULT_COUNT)
        self.count.setSuffix(" meetings")
        self.until = make_date_edit(clock.today() + dt.timedelta(days=365))
        self.until.setObjectName("meetingRepeatUntil")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.how, self.count, self.until):
            layout.addWidget(w)
        layout.addStretch(1)
        self.how.currentIndexChanged.connect(self._how_changed)
        self._how_changed()

    def _how_changed(self) -> None:
        by_count = self.how.currentData() == "count"
        self.count.setVisible(by_count)
        self.until.setVisible(not by_count)

    def repeat(self, every: str, by: str) -> Repeat:
        if self.how.currentData() == "count":
            return Repeat(every, by, count=self.count.value())
        return Repeat(every, by, until=py_date(self.until.date()))
