"""The milestone timeline of an initiative, painted: the period as a band, a mark per month, today as a
red dashed line, each milestone on its due date (a diamond for a deliverable; filled when done, red when
overdue, hollow when planned) with its label on the first free lane."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from sector_desktop import clock, timefmt
from sector_desktop.store.initiatives import MilestoneRow

ACCENT = QColor("#2f6fb0")
ALERT = QColor("#b00020")
DONE = QColor("#2e7d32")
MUTED = QColor("#5b6570")
BAND = QColor("#eef2f6")
LANE = 20


class MilestoneTimeline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("milestoneTimeline")
        self.setAccessibleName("Milestone timeline")
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.milestones: list[MilestoneRow] = []
        self.starts = self.ends = self.today = clock.today()

    def set_milestones(
        self, milestones: list[MilestoneRow], starts: dt.date, ends: dt.date, today: dt.date
    ) -> None:
        self.milestones, self.starts, self.ends, self.today = list(milestones), starts, ends, today
        late = [m.title for m in milestones if m.overdue(today)]
        described = f"{len(milestones)} milestones from {timefmt.date(starts)} to {timefmt.date(ends)}"
        self.setAccessibleDescription(described + (f"; overdue: {', '.join(late)}" if late else ""))
        self.setMinimumHeight(60 + LANE * min(max(1, len(milestones)), 5))
        self.update()

    def _colour(self, m: MilestoneRow) -> QColor:
        if m.overdue(self.today):
            return ALERT
        return DONE if m.status == "done" else MUTED if m.status == "cancelled" else ACCENT

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        first = min([self.starts, *(m.due_on for m in self.milestones)])
        last = max([self.ends, *(m.due_on for m in self.milestones)])
        span = max(1, (last - first).days)
        left, right = 10.0, self.width() - 10.0
        axis = self.height() - 26.0

        def x_of(day: dt.date) -> float:
            return left + (right - left) * (day - first).days / span

        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1.5))
        p.setFont(small)
        metrics = QFontMetricsF(small)
        p.fillRect(QRectF(x_of(self.starts), axis - 5, x_of(self.ends) - x_of(self.starts), 10), BAND)
        p.setPen(QPen(MUTED, 1))
        p.drawLine(QPointF(left, axis), QPointF(right, axis))
        day = first.replace(day=1)
        label_end = -1e9  # a month whose label would touch the one before it keeps only its tick
        while day <= last:
            if day >= first:
                x = x_of(day)
                p.drawLine(QPointF(x, axis - 3), QPointF(x, axis + 3))
                label = timefmt.month(day)
                width = metrics.horizontalAdvance(label)
                start = min(max(x - width / 2, 0.0), self.width() - width)
                if start >= label_end + 6:
                    p.drawText(QRectF(start, axis + 5, width + 2, 16), Qt.AlignmentFlag.AlignLeft, label)
                    label_end = start + width
            day = (day + dt.timedelta(days=32)).replace(day=1)
        lanes: list[float] = []
        for m in sorted(self.milestones, key=lambda m: (m.due_on, m.title)):
            x = x_of(m.due_on)
            text = f"{m.title} ({timefmt.date(m.due_on)})"
            width = metrics.horizontalAdvance(text)
            after = x + 9 + width <= right
            begin, end = (x - 6, x + 9 + width) if after else (x - 9 - width, x + 6)
            lane = next((i for i, used in enumerate(lanes) if used < begin), len(lanes))
            if lane == len(lanes):
                lanes.append(0.0)
            lanes[lane] = end + 6
            y = axis - 18 - lane * LANE
            colour = self._colour(m)
            p.setPen(QPen(QColor("#c9d1d9"), 1))
            p.drawLine(QPointF(x, axis), QPointF(x, y + 5))
            p.setPen(QPen(colour, 1.6))
            p.setBrush(colour if m.status == "done" or m.overdue(self.today) else QColor("white"))
            if m.kind == "deliverable":
                p.drawPolygon(
                    QPolygonF([QPointF(x, y - 6), QPointF(x + 6, y), QPointF(x, y + 6), QPointF(x - 6, y)])
                )
            else:
                p.drawEllipse(QPointF(x, y), 4.5, 4.5)
            p.setPen(
                ALERT if m.overdue(self.today) else MUTED if m.status == "cancelled" else QColor("#1f2d3d")
            )
            box = (
                QRectF(x + 9, y - 9, width + 4, 18)
                if after
                else QRectF(x - 9 - width - 4, y - 9, width + 4, 18)
            )
            align = Qt.AlignmentFlag.AlignLeft if after else Qt.AlignmentFlag.AlignRight
            p.drawText(box, align | Qt.AlignmentFlag.AlignVCenter, text)
        if first <= self.today <= last:
            x = x_of(self.today)
            p.setPen(QPen(ALERT, 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, 4), QPointF(x, axis + 6))
            p.drawText(QRectF(x + 3, 2, 60, 14), Qt.AlignmentFlag.AlignLeft, "Today")
        if not self.milestones:
            p.setPen(MUTED)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No milestones yet.")
        p.end()
