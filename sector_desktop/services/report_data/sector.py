"""The data of a sector brief: a NAICS sector's snapshot in an area (QCEW quarters, OEWS occupations,
O*NET) and the team's own demand beside it. A plain function, so other documents can reuse it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sector_desktop import clock, timefmt
from sector_desktop.errors import SectorError
from sector_desktop.models import (
    HiringNeed,
    LmiFigure,
    LmiRelease,
    OewsEstimate,
    Organization,
    PartnershipMember,
    QcewFigure,
    SectorPartnership,
    SkillGap,
)
from sector_desktop.reports.data import (
    DemandLine,
    LmiLine,
    OccupationLine,
    QuarterLine,
    SectorBrief,
    SkillGapLine,
)
from sector_desktop.services.lmi.areas import KIND_LABELS, NATIONAL, Area
from sector_desktop.services.lmi.occupations import match_soc
from sector_desktop.services.lmi.sectors import NAICS_SECTORS, SECTOR_SOC_GROUPS, TEAM_SECTORS
from sector_desktop.store import lmi as store

from .memo import memo

TOP = 15


def money(value: float | None, marker: str | None, *, year: int = 2024, annual: bool = False) -> str:
    """A wage as printed: "$45.10", or what the publisher's mark means."""
    if value is not None:
        return f"${value:,.0f}" if annual else f"${value:,.2f}"
    if marker == "top_coded":
        top = (239_200 if annual else 115.00) if year >= 2022 else (208_000 if annual else 100.00)
        return f"≥ ${top:,.0f}" if annual else f"≥ ${top:,.2f}"
    if marker == "not_available":
        return "not available"
    return "—"


def count(value: float | None, marker: str | None = None) -> str:
    if value is not None:
        return f"{value:,.0f}"
    return {"not_available": "not available", "under_half_percent": "under 0.5%"}.get(marker or "", "—")


def released(release: LmiRelease) -> str:
    day = f", released {timefmt.date(release.released_on)}" if release.released_on else ""
    return f"{release.source}: {release.period}{day} ({release.file_name})"


def occupation_line(e: OewsEstimate) -> OccupationLine:
    m = e.markers or {}
    lq = f"{e.loc_quotient:.2f}" if e.loc_quotient is not None else count(None, m.get("loc_quotient"))
    return OccupationLine(
        e.occ_code,
        e.occ_title,
        count(e.tot_emp, m.get("tot_emp")),
        money(e.h_median, m.get("h_median"), year=e.year),
        money(e.h_pct10, m.get("h_pct10"), year=e.year),
        money(e.h_pct90, m.get("h_pct90"), year=e.year),
        money(e.a_median, m.get("a_median"), year=e.year, annual=True),
        lq,
        e.h_median,
    )


def brief_areas(area: Area | None, office: Sequence[Area]) -> tuple[Area, list[Area]]:
    """The brief's area (given, else the office's first) and the areas to fall back on for OEWS."""
    chosen = area or (office[0] if office else None)
    if chosen is None:
        raise SectorError("Say which area (--area msa:12580), or set the office's areas (`lmi areas`).")
    order = ("msa", "state", "nonmetro", "county", "national")
    rest = sorted((a for a in office if a != chosen), key=lambda a: order.index(a.kind))
    return chosen, [*rest, NATIONAL]


def sector_brief(
    session: Session,
    sector: str,
    area: Area,
    fallbacks: Sequence[Area] = (),
    partnership_id: str | None = None,
) -> SectorBrief:
    """The brief for NAICS sector `sector` (e.g. "62") in `area`. OEWS has no county estimates, so the
    occupations come from the first of `area`, then `fallbacks`, that has any; the demand is the
    sector's employers, or a partnership's members when `partnership_id` is given."""
    title = NAICS_SECTORS.get(sector, sector)
    sources: list[str] = []
    quarters, q_source, headline = _quarters(session, area, sector, sources)
    occupations, basis, o_source, estimates = _occupations(session, sector, [area, *fallbacks], sources)
    employers, scope = _employers(session, sector, partnership_id)
    demand, gaps = _demand(session, employers, estimates)
    other = _other_figures(session, sector, sources)
    return SectorBrief(
        sector_code=sector,
        sector_title=title,
        area=str(area),
        area_title=_area_title(session, area),
        quarters=quarters,
        quarters_source=q_source,
        headline=headline,
        occupations=occupations,
        occupations_basis=basis,
        occupations_source=o_source,
        demand=demand,
        skill_gaps=gaps,
        demand_scope=scope,
        other_figures=other,
        sources=list(dict.fromkeys(sources)),
        generated=timefmt.stamp(clock.now()),
    )


