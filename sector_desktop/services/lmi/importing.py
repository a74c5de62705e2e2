"""Importing a publisher's LMI file: preview (read, check, filter; writes nothing), then apply in
ONE transaction. A file with any bad row is refused whole, each problem named by row and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from sector_desktop import timefmt
from sector_desktop.errors import ImportRefused
from sector_desktop.models import LmiRelease, OewsEstimate, OnetOccupation, QcewFigure, utcnow
from sector_desktop.store import Database

from . import oews, onet, qcew
from .areas import Area
from .common import LmiPreview
from .reading import RowFilter, check_file, file_sha256, find_header, iter_rows
from .sectors import TEAM_SECTORS

DATASETS = ("oews", "qcew", "onet")
ProgressFn = Callable[[int, int, str], None]
CHUNK = 2_000


@dataclass(frozen=True)
class LmiImportResult:
    release_id: str
    dataset: str
    period: str
    rows: int
    superseded: list[str]

    def __str__(self) -> str:
        text = f"Imported {self.rows:,} {self.dataset.upper()} figures for {self.period}."
        if self.superseded:
            text += f" They supersede the release(s) {'; '.join(self.superseded)}, which are kept for trends."
        return text


def preview_lmi(
    db: Database,
    dataset: str,
    path: Path | str,
    *,
    areas: list[Area],
    period: str | None = None,
    released: dt.date | None = None,
    progress: ProgressFn | None = None,
) -> LmiPreview:
    """Read and check `path` as `dataset` (oews, qcew, onet), keeping the rows of `areas`."""
    if dataset not in DATASETS:
        raise ImportRefused(f"Cannot import {dataset!r} figures; choose oews, qcew or onet.")
    path = Path(path)
    check_file(path)
    preview = LmiPreview(dataset, path, path.name, file_sha256(path), "", period or "", None, "")
    preview.areas = [str(a) for a in areas]

    def rows_read(count: int) -> None:
        if progress:
            progress(count, 0, f"{count:,} rows read")

    row_filter = RowFilter()
    rows = iter_rows(path, row_filter)
    known: str | None = None
    if dataset == "oews":
        header = find_header(rows, oews.is_header, "a BLS OEWS file", path.name)
        year = oews.year_of(path, period)
        if year is None:
            raise ImportRefused(
                f"Cannot import {path.name}: its reference year is not in the file name; "
                "say which May estimates these are (for example --period 'May 2024')."
            )
        preview.source, preview.period, preview.extra["year"] = oews.SOURCE, f"May {year}", year
        reader = oews.OewsReader(header, preview, areas, set(TEAM_SECTORS.values()))
        row_filter.keep, row_filter.peek, row_filter.first = reader.keep, reader.peek, reader.first
        reader.read(rows, rows_read)
        known = oews.RELEASE_DATES.get(year)
    elif dataset == "qcew":
        header = find_header(rows, qcew.is_header, "a BLS QCEW CSV data slice", path.name)
        quarters = qcew.QcewReader(header, preview, areas)
        row_filter.keep, row_filter.peek = quarters.keep, quarters.peek
        quarters.read(rows, rows_read)
        preview.source, preview.period = qcew.SOURCE, period or quarters.period()
    else:
        header = find_header(rows, onet.is_header, "an O*NET database file", path.name)
        kind = onet.kind_of(header)
        if kind is None:
            raise ImportRefused(
                f"Cannot import {path.name}: it is an O*NET file, but not Occupation Data, Task "
                "Statements, Skills or Technology Skills (see docs/lmi-formats.md)."
            )
        preview.extra["onet_kind"] = kind
        preview.source = f"{onet.SOURCE}: {onet.KIND_NAMES[kind]}"
        preview.period = onet.version_of(path, period)
        onet.OnetReader(header, preview, kind).read(rows, rows_read)
    preview.released_on, preview.released_basis = _release_date(released, known, path)
    with db.read_session() as session:
        preview.already_imported = _already_imported(session, preview)
    if progress:
        progress(preview.rows_read, preview.rows_read, "Checked")
    return preview


def _release_date(given: dt.date | None, known: str | None, path: Path) -> tuple[dt.date, str]:
    if given is not None:
        return given, "as given"
    if known is not None:
        return dt.date.fromisoformat(known), "the BLS news release"
    modified = dt.datetime.fromtimestamp(path.stat().st_mtime).date()
    return modified, "the file's date; give the release date if it differs"


def _already_imported(session: Session, preview: LmiPreview) -> str:
    found = session.execute(
        select(LmiRelease.imported_at, LmiRelease.period).where(
            LmiRelease.deleted_at.is_(None),
            LmiRelease.dataset == preview.dataset,
            LmiRelease.file_sha256 == preview.sha256,
        )
    ).first()
    if found is None:
        return ""
    return (
        f"{preview.file_name} was already imported on {timefmt.date(found.imported_at)} ({found.period}); "
        "importing it again would change nothing."
    )


def refusal(preview: LmiPreview) -> ImportRefused:
    shown = len(preview.errors)
    more = f" (the first {shown} are listed)" if preview.error_count > shown else " (listed below)"
    return ImportRefused(
        f"{preview.file_name} was not imported: {preview.error_count:,} problem"
        f"{'s' if preview.error_count != 1 else ''}{more}; nothing was written.",
        errors=list(preview.errors),
    )


def apply_lmi(db: Database, preview: LmiPreview, imported_by: str | None = None) -> LmiImportResult:
    """Write a checked preview in one transaction: its release, then every kept figure."""
    if not preview.ok:
        raise refusal(preview)
    with db.session() as session:
        again = _already_imported(session, preview)
        if again:
            raise ImportRefused(again)
        superseded = _superseded(session, preview)
        release = LmiRelease(
            dataset=preview.dataset,
            source=preview.source,
            period=preview.period,
            released_on=preview.released_on,
            file_name=preview.file_name,
            file_sha256=preview.sha256,
            imported_at=utcnow(),
            imported_by=imported_by,
            row_count=len(preview.rows),
            areas=preview.areas,
            notes="\n".join(preview.footnotes) or None,
        )
        session.add(release)
        session.flush()
        if preview.dataset == "onet" and preview.extra.get("onet_kind") != "occupations":
            _update_onet(session, preview)
        else:
            model = {"oews": OewsEstimate, "qcew": QcewFigure, "onet": OnetOccupation}[preview.dataset]
            table = cast(Table, model.__table__)  # a declarative class's table is a Table
            for start in range(0, len(preview.rows), CHUNK):
                batch = [{**row, "release_id": release.id} for row in preview.rows[start : start + CHUNK]]
                session.execute(insert(table), batch)
    return LmiImportResult(release.id, preview.dataset, preview.period, len(preview.rows), superseded)


def _superseded(session: Session, preview: LmiPreview) -> list[str]:
    earlier = session.execute(
        select(LmiRelease.period, LmiRelease.released_on).where(
            LmiRelease.deleted_at.is_(None),
            LmiRelease.dataset == preview.dataset,
            LmiRelease.period == preview.period,
        )
    )
    return [f"{period} released {timefmt.date(day)}" if day else period for period, day in earlier]


def _update_onet(session: Session, preview: LmiPreview) -> None:
    """Tasks, skills or technology skills go into the occupations of the newest Occupation Data."""
    kind = str(preview.extra["onet_kind"])
    current = _current_onet(session)
    if not current:
        raise ImportRefused(
            f"{preview.file_name} was not imported: import O*NET's Occupation Data file first "
            "(the tasks, skills and technology skills belong to its occupations); nothing was written."
        )
    missing = [row["onet_code"] for row in preview.rows if row["onet_code"] not in current]
    for row in preview.rows:
        occupation = current.get(row["onet_code"])
        if occupation is not None:
            setattr(occupation, kind, row[kind])
    if len(missing) == len(preview.rows):
        raise ImportRefused(
            f"{preview.file_name} was not imported: none of its occupations is in the imported "
            "Occupation Data; nothing was written."
        )


def _current_onet(session: Session) -> dict[str, Any]:
    newest = session.scalar(
        select(LmiRelease.id)
        .join(OnetOccupation, OnetOccupation.release_id == LmiRelease.id)
        .where(LmiRelease.deleted_at.is_(None))
        .order_by(LmiRelease.released_on.desc(), LmiRelease.imported_at.desc())
        .limit(1)
    )
    if newest is None:
        return {}
    rows = session.scalars(select(OnetOccupation).where(OnetOccupation.release_id == newest))
    return {o.onet_code: o for o in rows}
