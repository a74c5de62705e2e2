"""Table models of the Labour market page: the sector's top occupations and the team's demand."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sector_desktop.reports.data import DemandLine, OccupationLine, SkillGapLine

_Index = QModelIndex | QPersistentModelIndex


class _PlainTableModel(QAbstractTableModel):
    """A short list of plain rows; subclasses name the columns and say what each cell shows."""

    HEADERS: tuple[str, ...] = ()
    TIPS: tuple[str, ...] = ()
    NUMERIC: frozenset[int] = frozenset()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.TIPS):
            return self.TIPS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole or (
            role == Qt.ItemDataRole.ToolTipRole and index.column() == 0
        ):
            return self.cell(self.rows[index.row()], index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()]
        return None

    def cell(self, row: Any, column: int) -> str:
        raise NotImplementedError


class OccupationsTableModel(_PlainTableModel):
    OCCUPATION, EMPLOYMENT, MEDIAN, PCT10, PCT90, LQ = range(6)
    HEADERS = ("Occupation", "Jobs", "Median", "10th", "90th", "LQ")
    TIPS = (
        "SOC occupation",
        "Employment in the area (OEWS)",
        "Median hourly wage",
        "10th percentile hourly wage",
        "90th percentile hourly wage",
        "Location quotient: the area's share of the occupation against the nation's",
    )
    NUMERIC = frozenset(range(1, 6))

    def cell(self, row: OccupationLine, column: int) -> str:
        values = (
            f"{row.title} ({row.code})",
            row.employment,
            row.median,
            row.pct10,
            row.pct90,
            row.loc_quotient,
        )
        return values[column]


class DemandTableModel(_PlainTableModel):
    OCCUPATION, OPENINGS, EMPLOYERS, OFFERED, MEDIAN, VERSUS = range(6)
    HEADERS = ("Occupation", "Openings", "Employers", "Offered", "Median", "vs median")
    TIPS = (
        "Occupation as heard on visits",
        "Openings summed over the employers",
        "How many employers",
        "Average hourly wage offered",
        "The area's OEWS median hourly wage",
        "Offered against the median",
    )
    NUMERIC = frozenset(range(1, 6))

    def cell(self, row: DemandLine, column: int) -> str:
        values = (
            row.occupation,
            f"{row.openings:,}",
            str(len(row.employers)),
            row.wage_offered,
            row.area_median,
            row.versus_median,
        )
        return values[column]


class SkillGapsTableModel(_PlainTableModel):
    SKILL, EMPLOYERS = range(2)
    HEADERS = ("Skill gap", "Employers")
    NUMERIC = frozenset({1})

    def cell(self, row: SkillGapLine, column: int) -> str:
        return row.skill if column == 0 else str(len(row.employers))