def _area_title(session: Session, area: Area) -> str:
    if area.kind in ("msa", "state", "nonmetro", "national"):
        title = session.scalar(
            select(OewsEstimate.area_title)
            .where(OewsEstimate.area_kind == area.kind, OewsEstimate.area_code == area.code)
            .limit(1)
        )
        if title:
            return title
    return f"{KIND_LABELS.get(area.kind, area.kind)} {area.code}"


def _quarters(session: Session, area: Area, sector: str, sources: list[str]) -> tuple:
    fips = area.qcew_fips
    points = store.qcew_quarters(session, fips, sector) if fips else []
    lines = [
        QuarterLine(p.label, p.establishments, p.employment, p.avg_wkly_wage, p.suppressed) for p in points
    ]
    if not points:
        return lines, "No QCEW quarters imported for this sector and area.", []
    last = points[-1]
    source = (
        f"{last.source}, private ownership; latest release {timefmt.date(last.released_on)}"
        if (last.released_on)
        else last.source
    )
    sources.append(source)
    if last.suppressed:
        return lines, source, [("Latest quarter", f"{last.label}: suppressed by BLS (not disclosed)")]
    headline = [
        ("Latest quarter", last.label),
        ("Establishments", count(last.establishments)),
        ("Employment (third month)", count(last.employment)),
        ("Average weekly wage", money(last.avg_wkly_wage, None, annual=True)),
    ]
    year_ago = next((p for p in points if p.year == last.year - 1 and p.qtr == last.qtr), None)
    if year_ago and year_ago.employment and last.employment:
        change = (last.employment - year_ago.employment) / year_ago.employment * 100
        headline.append(("Employment over the year", f"{change:+.1f}%"))
    return lines, source, headline


def _occupations(session: Session, sector: str, areas: Sequence[Area], sources: list[str]) -> tuple:
    codes, basis = _sector_codes(session, sector)
    for area in areas:
        every = store.oews_estimates(session, area.kind, area.code)  # once: the demand matches on it too
        found = every if not codes else {c: every[c] for c in codes if c in every}
        if not found:
            continue
        if not codes:  # no staffing pattern: the sector's SOC groups, biggest in the area first
            groups = SECTOR_SOC_GROUPS.get(sector, ())
            found = {c: v for c, v in found.items() if c[:2] in groups and v[0].o_group == "detailed"}
            order = sorted(found, key=lambda c: -(found[c][0].tot_emp or 0))[:TOP]
        else:
            order = [c for c in codes if c in found]
        release = next(iter(found.values()))[1] if found else None
        if release is None or not order:
            continue
        source = f"{released(release)}, {found[order[0]][0].area_title}"
        sources.append(source)
        return [occupation_line(found[c][0]) for c in order], basis, source, every
    return [], basis, "No OEWS estimates imported for the office's areas.", {}


def _sector_codes(session: Session, sector: str) -> tuple[list[str], str]:
    naics = [f"{sector}0000"[:6], sector] if "-" not in sector else [sector]
    pattern = store.staffing_pattern(session, naics, TOP)
    if pattern:
        return [
            c for c, _, _ in pattern
        ], f"The sector's {len(pattern)} largest occupations nationally (OEWS)"
    groups = ", ".join(SECTOR_SOC_GROUPS.get(sector, ()))
    return [], f"Occupations in SOC groups {groups} (no national staffing pattern imported)"


