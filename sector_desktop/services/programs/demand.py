"""Which programs serve an occupation that employers named: the hiring needs and skill gaps logged on
visits, read as SOC occupations the way the labour-market demand roll-up reads them (services/lmi's
`match_soc`: a typed code, a common field title, or a close match to an occupation title on file)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sector_desktop.models import HiringNeed, OewsEstimate, OnetOccupation, Organization, SkillGap
from sector_desktop.store.programs import ProgramRow

from ..lmi.occupations import COMMON_TITLES, match_soc


@dataclass(frozen=True)
class NamedOccupation:
    """An occupation employers named: how many hiring needs and skill gaps, by which employers."""

    soc: str
    title: str
    openings: int
    needs: int
    gaps: int
    employers: tuple[str, ...]  # names, sorted


ACRONYMS = {"it", "qa", "cdl", "cdl-a", "hvac", "cnc"}


def _field_title(text: str) -> str:
    words = [w.upper() if w in ACRONYMS else w for w in text.split()]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def occupation_titles(session: Session) -> dict[str, str]:
    """SOC code -> title, from the OEWS and O*NET occupations on file (common field titles fill the rest)."""
    titles: dict[str, str] = {}
    for title, code in sorted(COMMON_TITLES.items(), key=lambda t: -len(t[0])):
        titles.setdefault(code, _field_title(title))
    for code, title in session.execute(
        select(OewsEstimate.occ_code, OewsEstimate.occ_title)
        .where(OewsEstimate.deleted_at.is_(None))
        .distinct()
    ):
        titles[code] = title
    for code, title in session.execute(
        select(OnetOccupation.soc_code, OnetOccupation.title).where(OnetOccupation.deleted_at.is_(None))
    ):
        titles[code] = title
    return titles


def named_occupations(session: Session, sector: str | None = None) -> dict[str, NamedOccupation]:
    """SOC code -> what employers (of `sector`, or all) said about it in hiring needs and skill gaps."""
    titles = occupation_titles(session)
    live = Organization.deleted_at.is_(None)
    orgs = select(Organization.id, Organization.name).where(live)
    if sector:
        orgs = orgs.where(Organization.sector == sector)
    employers = dict(session.execute(orgs).all())
    found: dict[str, dict] = defaultdict(lambda: {"openings": 0, "needs": 0, "gaps": 0, "who": set()})
    needs = session.execute(
        select(HiringNeed.organization_id, HiringNeed.occupation, HiringNeed.openings).where(
            HiringNeed.deleted_at.is_(None)
        )
    )
    for org_id, text, openings in needs:
        soc = match_soc(text, titles) if org_id in employers else None
        if soc:
            entry = found[soc]
            entry["openings"] += openings or 0
            entry["needs"] += 1
            entry["who"].add(employers[org_id])
    gaps = session.execute(
        select(SkillGap.organization_id, SkillGap.skill).where(SkillGap.deleted_at.is_(None))
    )
    for org_id, text in gaps:
        soc = match_soc(text, titles) if org_id in employers else None
        if soc:
            found[soc]["gaps"] += 1
            found[soc]["who"].add(employers[org_id])
    return {
        soc: NamedOccupation(
            soc, titles.get(soc, soc), e["openings"], e["needs"], e["gaps"], tuple(sorted(e["who"]))
        )
        for soc, e in found.items()
    }


def serves_named(program: ProgramRow, named: dict[str, NamedOccupation]) -> list[NamedOccupation]:
    """The named occupations among those `program` serves."""
    return [named[c] for c in program.soc_codes if c in named]


def programs_for_occupation(programs: list[ProgramRow], soc: str) -> list[ProgramRow]:
    """The programs that prepare for the occupation `soc`."""
    return [p for p in programs if soc in p.soc_codes]
