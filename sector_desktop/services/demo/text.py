"""Sentence templates for demo visit notes, purposes and follow-ups, plus LMI and training rows."""

from __future__ import annotations

import random

PURPOSES = (
    "Introductory meeting about the {sector_label} sector partnership",
    "Follow-up on {occupation} hiring needs",
    "Discuss a registered apprenticeship for {occupation}",
    "Plan a hiring event for {occupation} openings",
    "Review candidates referred for {occupation}",
    "Incumbent worker training proposal",
    "Check in on retention of recent hires",
    "Explore a pre-apprenticeship pipeline with {partner}",
    "Tour the site and meet the supervisors",
    "Layoff aversion conversation",
    "Quarterly account review",
    "Talk through wage progression and career ladders",
)
OPENERS = (
    "Met with {contact} at the {place} site; {attendees_phrase}.",
    "Spoke with {contact} by phone for about half an hour.",
    "{contact} walked us through the floor and introduced two shift supervisors.",
    "Quick check-in with {contact}, who had just come out of their weekly leadership meeting.",
    "{contact} asked for this meeting after our last workgroup session.",
    "Joined {contact} for a video call; their new operations lead also sat in.",
)
CONTEXT = (
    "Business is up roughly {pct} percent on last year and they expect the trend to hold.",
    "They lost a large contract in the spring and are cautious about adding headcount.",
    "Turnover in entry-level roles is their biggest cost; {contact_first} puts it at {pct} percent a year.",
    "They opened a second location near {place} and are staffing it now.",
    "A new state contract starts next quarter, which means more shifts to cover.",
    "Their parent company froze hiring for a month but lifted it last week.",
    "They rely on a staffing agency for most entry-level roles and would like to stop.",
    "Overtime has been heavy since the winter; supervisors are tired.",
)
HIRING = (
    "They need about {openings} {occupation_plural} by {month}, starting around ${wage_lo} an hour.",
    "Open requisitions: {openings} for {occupation}, posted for weeks with few qualified applicants.",
    "{contact_first} would take {openings} {occupation_plural} tomorrow if the candidates were ready.",
    "Hiring for {occupation} is steady at {openings} or so a quarter; pay runs ${wage_lo}–${wage_hi}.",
    "No immediate openings, but they expect to post {openings} {occupation} roles after the budget is set.",
)
SKILLS = (
    "Applicants often lack {skill}; the supervisors spend the first weeks teaching it.",
    "The real gap is {skill}. Technical skills they can teach on the job.",
    "They asked whether our training partners cover {skill} and {skill2}.",
    "Several recent hires washed out because of {skill}; they want a short bridge course.",
    "Incumbent workers need {skill} before they can move up to lead roles.",
)
PARTNERING = (
    "They are open to hosting a worksite tour for students from {partner}.",
    "{contact_first} liked the idea of a shared curriculum with {partner}.",
    "They would sit on an interview panel for the next cohort at {partner}.",
    "They asked about on-the-job training reimbursement and the paperwork involved.",
    "Interest in a registered apprenticeship is real, but they worry about the related instruction hours.",
    "They want to keep the relationship informal for now and see a few referrals first.",
)
CLOSERS = (
    "Next step: send {contact_first} the referral process and the dates of the next hiring event.",
    "I will share the draft job description back with comments by {month}.",
    "Agreed to meet again in about six weeks to check progress.",
    "Follow up with the training coordinator about cohort start dates.",
    "Overall a warm relationship; they see us as a recruiting partner, not a vendor.",
    "They were candid about what has not worked; worth keeping them close.",
)
PLANNED_NOTES = (
    "Agenda: {purpose_lower}. Bring the latest {sector_label} labour-market sheet and the partner list.",
    "Prep: review the last visit's follow-ups and the open {occupation} requisitions.",
)
ACTIONS = (
    "Send {contact_first} the referral process and contact sheet",
    "Share the {occupation} job description with {partner}",
    "Schedule a worksite tour for the next cohort",
    "Draft an OJT agreement for {occupation} hires",
    "Connect {contact_first} with the apprenticeship navigator",
    "Pull wage data for {occupation} from the latest LMI release",
    "Invite {contact_first} to the next {sector_label} workgroup meeting",
    "Confirm the hiring event date and room",
    "Send three screened candidates for {occupation}",
    "Check back on retention of last month's hires",
)
TIMELINES = ("Immediately", "Within 30 days", "Next quarter", "Ongoing", "By summer", "Within 60 days")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip


