"""An initiative's report as a PDF: what it is and who owns it, budget against actual by line (with a
chart), the burn rate against the period, the milestone timeline (a chart) and table, the funding, and
every expenditure (cancelled ones shown struck out and left out of the sums)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Table, TableStyle

from .layout import build_pdf
from .parts import CONTENT_WIDTH, gap, heading, key_values, markup, p
from .program_data import InitiativeReport
from .styles import ALERT, BOLD_FONT, INK, esc, styles, table_style
from .timeline import budget_bars, milestone_timeline

W = CONTENT_WIDTH


def money(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


def _grid(
    header: list[str],
    rows: list[list[str]],
    widths: list[float],
    right: set[int],
    extra: Sequence[tuple] = (),
) -> Table:
    cell, bold = styles()["cell"], styles()["cell_bold"]
    right_cell = ParagraphStyle("r", parent=cell, alignment=TA_RIGHT)
    right_bold = ParagraphStyle("rb", parent=bold, alignment=TA_RIGHT)
    body = [[Paragraph(esc(h), right_bold if i in right else bold) for i, h in enumerate(header)]]
    for row in rows:
        body.append([Paragraph(text, right_cell if i in right else cell) for i, text in enumerate(row)])
    grid = Table(body, colWidths=[W * share for share in widths], repeatRows=1)
    grid.setStyle(TableStyle(table_style() + list(extra)))
    return grid


def _budget(r: InitiativeReport) -> list[Flowable]:
    rows = [
        [
            esc(b.line),
            money(b.budget),
            money(b.actual),
            money(b.remaining),
            "—" if b.spent_share is None else f"{b.spent_share:.1%}",
            str(b.count),
        ]
        for b in r.lines
    ]
    share = "—" if r.spent_share is None else f"{r.spent_share:.1%}"
    total = [
        "<b>Total</b>",
        f"<b>{money(r.budget)}</b>",
        f"<b>{money(r.actual)}</b>",
        f"<b>{money(r.remaining)}</b>",
        f"<b>{share}</b>",
        str(sum(b.count for b in r.lines)),
    ]
    bold_total = [("LINEABOVE", (0, len(rows) + 1), (-1, len(rows) + 1), 0.8, INK)]
    table = _grid(
        ["Budget line", "Budget", "Spent", "Remaining", "Spent %", "Entries"],
        [*rows, total],
        [0.34, 0.15, 0.15, 0.15, 0.11, 0.10],
        {1, 2, 3, 4, 5},
        bold_total,
    )
    return [heading("Budget against actual, by line", "h2"), table, gap(6), budget_bars(r.lines, W)]


def _milestones(r: InitiativeReport) -> list[Flowable]:
    chart = milestone_timeline(r.milestones, r.starts, r.ends, r.today, r.ticks, W)
    rows = []
    alerts = []
    for i, m in enumerate(r.milestones, start=1):
        status = f"<b>Overdue</b> ({esc(m.status.lower())})" if m.overdue else esc(m.status)
        rows.append(
            [esc(m.due_text), esc(m.title), esc(m.kind), status, esc(m.owner or "—"), esc(m.team or "—")]
        )
        if m.overdue:
            alerts.append(("TEXTCOLOR", (0, i), (-1, i), ALERT))
    table = _grid(
        ["Due", "Milestone or deliverable", "Kind", "Status", "Owner", "Action team"],
        rows,
        [0.12, 0.34, 0.12, 0.14, 0.13, 0.15],
        set(),
        alerts,
    )
    flow: list[Flowable] = [KeepTogether([heading("Milestones and deliverables", "h2"), chart]), gap(4)]
    return flow + ([table] if rows else [markup("<i>No milestones yet.</i>", "small")])


def _spending(r: InitiativeReport) -> list[Flowable]:
    flow: list[Flowable] = [CondPageBreak(1.5 * inch), heading("Expenditures", "h2")]
    if not r.spending:
        return [*flow, markup("<i>Nothing spent yet.</i>", "small")]
    rows = []
    for s in r.spending:
        amount = f"<strike>{money(s.amount)}</strike>" if s.cancelled else money(s.amount)
        note = esc(s.note) + (" <i>(cancelled; not counted)</i>" if s.cancelled else "")
        rows.append([esc(s.day_text), esc(s.line), amount, note])
    flow.append(_grid(["Date", "Budget line", "Amount", "Note"], rows, [0.13, 0.27, 0.14, 0.46], {2}))
    return flow


def render_initiative(r: InitiativeReport) -> bytes:
    big = ParagraphStyle("big", parent=styles()["body"], fontName=BOLD_FONT, fontSize=11, leading=15)
    flow: list[Flowable] = [
        markup("PARTNERSHIP INITIATIVE", "label"),
        p(r.name, "title"),
        p(f"{r.partnership} · {r.period}", "subtitle"),
        key_values(
            [
                ("Owner", r.owner or "—"),
                ("Period", r.period),
                ("Funded", money(r.funded)),
                ("Budget", money(r.budget)),
                ("Spent to date", money(r.actual)),
                ("Remaining", money(r.remaining)),
            ]
        ),
        gap(4),
        Paragraph(esc(r.burn), big),
    ]
    if r.description:
        flow.append(p(r.description))
    flow += [gap(4), *_milestones(r), gap(6), *_budget(r)]
    if r.funding:
        rows = [
            [esc(f.funder), esc(f.grant or "—"), money(f.amount), esc(f.period or "—")] for f in r.funding
        ]
        flow += [
            CondPageBreak(1.2 * inch),
            heading("Funding sources", "h2"),
            _grid(["Funder", "Grant", "Amount", "Period"], rows, [0.3, 0.3, 0.15, 0.25], {2}),
        ]
    flow += _spending(r)
    flow += [gap(4), *(markup(f"<i>{esc(n)}</i>", "small") for n in r.notes)]
    # An internal paper: the budget and who owns what.
    return build_pdf(flow, f"Initiative: {r.name}", r.generated, office=r.office, confidential=True)
