"""Page furniture shared by all documents: header, "Page X of Y", generated date, confidential footer."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from .styles import BODY_FONT, MARGIN, MUTED, PAGE, RULE, register_fonts

FOOTER = "Confidential: for the sector partnership team's use only."


def _numbered_canvas(title: str, generated: str) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each can say 'Page X of Y'."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own page reset; not in the stubs

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furniture(total)
                super().showPage()
            super().save()

        def _furniture(self, total: int) -> None:
            width, height = PAGE
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(MARGIN, height - MARGIN + 12, width - MARGIN, height - MARGIN + 12)
            self.line(MARGIN, MARGIN - 14, width - MARGIN, MARGIN - 14)
            self.setFont(BODY_FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawString(MARGIN, height - MARGIN + 16, title[:110])
            self.drawRightString(width - MARGIN, height - MARGIN + 16, "Sector Desktop")
            self.drawString(MARGIN, MARGIN - 26, FOOTER)
            made = f"Generated {generated}   ·   " if generated else ""
            stamp = f"{made}Page {self.getPageNumber()} of {total}"
            self.drawRightString(width - MARGIN, MARGIN - 26, stamp)
            self.restoreState()

    return NumberedCanvas


def build_pdf(flowables: Sequence[Flowable], title: str, generated: str, author: str = "") -> bytes:
    """Lay out `flowables` on Letter pages and return the PDF bytes."""
    register_fonts()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 0.1 * inch,
        bottomMargin=MARGIN + 0.1 * inch,
        title=title,
        author=author or "Sector Desktop",
        subject=title,
        creator="Sector Desktop",
    )
    doc.build(list(flowables), canvasmaker=_numbered_canvas(title, generated))
    return buf.getvalue()
