"""The plain data of the inventory and initiative documents (assembled by services/report_data). Money
is Decimal dollars made from whole cents; dates come both as printed text and as dates for Excel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class InventoryLine:
    provider: str
    program: str
    credential: str
    occupations: tuple[tuple[str, str, bool], ...]  # (SOC, title, named by employers)
    hours: int | None
    weeks: int | None
    cost: Decimal | None
    schedule: str
    modality: str
    next_start: dt.date | None
    next_start_text: str
    etpl: str
    capacity: int | None
    contact_name: str
    contact_email: str
    contact_phone: str

    @property
    def serves_named(self) -> bool:
        return any(named for _, _, named in self.occupations)


@dataclass(frozen=True)
class NamedLine:
    """An occupation employers named, and the inventory's programs that prepare for it (maybe none)."""

    occupation: str
    soc: str
    employers: int
    openings: int
    skill_gaps: int
    programs: tuple[str, ...]


@dataclass
class InventoryReport:
    office: str
    sector: str  # "Healthcare", or "Every sector"
    as_of: str
    summary: list[str]
    programs: list[InventoryLine]
    named: list[NamedLine]
    date_format: str  # Excel's number format for a date in the house style
    generated: str = ""


@dataclass(frozen=True)
class BudgetRow:
    line: str
    budget: Decimal
    actual: Decimal
    remaining: Decimal
    spent_share: float | None  # 0–1 of the line's budget
    count: int


@dataclass(frozen=True)
class SpendRow:
    day: dt.date
    day_text: str
    line: str
    amount: Decimal
    note: str
    cancelled: bool


@dataclass(frozen=True)
class FundingLine:
    funder: str
    grant: str
    amount: Decimal
    period: str


@dataclass(frozen=True)
class MilestoneLine:
    title: str
    kind: str  # "Milestone" or "Deliverable"
    due: dt.date
    due_text: str
    status: str  # the label: Planned, In progress, Done, Cancelled
    owner: str
    team: str
    overdue: bool
    done: bool
    cancelled: bool


@dataclass
class InitiativeReport:
    name: str
    partnership: str
    owner: str
    period: str  # "Jun 1, 2026 – May 31, 2027"
    starts: dt.date
    ends: dt.date
    today: dt.date
    description: str
    as_of: str
    budget: Decimal
    actual: Decimal
    remaining: Decimal
    funded: Decimal
    spent_share: float | None  # of the whole budget, 0–1
    time_share: float  # of the period passed, 0–1
    burn: str  # the burn-rate sentence
    lines: list[BudgetRow]
    spending: list[SpendRow]
    funding: list[FundingLine]
    milestones: list[MilestoneLine]
    ticks: list[tuple[dt.date, str]]  # month marks for the timeline: (first of the month, "Jan 2027")
    date_format: str
    notes: list[str] = field(default_factory=list)
    generated: str = ""
    office: str = ""  # the office's name for the page header (the profile's setting)
