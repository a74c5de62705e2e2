"""The apprenticeship checklist: one page per program with every document and what blocks the next stage."""

from __future__ import annotations

from reportlab.platypus import Flowable

from .data import ApprenticeshipChecklist
from .layout import build_pdf
from .parts import CONTENT_WIDTH, empty_note, grid, heading, key_values, markup, p
from .styles import esc

W = CONTENT_WIDTH


def render_checklist(c: ApprenticeshipChecklist) -> bytes:
    flow: list[Flowable] = [
        markup("APPRENTICESHIP CHECKLIST", "label"),
        p(c.occupation, "title"),
        p(c.sponsor, "subtitle"),
        key_values(
            [
                ("State", c.state),
                ("Stage", c.stage),
                ("Next stage", c.next_stage or "—"),
                ("Registration no.", c.registration_number or "—"),
            ]
        ),
        heading("Paperwork"),
    ]
    if c.documents:
        rows = [
            [
                d.title,
                d.status + (" (overdue)" if d.overdue else ""),
                d.due,
                d.blocks,
                d.files or "",
            ]
            for d in c.documents
        ]
        alert = [i for i, d in enumerate(c.documents) if d.overdue]
        flow.append(
            grid(
                ["Document", "Status", "Due", "Needed before", "Files"],
                rows,
                [W * 0.38, W * 0.2, W * 0.15, W * 0.18, W * 0.09],
                alert,
            )
        )
    else:
        flow.append(empty_note("No documents on the checklist yet."))
    flow.append(heading(f"What blocks {c.next_stage or 'the next stage'}"))
    flow += [markup(f"• {esc(b)}", "body") for b in c.blockers] or [
        p("Nothing: the program is ready to move on.")
    ]
    if c.findings:
        flow.append(heading("Rules on file", "h2"))
        flow += [markup(f"• {esc(f)}", "small") for f in c.findings]
    return build_pdf(
        flow,
        f"Apprenticeship checklist: {c.occupation}, {c.sponsor}",
        c.generated,
        office=c.office,
        confidential=True,
    )
