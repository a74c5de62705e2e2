"""The plain data every document is built from. Services fill these; the reportlab layer only reads them.

Dates and times arrive as text already in the house style and the profile's zone (design rule 8):
the documents never convert or format a time themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ContactLine:
    name: str
    title: str
    email: str
    phone: str
    primary: bool = False


@dataclass(frozen=True)
class VisitSummary:
    when: str
    visit_type: str
    staff: str
    purpose: str
    notes: str
    services: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FollowUp:
    text: str
    owner: str
    due: str
    status: str
    overdue: bool
    source: str = ""


@dataclass(frozen=True)
class HiringNeedLine:
    occupation: str
    openings: int | None
    wage: str
    timeline: str
    noted_on: str


@dataclass(frozen=True)
class ProgramStatus:
    occupation: str
    stage: str
    missing_or_overdue: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LmiLine:
    measure: str
    area: str
    occupation: str
    value: str
    source: str
    released_on: str


@dataclass(frozen=True)
class TrainingLine:
    name: str
    provider: str
    credential: str
    weeks: int | None


@dataclass
class BriefingPacket:
    """Everything a staff member takes to one employer meeting."""

    organization_id: str
    organization: str
    dba: str
    meeting_date: str
    purpose: str
    attendees: list[str]
    staff: str
    address: str
    phone: str
    website: str
    sector: str
    naics: str
    kind: str
    status: str
    size: str
    sites: str
    assigned_staff: str
    fein: str
    memberships: list[str]
    contacts: list[ContactLine]
    visits_by_month: list[tuple[str, int]]  # the last 24 months, oldest first
    services_given: list[tuple[str, int]]
    last_visits: list[VisitSummary]
    follow_ups: list[FollowUp]
    hiring_needs: list[HiringNeedLine]
    skill_gaps: list[str]
    programs: list[ProgramStatus]
    lmi: list[LmiLine]
    training: list[TrainingLine]
    notes: str
    visit_id: str | None = None  # the planned visit this packet is for, when there is one
    generated: str = ""  # when the document was made, as the footer prints it
    office: str = ""  # the office's name for the page header (the profile's setting)


@dataclass(frozen=True)
class RouteStop:
    time: str
    organization: str
    address: str
    contact: str
    phone: str
    purpose: str
    kind: str  # "visit" or "meeting"


@dataclass
class DayPacket:
    day: str
    staff: str
    stops: list[RouteStop]
    packets: list[BriefingPacket]
    generated: str = ""
    office: str = ""  # the office's name for the page header (the profile's setting)


@dataclass(frozen=True)
class AgendaLine:
    position: int
    title: str
    presenter: str
    minutes_allotted: int | None
    minutes: str = ""


@dataclass(frozen=True)
class AttendeeLine:
    """A roster member. No e-mail: the sheets are passed round the room (people write their own)."""

    name: str
    organization: str
    status: str
    business: bool


@dataclass
class MeetingPaperwork:
    meeting_id: str
    title: str
    partnership: str
    workgroup: str
    meeting_type: str
    when: str  # "Tue, Nov 24, 2026, 3:00 PM–4:30 PM"
    location: str
    video_link: str
    facilitator: str
    agenda: list[AgendaLine]
    roster: list[AttendeeLine]
    decisions: list[str]
    action_items: list[FollowUp]
    business_count: int
    partner_count: int
    generated: str = ""
    # Who the sign-in sheet pre-fills: those who accepted, when anyone was invited; None: the roster.
    accepted: list[AttendeeLine] | None = None
    office: str = ""  # the office's name for the page header (the profile's setting)
    next_meeting: str = ""  # the partnership's next scheduled meeting, for the minutes; "" when none


@dataclass(frozen=True)
class ChecklistLine:
    title: str
    status: str
    due: str
    overdue: bool
    blocks: str
    files: int


@dataclass
class ApprenticeshipChecklist:
    program_id: str
    occupation: str
    sponsor: str
    state: str
    stage: str
    next_stage: str
    registration_number: str
    documents: list[ChecklistLine]
    blockers: list[str]
    findings: list[str]
    generated: str = ""
    office: str = ""  # the office's name for the page header (the profile's setting)


@dataclass(frozen=True)
class QuarterLine:
    """One quarter of a sector in an area (QCEW): values are None where BLS suppressed them."""

    label: str
    establishments: int | None
    employment: int | None
    avg_wkly_wage: int | None
    suppressed: bool = False


@dataclass(frozen=True)
class OccupationLine:
    """An occupation of the sector with its area's OEWS figures, formatted (marks as their meaning)."""

    code: str
    title: str
    employment: str
    median: str  # hourly median, e.g. "$45.10"
    pct10: str
    pct90: str
    annual_median: str
    loc_quotient: str
    median_value: float | None = None


