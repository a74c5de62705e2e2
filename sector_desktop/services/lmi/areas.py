"""The office's areas (a setting) and how each publisher spells an area.

An area is a kind and a code: `US`, `state:24`, `msa:12580`, `county:24510`, `nonmetro:2400001`.
OEWS spells Maryland `24` and the nation `99`; QCEW spells them `24000` and `US000`, and an MSA
`C1258`. Imports keep only the rows of the office's areas, which bounds their memory and sync.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sector_desktop.store import ProfilePaths
from sector_desktop.store.settings import load_settings, update_settings

SETTING = "lmi_areas"
KINDS = ("national", "state", "msa", "county", "nonmetro")
KIND_LABELS = {
    "national": "United States",
    "state": "State",
    "msa": "Metropolitan area",
    "county": "County",
    "nonmetro": "Nonmetropolitan area",
}
# OEWS AREA_TYPE: 1 U.S., 2 state, 3 U.S. territory, 4 MSA, 6 nonmetropolitan area.
OEWS_AREA_TYPES = {"1": "national", "2": "state", "3": "state", "4": "msa", "6": "nonmetro"}


@dataclass(frozen=True, order=True)
class Area:
    kind: str
    code: str

    def __str__(self) -> str:
        return "US" if self.kind == "national" else f"{self.kind}:{self.code}"

    @property
    def qcew_fips(self) -> str | None:
        """The QCEW area_fips of this area (None for OEWS-only nonmetropolitan areas)."""
        if self.kind == "national":
            return "US000"
        if self.kind == "state":
            return f"{self.code}000"
        if self.kind == "county":
            return self.code
        if self.kind == "msa":
            return f"C{self.code[:4]}"
        return None


NATIONAL = Area("national", "US")


def parse_area(text: str) -> Area:
    """`US`, `state:24`, `msa:12580`, `county:24510`, `nonmetro:2400001`; also `24` and QCEW's
    `24000`, `C1258`, `US000`. A bare five-digit code is refused: it could be a county or an MSA."""
    raw = text.strip()
    value = raw.lower()
    if value in ("us", "99", "us000", "national"):
        return NATIONAL
    kind, sep, code = value.partition(":")
    if sep:
        code = code.strip().upper() if kind == "msa" else code.strip()
        if kind == "msa" and re.fullmatch(r"C\d{4}", code):
            code = code[1:] + "0"
        digits = {"state": 2, "msa": 5, "county": 5, "nonmetro": 7}
        if kind not in digits:
            raise ValueError(f"'{raw}': the kind must be one of state, msa, county or nonmetro.")
        if not re.fullmatch(rf"\d{{{digits[kind]}}}", code):
            raise ValueError(f"'{raw}': a {kind} code has {digits[kind]} digits.")
        return Area(kind, code)
    if re.fullmatch(r"\d{2}", value):
        return Area("state", value)
    if re.fullmatch(r"\d{2}000", value):
        return Area("state", value[:2])
    if re.fullmatch(r"c\d{4}", value):
        return Area("msa", value[1:] + "0")
    if re.fullmatch(r"\d{5}", value):
        raise ValueError(
            f"'{raw}' could be a county or a metropolitan area: write county:{raw} or msa:{raw}."
        )
    raise ValueError(
        f"'{raw}' is not an area; write US, state:24, msa:12580, county:24510 or nonmetro:2400001."
    )


def area_from_oews(area: str, area_type: str) -> Area | None:
    kind = OEWS_AREA_TYPES.get(area_type.strip())
    code = area.strip()
    if kind is None or not code:
        return None
    if kind == "national":
        return NATIONAL
    if kind == "state":
        return Area("state", code.zfill(2)[-2:])
    return Area(kind, code)


def area_from_qcew(fips: str) -> Area | None:
    """The area of a QCEW area_fips; None for the national subgroups (USCMS, USMSA, ...) and CSAs."""
    fips = fips.strip().upper()
    if fips == "US000":
        return NATIONAL
    if re.fullmatch(r"C\d{4}", fips):
        return Area("msa", fips[1:] + "0")
    if re.fullmatch(r"\d{2}000", fips):
        return Area("state", fips[:2])
    if re.fullmatch(r"\d{5}", fips):
        return Area("county", fips)
    return None


def office_areas(paths: ProfilePaths) -> list[Area]:
    """The office's areas from the profile's settings (empty when none are set)."""
    areas = []
    for text in load_settings(paths).get(SETTING) or []:
        try:
            areas.append(parse_area(str(text)))
        except ValueError:
            continue  # a hand-edited setting that no longer parses is ignored, not fatal
    return areas


def set_office_areas(paths: ProfilePaths, areas: list[Area]) -> list[Area]:
    unique = list(dict.fromkeys(areas))
    update_settings(paths, **{SETTING: [str(a) for a in unique]})
    return unique
