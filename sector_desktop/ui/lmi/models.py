"""Table models of the Labour market page: the sector's top occupations and the team's demand."""

from __future__ import annotations

from sector_desktop.reports.data import DemandLine, OccupationLine, SkillGapLine

from ..rows_model import RowsTableModel


class _LmiTableModel(RowsTableModel):
    """The shared rows model, with the first column's full text as its tooltip."""

    def tooltip(self, row: object, column: int) -> str | None:
        return self.text(row, column) if column == 0 else None


class OccupationsTableModel(_LmiTableModel):
    OCCUPATION, EMPLOYMENT, MEDIAN, PCT10, PCT90, LQ = range(6)
    headers = ("Occupation", "Jobs", "Median", "10th", "90th", "LQ")
    header_tips = (
        "SOC occupation",
        "Employment in the area (OEWS)",
        "Median hourly wage",
        "10th percentile hourly wage",
        "90th percentile hourly wage",
        "Location quotient: the area's share of the occupation against the nation's",
    )
    numeric = frozenset(range(1, 6))

    def text(self, row: OccupationLine, column: int) -> str:
        values = (
            f"{row.title} ({row.code})",
            row.employment,
            row.median,
            row.pct10,
            row.pct90,
            row.loc_quotient,
        )
        return values[column]


class DemandTableModel(_LmiTableModel):
    OCCUPATION, OPENINGS, EMPLOYERS, OFFERED, MEDIAN, VERSUS = range(6)
    headers = ("Occupation", "Openings", "Employers", "Offered", "Median", "vs median")
    header_tips = (
        "Occupation as heard on visits",
        "Openings summed over the employers",
        "How many employers",
        "Average hourly wage offered",
        "The area's OEWS median hourly wage",
        "Offered against the median",
    )
    numeric = frozenset(range(1, 6))

    def text(self, row: DemandLine, column: int) -> str:
        values = (
            row.occupation,
            f"{row.openings:,}",
            str(len(row.employers)),
            row.wage_offered,
            row.area_median,
            row.versus_median,
        )
        return values[column]


class SkillGapsTableModel(_LmiTableModel):
    SKILL, EMPLOYERS = range(2)
    headers = ("Skill gap", "Employers")
    numeric = frozenset({1})

    def text(self, row: SkillGapLine, column: int) -> str:
        return row.skill if column == 0 else str(len(row.employers))
