"""The personal-data guard: no free-text field may hold a Social Security number, an ITIN or a date of birth.

Pure Python that imports nothing of ours, so every place that takes text in applies this one rule:
the store's sessions (every save in the app), imports (per cell), and sync where it applies a change,
on the server and on the client. It says which field and why, and never repeats the number itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

POLICY = (
    "Social Security numbers, ITINs and dates of birth are not kept in Sector Desktop: they go only on "
    "the signed paper forms, such as the paper apprentice agreement."
)
# Files cannot be read for this, so whoever attaches one to an apprenticeship document is told.
ATTACH_REMINDER = (
    "Do not attach pages that show a Social Security number or a date of birth (an apprentice agreement, "
    "an ID): attached files cannot be checked for them. Black those out first, or keep the page on paper."
)

# Every free-text field of every record type, by table. tests/test_personal_data.py checks that each
# Text column of a synced table is here, and that each name here is a real column.
FREE_TEXT: dict[str, tuple[str, ...]] = {
    "organization": ("name", "dba", "address_line1", "address_line2", "notes"),
    "contact": ("name", "title", "notes"),
    "staff_user": ("name",),
    "visit": ("purpose", "notes"),
    "hiring_need": ("occupation", "timeline"),
    "skill_gap": ("skill", "notes"),
    "action_item": ("text", "status_note"),
    "sector_partnership": ("name", "region", "convener", "description"),
    "workgroup": ("name", "description"),
    "priority": ("title", "notes"),
    "action_team": ("name", "goal"),
    "meeting": ("title", "location", "notes"),
    "agenda_item": ("title", "presenter", "minutes"),
    "meeting_attendance": ("guest_name", "guest_organization"),
    "decision": ("text",),
    "apprenticeship_program": ("occupation_title", "rti_provider_name", "reviewer_comments", "notes"),
    "stage_change": ("override_reason",),
    "work_process": ("title",),
    "apprentice": ("name",),
    "program_document": ("title", "notes"),
    "attachment": ("filename", "caption"),
    "training_program": ("name", "credential", "notes", "schedule"),
    "lmi_figure": ("area", "occupation", "measure", "source"),
    "lmi_release": ("notes",),
    "onet_occupation": ("description",),
    "training_cohort": ("name", "credential_name", "notes"),
    "placement": ("occupation_title", "case_number", "notes"),
    "invitation": ("note",),
    "goal": ("title", "measure", "notes"),
    "goal_progress": ("note",),
    "initiative": ("name", "description"),
    "funding_source": ("funder", "grant_name"),
    "budget_line": ("name",),
    "expenditure": ("note",),
    "milestone": ("title", "notes"),
}

_RECORDS = {
    "organization": "Organization", "contact": "Contact", "staff_user": "Staff member", "visit": "Visit",
    "hiring_need": "Hiring need", "skill_gap": "Skill gap", "action_item": "Action item",
    "sector_partnership": "Partnership", "workgroup": "Workgroup", "priority": "Priority",
    "action_team": "Action team", "meeting": "Meeting", "agenda_item": "Agenda item",
    "meeting_attendance": "Guest", "decision": "Decision", "apprenticeship_program": "Program",
    "stage_change": "Stage change", "work_process": "Work process", "apprentice": "Apprentice",
    "program_document": "Document", "attachment": "Attachment", "training_program": "Training program",
    "lmi_figure": "Labour-market figure", "lmi_release": "Labour-market release",
    "onet_occupation": "O*NET occupation",
    "training_cohort": "Cohort", "placement": "Placement", "invitation": "Invitation",
    "goal": "Goal", "goal_progress": "Progress update", "initiative": "Initiative",
    "funding_source": "Funding source", "budget_line": "Budget line", "expenditure": "Expenditure",
    "milestone": "Milestone",
}  # fmt: skip

# -- what is recognised ----------------------------------------------------------------------------
_GAP = r"[^\d\n;|]{0,25}?"  # between a label and its number: a few words, no digits, same clause
_GAP_AFTER = r"[^\d\n;|]{0,12}?"  # between a number and a label that follows it: "(SSN)"
_SSN_LABEL = (
    r"(?:\bs\.?\s?s\.?\s?n\b\.?|\bsocial\s+security\b(?:\s+(?:number|no\b\.?|num\b|\#))?"
    r"|\bsoc\.?\s*sec\b\.?(?:\s*(?:no\b\.?|\#))?|\bss\s?\#|\bss\s?no\b\.?)"
)
_ITIN_LABEL = r"(?:\bitins?\b|\bindividual\s+taxpayer\s+identification\b|\btaxpayer\s+id\b|\btin\b)"
# Nine digits as 123-45-6789, 123 45 6789, 123.45.6789 or 123456789 (the same separator twice).
_NINE = r"(?<![\d-])\d{3}(?P<sep>[-\s.]?)\d{2}(?P=sep)\d{4}(?![\d-])"
_DASHED = re.compile(r"(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])")

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:(?<![\d/.-])\d{1,2}(?P<s1>[/.-])\d{1,2}(?P=s1)(?:\d{4}|\d{2})(?![\d/.-])"  # 3/5/1990, 03-05-90
    r"|(?<![\d/.-])\d{4}(?P<s2>[/.-])\d{1,2}(?P=s2)\d{1,2}(?![\d/.-])"  # 1990-03-05
    r"|(?<!\d)\d{8}(?!\d)"  # 19900305, 03051990
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"  # March 5, 1990
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}\b)"  # 5 March 1990, 5th of March 1990
)
_DOB_LABEL = (
    r"(?:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bbirth\s?date\b|\bbirthday\b|\bb-?day\b|\bborn\b)"
)

_FLAGS = re.IGNORECASE
_SSN_LABELLED = re.compile(rf"(?P<label>{_SSN_LABEL}){_GAP}(?P<value>{_NINE})", _FLAGS)
_SSN_BEFORE_LABEL = re.compile(rf"(?P<value>{_NINE}){_GAP_AFTER}(?P<label>{_SSN_LABEL})", _FLAGS)
_ITIN_LABELLED = re.compile(rf"(?P<label>{_ITIN_LABEL}){_GAP}(?P<value>{_NINE})", _FLAGS)
_ANY_SSN_LABEL = re.compile(_SSN_LABEL, _FLAGS)
_ANY_ITIN_LABEL = re.compile(_ITIN_LABEL, _FLAGS)
_ANY_DOB_LABEL = re.compile(_DOB_LABEL, _FLAGS)
_DOB_LABELLED = re.compile(rf"(?P<label>{_DOB_LABEL}){_GAP}(?P<value>{_DATE})", _FLAGS)
_DOB_BEFORE_LABEL = re.compile(rf"(?P<value>{_DATE}){_GAP_AFTER}(?P<label>{_DOB_LABEL})", _FLAGS)
_DIGIT = re.compile(r"\d")
_EIN_TOO = ("tin", "taxpayer id")  # labels an EIN may carry as well
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Finding:
    """What a text holds that it must not, described without repeating it."""

    what: str  # "a Social Security number", "an ITIN", "a date of birth"
    how: str  # how it was recognised: the label next to it, or its shape

    def __str__(self) -> str:
        return f"this looks like {self.what} ({self.how}). {POLICY} Take it out and save again."

    @property
    def short(self) -> str:
        """For a list of many (an import's problems): without the policy spelled out each time."""
        return f"this looks like {self.what} ({self.how}), which is not kept in Sector Desktop"


def find(text: str | None) -> Finding | None:
    """The first SSN, ITIN or labelled date of birth in `text`, or None."""
    if not text or not _DIGIT.search(text):  # most text has no digits at all: done at C speed
        return None
    # The number patterns are tried only where their label is present: labels are rare, scans are not.
    numbers = [
        *((_ITIN_LABELLED,) if _ANY_ITIN_LABEL.search(text) else ()),
        *((_SSN_LABELLED, _SSN_BEFORE_LABEL) if _ANY_SSN_LABEL.search(text) else ()),
    ]
    for pattern in numbers:
        for match in pattern.finditer(text):
            digits = re.sub(r"\D", "", match["value"])
            label = _tidy(match["label"])
            if label.lower() in _EIN_TOO and not _is_itin(digits):
                continue  # a "TIN" or "taxpayer ID" may be an employer's EIN: only ITIN digits make it one
            what = "an ITIN" if pattern is _ITIN_LABELLED or _is_itin(digits) else "a Social Security number"
            return Finding(what, f"nine digits next to “{label}”")
    for match in _DASHED.finditer(text):
        digits = "".join(match.groups())
        if _is_itin(digits):
            return Finding("an ITIN", "written 9XX-XX-XXXX in the ITIN ranges")
        if _is_ssn(digits):
            return Finding("a Social Security number", "written XXX-XX-XXXX")
    for pattern in (_DOB_LABELLED, _DOB_BEFORE_LABEL) if _ANY_DOB_LABEL.search(text) else ():
        for match in pattern.finditer(text):
            if _is_date(match["value"]):
                return Finding("a date of birth", f"a date next to “{_tidy(match['label'])}”")
    return None


def none_found(texts: Iterable[object]) -> bool:
    """Whether `find` finds nothing in any of `texts` (a pulled page's column at once; values that
    are not text are not looked at, as in value_problem)."""
    strs = [t for t in texts if isinstance(t, str)]
    joined = "\n".join(strs)  # a match inside one text is a match here (\n is a word boundary too)
    if not _DIGIT.search(joined):  # no digit anywhere: nothing to find, at C speed
        return True
    if not (_ANY_ITIN_LABEL.search(joined) or _ANY_SSN_LABEL.search(joined) or _ANY_DOB_LABEL.search(joined)):
        # Without labels `find` looks only for the dashed shape, which never spans a line break.
        shapes = ("".join(m.groups()) for m in _DASHED.finditer(joined))
        return not any(_is_itin(d) or _is_ssn(d) for d in shapes)
    return all(find(t) is None for t in strs if _DIGIT.search(t))


def check(table: str, values: Mapping[str, object]) -> list[str]:
    """A problem ("Contact notes: this looks like …") for each free-text field of `table` in `values`."""
    problems = []
    for name in FREE_TEXT.get(table, ()):
        value = values.get(name)
        finding = find(value) if isinstance(value, str) else None
        if finding is not None:
            problems.append(f"{field_label(table, name)}: {finding}")
    return problems


def check_field(table: str, name: str, value: object) -> str | None:
    """Why the value of one field may not be kept (sync applies changes one field at a time), or None."""
    if name not in FREE_TEXT.get(table, ()) or not isinstance(value, str):
        return None
    finding = find(value)
    return None if finding is None else f"{field_label(table, name)}: {finding}"


def value_problem(table: str, name: str, value: object) -> str | None:
    """Sync's per-field check (sync/values.py): why a value of `table.name` is refused, said without
    the field (the caller names it) and without the number, or None."""
    if name not in FREE_TEXT.get(table, ()) or not isinstance(value, str):
        return None
    finding = find(value)
    return None if finding is None else finding.short


def field_label(table: str, name: str) -> str:
    """A field in the users' words: ("contact", "notes") -> "Contact notes"."""
    record = _RECORDS.get(table, table.replace("_", " ").capitalize())
    return f"{record} {name.replace('_', ' ')}"


def _tidy(label: str) -> str:
    return re.sub(r"\s+", " ", label.strip())


def _is_ssn(digits: str) -> bool:
    """The SSA never issues area 000, 666 or 900-999, group 00 or serial 0000."""
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _is_itin(digits: str) -> bool:
    """ITINs start with 9 and have a middle group of 50-65, 70-88, 90-92 or 94-99 (IRS)."""
    if len(digits) != 9 or digits[0] != "9":
        return False
    group = int(digits[3:5])
    return 50 <= group <= 65 or 70 <= group <= 88 or 90 <= group <= 92 or 94 <= group <= 99


def _is_date(text: str) -> bool:
    """Whether `text` (as _DATE matched it) is a real calendar date, read month-first or day-first."""
    words = re.findall(r"[a-z]+", text.lower())
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if words and words[0][:3] in _MONTHS:
        return _real(numbers[-1], _MONTHS.index(words[0][:3]) + 1, numbers[0])
    month_word = next((w for w in words if w[:3] in _MONTHS), None)
    if month_word is not None:
        return _real(numbers[-1], _MONTHS.index(month_word[:3]) + 1, numbers[0])
    if len(numbers) == 1:  # eight digits: YYYYMMDD or MMDDYYYY
        s = f"{numbers[0]:08d}"
        return _real(int(s[:4]), int(s[4:6]), int(s[6:])) or _real(int(s[4:]), int(s[:2]), int(s[2:4]))
    first, second, third = numbers
    if first > 31:  # year first
        return _real(first, second, third)
    year = third + (1900 if 30 <= third < 100 else 2000 if third < 30 else 0)
    return _real(year, first, second) or _real(year, second, first)


def _real(year: int, month: int, day: int) -> bool:
    if not 1900 <= year <= 2100:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
