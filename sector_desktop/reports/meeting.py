"""Meeting paperwork: the agenda, the sign-in sheet with blank rows for guests, and the minutes."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from .data import MeetingPaperwork, SectorBrief
from .layout import build_pdf
from .parts import CONTENT_WIDTH, empty_note, gap, grid, heading, key_values, markup, p
from .sector import sector_brief_flow
from .styles import esc, styles, table_style

W = CONTENT_WIDTH
GUEST_ROWS = 8


def _header(m: MeetingPaperwork, kind: str) -> list[Flowable]:
    where = " · ".join(x for x in (m.location, m.video_link) if x) or "To be confirmed"
    group = " · ".join(x for x in (m.partnership, m.workgroup) if x)
    return [
        markup(esc(kind.upper()), "label"),
        p(m.title, "title"),
        p(group, "subtitle"),
        key_values(
            [("When", m.when), ("Where", where), ("Type", m.meeting_type), ("Facilitator", m.facilitator)]
        ),
        gap(10),
    ]


def _agenda_table(m: MeetingPaperwork) -> Flowable:
    if not m.agenda:
        return empty_note("No agenda items yet.")
    rows = [
        [a.position, a.title, a.presenter, f"{a.minutes_allotted} min" if a.minutes_allotted else ""]
        for a in m.agenda
    ]
    return grid(["#", "Item", "Presenter", "Time"], rows, [W * 0.06, W * 0.6, W * 0.22, W * 0.12])


def render_agenda(m: MeetingPaperwork, brief: SectorBrief | None = None) -> bytes:
    """The agenda; a launch meeting's carries the sector brief after it, as the data handout."""
    total = sum(a.minutes_allotted or 0 for a in m.agenda)
    flow = [*_header(m, "Agenda"), heading("Agenda"), _agenda_table(m)]
    if total:
        flow.append(p(f"Planned length: {total} minutes.", "small"))
    if brief is not None:
        flow += [p("The sector brief follows: the data for the discussion of the sector.", "small")]
        flow += [PageBreak(), *sector_brief_flow(brief)]
    return build_pdf(flow, f"Agenda: {m.title}", m.generated, m.facilitator)


def render_signin(m: MeetingPaperwork) -> bytes:
    """The roster pre-filled, then blank rows for guests; columns for signature, organization and e-mail."""
    style = styles()
    head = [markup(h, "cell_bold") for h in ("Name", "Organization", "E-mail", "Signature")]
    names = m.roster if m.accepted is None else m.accepted
    rows = [[p(a.name, "cell"), p(a.organization, "cell"), p(a.email, "cell"), ""] for a in names]
    rows += [["", "", "", ""] for _ in range(GUEST_ROWS)]
    table = Table(
        [head, *rows],
        colWidths=[W * 0.24, W * 0.28, W * 0.26, W * 0.22],
        repeatRows=1,
        rowHeights=[None] + [0.36 * inch] * len(rows),
    )
    cmds = [
        *table_style(zebra=False),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("GRID", (0, 1), (-1, -1), 0.4, style["cell"].textColor),
    ]
    table.setStyle(TableStyle(cmds))
    flow = [
        *_header(m, "Sign-in sheet"),
        p(
            f"{len(m.roster)} on the roster; guests, please add yourselves below."
            if m.accepted is None
            else f"{len(m.accepted)} accepted the invitation; everyone else, please add yourselves below.",
            "small",
        ),
        gap(4),
        table,
    ]
    return build_pdf(flow, f"Sign-in sheet: {m.title}", m.generated, m.facilitator)


def render_minutes(m: MeetingPaperwork) -> bytes:
    present = [a for a in m.roster if a.status in ("present", "guest")]
    absent = [a for a in m.roster if a.status == "absent"]
    flow: list[Flowable] = [*_header(m, "Minutes"), heading("Attendance")]
    flow.append(
        p(
            f"{len(present)} present: {m.business_count} business representatives and "
            f"{m.partner_count} public or nonprofit partners.",
            "body",
        )
    )
    if present:
        flow.append(
            grid(
                ["Present", "Organization", "As"],
                [
                    [
                        a.name,
                        a.organization,
                        "Guest" if a.status == "guest" else ("Business" if a.business else "Partner"),
                    ]
                    for a in present
                ],
                [W * 0.35, W * 0.45, W * 0.2],
            )
        )
    if absent:
        flow.append(p("Absent: " + "; ".join(f"{a.name} ({a.organization})" for a in absent), "small"))
    flow.append(heading("Notes by agenda item"))
    if not m.agenda:
        flow.append(empty_note("No agenda items."))
    for a in m.agenda:
        flow.append(heading(f"{a.position}. {a.title}", "h2"))
        flow.append(p(a.minutes) if a.minutes else empty_note("No notes taken."))
    flow.append(heading("Decisions"))
    flow += [p(f"• {d}") for d in m.decisions] or [empty_note("No decisions recorded.")]
    flow.append(heading("Action items"))
    if m.action_items:
        rows = [[f.text, f.owner, f.due, f.status] for f in m.action_items]
        flow.append(
            grid(["Action item", "Owner", "Due", "Status"], rows, [W * 0.5, W * 0.2, W * 0.15, W * 0.15])
        )
    else:
        flow.append(empty_note("No action items."))
    return build_pdf(flow, f"Minutes: {m.title}", m.generated, m.facilitator)
