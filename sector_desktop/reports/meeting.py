"""Meeting paperwork: the agenda, the sign-in sheet with blank rows for guests, and the minutes.

All three are handed to employers and partners: the office's name heads them and no confidentiality
line is printed. The sign-in sheet prints no stored e-mail or phone: people write their own."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Table, TableStyle

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
    return _pdf(flow, f"Agenda: {m.title}", m)


def _pdf(flow: list[Flowable], title: str, m: MeetingPaperwork) -> bytes:
    return build_pdf(flow, title, m.generated, m.facilitator, office=m.office, confidential=False)


def render_signin(m: MeetingPaperwork) -> bytes:
    """The roster's (or, when anyone was invited, those who accepted) names and organizations
    pre-filled, then blank rows for guests; blank columns for a signature, an e-mail and a phone
    (written by hand: no stored contact detail is printed)."""
    style = styles()
    head = [markup(h, "cell_bold") for h in ("Name", "Organization", "Signature", "E-mail", "Phone")]
    names = m.roster if m.accepted is None else m.accepted
    rows: list[list[object]] = [[p(a.name, "cell"), p(a.organization, "cell"), "", "", ""] for a in names]
    blank = [["", "", "", "", ""] for _ in range(GUEST_ROWS)]
    table = Table(
        [head, *rows, *blank],
        colWidths=[W * 0.2, W * 0.25, W * 0.21, W * 0.2, W * 0.14],
        repeatRows=1,
        # A roster row grows with a long organization's name (padding keeps room to sign); a blank
        # row is as tall as a one-line roster row.
        rowHeights=[None] * (1 + len(rows)) + [0.42 * inch] * len(blank),
    )
    cmds = [
        *table_style(zebra=False),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 1), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
        ("GRID", (0, 0), (-1, -1), 0.4, style["cell"].textColor),
    ]
    table.setStyle(TableStyle(cmds))
    guests = "guests, please add yourselves below" if names else "please sign in below"
    flow = [
        *_header(m, "Sign-in sheet"),
        p(
            (
                f"{len(m.roster)} on the roster; {guests}."
                if m.accepted is None
                else f"{len(m.accepted)} accepted the invitation; everyone else, please add yourselves below."
            )
            + " Write your e-mail and phone if you would like the minutes and follow-ups sent to you.",
            "small",
        ),
        gap(4),
        table,
    ]
    return _pdf(flow, f"Sign-in sheet: {m.title}", m)


def _approval(m: MeetingPaperwork) -> list[Flowable]:
    """The closing lines of the minutes: when they were approved, and the next meeting."""
    blank = "_" * 28
    rows: list[list[Flowable]] = [
        [markup("Approved on", "label"), markup(blank, "body")],
        [markup("Next meeting", "label"), p(m.next_meeting) if m.next_meeting else markup(blank, "body")],
    ]
    table = Table(rows, colWidths=[1.6 * inch, W - 1.6 * inch])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 8)]))
    return [gap(14), KeepTogether([heading("Approval"), table])]


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
    flow += _approval(m)
    return _pdf(flow, f"Minutes: {m.title}", m)
