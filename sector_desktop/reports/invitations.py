"""Invitation letters: one letter per recipient, each on its own page under the office's letterhead.

Outgoing letters, so no team-only furniture (no "confidential" footer, no page count across
letters): the letterhead on top, the partnership in a quiet line at the foot.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from .parts import gap
from .styles import ACCENT, BODY_FONT, BOLD_FONT, MARGIN, MUTED, PAGE, RULE, esc, register_fonts, styles

LETTERHEAD = 1.05 * inch  # room the letterhead takes below the top margin
SIDE = MARGIN + 0.25 * inch  # a letter's side margins, wider than a report's


@dataclass(frozen=True)
class LetterPage:
    """One merged letter, ready to lay out."""

    date_line: str
    address: tuple[str, ...]  # the recipient's name, title, organization and address, line by line
    salutation: str
    paragraphs: tuple[str, ...]
    closing: str
    signature: tuple[str, ...]


@dataclass(frozen=True)
class InvitationLetters:
    office_name: str
    footer: str  # the partnership and the meeting, printed small at the foot of each letter
    title: str  # the PDF's title
    letters: tuple[LetterPage, ...]


def _letterhead(office: str, footer: str):
    def draw(canvas: Canvas, _doc: object) -> None:
        width, height = PAGE
        top = height - MARGIN
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.setFont(BOLD_FONT, 17)
        canvas.drawString(SIDE, top - 18, office[:70])
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.4)
        canvas.line(SIDE, top - 30, width - SIDE, top - 30)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(SIDE, MARGIN - 8, width - SIDE, MARGIN - 8)
        canvas.setFillColor(MUTED)
        canvas.setFont(BODY_FONT, 7.5)
        canvas.drawString(SIDE, MARGIN - 20, footer[:130])
        canvas.restoreState()

    return draw


@cache
def _styles() -> dict[str, ParagraphStyle]:
    body = styles()["body"]
    return {
        "line": ParagraphStyle("letter_line", parent=body, fontSize=10.5, leading=14, spaceAfter=0),
        "para": ParagraphStyle("letter_para", parent=body, fontSize=10.5, leading=15, spaceAfter=9),
    }


def _text(text: str, style: str = "line", bold: bool = False) -> Paragraph:
    shown = f"<b>{esc(text)}</b>" if bold else esc(text)
    return Paragraph(shown, _styles()[style])


def _letter(page: LetterPage) -> list[Flowable]:
    flow: list[Flowable] = [_text(page.date_line), gap(16)]
    flow += [_text(line, bold=i == 0) for i, line in enumerate(page.address)]
    flow += [gap(18), _text(page.salutation, "para")]
    flow += [_text(para, "para") for para in page.paragraphs]
    signoff: list[Flowable] = [gap(4), _text(page.closing), Spacer(1, 0.5 * inch)]
    signoff += [_text(line, bold=i == 0) for i, line in enumerate(page.signature)]
    flow.append(KeepTogether(signoff))
    return flow


def render_letters(data: InvitationLetters) -> bytes:
    """The letters as one PDF, a page (or more) per recipient."""
    register_fonts()
    flow: list[Flowable] = []
    for i, page in enumerate(data.letters):
        if i:
            flow.append(PageBreak())
        flow += _letter(page)
    if not flow:
        flow.append(_text("Nobody to write to: no invitee has this letter."))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=PAGE,
        leftMargin=SIDE,
        rightMargin=SIDE,
        topMargin=MARGIN + LETTERHEAD,
        bottomMargin=MARGIN + 0.2 * inch,
        title=data.title,
        author=data.office_name,
        subject=data.title,
        creator="Sector Desktop",
    )
    draw = _letterhead(data.office_name, data.footer)
    doc.build(flow, onFirstPage=draw, onLaterPages=draw)
    return buf.getvalue()