@dataclass(frozen=True)
class DemandLine:
    """The team's own demand for one occupation: openings heard on visits, and who said so."""

    occupation: str
    soc_code: str
    openings: int
    employers: list[tuple[str, str]]  # (organization id, name)
    wage_offered: str
    area_median: str
    versus_median: str


@dataclass(frozen=True)
class SkillGapLine:
    skill: str
    employers: list[tuple[str, str]]


@dataclass
class SectorBrief:
    """A sector's snapshot in an area, with the team's own demand beside it (the sector brief)."""

    sector_code: str
    sector_title: str
    area: str
    area_title: str
    quarters: list[QuarterLine]
    quarters_source: str
    headline: list[tuple[str, str]]  # (label, value) of the latest quarter
    occupations: list[OccupationLine]
    occupations_basis: str
    occupations_source: str
    demand: list[DemandLine]
    skill_gaps: list[SkillGapLine]
    demand_scope: str
    other_figures: list[LmiLine]
    sources: list[str]
    generated: str = ""  # when it was made, as the profile's clock prints it
    office: str = ""  # the office's name for the page header (the profile's setting)


# -- performance report and outcomes template ------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One cell of a report table: a number with how to show it, or text.

    `fmt`: "int", "pct" (a share 0–1), "money" (dollars), "ratio" (like 1.08) or "text"."""

    value: float | int | Decimal | str | None  # money as Decimal dollars keeps whole cents exact
    fmt: str = "text"


@dataclass(frozen=True)
class ReportTable:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Figure, ...], ...]
    note: str = ""  # printed under the table
    sheet: str = ""  # the workbook sheet's name (31 characters at most)
    widths: tuple[float, ...] = ()  # each column's share of the page width


@dataclass(frozen=True)
class QuarterBar:
    label: str  # "Q1 PY25"
    establishments: int
    services: int
    placements: int


@dataclass
class PerformanceReport:
    """The performance report for leadership and the board: measures, tables, series, definitions."""

    office: str
    title: str  # "Performance report, PY 2025"
    period: str  # "PY 2025: Jul 2025 – Jun 2026"
    scope: str  # "Whole team", or the staff member, sector or partnership
    as_of: str  # "Nov 24, 2026"
    summary: list[str]  # a few sentences a board member reads first
    headline: ReportTable  # every measure with its numerator and denominator
    tables: list[ReportTable]  # ETA-9169, wages, retention, breakdowns
    quarters: list[QuarterBar]  # quarter over quarter, oldest first
    definitions: list[tuple[str, str]]  # term, definition (the last page)
    sources: list[str]
    generated: str = ""


@dataclass
class OutcomesTemplate:
    """The Ohio sector-partnership tool kit's outcomes template for one partnership: its goals, the
    measures it tracks, and the outcomes to date. Other sections (goals with progress) append tables."""

    partnership: str
    sector: str
    region: str
    convener: str
    period: str  # "PY 2025 to date (Jul 1, 2025 – Nov 24, 2026)"
    as_of: str
    sections: list[ReportTable]
    notes: list[str] = field(default_factory=list)
    generated: str = ""
    office: str = ""  # the office's name for the page header (the profile's setting)
