"""Queries over the imported labour-market figures, always the current release of each figure.

Current: of the figures with the same key (area, industry, occupation, period), the one from the
release with the latest release date (then the latest import). Older releases stay for trends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.models import LmiRelease, OewsEstimate, OnetOccupation, QcewFigure


@dataclass(frozen=True)
class EstablishmentCount:
    """How many private establishments an area has, and from which QCEW annual release."""

    count: int
    year: int
    released_on: dt.date | None
    period: str
    source: str


def _area_fips(area: str) -> str:
    """A QCEW area_fips from either that form ("24510", "C1258") or an office-area form ("msa:12580")."""
    kind, _, code = area.partition(":")
    if not code:
        return area.strip().upper()
    return {"state": f"{code}000", "msa": f"C{code[:4]}", "county": code}.get(kind, area)


def private_establishments(session: Session, area: str) -> EstablishmentCount | None:
    """The latest imported QCEW annual count of private establishments (own_code 5, all industries)
    in `area` (QCEW area_fips such as "24510", or "county:24510"), with its vintage.

    The employer-penetration denominator of the WIOA employer measures. None when no such annual
    figure was imported, or when BLS suppressed it.
    """
    rows = session.execute(
        select(QcewFigure, LmiRelease)
        .join(LmiRelease, LmiRelease.id == QcewFigure.release_id)
        .where(
            QcewFigure.deleted_at.is_(None),
            LmiRelease.deleted_at.is_(None),
            QcewFigure.area_fips == _area_fips(area),
            QcewFigure.own_code == "5",
            QcewFigure.industry_code == "10",
            QcewFigure.qtr == "A",
            QcewFigure.size_code == "0",
        )
        .order_by(QcewFigure.year.desc(), *_newest_release())
    ).first()
    if rows is None:
        return None
    figure, release = rows
    if figure.suppressed or figure.establishments is None:
        return None
    return EstablishmentCount(
        figure.establishments, figure.year, release.released_on, release.period, release.source
    )


def _newest_release() -> tuple[Any, ...]:
    return (LmiRelease.released_on.desc(), LmiRelease.imported_at.desc(), LmiRelease.id.desc())


def current(rows: Iterable[tuple[Any, LmiRelease]], key: Any) -> list[tuple[Any, LmiRelease]]:
    """The first row per key of rows ordered newest release first: the current figures."""
    seen: set[Any] = set()
    out = []
    for figure, release in rows:
        k = key(figure)
        if k not in seen:
            seen.add(k)
            out.append((figure, release))
    return out


@dataclass(frozen=True)
class QuarterPoint:
    year: int
    qtr: str
    establishments: int | None
    employment: int | None  # the quarter's third month
    avg_wkly_wage: int | None
    suppressed: bool
    released_on: dt.date | None
    source: str

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.qtr}"


def qcew_quarters(
    session: Session, area_fips: str, industry: str, own_code: str = "5", last: int = 20
) -> list[QuarterPoint]:
    """The last `last` quarters of an area's industry (NAICS sector code, or 10 for all), oldest first."""
    rows = session.execute(
        select(QcewFigure, LmiRelease)
        .join(LmiRelease, LmiRelease.id == QcewFigure.release_id)
        .where(
            QcewFigure.deleted_at.is_(None),
            LmiRelease.deleted_at.is_(None),
            QcewFigure.area_fips == _area_fips(area_fips),
            QcewFigure.industry_code == industry,
            QcewFigure.own_code == own_code,
            QcewFigure.size_code == "0",
            QcewFigure.qtr != "A",
        )
        .order_by(QcewFigure.year.desc(), QcewFigure.qtr.desc(), *_newest_release())
    )
    points = [
        QuarterPoint(
            f.year,
            f.qtr,
            f.establishments,
            f.month3_emplvl,
            f.avg_wkly_wage,
            f.suppressed,
            r.released_on,
            r.source,
        )
        for f, r in current(rows, key=lambda f: (f.year, f.qtr))
    ]
    return points[:last][::-1]


def oews_estimates(
    session: Session,
    area_kind: str,
    area_code: str,
    occ_codes: Iterable[str] | None = None,
    naics: str = "000000",
) -> dict[str, tuple[OewsEstimate, LmiRelease]]:
    """The current OEWS estimate per occupation in an area (newest May year, then newest release)."""
    query = (
        select(OewsEstimate, LmiRelease)
        .join(LmiRelease, LmiRelease.id == OewsEstimate.release_id)
        .where(
            OewsEstimate.deleted_at.is_(None),
            LmiRelease.deleted_at.is_(None),
            OewsEstimate.area_kind == area_kind,
            OewsEstimate.area_code == area_code,
            OewsEstimate.naics == naics,
        )
        .order_by(OewsEstimate.occ_code, OewsEstimate.year.desc(), *_newest_release())
    )
    if occ_codes is not None:
        query = query.where(OewsEstimate.occ_code.in_(list(occ_codes)))
    return {f.occ_code: (f, r) for f, r in current(session.execute(query), key=lambda f: f.occ_code)}


def staffing_pattern(session: Session, naics_codes: Iterable[str], limit: int) -> list[tuple[str, str, int]]:
    """The sector's biggest detailed occupations nationally (OEWS industry estimates): code, title, jobs."""
    rows = session.execute(
        select(OewsEstimate.occ_code, OewsEstimate.occ_title, OewsEstimate.tot_emp)
        .join(LmiRelease, LmiRelease.id == OewsEstimate.release_id)
        .where(
            OewsEstimate.deleted_at.is_(None),
            LmiRelease.deleted_at.is_(None),
            OewsEstimate.area_kind == "national",
            OewsEstimate.naics.in_(list(naics_codes)),
            OewsEstimate.o_group == "detailed",
        )
        .order_by(OewsEstimate.occ_code, OewsEstimate.year.desc(), *_newest_release())
    )
    seen: dict[str, tuple[str, str, int]] = {}
    for code, title, jobs in rows:  # columns only: the first row per code is the current figure
        seen.setdefault(code, (code, title, jobs or 0))
    return sorted(seen.values(), key=lambda t: -t[2])[:limit]


def onet_occupation(session: Session, soc_code: str) -> tuple[OnetOccupation, LmiRelease] | None:
    """The O*NET occupation of an OEWS code (its .00 occupation first), from the newest release."""
    row = session.execute(
        select(OnetOccupation, LmiRelease)
        .join(LmiRelease, LmiRelease.id == OnetOccupation.release_id)
        .where(
            OnetOccupation.deleted_at.is_(None),
            LmiRelease.deleted_at.is_(None),
            OnetOccupation.soc_code == soc_code,
        )
        .order_by(*_newest_release(), OnetOccupation.onet_code)
    ).first()
    return None if row is None else (row[0], row[1])


def releases(session: Session) -> list[LmiRelease]:
    """Every imported release, newest first."""
    return list(
        session.scalars(
            select(LmiRelease).where(LmiRelease.deleted_at.is_(None)).order_by(*_newest_release())
        )
    )
