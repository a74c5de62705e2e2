"""Words for the demo partnerships: the four partnerships and sentence templates for minutes,
decisions and meeting action items. Everything is fictional.
"""

from __future__ import annotations

import random

from . import vocab

CONVENER = "City Office of Workforce Development"

PARTNERSHIPS: tuple[dict, ...] = (
    {
        "name": "Healthcare Careers Alliance",
        "sector": "healthcare",
        "status": "sustaining",
        "age_days": 430,
        "convener": CONVENER,
        "description": "Hospitals, long-term care and home health employers building shared pipelines for "
        "nursing assistants, medical assistants and allied health technicians.",
        "workgroups": (
            ("Nursing pipeline", "CNA to LPN to RN ladders with the community colleges."),
            ("Allied health technicians", "Sterile processing, phlebotomy and pharmacy technicians."),
        ),
        "priorities": (
            ("Shared CNA apprenticeship across long-term care", 5, 4),
            ("Clinical placement capacity for LPN students", 5, 3),
            ("Night-shift childcare for entry-level staff", 4, 2),
            ("Common onboarding for environmental services aides", 3, 4),
            ("Spanish-language medical assistant cohort", 4, 3),
        ),
        "teams": (
            ("CNA apprenticeship team", "Register a group CNA apprenticeship with five sponsors.", 9),
            ("Clinical placements team", "Forty more LPN clinical seats a year.", 12),
            ("Childcare team", "A pilot with two childcare centres near the hospitals.", 8),
        ),
        "upcoming": ((0, 15), (6, 10)),
    },
    {
        "name": "Advanced Manufacturing Partnership",
        "sector": "manufacturing",
        "status": "active",
        "age_days": 360,
        "convener": CONVENER,
        "description": "Machine shops, fabricators and food producers working on a shared CNC and "
        "maintenance pipeline and on shop-floor supervisor training.",
        "workgroups": (
            ("CNC apprenticeship", "A group-sponsored CNC machinist apprenticeship."),
            ("Maintenance and mechatronics", "Industrial maintenance mechanics and electricians."),
        ),
        "priorities": (
            ("Group-sponsored CNC machinist apprenticeship", 5, 4),
            ("Summer manufacturing camp for high-school juniors", 3, 5),
            ("First-line supervisor training", 4, 4),
            ("Transit to the industrial parks on second shift", 5, 2),
        ),
        "teams": (
            ("CNC apprenticeship team", "Ten apprentices across four shops in the first cohort.", 10),
            ("Youth pathway team", "Two summer camps and fifty plant tours a year.", 6),
        ),
        "upcoming": ((1, 9), (4, 14)),
    },
    {
        "name": "Tech Talent Collaborative",
        "sector": "it",
        "status": "active",
        "age_days": 300,
        "convener": CONVENER,
        "description": "Software firms, managed service providers and federal contractors opening "
        "skills-based hiring for help desk, cyber and data roles.",
        "workgroups": (
            ("Cyber pathways", "Security+ and SOC analyst training with paid work experience."),
            ("Skills-based hiring", "Dropping degree requirements for entry-level IT roles."),
        ),
        "priorities": (
            ("Skills-based hiring pledge for entry-level roles", 5, 4),
            ("Paid help-desk apprenticeship", 4, 4),
            ("Security clearance sponsorship for new hires", 5, 2),
            ("Shared interview question bank", 2, 5),
        ),
        "teams": (
            ("Hiring pledge team", "Twelve employers sign the pledge and rewrite their postings.", 5),
            (
                "Help-desk apprenticeship team",
                "A registered IT support apprenticeship with two colleges.",
                11,
            ),
        ),
        "upcoming": ((3, 13),),
    },
    {
        "name": "Construction & Infrastructure Roundtable",
        "sector": "construction",
        "status": "forming",
        "age_days": 220,
        "convener": CONVENER,
        "description": "Contractors, trades and public-works agencies preparing residents for the "
        "pipe, road and school construction coming in the next three years.",
        "workgroups": (
            (
                "Pre-apprenticeship pipeline",
                "NCCER Core and OSHA 10 for residents, into union and merit shops.",
            ),
            ("Public works hiring", "Local hiring goals on city and state contracts."),
        ),
        "priorities": (
            ("Pre-apprenticeship cohort with direct entry to trades", 5, 4),
            ("Driver's licence recovery for job seekers", 4, 3),
            ("Minority-owned subcontractor mentoring", 4, 3),
            ("Tool and boot fund", 3, 5),
        ),
        "teams": (
            ("Pre-apprenticeship team", "Two cohorts of twenty with direct entry agreements.", 7),
            ("Licence recovery team", "A monthly licence clinic with the MVA and legal aid.", 6),
        ),
        "upcoming": ((2, 10), (5, 15)),
    },
)

TITLES = {
    "launch": "Launch meeting",
    "workgroup": "{workgroup} workgroup — {month}",
    "convening": "Quarterly convening — {month}",
    "roundtable": "Employer roundtable — {month}",
}
GUEST_ORGS = {
    True: ("Chesapeake Staffing Partners", "Harborline Bank", "Bayline Insurance Group",
           "Old Mill Contractors"),
    False: ("State Department of Labor", "Baltimore County Public Schools", "United Way of the Bay",
            "Harbor Public Library"),
}  # fmt: skip

