"""The inventory and initiative documents (PDF or XLSX) as bytes, from the local database. The CLI's
`report inventory` / `report initiative` and the app's pages call these, so both make the same files."""

from __future__ import annotations

from sqlalchemy import func, select

from sector_desktop.errors import NotFound, SectorError
from sector_desktop.models import Initiative
from sector_desktop.models.choices import SECTORS
from sector_desktop.reports.initiative import render_initiative
from sector_desktop.reports.initiative_xlsx import write_initiative_xlsx
from sector_desktop.reports.inventory import render_inventory
from sector_desktop.reports.inventory_xlsx import write_inventory_xlsx
from sector_desktop.reports.layout import header_office
from sector_desktop.store import Database

from .report_data.initiative import initiative_report
from .report_data.inventory import inventory_report


def sector_of(text: str) -> str | None:
    """A team sector from its code or label ("healthcare", "Information technology"); None for "all"."""
    key = text.strip().lower()
    if key in ("all", "every", "*"):
        return None
    for code, name in SECTORS:
        if key in (code, name.lower()):
            return code
    raise SectorError(f"--sector {text!r}: use one of {', '.join(c for c, _ in SECTORS)}, or all.")


def inventory_document(db: Database, sector: str | None, fmt: str, office: str | None = None) -> bytes:
    data = inventory_report(db, sector, header_office(office or ""))
    return write_inventory_xlsx(data) if fmt == "xlsx" else render_inventory(data)


def resolve_initiative(db: Database, ref: str) -> str:
    """An initiative's id from its id or its name (any case); NotFound names the choices."""
    with db.read_session() as s:
        live = Initiative.deleted_at.is_(None)
        if s.scalar(select(Initiative.id).where(live, Initiative.id == ref)):
            return ref
        found = list(
            s.scalars(select(Initiative.id).where(live, func.lower(Initiative.name) == ref.strip().lower()))
        )
        if len(found) == 1:
            return found[0]
        names = sorted(s.scalars(select(Initiative.name).where(live)))
    if found:
        raise NotFound(f"Several initiatives are called {ref!r}; give the id.")
    listed = "; ".join(names) or "none yet"
    raise NotFound(f"No initiative {ref!r}. The initiatives: {listed}.")


def initiative_document(db: Database, initiative_id: str, fmt: str, office: str | None = None) -> bytes:
    data = initiative_report(db, resolve_initiative(db, initiative_id))
    data.office = header_office(office or "")
    return write_initiative_xlsx(data) if fmt == "xlsx" else render_initiative(data)
