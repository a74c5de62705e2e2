"""Importing another publisher's table (Lightcast, JobsEQ, a state LMI portal) through a saved
column mapping: which column holds the area, the occupation, the industry and each figure.

Each figure lands in lmi_figure with its source, period, release date, area and file.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select

from sector_desktop.errors import ImportRefused
from sector_desktop.models import LmiColumnMapping, LmiFigure, LmiRelease, utcnow
from sector_desktop.store import Database

from .areas import Area, parse_area
from .common import CellError, LmiPreview, number
from .importing import _release_date, refusal
from .reading import check_file, file_sha256, iter_rows
from .sectors import TEAM_SECTORS, naics_sector

# The fields a mapping can name a column for (besides its measures).
FIELDS = ("area", "area_code", "occupation", "occupation_code", "naics", "period")
TEAM_BY_NAICS = {code: key for key, code in TEAM_SECTORS.items()}


def save_mapping(db: Database, name: str, source: str, columns: dict[str, Any]) -> str:
    """Save (or replace) a named mapping; it needs at least one measure column."""
    name, source = name.strip(), source.strip()
    if not name or not source:
        raise ImportRefused("A column mapping needs a name and a source (the publisher and product).")
    if not columns.get("measures"):
        raise ImportRefused(f"The mapping {name!r} names no figure column (a measure); nothing was saved.")
    unknown = sorted(set(columns) - {*FIELDS, "measures"})
    if unknown:
        raise ImportRefused(f"The mapping {name!r} has unknown fields: {', '.join(unknown)}.")
    with db.session() as session:
        saved = session.scalar(
            select(LmiColumnMapping).where(
                LmiColumnMapping.name == name, LmiColumnMapping.deleted_at.is_(None)
            )
        )
        if saved is None:
            session.add(LmiColumnMapping(name=name, source=source, columns=columns))
            return f"Saved the column mapping {name!r}."
        saved.source, saved.columns = source, columns
    return f"Replaced the column mapping {name!r}."


def load_mapping(db: Database, name: str) -> LmiColumnMapping:
    with db.read_session() as session:
        found = session.scalar(
            select(LmiColumnMapping).where(
                LmiColumnMapping.name == name, LmiColumnMapping.deleted_at.is_(None)
            )
        )
        names = list(
            session.scalars(select(LmiColumnMapping.name).where(LmiColumnMapping.deleted_at.is_(None)))
        )
    if found is None:
        known = ", ".join(sorted(names)) or "none saved yet"
        raise ImportRefused(f"There is no saved column mapping named {name!r} (saved: {known}).")
    return found


def preview_mapped(
    db: Database, path: Path | str, mapping_name: str, *, areas: list[Area], released: dt.date | None = None
) -> LmiPreview:
    """Read `path` through the saved mapping; rows of other areas are left out when areas are codes."""
    path = Path(path)
    check_file(path)
    mapping = load_mapping(db, mapping_name)
    cols = dict(mapping.columns)
    preview = LmiPreview("mapped", path, path.name, file_sha256(path), mapping.source, "", None, "")
    preview.areas = [str(a) for a in areas]
    rows = iter_rows(path)
    header_row, header = next(((n, c) for n, c in rows if c and any(c)), (0, []))
    index = {h.strip().lower(): i for i, h in enumerate(header)}
    wanted = {f: cols[f] for f in FIELDS if cols.get(f)}
    wanted |= {f"measure:{m}": spec["column"] for m, spec in cols["measures"].items()}
    where: dict[str, int] = {}
    for field, column in wanted.items():
        if str(column).strip().lower() not in index:
            preview.add_error(
                header_row, str(column), "", f"the mapping's column {column!r} is not in the file"
            )
        else:
            where[field] = index[str(column).strip().lower()]
    if not preview.ok:
        return preview
    keep = set(areas)
    periods: set[str] = set()
    for row_number, cells in rows:
        if not cells or not any(cells):
            continue
        preview.rows_read += 1
        at = {f: (cells[i].strip() if i < len(cells) else "") for f, i in where.items()}
        area = _area(at.get("area_code", ""))
        if keep and area is not None and area not in keep:
            preview.rows_other_areas += 1
            continue
        periods.add(at.get("period", ""))
        for measure, spec in cols["measures"].items():
            markers: dict[str, str] = {}
            text = at[f"measure:{measure}"]
            try:
                value = number(text, measure, markers)
            except CellError as exc:
                preview.add_error(row_number, spec["column"], text, str(exc))
                continue
            if value is None:
                preview.rows_left_out += 1  # a blank or marked figure is not a number: not stored as one
                continue
            sector = naics_sector(at.get("naics"))
            preview.rows.append(
                {
                    "sector": TEAM_BY_NAICS.get(sector or "", sector or ""),
                    "area": at.get("area") or at.get("area_code") or "",
                    "area_code": str(area) if area else (at.get("area_code") or None),
                    "occupation": at.get("occupation") or None,
                    "occ_code": at.get("occupation_code") or None,
                    "measure": measure,
                    "value": value,
                    "unit": spec.get("unit"),
                    "source": mapping.source,
                    "period": at.get("period") or None,
                }
            )
    preview.period = ", ".join(sorted(p for p in periods if p)) or "period not given"
    preview.released_on, preview.released_basis = _release_date(released, None, path)
    return preview


def _area(text: str) -> Area | None:
    if not text or not re.fullmatch(r"[A-Za-z]*:?\w+", text):
        return None
    try:
        return parse_area(text)
    except ValueError:
        return None


def apply_mapped(db: Database, preview: LmiPreview, imported_by: str | None = None) -> str:
    if not preview.ok:
        raise refusal(preview)
    with db.session() as session:
        if session.scalar(
            select(LmiRelease.id).where(
                LmiRelease.file_sha256 == preview.sha256, LmiRelease.deleted_at.is_(None)
            )
        ):
            raise ImportRefused(
                f"{preview.file_name} was already imported; importing it again would change nothing."
            )
        release = LmiRelease(
            dataset="mapped",
            source=preview.source,
            period=preview.period,
            released_on=preview.released_on,
            file_name=preview.file_name,
            file_sha256=preview.sha256,
            imported_at=utcnow(),
            imported_by=imported_by,
            row_count=len(preview.rows),
            areas=preview.areas,
        )
        session.add(release)
        session.flush()
        if preview.rows:
            rows = [{**r, "release_id": release.id, "released_on": preview.released_on} for r in preview.rows]
            session.execute(insert(cast(Table, LmiFigure.__table__)), rows)  # Core: a fast executemany
    return f"Imported {len(preview.rows):,} figures from {preview.source} ({preview.period})."