for _p in PARTNERSHIPS:
    _p.setdefault("titles", TITLES)
    _p.setdefault("guest_orgs", GUEST_ORGS)

MINUTES_BY_KEYWORD: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "welcome",
        (
            "The chair opened the meeting and welcomed two members attending for the first time.",
            "Round of introductions; {org} introduced their new HR lead.",
            "Quorum of employers present. Agenda accepted without changes.",
        ),
    ),
    (
        "action items from",
        (
            "Reviewed open items: the wage survey is back from most members; two are still outstanding.",
            "The job-posting rewrite is done for three employers; the rest will finish this month.",
            "Staff reported the grant letter went out on time.",
        ),
    ),
    (
        "action team",
        (
            "The {team} reported progress: three employers have committed seats for the first cohort.",
            "The {team} is behind on its timeline; it needs one more employer champion.",
            "Champions agreed to share their intake forms so the teams stop duplicating work.",
        ),
    ),
    (
        "topic",
        (
            "Discussion of {occupation} turnover: members put first-year turnover at 30 to 45 percent.",
            "The college presented a shorter evening schedule for the {occupation} certificate.",
            "Members compared starting wages for {occupation}; most are between ${lo} and ${hi} an hour.",
            "Agreed that {skill} is the gap they see most often in new hires.",
        ),
    ),
    (
        "hiring",
        (
            "Employers reported about {n} open {occupation} positions between them.",
            "{org} is hiring for a second shift and will take referrals from the career center.",
            "Two members have paused hiring until their new contracts start.",
        ),
    ),
    (
        "decisions",
        (
            "Recapped decisions and owners. Next meeting in four weeks at a member site.",
            "Chair thanked the host. Staff will circulate the minutes within three days.",
        ),
    ),
    (
        "why a sector",
        (
            "The convener explained the employer-led model: employers set the agenda, partners respond.",
            "Members asked how this differs from earlier advisory boards; the answer is action teams.",
        ),
    ),
    (
        "industry data",
        (
            "Staff presented regional figures: {occupation} employment grew and median wages rose.",
            "Members confirmed the figures match what they see, except for weekend shifts.",
        ),
    ),
    (
        "employer round",
        (
            "Each employer named its hardest-to-fill role; {occupation} came up most often.",
            "Recurring themes: {skill}, transport to second shift, and childcare.",
        ),
    ),
    (
        "score the priorities",
        (
            "Members scored eight candidate priorities on importance and feasibility; the top four stay.",
            "Dot voting moved the apprenticeship idea to first place.",
        ),
    ),
    (
        "form action teams",
        (
            "Action teams formed for the top priorities; each has an employer champion.",
            "{org} volunteered to champion the first team.",
        ),
    ),
    (
        "next steps",
        ("Next meeting in six weeks. Staff will send the scored priorities and the team rosters.",),
    ),
)
GENERIC = (
    "Discussion of {occupation} hiring and the {skill} gap.",
    "Members shared what is working in their onboarding.",
)
DECISIONS = (
    "Adopt the shared job description for {occupation}.",
    "Apply jointly for the state {sector} workforce grant.",
    "Host the next meeting at a member site with a plant tour.",
    "Launch the {occupation} cohort in the spring with at least six employer seats.",
    "Drop the degree requirement from entry-level {occupation} postings.",
    "Ask the college for an evening section of the {skill} course.",
    "Create a shared referral form for the career center.",
)
ACTIONS = (
    "Circulate the draft {occupation} job description to members",
    "Send the wage survey to members who have not answered",
    "Book the room and catering for the next meeting",
    "Draft the letter of support for the grant application",
    "Collect committed apprenticeship seats from each employer",
    "Share the college's evening {skill} schedule",
    "Invite two more employers to join the {team}",
    "Follow up with the career center on referrals for {occupation}",
    "Prepare the {occupation} labour-market brief",
    "Set up the shared folder for action team documents",
)


def _fill(rng: random.Random, template: str, spec: dict) -> str:
    words = vocab.SECTOR_VOCAB[spec["sector"]]
    occupation, lo, hi = rng.choice(words["occupations"])
    text = template.format(
        occupation=occupation,
        lo=lo,
        hi=hi,
        skill=rng.choice(words["skills"]),
        n=rng.randint(8, 40),
        org=rng.choice(("the chair's company", "one of the hospitals", "a member employer", "the host")),
        team=rng.choice(spec["teams"])[0],
        sector=spec["sector"] if spec["sector"] != "it" else "IT",
    )
    return text[:1].upper() + text[1:]


def minutes_text(rng: random.Random, agenda_title: str, spec: dict) -> str:
    """Two or three lines of notes for an agenda item, chosen by what the item is about."""
    lowered = agenda_title.lower()
    pool = next((lines for key, lines in MINUTES_BY_KEYWORD if key in lowered), GENERIC)
    chosen = rng.sample(pool, min(len(pool), rng.randint(2, 3)))
    return "\n".join(f"- {_fill(rng, line, spec)}" for line in chosen)


def decision_texts(rng: random.Random, spec: dict, k: int) -> list[str]:
    """`k` different decisions for one meeting."""
    return [_fill(rng, t, spec) for t in rng.sample(DECISIONS, k)]


def action_texts(rng: random.Random, spec: dict, k: int) -> list[str]:
    """`k` different action items for one meeting."""
    return [_fill(rng, t, spec) for t in rng.sample(ACTIONS, k)]
