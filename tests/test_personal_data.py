"""The personal-data guard (sector_desktop/personal_data.py): what it refuses, what it lets through, and
that it covers every free-text field of every record type."""

from __future__ import annotations

import pytest
from sqlalchemy import Text

from sector_desktop.models import Base, synced_tables
from sector_desktop.personal_data import FREE_TEXT, check, check_field, find

MUST_REFUSE = [
    # Social Security numbers: labelled, with dashes, spaces, dots or nothing between the groups
    ("SSN 123-45-6789", "Social Security number"),
    ("ssn: 123 45 6789", "Social Security number"),
    ("Apprentice SSN 123456789", "Social Security number"),
    ("S.S.N. 123.45.6789", "Social Security number"),
    ("Social Security Number is 123-45-6789", "Social Security number"),
    ("social security # 123456789", "Social Security number"),
    ("SS# 123456789", "Social Security number"),
    ("SS #: 123-45-6789", "Social Security number"),
    ("Soc. Sec. No. 123 45 6789", "Social Security number"),
    ("her SSN was given as 078051120 on the form", "Social Security number"),
    ("123-45-6789 (SSN)", "Social Security number"),
    ("123456789 is his social security number", "Social Security number"),
    # ...and unlabelled, when written the way only an SSN is: 3-2-4 with dashes, in issued ranges
    ("Jane Roe 123-45-6789", "Social Security number"),
    ("id on file: 555-12-3456", "Social Security number"),
    # ITINs: labelled, or unlabelled in their own ranges
    ("ITIN 912-70-1234", "ITIN"),
    ("ITIN: 912701234", "ITIN"),
    ("Individual Taxpayer Identification Number 912 78 5678", "ITIN"),
    ("TIN 900-70-0000", "ITIN"),
    ("taxpayer ID 987654321", "ITIN"),
    ("uses 912-88-1234 for taxes", "ITIN"),
    # Dates of birth when labelled, in the common formats
    ("DOB 03/05/1990", "date of birth"),
    ("D.O.B. 3/5/90", "date of birth"),
    ("dob: 1990-03-05", "date of birth"),
    ("Date of birth: March 5, 1990", "date of birth"),
    ("born 5 March 1990", "date of birth"),
    ("Born on the 5th of March 1990", "date of birth"),
    ("birthday 03-05-1990", "date of birth"),
    ("Birthdate 05.03.1990", "date of birth"),
    ("birth date: 19900305", "date of birth"),
    ("b-day Mar. 5 1990", "date of birth"),
    ("03/05/1990 (DOB)", "date of birth"),
    ("Apprentice Ana Diaz, DOB 12/31/2001, starts Monday", "date of birth"),
    ("Notes from HR:\nDOB 7/4/1985", "date of birth"),
]

MUST_ACCEPT = [
    "Visit on 01/02/2026 with the HR lead",
    "Call 617-555-0100 after 3pm",
    "Phone (410) 555-0199 ext. 1234",
    "FEIN 12-3456789",
    "EIN 123456789 is on the W-9",
    "TIN 12-3456789 (the employer's EIN)",
    "Taxpayer ID 123456789 of the company",
    "Founded in 1990, 250 employees",
    "Born and raised in Baltimore, she leads HR",
    "The company was born out of a 2019 merger",
    "Birthday lunch for the plant's 50th anniversary next month",
    "DOB and SSN are not collected; they go on the paper form",
    "SSN not collected, FEIN 12-3456789",
    "No date of birth on file",
    "Meeting 2026-03-05 with 12 employers",
    "Follow up by 3/15/2026",
    "ZIP 21201-1234",
    "NAICS 332710, 45 welders",
    "Wages $22.50/hr, 40 hrs/week, 2,080 hours a year",
    "Order 000-12-3456 shipped",  # area 000 is never issued
    "Part 666-12-3456 in stock",  # neither is 666
    "Ticket 123-00-4567",  # nor group 00
    "Reference 123 45 6789 from the catalogue",  # spaces, unlabelled: not a shape only an SSN has
    "Invoice 123456789 paid",
    "O*NET 51-4041.00, RAPIDS 1010",
    "Apprentices start 09/01/2026; RTI 144 hours per year",
    "Job fair 03/05/2026 at the community college",
    "Version 1.2.3 of the checklist",
    "Room 12, building 4, 3rd floor",
    "Dates: 1/2/2026, 2/3/2026 and 3/4/2026",
    "Sent the MOU on Sept 5, 2026",
    "Cohort of 1990 graduates",
    "",
]


@pytest.mark.parametrize(("text", "what"), MUST_REFUSE)
def test_personal_data_is_refused_saying_what_it_looks_like(text: str, what: str) -> None:
    finding = find(text)
    assert finding is not None, text
    assert what in finding.what
    assert "not kept in Sector Desktop" in str(finding)
    digits = "".join(ch for ch in text if ch.isdigit())
    assert len(digits) < 6 or digits not in "".join(ch for ch in str(finding) if ch.isdigit())  # not repeated


@pytest.mark.parametrize("text", MUST_ACCEPT)
def test_ordinary_dates_phones_and_numbers_are_accepted(text: str) -> None:
    assert find(text) is None, find(text)


def test_the_tables_are_big_enough() -> None:
    assert len(MUST_REFUSE) >= 30 and len(MUST_ACCEPT) >= 30


def test_a_problem_names_the_record_and_field() -> None:
    problems = check("contact", {"name": "Ann Lee", "notes": "SSN 123-45-6789", "email": "a@b.test"})
    assert problems == [problems[0]] and problems[0].startswith("Contact notes: this looks like a Social")
    assert check_field("program_document", "notes", "DOB 3/5/1990").startswith("Document notes: ")
    assert check_field("apprenticeship_program", "reviewer_comments", "SSN 123456789") is not None
    assert check_field("contact", "email", "SSN 123456789") is None  # not a free-text field
    assert check_field("organization", "sites_count", 123456789) is None


def test_every_text_column_of_a_synced_table_is_guarded_and_every_guarded_field_exists() -> None:
    synced = set(synced_tables())
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    for table in synced:
        texts = {c.name for c in tables[table].columns if isinstance(c.type, Text)}
        assert texts <= set(FREE_TEXT.get(table, ())), f"{table}: add {texts - set(FREE_TEXT.get(table, ()))}"
    for table, fields in FREE_TEXT.items():
        assert table in synced, table
        assert set(fields) <= set(tables[table].columns.keys()), table