def _employers(session: Session, sector: str, partnership_id: str | None) -> tuple[dict[str, str], str]:
    live = Organization.deleted_at.is_(None)
    if partnership_id:
        rows = session.execute(
            select(Organization.id, Organization.name)
            .join(PartnershipMember, PartnershipMember.organization_id == Organization.id)
            .where(
                live,
                PartnershipMember.partnership_id == partnership_id,
                PartnershipMember.deleted_at.is_(None),
            )
        )
        name = session.scalar(select(SectorPartnership.name).where(SectorPartnership.id == partnership_id))
        return dict(rows.all()), f"Members of {name or 'the partnership'}"
    keys = [k for k, code in TEAM_SECTORS.items() if code == sector]
    prefixes = (
        [sector[:2]] if "-" not in sector else [str(n) for n in range(int(sector[:2]), int(sector[3:]) + 1)]
    )
    rows = session.execute(
        select(Organization.id, Organization.name).where(
            live,
            Organization.kind == "employer",
            or_(Organization.sector.in_(keys), *(Organization.naics.like(f"{p}%") for p in prefixes)),
        )
    )
    return dict(rows.all()), f"The team's employers in {NAICS_SECTORS.get(sector, sector)}"


def _demand(session: Session, employers: dict[str, str], known: dict[str, tuple]) -> tuple[list, list]:
    if not employers:
        return [], []
    ids = list(employers)
    needs = session.execute(
        select(
            HiringNeed.organization_id,
            HiringNeed.occupation,
            HiringNeed.openings,
            HiringNeed.wage_min,
            HiringNeed.wage_max,
        ).where(HiringNeed.deleted_at.is_(None), HiringNeed.organization_id.in_(ids))
    ).all()
    titles = {code: e.occ_title for code, (e, _) in known.items()}
    groups: dict[str, dict] = defaultdict(
        lambda: {"openings": 0, "employers": {}, "wages": [], "names": set()}
    )
    for org_id, occupation, openings, lo, hi in needs:
        soc = match_soc(occupation, titles) or ""
        key = soc or occupation.strip().lower()
        g = groups[key]
        g["openings"] += openings or 0
        g["employers"][org_id] = employers[org_id]
        g["names"].add(occupation.strip())
        bounds = [w for w in (lo, hi) if w]  # the midpoint of the range, or the one bound given
        if bounds:
            g["wages"].append(sum(bounds) / len(bounds))
    lines = []
    for key, g in groups.items():
        estimate = known.get(key, (None, None))[0]
        title = estimate.occ_title if estimate else sorted(g["names"])[0]
        offered = sum(g["wages"]) / len(g["wages"]) if g["wages"] else None
        median = estimate.h_median if estimate else None
        versus = f"{(offered - median) / median * 100:+.0f}%" if offered and median else "—"
        area_median = (
            money(median, (estimate.markers or {}).get("h_median"), year=estimate.year) if estimate else "—"
        )
        who = sorted(g["employers"].items(), key=lambda t: t[1])
        soc = key if estimate or "-" in key else ""
        wage = f"${offered:,.2f}" if offered else "—"
        lines.append(DemandLine(title, soc, g["openings"], who, wage, area_median, versus))
    lines.sort(key=lambda d: (-d.openings, d.occupation))
    gaps: dict[str, dict[str, str]] = defaultdict(dict)
    shown: dict[str, str] = {}
    for org_id, skill in session.execute(
        select(SkillGap.organization_id, SkillGap.skill).where(
            SkillGap.deleted_at.is_(None), SkillGap.organization_id.in_(ids)
        )
    ):
        key = skill.strip().lower()
        shown.setdefault(key, skill.strip())
        gaps[key][org_id] = employers[org_id]
    gap_lines = [SkillGapLine(shown[k], sorted(v.items(), key=lambda t: t[1])) for k, v in gaps.items()]
    gap_lines.sort(key=lambda g: (-len(g.employers), g.skill.lower()))
    return lines, gap_lines


