"""Likely-duplicate organizations: same FEIN, a close fuzzy match on normalized name and ZIP, or the
very same name (which needs no ZIP: a blank one must not let a duplicate through)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sector_desktop.models import Organization

# Legal-form words say nothing about which business it is ("Acme Inc" is "Acme LLC").
_NOISE = re.compile(
    r"\b(inc|incorporated|llc|l\.l\.c|ltd|limited|co|corp|corporation|company|the|of|and|pllc|lp|llp)\b"
)
NAME_THRESHOLD = 90.0


@dataclass(frozen=True)
class DuplicateMatch:
    organization_id: str
    name: str
    zip: str | None
    reason: str  # "same FEIN", "similar name (93%) and same ZIP" or "same name"
    score: float


def normalize_name(name: str) -> str:
    text = re.sub(r"[^\w\s]", " ", name.lower().replace("&", " and "))
    return " ".join(_NOISE.sub(" ", text).split())


def normalize_fein(fein: str | None) -> str | None:
    digits = re.sub(r"\D", "", fein or "")
    return digits or None


def find_duplicates(
    session: Session,
    name: str,
    zip_code: str | None = None,
    fein: str | None = None,
    exclude_id: str | None = None,
) -> list[DuplicateMatch]:
    """Existing organizations that are probably the one described, best match first."""
    matches: dict[str, DuplicateMatch] = {}
    live = Organization.deleted_at.is_(None)
    wanted_fein = normalize_fein(fein)
    if wanted_fein:
        for org in session.scalars(select(Organization).where(live, Organization.fein.is_not(None))):
            if normalize_fein(org.fein) == wanted_fein and org.id != exclude_id:
                matches[org.id] = DuplicateMatch(org.id, org.name, org.zip, "same FEIN", 100.0)
    zip5 = (zip_code or "").strip()[:5]
    wanted = normalize_name(name)
    if zip5 and wanted:
        rows = session.execute(
            select(Organization.id, Organization.name, Organization.zip).where(
                live, Organization.zip.like(f"{zip5}%")
            )
        )
        for org_id, org_name, org_zip in rows:
            if org_id in matches or org_id == exclude_id:
                continue
            score = fuzz.token_sort_ratio(wanted, normalize_name(org_name))
            if score >= NAME_THRESHOLD:
                reason = f"similar name ({score:.0f}%) and same ZIP"
                matches[org_id] = DuplicateMatch(org_id, org_name, org_zip, reason, score)
    # The fuzzy match needs a ZIP on both sides; the very same name is worth a question anywhere
    # (as the importer asks: services/importing/matching.py).
    same = func.lower(func.trim(Organization.name)) == name.strip().lower()
    for org_id, org_name, org_zip in session.execute(
        select(Organization.id, Organization.name, Organization.zip).where(live, same)
    ):
        if org_id != exclude_id and org_id not in matches:
            matches[org_id] = DuplicateMatch(org_id, org_name, org_zip, "same name", 95.0)
    return sorted(matches.values(), key=lambda m: -m.score)
