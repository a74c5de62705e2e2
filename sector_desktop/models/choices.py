"""The fixed vocabularies of the domain, as (code, label) pairs in the users' words."""

from __future__ import annotations

SECTORS: tuple[tuple[str, str], ...] = (
    ("healthcare", "Healthcare"),
    ("manufacturing", "Manufacturing"),
    ("it", "Information technology"),
    ("construction", "Construction and infrastructure"),
    ("hospitality", "Hospitality"),
    ("logistics", "Transportation and logistics"),
)

ORGANIZATION_KINDS: tuple[tuple[str, str], ...] = (
    ("employer", "Employer"),
    ("training_provider", "Training provider"),
    ("community_college", "Community college"),
    ("community_organization", "Community organization"),
    ("workforce_agency", "Workforce agency"),
    ("association", "Association"),
    ("government", "Government"),
)

ORGANIZATION_STATUSES: tuple[tuple[str, str], ...] = (
    ("prospect", "Prospect"),
    ("active", "Active"),
    ("inactive", "Inactive"),
)

SIZE_BANDS: tuple[tuple[str, str], ...] = (
    ("1-9", "1–9 employees"),
    ("10-49", "10–49 employees"),
    ("50-249", "50–249 employees"),
    ("250-999", "250–999 employees"),
    ("1000+", "1,000+ employees"),
)

VISIT_TYPES: tuple[tuple[str, str], ...] = (
    ("site_visit", "Site visit"),
    ("phone", "Phone"),
    ("virtual", "Virtual"),
    ("event", "Event"),
)

VISIT_STATUSES: tuple[tuple[str, str], ...] = (
    ("planned", "Planned"),
    ("completed", "Completed"),
    ("cancelled", "Cancelled"),
)

# The eight employer-service categories of the WIOA ETA-9169 report, in the report's order.
EMPLOYER_SERVICES: tuple[tuple[str, str], ...] = (
    ("information_support", "Employer Information and Support Services"),
    ("recruitment", "Workforce Recruitment Assistance"),
    ("strategic_planning", "Engaged in Strategic Planning/Economic Development"),
    ("untapped_labor_pools", "Accessing Untapped Labor Pools"),
    ("training", "Training Services"),
    ("incumbent_worker_training", "Incumbent Worker Training Services"),
    ("rapid_response", "Rapid Response/Business Downsizing Assistance"),
    ("layoff_planning", "Planning Layoff Response"),
)

STAFF_ROLES: tuple[tuple[str, str], ...] = (
    ("staff", "Staff"),
    ("manager", "Manager"),
    ("admin", "Administrator"),
)

