"""Reading a BLS OEWS file (national, state, MSA and nonmetropolitan, or all-data; XLSX or CSV).

Only the rows worth keeping are held: the office's areas, and from the national rows the
cross-industry estimates and the NAICS-sector staffing patterns of the team's sectors.
Layouts: docs/lmi-formats.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .areas import NATIONAL, Area, area_from_oews
from .common import MAX_ROWS_WITHOUT_AREAS, CellError, LmiPreview, number, whole
from .reading import Header

SOURCE = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS)"
# The BLS news release of each May reference year's estimates.
RELEASE_DATES = {2022: "2023-04-25", 2023: "2024-04-03", 2024: "2025-04-02"}
# (field, the header names it goes by: today's first, older files' after)
NUMBERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("emp_prse", ("EMP_PRSE",)),
    ("jobs_1000", ("JOBS_1000", "JOBS_1000_ORIG")),
    ("loc_quotient", ("LOC_QUOTIENT", "LOC QUOTIENT")),
    ("pct_total", ("PCT_TOTAL",)),
    ("pct_rpt", ("PCT_RPT",)),
    ("h_mean", ("H_MEAN",)),
    ("a_mean", ("A_MEAN",)),
    ("mean_prse", ("MEAN_PRSE",)),
    ("h_pct10", ("H_PCT10",)),
    ("h_pct25", ("H_PCT25",)),
    ("h_median", ("H_MEDIAN", "H_PCT50")),
    ("h_pct75", ("H_PCT75",)),
    ("h_pct90", ("H_PCT90",)),
    ("a_pct10", ("A_PCT10",)),
    ("a_pct25", ("A_PCT25",)),
    ("a_median", ("A_MEDIAN", "A_PCT50")),
    ("a_pct75", ("A_PCT75",)),
    ("a_pct90", ("A_PCT90",)),
)
TEXTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("area", ("AREA",)),
    ("area_title", ("AREA_TITLE", "AREA_NAME")),
    ("area_type", ("AREA_TYPE",)),
    ("naics", ("NAICS",)),
    ("naics_title", ("NAICS_TITLE",)),
    ("i_group", ("I_GROUP",)),
    ("own_code", ("OWN_CODE",)),
    ("occ_code", ("OCC_CODE",)),
    ("occ_title", ("OCC_TITLE",)),
    ("o_group", ("O_GROUP", "OCC_GROUP", "GROUP")),
    ("tot_emp", ("TOT_EMP",)),
    ("annual", ("ANNUAL",)),
    ("hourly", ("HOURLY",)),
)
KEPT_GROUPS = {"total", "major", "detailed", ""}
SOC = re.compile(r"\d{2}-\d{4}")


def is_header(cells: list[str]) -> bool:
    return "OCC_CODE" in cells and ("TOT_EMP" in cells or "H_MEAN" in cells)


def year_of(path: Path, given: str | None) -> int | None:
    """The May reference year: given, or from the BLS file name (all_data_M_2024, MSA_M2024_dl)."""
    if given:
        found = re.search(r"(\d{4})", given)
        return int(found.group(1)) if found else None
    found = re.search(r"M_?(\d{4})", path.stem, re.IGNORECASE) or re.search(r"(20\d{2})", path.stem)
    return int(found.group(1)) if found else None


class OewsReader:
    """Turns the data rows of an OEWS file into estimate dicts, keeping what the office needs."""

    def __init__(self, header: Header, preview: LmiPreview, areas: list[Area], sectors: set[str]) -> None:
        self.preview = preview
        self.columns = {f: header.index(*names) for f, names in (*TEXTS, *NUMBERS)}
        for required in ("occ_code", "occ_title", "tot_emp"):
            if self.columns[required] is None:
                name = dict(TEXTS)[required][0]
                preview.add_error(header.row_number, name, "", f"the {name} column is missing")
        self.areas = set(areas)
        self.sectors = sectors
        self.year = int(preview.extra["year"])
        used = [self.columns[f] for f in ("area", "area_type", "naics", "i_group", "o_group")]
        self.peek = max([i for i in used if i is not None] or [0]) + 1
        self.codes = {a.code for a in areas}

    def first(self, area_code: str) -> bool:
        """Whether a row may be wanted, told by its AREA alone (the first column of BLS's layout):
        rows of other areas are counted and left out without reading further."""
        wanted = area_code == "99" or area_code in self.codes or not area_code.isdigit()  # footnotes
        if not self.areas or self.columns["area"] != 0 or wanted:
            return True
        self.preview.rows_other_areas += 1
        return False

    def keep(self, cells: list[str]) -> bool:
        """Whether a row is wanted, told by its first cells; rows left out are counted here."""
        area = self._area(cells, self.columns["area"], self.columns["area_type"])
        return area is None or self._keep(area, cells) is not None

    def read(self, rows: Iterator[tuple[int, list[str] | None]], progress: Callable[[int], None]) -> None:
        if not self.preview.ok:
            return
        cols = self.columns
        area_i, type_i = cols["area"], cols["area_type"]
        for row_number, cells in rows:
            self.preview.rows_read += 1
            if self.preview.rows_read % 20_000 == 0:
                progress(self.preview.rows_read)
            if cells is None:  # left out by keep(), from its first cells
                continue
            if sum(1 for c in cells if c) < 3:
                self._footnote(cells)
                continue
            area = self._area(cells, area_i, type_i)
            if area is None:
                self.preview.add_error(row_number, "AREA_TYPE", _at(cells, type_i), "not an OEWS area type")
                continue
            row = self._row(row_number, cells, area)
            if row is not None:
                self.preview.rows.append(row)
                if not self.areas and len(self.preview.rows) > MAX_ROWS_WITHOUT_AREAS:
                    self.preview.add_error(
                        row_number,
                        "AREA",
                        "",
                        f"more than {MAX_ROWS_WITHOUT_AREAS:,} rows and no office "
                        "areas set: set the office's areas first (Labour market → Areas, or "
                        "`sector-desktop lmi areas`), so that only their rows are imported",
                    )
                    return

    def _footnote(self, cells: list[str]) -> None:
        text = " ".join(c for c in cells if c)
        if text and len(self.preview.footnotes) < 30:
            self.preview.footnotes.append(text)

    def _area(self, cells: list[str], area_i: int | None, type_i: int | None) -> Area | None:
        if area_i is None:  # the national file of some years has no area columns
            return NATIONAL
        code = _at(cells, area_i)
        area_type = _at(cells, type_i) if type_i is not None else _guess_type(code)
        return area_from_oews(code, area_type)

    def _keep(self, area: Area, cells: list[str]) -> bool | None:
        cols = self.columns
        naics = _naics(_at(cells, cols["naics"]))
        group = _at(cells, cols["o_group"]).lower()
        if self.areas and area not in self.areas and area != NATIONAL:
            self.preview.rows_other_areas += 1
            return None
        national_industry = area == NATIONAL and naics != "000000" and NATIONAL not in self.areas
        if national_industry and self.areas and not self._team_sector(naics, _at(cells, cols["i_group"])):
            self.preview.rows_left_out += 1
            return None
        if group not in KEPT_GROUPS:
            self.preview.rows_left_out += 1
            return None
        return True

    def _team_sector(self, naics: str, i_group: str) -> bool:
        from .sectors import oews_naics_sector

        return oews_naics_sector(naics, i_group) in self.sectors

    def _row(self, row_number: int, cells: list[str], area: Area) -> dict[str, Any] | None:
        cols = self.columns
        occ = _at(cells, cols["occ_code"])
        if not SOC.fullmatch(occ):
            self.preview.add_error(row_number, "OCC_CODE", occ, "an SOC code looks like 29-1141")
            return None
        markers: dict[str, str] = {}
        row: dict[str, Any] = {
            "year": self.year,
            "area_kind": area.kind,
            "area_code": area.code,
            "area_title": _at(cells, cols["area_title"]) or ("U.S." if area == NATIONAL else str(area)),
            "naics": _naics(_at(cells, cols["naics"])),
            "naics_title": _at(cells, cols["naics_title"]) or None,
            "own_code": _at(cells, cols["own_code"]) or None,
            "occ_code": occ,
            "occ_title": _at(cells, cols["occ_title"]),
            "o_group": _at(cells, cols["o_group"]) or None,
            "annual_only": _at(cells, cols["annual"]).upper() == "TRUE",
            "hourly_only": _at(cells, cols["hourly"]).upper() == "TRUE",
        }
        try:
            row["tot_emp"] = whole(_at(cells, cols["tot_emp"]), "tot_emp", markers)
        except CellError as exc:
            self.preview.add_error(row_number, "TOT_EMP", _at(cells, cols["tot_emp"]), str(exc))
            return None
        for name, headers in NUMBERS:
            text = _at(cells, cols[name])
            try:
                row[name] = number(text, name, markers)
            except CellError as exc:
                self.preview.add_error(row_number, headers[0], text, str(exc))
                return None
        row["markers"] = markers
        return row


def _at(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _naics(text: str) -> str:
    """OEWS NAICS codes are six characters; a workbook that stored 000000 as a number says 0."""
    return text.zfill(6) if text.isdigit() else (text or "000000")


def _guess_type(code: str) -> str:
    return {2: "2", 5: "4", 7: "6"}.get(len(code), "1" if code in ("99", "") else "")
