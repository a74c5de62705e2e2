"""The domain as SQLAlchemy 2.0 models, shared by the client and the server. Imports nothing of ours."""

from .apprenticeship import (
    Apprentice,
    ApprenticeshipProgram,
    ProgramDocument,
    StageChange,
    WageStep,
    WorkProcess,
)
from .attachments import Attachment
from .base import Base, Synced, new_id, synced_tables, utcnow
from .drafts import Draft
from .initiatives import BudgetLine, Expenditure, FundingSource, Goal, GoalProgress, Initiative, Milestone
from .invitations import Invitation
from .lmi import LmiColumnMapping, LmiRelease, OewsEstimate, OnetOccupation, QcewFigure
from .organizations import Contact, Organization, StaffUser
from .outcomes import Placement, RetentionCheck, TrainingCohort
from .partnerships import (
    ActionTeam,
    AgendaItem,
    Decision,
    Meeting,
    MeetingAttendance,
    MemberRepresentative,
    PartnershipMember,
    Priority,
    SectorPartnership,
    Workgroup,
)
from .reference import LmiFigure, TrainingProgram
from .visits import ActionItem, HiringNeed, SkillGap, Visit, VisitAttendee

__all__ = [
    "ActionItem",
    "ActionTeam",
    "AgendaItem",
    "Apprentice",
    "ApprenticeshipProgram",
    "Attachment",
    "Base",
    "BudgetLine",
    "Contact",
    "Decision",
    "Draft",
    "Expenditure",
    "FundingSource",
    "Goal",
    "GoalProgress",
    "HiringNeed",
    "Initiative",
    "Invitation",
    "LmiColumnMapping",
    "LmiFigure",
    "LmiRelease",
    "Meeting",
    "MeetingAttendance",
    "MemberRepresentative",
    "Milestone",
    "OewsEstimate",
    "OnetOccupation",
    "Organization",
    "PartnershipMember",
    "Placement",
    "Priority",
    "ProgramDocument",
    "QcewFigure",
    "RetentionCheck",
    "SectorPartnership",
    "SkillGap",
    "StaffUser",
    "StageChange",
    "Synced",
    "TrainingCohort",
    "TrainingProgram",
    "Visit",
    "VisitAttendee",
    "WageStep",
    "WorkProcess",
    "Workgroup",
    "new_id",
    "synced_tables",
    "utcnow",
]
