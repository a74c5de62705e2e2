"""NAICS sectors: their titles, and the sector of each of the team's sector partnerships."""

from __future__ import annotations

NAICS_SECTORS: dict[str, str] = {
    "11": "Agriculture, forestry, fishing and hunting",
    "21": "Mining, quarrying, and oil and gas extraction",
    "22": "Utilities",
    "23": "Construction",
    "31-33": "Manufacturing",
    "42": "Wholesale trade",
    "44-45": "Retail trade",
    "48-49": "Transportation and warehousing",
    "51": "Information",
    "52": "Finance and insurance",
    "53": "Real estate and rental and leasing",
    "54": "Professional, scientific, and technical services",
    "55": "Management of companies and enterprises",
    "56": "Administrative and waste services",
    "61": "Educational services",
    "62": "Health care and social assistance",
    "71": "Arts, entertainment, and recreation",
    "72": "Accommodation and food services",
    "81": "Other services, except public administration",
    "92": "Public administration",
}
# The NAICS sector of each of the team's sectors (models.choices.SECTORS).
TEAM_SECTORS: dict[str, str] = {
    "healthcare": "62",
    "manufacturing": "31-33",
    "it": "51",
    "construction": "23",
    "hospitality": "72",
    "logistics": "48-49",
}
# SOC major groups that stand in for a sector's occupations when no national staffing pattern
# (OEWS industry estimates) has been imported.
SECTOR_SOC_GROUPS: dict[str, tuple[str, ...]] = {
    "62": ("29", "31"),
    "31-33": ("51", "17"),
    "51": ("15",),
    "23": ("47",),
    "72": ("35",),
    "48-49": ("53",),
}
_PARTS = {
    "31": "31-33",
    "32": "31-33",
    "33": "31-33",
    "44": "44-45",
    "45": "44-45",
    "48": "48-49",
    "49": "48-49",
}


def naics_sector(code: str | None) -> str | None:
    """The NAICS sector of any NAICS code ("621610" -> "62", "336411" -> "31-33"), or None."""
    if not code:
        return None
    code = code.strip()
    if code in NAICS_SECTORS:
        return code
    head = code[:2]
    head = _PARTS.get(head, head)
    return head if head in NAICS_SECTORS else None


def sector_code(text: str) -> str:
    """A team sector key ("healthcare") or a NAICS code ("62", "31-33", "621") as its NAICS sector."""
    key = text.strip().lower()
    if key in TEAM_SECTORS:
        return TEAM_SECTORS[key]
    code = naics_sector(key)
    if code is None:
        names = ", ".join(TEAM_SECTORS)
        raise ValueError(
            f"'{text}' is not a sector; give a NAICS sector such as 62 or 31-33, or one of {names}."
        )
    return code


def oews_naics_sector(naics: str, i_group: str) -> str | None:
    """The NAICS sector of an OEWS industry row at the sector level ("620000", "31-33"), else None."""
    if i_group.strip().lower() != "sector":
        return None
    code = naics.strip()
    if "-" in code:
        return code[:5] if code[:5] in NAICS_SECTORS else None
    return naics_sector(code.rstrip("0") or code)
