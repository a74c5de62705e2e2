"""The inventory document's data for one sector (or every sector): the programs, which of them serve an
occupation employers named, and the named occupations with the programs for each."""

from __future__ import annotations

from decimal import Decimal

from sector_desktop import clock, timefmt
from sector_desktop.models.choices import ETPL_STATUSES, PROGRAM_MODALITIES, SECTORS, label
from sector_desktop.reports.program_data import InventoryLine, InventoryReport, NamedLine
from sector_desktop.store import Database
from sector_desktop.store.programs import ProgramRow, program_rows

from ..programs.demand import named_occupations, occupation_titles, programs_for_occupation

SHORT_ETPL = {"eligible": "On the ETPL", "pending": "ETPL pending", "not_listed": "Not on the ETPL"}


def _line(p: ProgramRow, titles: dict[str, str], named: set[str]) -> InventoryLine:
    occupations = tuple((soc, titles.get(soc, ""), soc in named) for soc in p.soc_codes)
    return InventoryLine(
        provider=p.provider_name or "—",
        program=p.name,
        credential=p.credential or "",
        occupations=occupations,
        hours=p.hours,
        weeks=p.duration_weeks,
        cost=None if p.cost_cents is None else Decimal(p.cost_cents) / 100,
        schedule=p.schedule or "",
        modality=label(PROGRAM_MODALITIES, p.modality),
        next_start=p.next_start,
        next_start_text=timefmt.date(p.next_start),
        etpl=SHORT_ETPL.get(p.etpl_status or "", label(ETPL_STATUSES, p.etpl_status)),
        capacity=p.capacity,
        contact_name=p.contact_name or "",
        contact_email=p.contact_email or "",
        contact_phone=p.contact_phone or "",
    )


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def inventory_report(db: Database, sector: str | None, office: str) -> InventoryReport:
    """The inventory of `sector` (a code such as "healthcare"; None: every sector)."""
    with db.read_session() as s:
        programs = program_rows(s, sector)
        titles = occupation_titles(s)
        named = named_occupations(s, sector)
    lines = [_line(p, titles, set(named)) for p in programs]
    serving = sum(1 for line in lines if line.serves_named)
    providers = len({p.provider_name for p in programs})
    on_list = sum(1 for p in programs if p.etpl_status == "eligible")
    seats = sum(p.capacity or 0 for p in programs)
    named_lines = [
        NamedLine(
            n.title,
            n.soc,
            len(n.employers),
            n.openings,
            n.gaps,
            tuple(f"{p.name} ({p.provider_name})" for p in programs_for_occupation(programs, n.soc)),
        )
        for n in named.values()
    ]
    named_lines.sort(key=lambda n: (-n.employers, -n.openings, n.occupation))
    uncovered = sum(1 for n in named_lines if not n.programs)
    summary = [
        f"{_count(len(lines), 'program')} from {_count(providers, 'provider')}; {on_list} on the state's "
        f"Eligible Training Provider List; {seats:,} seats per cohort in all.",
        f"Programs that prepare for an occupation employers named in hiring needs or skill gaps: {serving}. "
        f"Named occupations with no program in the inventory: {uncovered} of {len(named_lines)}.",
    ]
    return InventoryReport(
        office=office,
        sector=label(SECTORS, sector) if sector else "Every sector",
        as_of=timefmt.date(clock.today()),
        summary=summary if lines else [],
        programs=lines,
        named=named_lines,
        date_format=timefmt.excel_date_format(),
        generated=timefmt.stamp(clock.now()),
    )
