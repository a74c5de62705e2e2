"""The documented column mapping of an import file (docs/import-format.md): headers, aliases and cell rules.

Each column of a file maps to one field; each cell is checked and turned into the stored value here.
A cell that breaks a rule raises CellError with the reason a user can act on.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sector_desktop import clock
from sector_desktop.models import choices

# Ceiling for long text fields (notes): a cell bigger than this is a mistake, not a note.
NOTES_MAX = 100_000


class CellError(ValueError):
    """A cell that cannot be imported; the message says why."""


def header_key(header: str) -> str:
    """Headers match case-, space- and punctuation-insensitively: 'Zip Code' == 'zip_code'."""
    return re.sub(r"[^a-z0-9]", "", str(header).lower())


def _choice(vocab: tuple[tuple[str, str], ...], what: str) -> Callable[[str], str]:
    lookup: dict[str, str] = {}
    for code, label in vocab:
        lookup[header_key(code)] = code
        lookup[header_key(label)] = code

    def parse(text: str) -> str:
        code = lookup.get(header_key(text.replace("–", "-")))
        if code is None:
            allowed = ", ".join(code for code, _ in vocab)
            raise CellError(f"unknown {what} (allowed: {allowed}, or their labels)")
        return code

    return parse


def _text(max_len: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if len(text) > max_len:
            raise CellError(f"too long: {len(text):,} characters (at most {max_len:,})")
        return text

    return parse


def _fein(text: str) -> str:
    digits = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(r"\d{9}", digits):
        raise CellError("a FEIN has 9 digits, written 12-3456789 or 123456789")
    return f"{digits[:2]}-{digits[2:]}"


def _zip(text: str) -> str:
    if re.fullmatch(r"\d{1,4}", text):  # Excel drops the leading zeros of a numeric ZIP
        text = text.zfill(5)
    if not re.fullmatch(r"\d{5}(-\d{4})?", text):
        raise CellError("a ZIP code is 5 digits, or ZIP+4 written 12345-6789")
    return text


def _state(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2}", text):
        raise CellError("a state is its 2-letter postal code, for example MA")
    return text.upper()


def _count(text: str) -> int:
    if not re.fullmatch(r"\d{1,6}", text):
        raise CellError("a whole number of 0 or more is expected")
    return int(text)


def _email(text: str) -> str:
    if len(text) > 200 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise CellError("not an email address")
    return text


_TRUE = {"yes", "y", "true", "t", "1", "x", "primary"}
_FALSE = {"no", "n", "false", "f", "0"}


def _flag(text: str) -> bool:
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError("expected yes or no")


def _tags(text: str) -> list[str]:
    tags = [t.strip() for t in text.split(";") if t.strip()]
    if any(len(t) > 100 for t in tags):
        raise CellError("a tag is longer than 100 characters (tags are separated by ';')")
    return tags


def _record_id(text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise CellError("not a record id (a UUID); leave it blank to give the record a new id") from None


_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y")
_TIME_FORMATS = ("", " %H:%M", " %H:%M:%S", " %H:%M:%S.%f", "T%H:%M", "T%H:%M:%S", "T%H:%M:%S.%f")


def parse_timestamp(text: str) -> dt.datetime:
    """ISO 8601 (2024-03-05, 2024-03-05T14:30:00, with or without an offset such as -05:00) or US
    month/day/year, with an optional time. A time without an offset is the profile's local time.
    Returns the instant as stored (naive UTC)."""
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        when = None
    if when is not None and len(text) >= 10 and text[4] == "-":
        return clock.to_utc(when)
    for date_format in _DATE_FORMATS:
        for time_format in _TIME_FORMATS:
            try:
                return clock.to_utc(dt.datetime.strptime(text, date_format + time_format))
            except ValueError:
                continue
    raise CellError("not a date; write 2024-03-05, 2024-03-05 14:30 or 03/05/2024")


@dataclass(frozen=True)
class Column:
    """One importable field: its name in the database, the headers that mean it, and its rule."""

    field: str
    aliases: tuple[str, ...]
    parse: Callable[[str], Any]
    required: bool = False

    def header_keys(self) -> set[str]:
        return {header_key(self.field), *(header_key(a) for a in self.aliases)}


_TIMESTAMPS = (
    Column("created_at", ("created", "created on", "date created"), parse_timestamp),
    Column("updated_at", ("updated", "updated on", "last updated", "modified"), parse_timestamp),
)

ORGANIZATION_COLUMNS: tuple[Column, ...] = (
    Column("id", ("organization id", "org id"), _record_id),
    Column(
        "name",
        ("organization", "organization name", "employer", "employer name", "company", "legal name"),
        _text(300),
        required=True,
    ),
    Column("dba", ("doing business as", "trade name"), _text(300)),
    Column("kind", ("type", "organization type", "org type"), _choice(choices.ORGANIZATION_KINDS, "kind")),
    Column("status", (), _choice(choices.ORGANIZATION_STATUSES, "status")),
    Column("sector", ("industry",), _choice(choices.SECTORS, "sector")),
    Column("fein", ("ein", "federal ein", "federal employer identification number"), _fein),
    Column(
        "state_ui_number",
        ("state ui account number", "ui account number", "ui account", "ui number"),
        _text(30),
    ),
    Column("naics", ("naics code",), _text(10)),
    Column("address_line1", ("address", "address 1", "street", "street address"), _text(300)),
    Column("address_line2", ("address 2", "suite"), _text(300)),
    Column("city", ("town",), _text(120)),
    Column("state", (), _state),
    Column("zip", ("zip code", "zipcode", "postal code"), _zip),
    Column("phone", ("telephone", "phone number"), _text(40)),
    Column("website", ("web site", "url", "web"), _text(300)),
    Column("size_band", ("size", "company size", "employees"), _choice(choices.SIZE_BANDS, "size band")),
    Column("sites_count", ("sites", "number of sites"), _count),
    Column("assigned_staff", ("staff", "assigned to", "staff username"), _text(100)),
    Column("tags", (), _tags),
    Column("notes", (), _text(NOTES_MAX)),
    *_TIMESTAMPS,
)

CONTACT_COLUMNS: tuple[Column, ...] = (
    Column("id", ("contact id",), _record_id),
    Column("organization_id", ("org id",), _record_id),
    Column("organization_fein", ("fein", "ein", "organization ein"), _fein),
    Column(
        "organization_name",
        ("organization", "employer", "employer name", "company", "company name"),
        _text(300),
    ),
    Column("name", ("contact", "contact name", "full name"), _text(200), required=True),
    Column("title", ("job title", "position"), _text(200)),
    Column("email", ("e-mail", "email address"), _email),
    Column("phone", ("telephone", "phone number"), _text(40)),
    Column("is_primary", ("primary", "primary contact"), _flag),
    Column("notes", (), _text(NOTES_MAX)),
    *_TIMESTAMPS,
)

# A contact names its organization in at least one of these columns.
ORGANIZATION_REFERENCES = ("organization_id", "organization_fein", "organization_name")

COLUMNS: dict[str, tuple[Column, ...]] = {"organizations": ORGANIZATION_COLUMNS, "contacts": CONTACT_COLUMNS}
