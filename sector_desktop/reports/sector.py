"""The sector brief (PDF): a sector's quarters, its occupations, and the team's own demand beside it."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, Table

from .data import SectorBrief
from .layout import build_pdf
from .parts import CONTENT_WIDTH, empty_note, gap, grid, heading, key_values, markup, p
from .styles import ACCENT, BODY_FONT, MUTED, RULE, esc

W = CONTENT_WIDTH


def quarter_chart(title: str, labels: Sequence[str], values: Sequence[int | None], width: float) -> Drawing:
    """Bars per quarter; a suppressed quarter is a gap, not a zero bar."""
    height = 1.7 * inch
    d = Drawing(width, height)
    chart = VerticalBarChart()
    # reportlab takes float sizes; the stubs say int
    chart.x, chart.y, chart.width, chart.height = 40, 18, width - 50, height - 40  # type: ignore[assignment]
    chart.data = [[v if v is not None else None for v in values] or [0]]
    chart.categoryAxis.categoryNames = [
        lbl if i % 4 == 0 or i == len(labels) - 1 else "" for i, lbl in enumerate(labels)
    ] or [""]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize, axis.fillColor = BODY_FONT, 6.5, MUTED
    known = [v for v in values if v is not None]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(known or [1]) * 1.15
    chart.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    chart.valueAxis.strokeColor = chart.categoryAxis.strokeColor = RULE
    chart.bars[0].fillColor, chart.bars[0].strokeColor = ACCENT, None
    d.add(chart)
    d.add(String(0, height - 9, title, fontName=BODY_FONT, fontSize=7.5, fillColor=MUTED))
    return d


def _snapshot(b: SectorBrief) -> list[Flowable]:
    out: list[Flowable] = [heading(f"{b.sector_title} (NAICS {b.sector_code}) in {b.area_title}")]
    if not b.quarters:
        return [*out, empty_note(b.quarters_source)]
    out.append(key_values(b.headline))
    labels = [q.label for q in b.quarters]
    charts = Table(
        [
            [
                quarter_chart(
                    "Employment (third month of the quarter)",
                    labels,
                    [q.employment for q in b.quarters],
                    W / 2,
                ),
                quarter_chart(
                    "Average weekly wage ($)", labels, [q.avg_wkly_wage for q in b.quarters], W / 2
                ),
            ]
        ],
        colWidths=[W / 2, W / 2],
    )
    rows = [
        [
            q.label,
            "suppressed" if q.suppressed else f"{q.establishments or 0:,}",
            "suppressed" if q.employment is None else f"{q.employment:,}",
            "suppressed" if q.avg_wkly_wage is None else f"${q.avg_wkly_wage:,}",
        ]
        for q in reversed(b.quarters[-8:])
    ]
    return [
        *out,
        gap(6),
        charts,
        gap(4),
        grid(["Quarter", "Establishments", "Employment", "Avg weekly wage"], rows, [W * 0.25] * 4),
        markup(f"<font size=7>{esc(b.quarters_source)}</font>", "small"),
    ]


def _occupations(b: SectorBrief) -> list[Flowable]:
    out: list[Flowable] = [
        CondPageBreak(2 * inch),
        heading("Top occupations", "h2"),
        p(b.occupations_basis, "small"),
    ]
    if not b.occupations:
        return [*out, empty_note(b.occupations_source)]
    rows = [
        [f"{o.title} ({o.code})", o.employment, o.median, o.pct10, o.pct90, o.annual_median, o.loc_quotient]
        for o in b.occupations
    ]
    widths = [W * 0.33, W * 0.1, W * 0.1, W * 0.1, W * 0.1, W * 0.12, W * 0.15]
    header = [
        "Occupation",
        "Jobs",
        "Median /h",
        "10th pct",
        "90th pct",
        "Median /yr",
        "Location quotient",
    ]
    return [
        *out,
        grid(header, rows, widths),
        markup(f"<font size=7>{esc(b.occupations_source)}</font>", "small"),
    ]


def _demand(b: SectorBrief) -> list[Flowable]:
    out: list[Flowable] = [
        CondPageBreak(2 * inch),
        heading("The team's own demand", "h2"),
        p(b.demand_scope, "small"),
    ]
    if b.demand:
        rows = [
            [
                d.occupation,
                f"{d.openings:,}",
                str(len(d.employers)),
                d.wage_offered,
                d.area_median,
                d.versus_median,
                "; ".join(name for _, name in d.employers[:4]) + ("…" if len(d.employers) > 4 else ""),
            ]
            for d in b.demand[:20]
        ]
        widths = [W * 0.19, W * 0.12, W * 0.12, W * 0.11, W * 0.11, W * 0.1, W * 0.25]
        header = ["Occupation", "Openings", "Employers", "Wage offered", "Area median", "vs median", "Who"]
        out.append(grid(header, rows, widths))
    else:
        out.append(empty_note("No hiring needs logged on visits to these employers."))
    out.append(heading("Skill gaps named by employers", "h2"))
    if b.skill_gaps:
        rows = [
            [g.skill, str(len(g.employers)), "; ".join(n for _, n in g.employers[:5])]
            for g in b.skill_gaps[:15]
        ]
        out.append(grid(["Skill", "Employers", "Who"], rows, [W * 0.35, W * 0.12, W * 0.53]))
    else:
        out.append(empty_note("No skill gaps logged on visits to these employers."))
    return out


def _other(b: SectorBrief) -> list[Flowable]:
    out: list[Flowable] = []
    if b.other_figures:
        rows = [
            [m.measure, m.occupation or m.area, m.value, f"{m.source} ({m.released_on})"]
            for m in b.other_figures
        ]
        out += [
            heading("Other figures", "h2"),
            grid(
                ["Measure", "For", "Figure", "Source (released)"],
                rows,
                [W * 0.3, W * 0.25, W * 0.13, W * 0.32],
            ),
        ]
    out.append(heading("Sources", "h2"))
    out += [p(s, "small") for s in b.sources] or [empty_note("No labour-market figures imported yet.")]
    return out


def sector_brief_flow(b: SectorBrief) -> list[Flowable]:
    """The brief's content, for its own PDF or as a handout after a launch meeting's agenda."""
    return [
        markup("SECTOR BRIEF", "label"),
        p(f"{b.sector_title}: {b.area_title}", "title"),
        p(f"Prepared {b.generated} for the workgroup", "subtitle"),
        gap(8),
        *_snapshot(b),
        *_occupations(b),
        *_demand(b),
        *_other(b),
    ]


def render_sector_brief(b: SectorBrief) -> bytes:
    """The brief as its own PDF: prepared for the workgroup, so no confidentiality line."""
    title = f"Sector brief: {b.sector_title}, {b.area_title}"
    return build_pdf(sector_brief_flow(b), title, b.generated, office=b.office, confidential=False)
