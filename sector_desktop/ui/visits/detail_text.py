"""The visit detail panel's text: the visit and what was recorded at it, as simple HTML."""

from __future__ import annotations

import html

from sector_desktop import timefmt
from sector_desktop.models.choices import EMPLOYER_SERVICES, SECTORS, VISIT_STATUSES, VISIT_TYPES, label
from sector_desktop.store.visits import ActionItemRow, HiringNeedRow, VisitDetail


def detail_html(d: VisitDetail) -> str:
    """The detail panel's text: the visit and what was recorded at it, as simple HTML."""
    e = html.escape
    when = timefmt.when(d.starts_at)
    if d.duration_minutes:
        when += f" · {d.duration_minutes} min"
    parts = [
        f"<h3 style='margin-bottom:2px'><a href='organization:{e(d.organization_id)}'>"
        f"{e(d.organization_name)}</a></h3>",
        f"<p style='margin-top:0'>{e(when)}<br>{e(label(VISIT_TYPES, d.visit_type))} · "
        f"{e(label(VISIT_STATUSES, d.status))}"
        f"{' · ' + e(label(SECTORS, d.sector)) if d.sector else ''}"
        f"{' · ' + e(d.staff_name) if d.staff_name else ''}</p>",
    ]
    if d.purpose:
        parts.append(f"<p><b>Purpose:</b> {e(d.purpose)}</p>")
    if d.attendees:
        people = ", ".join(e(a.name) + (f" ({e(a.title)})" if a.title else "") for a in d.attendees)
        parts.append(f"<p><b>Attendees:</b> {people}</p>")
    if d.notes:
        parts.append("<p><b>Notes</b><br>" + e(d.notes).replace("\n", "<br>") + "</p>")
    if d.services:
        items = "".join(f"<li>{e(label(EMPLOYER_SERVICES, c))}</li>" for c in d.services)
        parts.append(f"<p><b>Services provided</b></p><ul>{items}</ul>")
    if d.hiring_needs:
        items = "".join(f"<li>{e(_need_text(n))}</li>" for n in d.hiring_needs)
        parts.append(f"<p><b>Hiring needs</b></p><ul>{items}</ul>")
    if d.skill_gaps:
        items = "".join(f"<li>{e(g.skill)}{' — ' + e(g.notes) if g.notes else ''}</li>" for g in d.skill_gaps)
        parts.append(f"<p><b>Skill gaps</b></p><ul>{items}</ul>")
    if d.action_items:
        items = "".join(f"<li>{e(_action_text(a))}</li>" for a in d.action_items)
        parts.append(f"<p><b>Follow-ups</b></p><ul>{items}</ul>")
    return "".join(parts)


def _need_text(n: HiringNeedRow) -> str:
    text = n.occupation
    if n.openings:
        text += f" — {n.openings} opening{'s' if n.openings != 1 else ''}"
    if n.wage_min is not None or n.wage_max is not None:
        low = f"${n.wage_min:,.2f}" if n.wage_min is not None else "?"
        high = f"${n.wage_max:,.2f}" if n.wage_max is not None else "?"
        text += f", {low}–{high}" if low != high else f", {low}"
    if n.timeline:
        text += f", {n.timeline}"
    return text


def _action_text(a: ActionItemRow) -> str:
    text = a.text
    extra = [x for x in (a.owner_name, f"due {timefmt.date(a.due_date)}" if a.due_date else None) if x]
    if a.status != "open":
        extra.append(a.status)
    return text + (f" ({', '.join(extra)})" if extra else "")
