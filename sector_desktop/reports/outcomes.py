"""The partnership outcomes template (Ohio sector-partnership tool kit) as a PDF: the partnership, its
goals, its measures and outcomes to date by program year, and its roster."""

from __future__ import annotations

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable

from .data import OutcomesTemplate
from .layout import build_pdf
from .parts import gap, key_values, markup, p
from .performance import table
from .styles import esc


def render_outcomes(t: OutcomesTemplate) -> bytes:
    flow: list[Flowable] = [
        markup("SECTOR PARTNERSHIP OUTCOMES", "label"),
        p(t.partnership, "title"),
        p(f"{t.period} · as of {t.as_of}", "subtitle"),
        key_values([("Sector", t.sector), ("Region", t.region), ("Convener", t.convener)]),
        gap(6),
    ]
    for section in t.sections:
        flow += [CondPageBreak(1.4 * inch), *table(section, empty="None recorded yet."), gap(4)]
    flow += [markup(f"<i>{esc(note)}</i>", "small") for note in t.notes]
    return build_pdf(flow, f"Outcomes: {t.partnership}", t.generated, office=t.office, confidential=False)
