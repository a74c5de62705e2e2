"""Reading a BLS QCEW CSV data slice (area or industry; quarterly or annual averages).

Kept: the office's areas (all areas when none are set), total and private ownership (0 and 5),
and the industry levels a sector snapshot needs: all industries (10) and NAICS sectors. A cell
with disclosure code N stays suppressed: its published zeros are stored as unknown, not as 0.
Layouts: docs/lmi-formats.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from .areas import Area, area_from_qcew
from .common import MAX_ROWS_WITHOUT_AREAS, CellError, LmiPreview, number, whole
from .reading import Header

SOURCE = "U.S. Bureau of Labor Statistics, Quarterly Census of Employment and Wages (QCEW)"
KEYS = ("area_fips", "own_code", "industry_code", "agglvl_code", "size_code", "year", "qtr")
# (field, quarterly header, annual header); by_area files spell establishments *_count.
QUARTERLY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("establishments", ("qtrly_estabs", "qtrly_estabs_count")),
    ("month1_emplvl", ("month1_emplvl",)),
    ("month2_emplvl", ("month2_emplvl",)),
    ("month3_emplvl", ("month3_emplvl",)),
    ("total_wages", ("total_qtrly_wages",)),
    ("avg_wkly_wage", ("avg_wkly_wage",)),
    ("lq_employment", ("lq_month3_emplvl",)),
    ("oty_estabs_chg", ("oty_qtrly_estabs_chg", "oty_qtrly_estabs_count_chg")),
    ("oty_estabs_pct_chg", ("oty_qtrly_estabs_pct_chg", "oty_qtrly_estabs_count_pct_chg")),
    ("oty_emplvl_chg", ("oty_month3_emplvl_chg",)),
    ("oty_emplvl_pct_chg", ("oty_month3_emplvl_pct_chg",)),
    ("oty_avg_wkly_wage_chg", ("oty_avg_wkly_wage_chg",)),
    ("oty_avg_wkly_wage_pct_chg", ("oty_avg_wkly_wage_pct_chg",)),
)
ANNUAL: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("establishments", ("annual_avg_estabs", "annual_avg_estabs_count")),
    ("annual_avg_emplvl", ("annual_avg_emplvl",)),
    ("total_wages", ("total_annual_wages",)),
    ("avg_wkly_wage", ("annual_avg_wkly_wage",)),
    ("avg_annual_pay", ("avg_annual_pay",)),
    ("lq_employment", ("lq_annual_avg_emplvl",)),
    ("oty_estabs_chg", ("oty_annual_avg_estabs_chg", "oty_annual_avg_estabs_count_chg")),
    ("oty_estabs_pct_chg", ("oty_annual_avg_estabs_pct_chg", "oty_annual_avg_estabs_count_pct_chg")),
    ("oty_emplvl_chg", ("oty_annual_avg_emplvl_chg",)),
    ("oty_emplvl_pct_chg", ("oty_annual_avg_emplvl_pct_chg",)),
    ("oty_avg_wkly_wage_chg", ("oty_annual_avg_wkly_wage_chg",)),
    ("oty_avg_wkly_wage_pct_chg", ("oty_annual_avg_wkly_wage_pct_chg",)),
)
OTY = {f for f, _ in ANNUAL if f.startswith("oty_")}
WHOLE = {
    "establishments",
    "month1_emplvl",
    "month2_emplvl",
    "month3_emplvl",
    "annual_avg_emplvl",
    "avg_wkly_wage",
    "avg_annual_pay",
    "oty_estabs_chg",
    "oty_emplvl_chg",
    "oty_avg_wkly_wage_chg",
}
KEPT_INDUSTRY = re.compile(r"10|\d{2}|\d{2}-\d{2}")  # all industries, and NAICS sectors
KEPT_OWNERSHIP = {"0", "5"}  # total covered, and private (the snapshot and the employer measures)


def is_header(cells: list[str]) -> bool:
    return "AREA_FIPS" in cells and "INDUSTRY_CODE" in cells and "QTR" in cells


class QcewReader:
    """Turns the rows of a QCEW slice into figure dicts for the office's areas."""

    def __init__(self, header: Header, preview: LmiPreview, areas: list[Area]) -> None:
        self.preview = preview
        self.keys = {k: header.index(k) for k in KEYS}
        self.disclosure = header.index("disclosure_code")
        self.oty_disclosure = header.index("oty_disclosure_code")
        self.annual = header.index("annual_avg_emplvl") is not None
        fields = ANNUAL if self.annual else QUARTERLY
        self.values = {f: header.index(*names) for f, names in fields}
        for key, index in self.keys.items():
            if index is None:
                preview.add_error(header.row_number, key, "", f"the {key} column is missing")
        if self.values["establishments"] is None:
            name = fields[0][1][0]
            preview.add_error(header.row_number, name, "", f"the {name} column is missing")
        self.fips = {a.qcew_fips for a in areas if a.qcew_fips}
        self.periods: set[tuple[int, str]] = set()
        self.peek = (
            max(i for i in (self.keys["area_fips"], self.keys["industry_code"], 0) if i is not None) + 1
        )

    def keep(self, cells: list[str]) -> bool:
        """Whether a row is wanted, told by its area and industry; rows left out are counted here."""
        if self.fips and _at(cells, self.keys["area_fips"]) not in self.fips:
            self.preview.rows_other_areas += 1
            return False
        industry, own = _at(cells, self.keys["industry_code"]), _at(cells, self.keys["own_code"])
        if not KEPT_INDUSTRY.fullmatch(industry) or own not in KEPT_OWNERSHIP:
            self.preview.rows_left_out += 1
            return False
        return True

    def read(self, rows: Iterator[tuple[int, list[str] | None]], progress: Callable[[int], None]) -> None:
        if not self.preview.ok:
            return
        for row_number, cells in rows:
            self.preview.rows_read += 1
            if self.preview.rows_read % 20_000 == 0:
                progress(self.preview.rows_read)
            if cells is None or not any(cells):  # None: left out by keep()
                continue
            row = self._row(row_number, cells)
            if row is None:
                continue
            self.preview.rows.append(row)
            self.periods.add((row["year"], row["qtr"]))
            if not self.fips and len(self.preview.rows) > MAX_ROWS_WITHOUT_AREAS:
                self.preview.add_error(
                    row_number,
                    "area_fips",
                    "",
                    "too many rows and no office areas set: "
                    "set the office's areas first so that only their rows are imported",
                )
                return

    def _row(self, row_number: int, cells: list[str]) -> dict[str, Any] | None:
        row: dict[str, Any] = {k: _at(cells, i) for k, i in self.keys.items()}
        area = area_from_qcew(row["area_fips"])
        if area is None:
            self.preview.rows_other_areas += 1
            return None
        try:
            row["year"] = int(row["year"])
        except ValueError:
            self.preview.add_error(row_number, "year", row["year"], "a year looks like 2025")
            return None
        row["qtr"] = row["qtr"].upper()
        if row["qtr"] not in ("1", "2", "3", "4", "A"):
            self.preview.add_error(row_number, "qtr", row["qtr"], "a quarter is 1, 2, 3, 4 or A")
            return None
        disclosure = _at(cells, self.disclosure).upper()
        oty_disclosure = _at(cells, self.oty_disclosure).upper()
        row.update(
            area_kind=area.kind,
            area_code=area.code,
            disclosure_code=disclosure or None,
            suppressed=disclosure == "N",
            oty_suppressed=oty_disclosure == "N" or disclosure == "N",
        )
        markers: dict[str, str] = {}
        for name, index in self.values.items():
            text = _at(cells, index)
            hidden = row["oty_suppressed"] if name in OTY else row["suppressed"]
            try:
                value = (whole if name in WHOLE else number)(text, name, markers)
            except CellError as exc:
                self.preview.add_error(row_number, name, text, str(exc))
                return None
            row[name] = None if hidden else value
        return row

    def period(self) -> str:
        if not self.periods:
            return "no data"
        ordered = sorted(self.periods)

        def label(p: tuple[int, str]) -> str:
            return f"{p[0]} annual average" if p[1] == "A" else f"{p[0]} Q{p[1]}"

        first, last = label(ordered[0]), label(ordered[-1])
        return first if first == last else f"{first} – {last}"


def _at(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""
