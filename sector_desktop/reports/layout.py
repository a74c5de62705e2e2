"""Page furniture shared by all documents: the office's name and the title in the header, "Page X of Y",
the generated date, and on internal documents only, the confidentiality line.

Documents handed to employers (agenda, sign-in sheet, minutes) carry no confidentiality line; the
office's name (the profile's `office-name` setting) heads every page, or a neutral label when unset.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from .styles import BODY_FONT, BOLD_FONT, INK, MARGIN, MUTED, PAGE, RULE, register_fonts

FOOTER = "Confidential: for the sector partnership team's use only."
NEUTRAL_OFFICE = "Sector partnership team"  # the header when the office has not set its name


def header_office(office: str) -> str:
    """The name at the top right of every page: the office's, or the neutral label."""
    return " ".join(office.split()) or NEUTRAL_OFFICE


def _numbered_canvas(title: str, generated: str, office: str, confidential: bool) -> type[Canvas]:
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
            top = height - MARGIN + 16
            name = _fit(office, 0.6 * (width - 2 * MARGIN), BOLD_FONT, 8)  # a very long name is cut
            self.setFont(BOLD_FONT, 8)
            self.setFillColor(INK)
            self.drawRightString(width - MARGIN, top, name)
            room = width - 2 * MARGIN - self.stringWidth(name, BOLD_FONT, 8) - 18
            self.setFont(BODY_FONT, 7.5)
            self.setFillColor(MUTED)
            self.drawString(MARGIN, top, _fit(title, room, BODY_FONT, 7.5))
            if confidential:
                self.drawString(MARGIN, MARGIN - 26, FOOTER)
            made = f"Generated {generated}   ·   " if generated else ""
            stamp = f"{made}Page {self.getPageNumber()} of {total}"
            self.drawRightString(width - MARGIN, MARGIN - 26, stamp)
            self.restoreState()

    return NumberedCanvas


def _fit(text: str, room: float, font: str, size: float) -> str:
    """`text` cut with an ellipsis to fit `room` points, so the title never runs into the office name."""
    if stringWidth(text, font, size) <= room:
        return text
    while text and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def build_pdf(
    flowables: Sequence[Flowable],
    title: str,
    generated: str,
    author: str = "",
    *,
    office: str,
    confidential: bool,
) -> bytes:
    """Lay out `flowables` on Letter pages and return the PDF bytes.

    `office` heads every page (a neutral label when empty); `confidential` adds the confidentiality
    line to the footer: true for internal papers, false for those handed to employers."""
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
        author=author or header_office(office),
        subject=title,
        creator="Sector Desktop",
    )
    doc.build(
        list(flowables), canvasmaker=_numbered_canvas(title, generated, header_office(office), confidential)
    )
    return buf.getvalue()
