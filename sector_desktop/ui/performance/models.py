"""Table models of the Performance page. Every number cell knows the records behind it (`behind`), so
activating it (double-click or Enter) lists exactly what was counted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from sector_desktop.services.performance.results import CategoryLine, Measure, WageLine

from ..rows_model import MUTED, RowsTableModel

OPENS = QColor("#1d5a96")  # a number that opens its records


@dataclass(frozen=True)
class Behind:
    """What a number stands for: a title for the list, the kind of record and the ids counted."""

    title: str
    kind: str
    ids: tuple[str, ...]
    empty: str = ""  # why there are no records to list (a denominator that is not ours)


def money(v: float | None) -> str:
    return "—" if v is None else f"${v:,.2f}"


def value_text(m: Measure) -> str:
    if m.value is None:
        return "—"
    if m.kind == "rate":
        return f"{m.value:.1%}"
    if m.kind == "median":
        return money(m.value)
    return f"{m.value:,.0f}"


def _count(n: float | None) -> str:
    return "" if n is None else f"{n:,.0f}"


class _NumbersModel(RowsTableModel):
    """Number columns are right-aligned and blue when they open a list."""

    numbers: tuple[int, ...] = ()

    def behind(self, row: int, column: int) -> Behind | None:
        raise NotImplementedError

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numbers:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            found = self.behind(index.row(), index.column())
            return OPENS if found is not None and found.ids else None
        return super().data(index, role)


class MeasuresTableModel(_NumbersModel):
    MEASURE, VALUE, NUMERATOR, DENOMINATOR, NOTES = range(5)
    headers = ("Measure", "Value", "Numerator", "Denominator", "Notes")
    numbers = (VALUE, NUMERATOR, DENOMINATOR)

    def text(self, row: Measure, column: int) -> str:
        if column == self.MEASURE:
            return row.label
        if column == self.VALUE:
            return value_text(row)
        if column == self.NUMERATOR:
            return "" if row.kind == "median" else _count(row.numerator)
        if column == self.DENOMINATOR:
            return _count(row.denominator)
        return row.absent or row.note

    def tooltip(self, row: Measure, column: int) -> str | None:
        if column == self.NOTES and (row.absent or row.note):
            return row.absent or row.note
        found = self.behind(self._rows.index(row), column)
        if found is not None and found.ids:
            what = found.kind.replace("_", " ")
            return f"Double-click or press Enter to list the {len(found.ids):,} {what} records"
        return None

    def color(self, row: Measure, column: int) -> QColor | None:
        return MUTED if column == self.NOTES else None

    def behind(self, row: int, column: int) -> Behind | None:
        m = self.row_at(row)
        if m is None or column == self.NOTES:
            return None
        if column == self.DENOMINATOR:
            if m.denominator is None:
                return None
            if not m.denominator_ids and m.denominator:
                return Behind(
                    f"{m.label}: denominator", m.records, (), m.note or "not records of this profile"
                )
            return Behind(f"{m.label}: denominator", m.records, m.denominator_ids)
        if column == self.MEASURE:
            return None
        return Behind(m.label if column == self.VALUE else f"{m.label}: numerator", m.records, m.ids)


class CategoriesTableModel(_NumbersModel):
    CATEGORY, ESTABLISHMENTS, SERVICES = range(3)
    headers = ("ETA-9169 employer service", "Establishments", "Services")
    numbers = (ESTABLISHMENTS, SERVICES)

    def text(self, row: CategoryLine, column: int) -> str:
        if column == self.CATEGORY:
            return row.label
        return f"{row.establishments if column == self.ESTABLISHMENTS else row.services:,}"

    def behind(self, row: int, column: int) -> Behind | None:
        line = self.row_at(row)
        if line is None or column == self.CATEGORY:
            return None
        if column == self.ESTABLISHMENTS:
            return Behind(f"{line.label}: establishments", "organization", line.organization_ids)
        return Behind(f"{line.label}: services", "visit", line.visit_ids)


class WagesTableModel(_NumbersModel):
    OCCUPATION, PLACEMENTS, MEDIAN, AREA, SHARE = range(5)
    headers = ("Occupation", "Placed", "Median start", "Area median", "Start / area")
    numbers = (PLACEMENTS, MEDIAN, AREA, SHARE)

    def text(self, row: WageLine, column: int) -> str:
        area = row.area.median_hourly if row.area else None
        if column == self.OCCUPATION:
            return (
                f"{row.title} ({row.soc})" if row.title and row.soc else row.title or row.soc or "Not given"
            )
        if column == self.PLACEMENTS:
            return f"{len(row.placement_ids):,}"
        if column == self.MEDIAN:
            return money(row.median_wage)
        if column == self.AREA:
            return money(area)
        return f"{row.median_wage / area:.0%}" if area else "—"

    def tooltip(self, row: WageLine, column: int) -> str | None:
        if column == self.OCCUPATION:
            return self.text(row, column)
        if column in (self.AREA, self.SHARE):
            return (
                f"The area's OEWS median hourly wage: {row.area.source}"
                if row.area
                else "No OEWS median imported"
            )
        return "The median starting hourly wage of these placements" if column == self.MEDIAN else None

    def behind(self, row: int, column: int) -> Behind | None:
        line = self.row_at(row)
        if line is None or column not in (self.PLACEMENTS, self.MEDIAN):
            return None
        return Behind(f"Placements as {self.text(line, self.OCCUPATION)}", "placement", line.placement_ids)
