"""The invitation letters (employer and partner), kept as JSON in resources/invitation_letters and
checked on load like the agenda templates. A user's copy in the profile's config folder
(`invitation_letters/employer.json`) overrides the shipped one, so the office can reword its
letters; a broken file raises ValidationError naming the file and the field.

Merge fields are written `{name}` in the text; only those in MERGE_FIELDS are allowed.
"""

from __future__ import annotations

import json
import shutil
import string
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from sector_desktop.errors import ValidationError
from sector_desktop.models.choices import INVITATION_LETTERS, codes

USER_FOLDER = "invitation_letters"
MERGE_FIELDS = (
    "name",
    "organization",
    "meeting_title",
    "meeting_date",
    "meeting_time",
    "place",
    "partnership",
    "sector",
    "office_name",
    "signature",
)
TEXT_FIELDS = ("subject", "salutation", "closing", "signature")


@dataclass(frozen=True)
class LetterTemplate:
    letter: str  # "employer" or "partner"
    name: str
    subject: str
    salutation: str
    paragraphs: tuple[str, ...]
    closing: str
    signature: str
    source: str  # the file it came from, for messages


@dataclass(frozen=True)
class MergedLetter:
    subject: str
    salutation: str
    paragraphs: tuple[str, ...]
    closing: str
    signature: str

    def body_text(self) -> str:
        """The letter as the plain text of an e-mail."""
        return "\n\n".join([self.salutation, *self.paragraphs, f"{self.closing}\n{self.signature}"]) + "\n"


def shipped_dir() -> Traversable:
    return resources.files("sector_desktop").joinpath("resources", USER_FOLDER)


def _fail(file: str, field: str, why: str) -> ValidationError:
    msg = f"Letter template {file}: field '{field}' {why}."
    return ValidationError(msg, [msg])


def _checked_text(file: str, field: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(file, field, "must be non-empty text")
    try:
        names = [name for _lit, name, _spec, _conv in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        why = f"has a brace that opens or closes nothing ({exc}); write {{{{ for a brace"
        raise _fail(file, field, why) from None
    for name in names:
        if name not in MERGE_FIELDS:
            known = ", ".join(MERGE_FIELDS)
            raise _fail(file, field, f"uses {{{name}}}, which is not a merge field ({known})")
    return value.strip()


def parse_letter(file: str, text: str) -> LetterTemplate:
    """Check one letter template's JSON and turn it into a LetterTemplate."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        msg = f"Letter template {file}: not valid JSON ({exc})."
        raise ValidationError(msg, [msg]) from exc
    if not isinstance(raw, dict):
        raise _fail(file, "(top level)", "must be an object")
    letter = raw.get("letter")
    if letter not in codes(INVITATION_LETTERS):
        raise _fail(file, "letter", f"must be one of {', '.join(codes(INVITATION_LETTERS))}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(file, "name", "must be non-empty text")
    paragraphs = raw.get("paragraphs")
    if not isinstance(paragraphs, list) or not paragraphs:
        raise _fail(file, "paragraphs", "must be a non-empty list of text")
    texts = {f: _checked_text(file, f, raw.get(f)) for f in TEXT_FIELDS}
    body = tuple(_checked_text(file, f"paragraphs[{i}]", para) for i, para in enumerate(paragraphs))
    return LetterTemplate(letter, name.strip(), paragraphs=body, source=file, **texts)


def user_letter_path(config_dir: Path, letter: str) -> Path:
    return config_dir / USER_FOLDER / f"{letter}.json"


def load_letter(letter: str, config_dir: Path | None = None) -> LetterTemplate:
    """The letter to use: the user's copy when there is one, else the shipped one."""
    if letter not in codes(INVITATION_LETTERS):
        raise ValidationError(
            f"There is no {letter!r} letter; choose {' or '.join(codes(INVITATION_LETTERS))}.",
            [f"Letter: {letter!r} is not one of {', '.join(codes(INVITATION_LETTERS))}."],
        )
    if config_dir is not None:
        mine = user_letter_path(config_dir, letter)
        if mine.is_file():
            return parse_letter(str(mine), mine.read_text(encoding="utf-8"))
    shipped = shipped_dir().joinpath(f"{letter}.json")
    return parse_letter(f"{letter}.json", shipped.read_text(encoding="utf-8"))


def check_all_letters(config_dir: Path | None = None) -> list[LetterTemplate]:
    """Load every letter (the start-up check); raises ValidationError for the first broken file."""
    return [load_letter(code, config_dir) for code in codes(INVITATION_LETTERS)]


def copy_for_editing(config_dir: Path, letter: str) -> Path:
    """The user's editable copy of a letter, made from the shipped one the first time."""
    mine = user_letter_path(config_dir, letter)
    if not mine.is_file():
        load_letter(letter)  # refuses an unknown letter before anything is written
        mine.parent.mkdir(parents=True, exist_ok=True)
        with resources.as_file(shipped_dir().joinpath(f"{letter}.json")) as shipped:
            shutil.copyfile(shipped, mine)
    return mine


def merge(template: LetterTemplate, fields: dict[str, str]) -> MergedLetter:
    """Fill in the merge fields; every field in MERGE_FIELDS must be given (empty is allowed)."""
    values = {f: fields.get(f, "") for f in MERGE_FIELDS}

    def fill(text: str) -> str:
        return text.format_map(values)

    return MergedLetter(
        fill(template.subject),
        fill(template.salutation),
        tuple(fill(para) for para in template.paragraphs),
        fill(template.closing),
        fill(template.signature),
    )
