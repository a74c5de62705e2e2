"""The definitions as printed on the report's last page and the workbook's Definitions sheet.

They say in a sentence or two what docs/measures.md says in full; measures.py is what counts.
"""

from __future__ import annotations

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Program year",
        "PY N runs 1 July N to 30 June N+1; its quarters are July–September (Q1), October–December (Q2), "
        "January–March (Q3) and April–June (Q4). Dates are calendar dates in the office's time zone.",
    ),
    (
        "Service",
        "A completed visit (not planned, not cancelled, not deleted) with at least one ETA-9169 employer "
        "service category.",
    ),
    (
        "Establishment",
        "An employer organization at one site (partners such as training providers are not). A duplicate "
        "merged into another counts as the one kept; two sites under one FEIN are two establishments.",
    ),
    (
        "Establishments served",
        "Distinct employers with a service in the period; per ETA-9169 category, distinct employers that "
        "received that category.",
    ),
    (
        "Repeat business customers rate",
        "Establishments served in the program year that also had a service in any of the three previous "
        "program years, divided by the establishments served in the program year.",
    ),
    (
        "Employer penetration rate",
        "Establishments served in the program year divided by the area's private establishments from the "
        "latest imported QCEW annual figure for the office's area (its vintage is named). Without a QCEW "
        "figure the rate is left out, with the reason; it is shown for the whole team only.",
    ),
    (
        "Retention with the same employer",
        "Of the placements whose 2nd (4th) calendar quarter after placement ended in the period, by the "
        "report date, the share a retention check confirmed still employed by that employer.",
    ),
    ("New employers engaged", "Establishments served in the period whose first service ever falls in it."),
    (
        "Visits completed",
        "Completed visits with any organization, partners included, with or without a category.",
    ),
    (
        "Placements and wages",
        "Placements starting in the period; the median of their starting hourly wages, and the share "
        "starting at or above the area's OEWS median hourly wage for their occupation (SOC).",
    ),
    (
        "Training outcomes",
        "For training cohorts that ended in the period: completions over enrolments, and credentials earned.",
    ),
    (
        "Apprenticeship and follow-up",
        "Registered apprenticeship programs whose registration date falls in the period, apprentices who "
        "started in it, and action items marked done in it.",
    ),
    (
        "Breakdowns",
        "By staff member: the services that person gave and the placements they own. By sector: "
        "establishments of that sector. By partnership: establishments on its roster. Repeat business and "
        "new employers look at the whole team's earlier services.",
    ),
)

SOURCES: tuple[str, ...] = (
    "WIOA sec. 116(b)(2)(A)(i)(VI), effectiveness in serving employers.",
    "U.S. DOL ETA TEGL 10-16, Change 1 and Change 2, section F: the pilot approaches (retention with the "
    "same employer, repeat business customers, employer penetration), by establishment and program year; "
    "ETA-9169 statewide report (OMB 1205-0526), employer services by category.",
    "89 FR 13814 (Feb. 23, 2024): the federal indicator is retention with the same employer; this "
    "office's retention figure is its own check of its placements, not the state's wage-record match.",
    "BLS Quarterly Census of Employment and Wages (establishments); BLS Occupational Employment and Wage "
    "Statistics (median hourly wages).",
)
