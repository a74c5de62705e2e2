"""Charts of an initiative: the milestone timeline across its period (today marked; overdue in red, done
filled, planned hollow, deliverables as diamonds) and budget against actual by line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth

from .program_data import BudgetRow, MilestoneLine
from .styles import ACCENT, ALERT, BODY_FONT, BOLD_FONT, INK, MUTED, RULE, ZEBRA

DONE = colors.HexColor("#2e7d32")


def _rect(*args: Any, **kwargs: Any) -> Rect:
    """A reportlab Rect (its stubs take no colour or None stroke as keywords)."""
    return Rect(*args, **kwargs)


def _string(*args: Any, **kwargs: Any) -> String:
    """A reportlab String (its stubs narrow textAnchor to literals)."""
    return String(*args, **kwargs)


LANE = 13
LABEL_SIZE = 6.8


def _marker(x: float, y: float, m: MilestoneLine) -> list:
    colour = ALERT if m.overdue else DONE if m.done else MUTED if m.cancelled else ACCENT
    fill = colour if (m.done or m.overdue) else colors.white
    if m.kind == "Deliverable":
        r = 4.6
        return [
            Polygon(
                [x, y + r, x + r, y, x, y - r, x - r, y], fillColor=fill, strokeColor=colour, strokeWidth=1.2
            )
        ]
    return [Circle(x, y, 3.6, fillColor=fill, strokeColor=colour, strokeWidth=1.2)]


def milestone_timeline(
    milestones: Sequence[MilestoneLine],
    starts: dt.date,
    ends: dt.date,
    today: dt.date,
    ticks: Sequence[tuple[dt.date, str]],
    width: float,
) -> Drawing:
    """The period as a line, a mark per month, today, and each milestone with its label on a free lane."""
    first = min([starts, *(m.due for m in milestones)])
    last = max([ends, *(m.due for m in milestones)])
    span = max(1, (last - first).days)
    left, right = 6.0, width - 6.0

    def x_of(day: dt.date) -> float:
        return left + (right - left) * (day - first).days / span

    # Each label goes right of its marker (left of it near the end), on the lowest lane where it does
    # not run into the label before it.
    lanes: list[float] = []
    placed: list[tuple[MilestoneLine, float, int, float, str]] = []
    for m in sorted(milestones, key=lambda m: (m.due, m.title)):
        x = x_of(m.due)
        tw = stringWidth(f"{m.title} ({m.due_text})", BOLD_FONT if m.overdue else BODY_FONT, LABEL_SIZE)
        if x + 7 + tw <= right:
            begin, end, text_x, anchor = x - 5, x + 7 + tw, x + 7, "start"
        else:
            begin, end, text_x, anchor = x - 7 - tw, x + 5, x - 7, "end"
        lane = next((i for i, used in enumerate(lanes) if used < begin), len(lanes))
        if lane == len(lanes):
            lanes.append(0.0)
        lanes[lane] = end + 4
        placed.append((m, x, lane, text_x, anchor))
    axis_y = 26.0
    height = axis_y + 22 + LANE * max(1, len(lanes))
    d = Drawing(width, height)
    d.add(_rect(x_of(starts), axis_y - 4, x_of(ends) - x_of(starts), 8, fillColor=ZEBRA, strokeColor=None))
    d.add(Line(left, axis_y, right, axis_y, strokeColor=RULE, strokeWidth=1))
    for day, label in ticks:
        if first <= day <= last:
            x = x_of(day)
            d.add(Line(x, axis_y - 3, x, axis_y + 3, strokeColor=MUTED, strokeWidth=0.5))
            d.add(
                _string(
                    x,
                    axis_y - 13,
                    label,
                    fontName=BODY_FONT,
                    fontSize=6,
                    fillColor=MUTED,
                    textAnchor="middle",
                )
            )
    for m, x, lane, text_x, anchor in placed:
        y = axis_y + 16 + lane * LANE
        d.add(Line(x, axis_y, x, y - 4, strokeColor=RULE, strokeWidth=0.5))
        for shape in _marker(x, y, m):
            d.add(shape)
        colour = ALERT if m.overdue else MUTED if m.cancelled else INK
        font = BOLD_FONT if m.overdue else BODY_FONT
        d.add(
            _string(
                text_x,
                y - 2.4,
                f"{m.title} ({m.due_text})",
                fontName=font,
                fontSize=LABEL_SIZE,
                fillColor=colour,
                textAnchor=anchor,
            )
        )
    if first <= today <= last:
        x = x_of(today)
        d.add(Line(x, axis_y - 8, x, height - 4, strokeColor=ALERT, strokeWidth=0.8, strokeDashArray=[2, 2]))
        d.add(_string(x + 2, 3, "Today", fontName=BOLD_FONT, fontSize=6.5, fillColor=ALERT))
    if not milestones:
        d.add(
            _string(
                width / 2,
                axis_y + 12,
                "No milestones yet",
                fontName=BODY_FONT,
                fontSize=8,
                fillColor=MUTED,
                textAnchor="middle",
            )
        )
    return d


def budget_bars(lines: Sequence[BudgetRow], width: float) -> Drawing:
    """A bar per budget line, its budget as the pale bar and the actual inside it (red past the budget)."""
    row_h, label_w = 16.0, 1.9 * inch
    height = 18 + row_h * max(1, len(lines))
    d = Drawing(width, height)
    top = max([float(r.budget) for r in lines] + [float(r.actual) for r in lines] + [1.0])
    bar_w = width - label_w - 70
    for i, r in enumerate(lines):
        y = height - 16 - (i + 1) * row_h + 4
        d.add(_string(0, y + 3, r.line[:38], fontName=BODY_FONT, fontSize=7.5, fillColor=INK))
        budget = bar_w * float(r.budget) / top
        actual = bar_w * float(r.actual) / top
        d.add(_rect(label_w, y, budget, 10, fillColor=colors.HexColor("#dce6f1"), strokeColor=None))
        d.add(
            _rect(
                label_w,
                y + 2,
                actual,
                6,
                fillColor=ALERT if r.actual > r.budget else ACCENT,
                strokeColor=None,
            )
        )
        share = "—" if r.spent_share is None else f"{r.spent_share:.0%}"
        d.add(
            _string(
                label_w + max(budget, actual) + 4,
                y + 2,
                share,
                fontName=BODY_FONT,
                fontSize=7,
                fillColor=MUTED,
            )
        )
    d.add(_rect(label_w, height - 10, 8, 7, fillColor=colors.HexColor("#dce6f1"), strokeColor=None))
    d.add(_string(label_w + 11, height - 9, "Budget", fontName=BODY_FONT, fontSize=7, fillColor=MUTED))
    d.add(_rect(label_w + 50, height - 9, 8, 5, fillColor=ACCENT, strokeColor=None))
    d.add(
        _string(
            label_w + 61,
            height - 9,
            "Spent (cancelled expenditures left out)",
            fontName=BODY_FONT,
            fontSize=7,
            fillColor=MUTED,
        )
    )
    return d