def plural(occupation: str) -> str:
    return occupation + ("es" if occupation.endswith(("ch", "sh", "s")) else "s")


def visit_notes(rng: random.Random, slots: dict[str, str]) -> str:
    """Three short paragraphs: who and context, what they need, and what happens next."""

    def pick(pool: tuple[str, ...], k: int) -> str:
        return " ".join(s.format(**slots) for s in rng.sample(pool, k))

    first = pick(OPENERS, 1) + " " + pick(CONTEXT, rng.randint(1, 2))
    second = pick(HIRING, 1) + " " + pick(SKILLS, 1) + " " + pick(PARTNERING, rng.randint(0, 1))
    third = pick(CLOSERS, rng.randint(1, 2))
    return f"{first}\n\n{second.strip()}\n\n{third}"


# (sector, occupation, measure, value, unit); all figures are fictional but plausible. Employment and
# wages come through the imported-figure tables (demo/lmi.py) like a real BLS import.
LMI_ROWS = (
    ("healthcare", "Registered Nurse", "Annual openings", 2_310, "openings"),
    ("healthcare", None, "Projected 10-year growth", 11.2, "percent"),
    ("manufacturing", "Welder", "Annual openings", 610, "openings"),
    ("manufacturing", None, "Projected 10-year growth", 1.8, "percent"),
    ("it", "Help Desk Technician", "Annual openings", 1_480, "openings"),
    ("it", None, "Projected 10-year growth", 14.6, "percent"),
    ("construction", "Carpenter", "Annual openings", 1_150, "openings"),
    ("construction", None, "Projected 10-year growth", 6.9, "percent"),
    ("hospitality", "Housekeeper", "Annual openings", 2_040, "openings"),
    ("hospitality", None, "Projected 10-year growth", 4.3, "percent"),
    ("logistics", "Warehouse Associate", "Annual openings", 3_360, "openings"),
    ("logistics", None, "Projected 10-year growth", 8.1, "percent"),
)
LMI_SOURCES = (
    "State Department of Labor, Occupational Projections 2024–2034 (fictional demo extract)",
    "State Department of Labor, Industry Projections 2024–2034 (fictional demo extract)",
)
# (sector, program, credential, weeks)
TRAINING_ROWS = (
    ("healthcare", "Certified Nursing Assistant course", "State CNA certification", 8),
    ("healthcare", "Pharmacy Technician program", "PTCB certification", 16),
    ("healthcare", "Sterile Processing bootcamp", "CRCST", 12),
    ("manufacturing", "CNC Machining fundamentals", "NIMS Measurement, Materials & Safety", 14),
    ("manufacturing", "Welding pre-apprenticeship", "AWS D1.1 structural", 20),
    ("it", "IT Support bootcamp", "CompTIA A+", 12),
    ("it", "Cybersecurity analyst track", "CompTIA Security+", 16),
    ("construction", "Construction pre-apprenticeship", "NCCER Core and OSHA 10", 10),
    ("construction", "HVAC technician program", "EPA Section 608", 24),
    ("hospitality", "Culinary skills academy", "ServSafe Food Handler", 10),
    ("hospitality", "Hotel operations pathway", "AHLEI Guest Service Gold", 6),
    ("logistics", "CDL Class A training", "Commercial Driver's License, Class A", 6),
    ("logistics", "Warehouse and forklift certificate", "OSHA forklift operator", 3),
)
