"""Quarter over quarter: establishments served as bars, placements as a line; a bar opens its quarter.

Painted directly, as the Labour market page's chart is (ui/lmi/chart.py): a few dozen shapes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sector_desktop.services.performance.results import QuarterPoint

from ..lmi.chart import BAR, LINE, MUTED


class QuarterChart(QWidget):
    """Bars and a line over the last eight quarters; click a bar (or Left/Right and Enter) to list
    the establishments served in that quarter."""

    quarter_chosen = Signal(int)  # the index of the quarter in `points`

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("performanceChart")
        self.setAccessibleName("Establishments served and placements by quarter")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.points: list[QuarterPoint] = []
        self.current = -1

    def set_points(self, points: list[QuarterPoint]) -> None:
        self.points = points
        self.current = len(points) - 1
        self.setAccessibleDescription(
            "; ".join(
                f"{p.period.label}: {p.establishments:,} establishments served, {p.placements:,} placements"
                for p in points[-4:]
            )
        )
        self.update()

    def _area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(44, 24, -36, -34)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        area = self._area()
        if self.points and area.left() <= event.position().x() <= area.right():
            index = int((event.position().x() - area.left()) / (area.width() / len(self.points)))
            self.current = min(index, len(self.points) - 1)
            self.update()
            self.quarter_chosen.emit(self.current)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.points:
            step = -1 if key == Qt.Key.Key_Left else 1
            self.current = max(0, min(len(self.points) - 1, self.current + step))
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.current >= 0:
            self.quarter_chosen.emit(self.current)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._area()
        if not self.points:
            p.setPen(MUTED)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No quarters to show yet.")
            return
        top_served = max([q.establishments for q in self.points] + [1]) * 1.15
        top_placed = max([q.placements for q in self.points] + [1]) * 1.15
        step = area.width() / len(self.points)
        p.setPen(MUTED)
        p.drawText(QRectF(8, 0, self.width(), 18), Qt.AlignmentFlag.AlignLeft, "Establishments served (bars)")
        p.drawText(QRectF(0, 0, self.width() - 8, 18), Qt.AlignmentFlag.AlignRight, "Placements (line)")
        p.drawText(QRectF(0, area.top() - 6, 40, 14), Qt.AlignmentFlag.AlignRight, f"{top_served:,.0f}")
        p.drawText(
            QRectF(area.right() + 4, area.top() - 6, 32, 14), Qt.AlignmentFlag.AlignLeft, f"{top_placed:,.0f}"
        )
        p.drawLine(area.bottomLeft(), area.bottomRight())
        points: list[QPointF] = []
        for i, q in enumerate(self.points):
            x = area.left() + i * step
            h = area.height() * q.establishments / top_served
            bar = QRectF(x + step * 0.18, area.bottom() - h, step * 0.64, h)
            p.fillRect(bar, BAR.darker(130) if i == self.current and self.hasFocus() else BAR)
            p.setPen(MUTED)
            p.drawText(
                QRectF(x, bar.top() - 15, step, 14), Qt.AlignmentFlag.AlignHCenter, f"{q.establishments:,}"
            )
            points.append(QPointF(x + step / 2, area.bottom() - area.height() * q.placements / top_placed))
            p.drawText(
                QRectF(x, area.bottom() + 2, step, 15), Qt.AlignmentFlag.AlignHCenter, f"Q{q.period.quarter}"
            )
            if i == 0 or q.period.quarter == 1:  # the program year under its first quarter shown
                year = f"PY {q.period.year}"
                p.drawText(
                    QRectF(x - 10, area.bottom() + 16, step + 40, 15), Qt.AlignmentFlag.AlignLeft, year
                )
        p.setPen(QPen(LINE, 2))
        if len(points) > 1:
            p.drawPolyline(points)
        for point in points:
            p.drawEllipse(point, 2.5, 2.5)
        p.end()
