"""The briefing packet for one organization, and the day packet: a route sheet and one packet per stop."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Table, TableStyle

from .data import BriefingPacket, DayPacket
from .layout import build_pdf
from .parts import (
    CONTENT_WIDTH,
    RuledLines,
    empty_note,
    gap,
    grid,
    heading,
    key_values,
    markup,
    p,
    qr_code,
    visits_chart,
)
from .styles import esc

W = CONTENT_WIDTH


def _cover(b: BriefingPacket) -> list[Flowable]:
    out: list[Flowable] = [gap(40), markup("BRIEFING PACKET", "label"), p(b.organization, "title")]
    if b.dba:
        out.append(p(f"Doing business as {b.dba}", "subtitle"))
    out += [
        gap(6),
        key_values(
            [
                ("Meeting date", b.meeting_date),
                ("Purpose", b.purpose or "General relationship visit"),
                ("Attendees", "; ".join(b.attendees) or "To be confirmed"),
                ("Staff", b.staff),
                ("Address", b.address),
                ("Phone", b.phone),
            ]
        ),
        gap(18),
        markup(
            "<b>In this packet:</b> profile · contacts · relationship summary · open action items · "
            "hiring needs and skill gaps · apprenticeship status"
            + (" · sector notes" if b.lmi or b.training else "")
            + " · notes page",
            "small",
        ),
        PageBreak(),
    ]
    return out


def _profile(b: BriefingPacket) -> list[Flowable]:
    return [
        heading("Profile"),
        key_values(
            [
                ("Address", b.address),
                ("Phone / website", " · ".join(x for x in (b.phone, b.website) if x)),
                ("Sector / NAICS", " · ".join(x for x in (b.sector, b.naics) if x)),
                ("Kind / status", f"{b.kind} · {b.status}"),
                ("Size", b.size),
                ("Sites", b.sites),
                ("Assigned staff", b.assigned_staff),
                ("FEIN", b.fein),
                ("Partnerships", "; ".join(b.memberships) or "Not a member of a partnership yet"),
            ]
        ),
        heading("Contacts"),
        grid(
            ["Name", "Title", "Email", "Phone"],
            [[f"{c.name}{' (primary)' if c.primary else ''}", c.title, c.email, c.phone] for c in b.contacts],
            [W * 0.25, W * 0.21, W * 0.36, W * 0.18],
        )
        if b.contacts
        else empty_note("No contacts on file."),
    ]


def _relationship(b: BriefingPacket) -> list[Flowable]:
    total = sum(n for _, n in b.visits_by_month)
    out: list[Flowable] = [
        heading("Relationship summary"),
        p(f"{total} visit{'s' if total != 1 else ''} in the last 24 months.", "body"),
        visits_chart(b.visits_by_month),
    ]
    if b.services_given:
        services = [[s, n] for s, n in b.services_given]
        out += [
            heading("Services given (ETA-9169 categories)", "h2"),
            grid(["Service", "Times"], services, [W * 0.8, W * 0.2]),
        ]
    out.append(heading("Last visits", "h2"))
    if not b.last_visits:
        out.append(empty_note("No visits recorded yet."))
    for v in b.last_visits:
        line = f"<b>{esc(v.when)}</b> · {esc(v.visit_type)} · {esc(v.staff)}"
        out.append(KeepTogether([markup(line, "body"), p(v.purpose or "", "small")]))
        if v.notes:
            out.append(p(v.notes, "body"))  # may be long: a top-level paragraph splits across pages
        out.append(gap(4))
    return out


def _follow_ups(b: BriefingPacket) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(1.5 * inch), heading("Open action items")]
    if not b.follow_ups:
        return [*out, empty_note("No open action items.")]
    rows = [[("OVERDUE " if f.overdue else "") + f.due, f.text, f.owner, f.source] for f in b.follow_ups]
    alert = [i for i, f in enumerate(b.follow_ups) if f.overdue]
    return [
        *out,
        grid(["Due", "Action item", "Owner", "From"], rows, [W * 0.17, W * 0.5, W * 0.16, W * 0.17], alert),
    ]


def _needs(b: BriefingPacket) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(1.5 * inch), heading("Hiring needs and skill gaps")]
    if b.hiring_needs:
        rows = [
            [h.occupation, "" if h.openings is None else h.openings, h.wage, h.timeline, h.noted_on]
            for h in b.hiring_needs
        ]
        out.append(
            grid(
                ["Occupation", "Openings", "Wage", "Timeline", "Noted"],
                rows,
                [W * 0.29, W * 0.12, W * 0.2, W * 0.22, W * 0.17],
            )
        )
    else:
        out.append(empty_note("No hiring needs on record."))
    out.append(heading("Skill gaps", "h2"))
    out.append(p("; ".join(b.skill_gaps)) if b.skill_gaps else empty_note("No skill gaps on record."))
    return out


def _apprenticeship(b: BriefingPacket) -> list[Flowable]:
    out: list[Flowable] = [CondPageBreak(1.2 * inch), heading("Apprenticeship status")]
    if not b.programs:
        return [*out, empty_note("No registered apprenticeship program on file for this organization.")]
    for prog in b.programs:
        out.append(markup(f"<b>{esc(prog.occupation)}</b>: {esc(prog.stage)}", "body"))
        if prog.missing_or_overdue:
            out.append(
                grid(["Missing or overdue paperwork"], [[x] for x in prog.missing_or_overdue], [W], range(99))
            )
        else:
            out.append(empty_note("All paperwork for the current stage is in."))
    return out


def _sector(b: BriefingPacket) -> list[Flowable]:
    if not b.lmi and not b.training:
        return []  # the profile holds no sector figures: leave the section out
    out: list[Flowable] = [CondPageBreak(1.5 * inch), heading(f"Sector notes: {b.sector}")]
    if b.lmi:
        rows = [[m.measure, m.occupation or m.area, m.value, f"{m.source} ({m.released_on})"] for m in b.lmi]
        out.append(
            grid(
                ["Measure", "For", "Figure", "Source (released)"],
                rows,
                [W * 0.26, W * 0.25, W * 0.19, W * 0.30],
            )
        )
    if b.training:
        out.append(heading("Training programs in the sector", "h2"))
        rows = [[t.name, t.provider, t.credential, f"{t.weeks} weeks" if t.weeks else ""] for t in b.training]
        out.append(
            grid(
                ["Program", "Provider", "Credential", "Length"], rows, [W * 0.32, W * 0.3, W * 0.24, W * 0.14]
            )
        )
    return out


def _notes_page(b: BriefingPacket) -> list[Flowable]:
    record = b.visit_id or b.organization_id
    kind = "visit" if b.visit_id else "organization"
    caption = markup(
        f"<b>Notes: {esc(b.organization)}</b><br/>{esc(b.meeting_date)}<br/>"
        f"<font size=7>Photograph this page and attach it to the {kind}; the code is its record id:"
        f"<br/>{esc(record)}</font>",
        "body",
    )
    top = Table(
        [[caption, qr_code(f"sector-desktop:{kind}:{record}")]], colWidths=[W - 1.3 * inch, 1.3 * inch]
    )
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [PageBreak(), top, gap(10), RuledLines(W, 7.4 * inch)]


def packet_flowables(b: BriefingPacket) -> list[Flowable]:
    parts: Sequence[list[Flowable]] = (
        _cover(b),
        _profile(b),
        _relationship(b),
        _follow_ups(b),
        _needs(b),
        _apprenticeship(b),
        _sector(b),
        _notes_page(b),
    )
    return [f for part in parts for f in part]


def render_briefing(b: BriefingPacket) -> bytes:
    return build_pdf(
        packet_flowables(b),
        f"Briefing packet: {b.organization}",
        b.generated,
        b.staff,
        office=b.office,
        confidential=True,
    )


def render_day(day: DayPacket) -> bytes:
    rows = [[s.time, s.organization, s.address, s.contact, s.phone, s.purpose] for s in day.stops]
    flow: list[Flowable] = [
        markup("DAY PACKET", "label"),
        p(f"Route for {day.day}", "title"),
        p(f"{day.staff} · {len(day.stops)} stop{'s' if len(day.stops) != 1 else ''}", "subtitle"),
        grid(
            ["Time", "Stop", "Address", "Contact", "Phone", "Purpose"],
            rows,
            [W * 0.11, W * 0.19, W * 0.21, W * 0.13, W * 0.15, W * 0.21],
        )
        if rows
        else empty_note("Nothing is planned for this day."),
    ]
    for packet in day.packets:
        flow.append(PageBreak())
        flow += packet_flowables(packet)
    title = f"Day packet: {day.day}, {day.staff}"
    return build_pdf(flow, title, day.generated, day.staff, office=day.office, confidential=True)


__all__ = ["packet_flowables", "render_briefing", "render_day"]
