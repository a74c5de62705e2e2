"""A small chart of a sector's quarters: employment as bars, the average weekly wage as a line."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sector_desktop.reports.data import QuarterLine

BAR = QColor("#2f6fb0")
LINE = QColor("#c0582b")
MUTED = QColor("#5b6570")


class QuartersChart(QWidget):
    """Painted directly (a few dozen shapes): no chart library, and it paints in well under a millisecond."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quartersChart")
        self.setAccessibleName("Employment and average weekly wage by quarter")
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.quarters: list[QuarterLine] = []
        self.empty_text = "No QCEW quarters imported for this sector and area."

    def set_quarters(self, quarters: list[QuarterLine], empty_text: str = "") -> None:
        self.quarters = quarters
        self.empty_text = empty_text or self.empty_text
        described = ", ".join(
            f"{q.label}: {'suppressed' if q.employment is None else f'{q.employment:,} jobs'}"
            for q in quarters[-4:]
        )
        self.setAccessibleDescription(described)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(62, 22, -56, -24)
        if not self.quarters:
            p.setPen(MUTED)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        jobs = [q.employment for q in self.quarters]
        wages = [q.avg_wkly_wage for q in self.quarters]
        top_jobs = max([j for j in jobs if j] or [1]) * 1.1
        top_wage = max([w for w in wages if w] or [1]) * 1.1
        step = area.width() / len(self.quarters)
        p.setPen(MUTED)
        p.drawText(QRectF(0, 0, self.width(), 18), Qt.AlignmentFlag.AlignLeft, "  Employment (bars)")
        p.drawText(
            QRectF(0, 0, self.width() - 6, 18), Qt.AlignmentFlag.AlignRight, "Average weekly wage (line)"
        )
        p.drawText(QRectF(0, area.top() - 6, 58, 14), Qt.AlignmentFlag.AlignRight, f"{top_jobs:,.0f}")
        p.drawText(
            QRectF(area.right() + 4, area.top() - 6, 50, 14), Qt.AlignmentFlag.AlignLeft, f"${top_wage:,.0f}"
        )
        p.drawLine(area.bottomLeft(), area.bottomRight())
        points: list[QPointF] = []
        for i, q in enumerate(self.quarters):
            x = area.left() + i * step
            if q.employment is not None:
                h = area.height() * q.employment / top_jobs
                p.fillRect(QRectF(x + step * 0.15, area.bottom() - h, step * 0.7, h), BAR)
            if q.avg_wkly_wage is not None:
                points.append(
                    QPointF(x + step / 2, area.bottom() - area.height() * q.avg_wkly_wage / top_wage)
                )
            if i % 4 == 0 or i == len(self.quarters) - 1:
                p.setPen(MUTED)
                p.drawText(
                    QRectF(x - 30, area.bottom() + 4, step + 60, 16), Qt.AlignmentFlag.AlignHCenter, q.label
                )
        p.setPen(QPen(LINE, 2))
        if len(points) > 1:
            p.drawPolyline(points)
        p.end()