def _other_figures(session: Session, sector: str, sources: list[str]) -> list[LmiLine]:
    keys = [k for k, code in TEAM_SECTORS.items() if code == sector] + [sector]
    rows = session.scalars(
        select(LmiFigure).where(LmiFigure.deleted_at.is_(None), LmiFigure.sector.in_(keys)).limit(20)
    )
    lines = [
        LmiLine(
            f.measure,
            f.area,
            f.occupation or "",
            _figure(f.value, f.unit),
            f.source,
            timefmt.date(f.released_on),
        )
        for f in rows
    ]
    sources += [f"{x.source} (released {x.released_on})" if x.released_on else x.source for x in lines]
    return lines


def _figure(value: float, unit: str | None) -> str:
    if unit and "USD" in unit:
        return f"${value:,.2f}" + ("/h" if "hour" in unit else "")
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def _areas_with(
    session: Session, model: type[QcewFigure] | type[OewsEstimate], order: tuple[str, ...]
) -> list[Area]:
    """The areas imported figures exist for (imports keep only the office's areas), best first."""
    found = session.execute(
        select(model.area_kind, model.area_code).where(model.deleted_at.is_(None)).distinct()
    )
    areas = [Area(kind, code) for kind, code in found if kind in order]
    return sorted(areas, key=lambda a: order.index(a.kind))


def packet_lines(
    session: Session, sector: str | None, naics: str | None, occupations: Sequence[str]
) -> list[LmiLine]:
    """A briefing packet's labour-market lines: the employer's sector in the office's area (QCEW) and
    the area's OEWS wages for each occupation in its hiring needs, each with source and release date."""
    from sector_desktop.services.lmi.sectors import naics_sector

    lines: list[LmiLine] = []
    code = TEAM_SECTORS.get(sector or "") or naics_sector(naics)
    if code:
        qcew_areas = memo(
            session, ("areas", "qcew"), lambda: _areas_with(session, QcewFigure, ("county", "msa", "state"))
        )
        for area in qcew_areas:
            points = memo(
                session,
                ("qcew", area, code),
                lambda area=area: store.qcew_quarters(session, area.qcew_fips or "", code, last=1),  # type: ignore[misc]
            )
            if not points:
                continue
            title = memo(session, ("area title", area), lambda area=area: _area_title(session, area))  # type: ignore[misc]
            q, where = points[-1], f"{NAICS_SECTORS[code]}, {title}"
            source = f"BLS QCEW {q.label}, private"
            if q.suppressed:
                lines.append(
                    LmiLine(
                        "Sector figures", where, "", "suppressed by BLS", source, timefmt.date(q.released_on)
                    )
                )
            for measure, value in (
                ("Establishments", count(q.establishments)),
                ("Employment", count(q.employment)),
                ("Average weekly wage", money(q.avg_wkly_wage, None, annual=True)),
            ):
                if not q.suppressed:
                    lines.append(
                        LmiLine(
                            f"{measure} ({q.label})", where, "", value, source, timefmt.date(q.released_on)
                        )
                    )
            break
    oews_areas = memo(
        session,
        ("areas", "oews"),
        lambda: _areas_with(session, OewsEstimate, ("msa", "state", "nonmetro", "national")),
    )
    for area in oews_areas[:1]:
        known = memo(
            session,
            ("oews", area),
            lambda area=area: store.oews_estimates(session, area.kind, area.code),  # type: ignore[misc]
        )
        titles = {c: e.occ_title for c, (e, _) in known.items()}
        seen: set[str] = set()
        for text in occupations:
            soc = match_soc(text, titles)
            if not soc or soc in seen or soc not in known:
                continue
            seen.add(soc)
            e, release = known[soc]
            line = occupation_line(e)
            value = f"{line.median} ({line.pct10}–{line.pct90})"
            source = f"BLS OEWS {release.period}, {e.area_title}"
            lines.append(
                LmiLine(
                    "Hourly wage: median (10th–90th percentile)",
                    e.area_title,
                    f"{text} → {e.occ_title} ({soc})",
                    value,
                    source,
                    timefmt.date(release.released_on),
                )
            )
    return lines