ACTION_ITEM_STATUSES: tuple[tuple[str, str], ...] = (
    ("open", "Open"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
)

PARTNERSHIP_STATUSES: tuple[tuple[str, str], ...] = (
    ("forming", "Forming"),
    ("active", "Active"),
    ("sustaining", "Sustaining"),
    ("inactive", "Inactive"),
)

MEMBER_ROLES: tuple[tuple[str, str], ...] = (
    ("employer_member", "Employer member"),
    ("chair", "Chair"),
    ("co_chair", "Co-chair"),
    ("training_partner", "Training partner"),
    ("community_partner", "Community partner"),
    ("workforce_agency", "Workforce agency"),
    ("funder", "Funder"),
)

MEETING_TYPES: tuple[tuple[str, str], ...] = (
    ("launch", "Launch meeting"),
    ("workgroup", "Workgroup"),
    ("convening", "Convening"),
    ("roundtable", "Employer roundtable"),
)

MEETING_STATUSES: tuple[tuple[str, str], ...] = (
    ("planned", "Planned"),
    ("held", "Held"),
    ("cancelled", "Cancelled"),
)

ATTENDANCE_STATUSES: tuple[tuple[str, str], ...] = (
    ("present", "Present"),
    ("absent", "Absent"),
    ("guest", "Guest"),
)

PROGRAM_TYPES: tuple[tuple[str, str], ...] = (
    ("time_based", "Time-based"),
    ("competency_based", "Competency-based"),
    ("hybrid", "Hybrid"),
)

PROGRAM_STAGES: tuple[tuple[str, str], ...] = (
    ("interest", "Interest"),
    ("intake", "Intake meeting"),
    ("drafting", "Standards drafting"),
    ("submitted", "Submitted to state agency"),
    ("registered", "Registered"),
    ("active", "Active"),
    ("inactive", "Inactive"),
    ("cancelled", "Cancelled"),
)

DOCUMENT_STATUSES: tuple[tuple[str, str], ...] = (
    ("missing", "Missing"),
    ("draft", "Draft"),
    ("received", "Received"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("returned", "Returned for changes"),
)

APPRENTICE_STATUSES: tuple[tuple[str, str], ...] = (
    ("active", "Active"),
    ("completed", "Completed"),
    ("cancelled", "Cancelled"),
)

# A retention check's answer: still with the employer, not, or could not be confirmed.
RETENTION_RESULTS: tuple[tuple[str, str], ...] = (
    ("yes", "Yes, still employed there"),
    ("no", "No"),
    ("unknown", "Unknown"),
)
RETENTION_QUARTERS: tuple[int, ...] = (2, 4)

# Which sample letter an invitation uses: the employer letter or the one for partners.
INVITATION_LETTERS: tuple[tuple[str, str], ...] = (
    ("employer", "Employer letter"),
    ("partner", "Partner letter"),
)

# An invitee's answer (RSVP).
RSVP_STATUSES: tuple[tuple[str, str], ...] = (
    ("invited", "Invited"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("no_answer", "No answer"),
)

# How a training program is taught.
PROGRAM_MODALITIES: tuple[tuple[str, str], ...] = (
    ("in_person", "In person"),
    ("online", "Online"),
    ("hybrid", "Hybrid"),
)

# Whether a program is on the state's Eligible Training Provider List (WIOA individual training accounts).
ETPL_STATUSES: tuple[tuple[str, str], ...] = (
    ("eligible", "On the ETPL"),
    ("pending", "ETPL application pending"),
    ("not_listed", "Not on the ETPL"),
)

MILESTONE_KINDS: tuple[tuple[str, str], ...] = (
    ("milestone", "Milestone"),
    ("deliverable", "Deliverable"),
)

MILESTONE_STATUSES: tuple[tuple[str, str], ...] = (
    ("planned", "Planned"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
)


def label(choices: tuple[tuple[str, str], ...], code: str | None) -> str:
    """The user-facing label for a code, or the code itself when it is not in the list."""
    if code is None:
        return ""
    return dict(choices).get(code, code)


def codes(choices: tuple[tuple[str, str], ...]) -> list[str]:
    return [c for c, _ in choices]


# The columns whose values must be one of a vocabulary's codes (checked by sync on both sides;
# a JSON list column checks each of its items).
COLUMN_CHOICES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("organization", "kind"): ORGANIZATION_KINDS,
    ("organization", "status"): ORGANIZATION_STATUSES,
    ("organization", "sector"): SECTORS,
    ("organization", "size_band"): SIZE_BANDS,
    ("visit", "visit_type"): VISIT_TYPES,
    ("visit", "status"): VISIT_STATUSES,
    ("visit", "services"): EMPLOYER_SERVICES,
    ("action_item", "status"): ACTION_ITEM_STATUSES,
    ("sector_partnership", "sector"): SECTORS,
    ("sector_partnership", "status"): PARTNERSHIP_STATUSES,
    ("partnership_member", "role"): MEMBER_ROLES,
    ("meeting", "meeting_type"): MEETING_TYPES,
    ("meeting", "status"): MEETING_STATUSES,
    ("meeting_attendance", "status"): ATTENDANCE_STATUSES,
    ("apprenticeship_program", "program_type"): PROGRAM_TYPES,
    ("apprenticeship_program", "stage"): PROGRAM_STAGES,
    ("program_document", "status"): DOCUMENT_STATUSES,
    ("apprentice", "status"): APPRENTICE_STATUSES,
    ("staff_user", "role"): STAFF_ROLES,
    ("invitation", "letter"): INVITATION_LETTERS,
    ("invitation", "status"): RSVP_STATUSES,
    ("training_program", "sector"): SECTORS,
    ("training_program", "modality"): PROGRAM_MODALITIES,
    ("training_program", "etpl_status"): ETPL_STATUSES,
    ("milestone", "kind"): MILESTONE_KINDS,
    ("milestone", "status"): MILESTONE_STATUSES,
}
