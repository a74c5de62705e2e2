"""The education and training program inventory as a PDF, per sector: every program with its provider,
credential, the occupations it serves (★ where employers named the occupation in hiring needs or skill
gaps), length, cost, schedule, next start, ETPL status, seats and contact; then the occupations employers
named, with the programs that prepare for each (and those no program in the inventory serves)."""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from .layout import build_pdf
from .parts import CONTENT_WIDTH, gap, heading, markup, p
from .program_data import InventoryLine, InventoryReport
from .styles import ALERT, esc, styles, table_style

W = CONTENT_WIDTH
STAR = "★"


def _program_cell(line: InventoryLine) -> str:
    parts = [f"<b>{esc(line.program)}</b>", esc(line.provider)]
    if line.credential:
        parts.append(f"<i>{esc(line.credential)}</i>")
    contact = " · ".join(x for x in (line.contact_name, line.contact_phone, line.contact_email) if x)
    if contact:
        parts.append(f"<font size=7.5>{esc(contact)}</font>")
    return "<br/>".join(parts)


def _occupations_cell(line: InventoryLine) -> str:
    shown = []
    for soc, title, named in line.occupations:
        text = f"{esc(soc)} {esc(title)}"
        shown.append(f"<b>{STAR} {text}</b>" if named else text)
    return "<br/>".join(shown) or "—"


def _length_cell(line: InventoryLine) -> str:
    parts = (f"{line.hours:,} h" if line.hours else "", f"{line.weeks} wk" if line.weeks else "")
    length = "<br/>".join(x for x in parts if x)
    if line.cost is None:
        cost = "—"
    elif line.cost == 0:
        cost = "Free"
    else:
        cost = f"${line.cost:,.2f}".removesuffix(".00")
    return f"{length or '—'}<br/>{cost}"


def _programs(r: InventoryReport) -> Table:
    cell, bold = styles()["cell"], styles()["cell_bold"]
    small = ParagraphStyle("inv_small", parent=cell, fontSize=7.8, leading=9.6)
    right = ParagraphStyle("inv_right", parent=small, alignment=TA_RIGHT)
    header = [
        "Program, provider, credential, contact",
        "Occupations served (SOC)",
        "Length · cost",
        "Schedule",
        "Next start",
        "ETPL · seats",
    ]
    body = [[Paragraph(esc(h), bold) for h in header]]
    for line in r.programs:
        schedule = " · ".join(x for x in (line.modality, line.schedule) if x) or "—"
        seats = f"{line.etpl or '—'}<br/>{line.capacity} seats" if line.capacity else (line.etpl or "—")
        body.append(
            [
                Paragraph(_program_cell(line), small),
                Paragraph(_occupations_cell(line), small),
                Paragraph(_length_cell(line), right),
                Paragraph(esc(schedule), small),
                Paragraph(esc(line.next_start_text or "—"), small),
                Paragraph(seats, small),
            ]
        )
    widths = [0.28, 0.22, 0.12, 0.15, 0.11, 0.12]
    grid = Table(body, colWidths=[W * w for w in widths], repeatRows=1)
    grid.setStyle(TableStyle(table_style()))
    return grid


def _named(r: InventoryReport) -> list[Flowable]:
    flow: list[Flowable] = [
        CondPageBreak(1.6 * inch),
        heading("Occupations employers named, and the programs for them", "h2"),
    ]
    if not r.named:
        return [*flow, markup("<i>No hiring need or skill gap on file names an occupation.</i>", "small")]
    cell, bold = styles()["cell"], styles()["cell_bold"]
    right = ParagraphStyle("named_right", parent=cell, alignment=TA_RIGHT)
    head_right = ParagraphStyle("named_head_right", parent=bold, alignment=TA_RIGHT)
    header = [
        ("Occupation (SOC)", bold),
        ("Employers", head_right),
        ("Openings", head_right),
        ("Programs in the inventory", bold),
    ]
    body = [[Paragraph(h, s) for h, s in header]]
    look = list(table_style())
    for i, n in enumerate(r.named, start=1):
        programs = "<br/>".join(esc(x) for x in n.programs) or "<b>None in the inventory</b>"
        body.append(
            [
                Paragraph(f"{esc(n.occupation)} ({esc(n.soc)})", cell),
                Paragraph(f"{n.employers:,}", right),
                Paragraph(f"{n.openings:,}", right),
                Paragraph(programs, cell),
            ]
        )
        if not n.programs:
            look.append(("TEXTCOLOR", (3, i), (3, i), ALERT))
    grid = Table(body, colWidths=[W * w for w in (0.33, 0.13, 0.12, 0.42)], repeatRows=1)
    grid.setStyle(TableStyle(look))
    note = (
        "Named: an employer's hiring need or skill gap on a visit reads as that SOC occupation "
        "(a typed code, a common title, or a close match to an occupation title on file)."
    )
    return [*flow, grid, markup(esc(note), "small")]


def render_inventory(r: InventoryReport) -> bytes:
    flow: list[Flowable] = [
        markup("EDUCATION AND TRAINING PROGRAM INVENTORY", "label"),
        p(f"{r.sector}: training programs", "title"),
        p(f"{r.office} · as of {r.as_of}", "subtitle"),
        *(p(line) for line in r.summary),
        gap(4),
        markup(f"<b>{STAR}</b> an occupation employers named in hiring needs or skill gaps.", "small"),
        gap(4),
    ]
    if r.programs:
        flow.append(_programs(r))
    else:
        flow.append(markup("<i>No programs in the inventory for this sector yet.</i>", "small"))
    flow += [gap(8), *_named(r)]
    # Handed to partners and employers at a convening: no confidentiality line.
    return build_pdf(
        flow, f"Training program inventory: {r.sector}", r.generated, office=r.office, confidential=False
    )
