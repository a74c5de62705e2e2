"""Every synced value checked against the model: type, nullability, choices, length, id format,
dates and datetimes, JSON shape, and text a database can store (no NUL, no lone surrogate).

Shared by the server (each pushed change is refused with this reason, never stored) and the client
(a pulled value that fails is kept as a failed record, never written). Extra per-field checks
(the personal-data guard, for one) plug in with `register_value_check`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, Numeric, String, Table, Text

from sector_desktop import personal_data
from sector_desktop.models import Base, synced_tables
from sector_desktop.models.choices import COLUMN_CHOICES
from sector_desktop.sync import column_checks as cols

# (table, field, value) -> a reason the value is refused, or None. Runs after the model's checks,
# on the server for every pushed change and on the client for every pulled value.
ValueCheck = Callable[[str, str, Any], str | None]
EXTRA_CHECKS: list[ValueCheck] = []
# Optional, per extra check: (table, field) -> whether it can refuse anything there at all. A check
# that says no for a field is not called for it (a pull checks over a million values).
_APPLIES: dict[int, Callable[[str, str], bool]] = {}
# Optional, per extra check: (table, field, values) -> True when it refuses none of the values (a
# pull page's column at once); without one the check is called for each value.
_MANY: dict[int, Callable[[str, str, list[Any]], bool]] = {}

ID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
INT64 = (-(2**63), 2**63 - 1)
MAX_JSON_DEPTH = 20
# Columns holding a content hash rather than an id or free text.
HASH_COLUMNS = {("attachment", "sha256")}
# Columns holding a record id without a foreign key (attachments point at several tables).
ID_COLUMNS = {
    ("attachment", "owner_id"),
    ("organization", "merged_into_id"),
    ("meeting_attendance", "invitation_id"),
}

Check = Callable[[Any], str | None]
# Each per-value rule and its column form (column_checks.py): both say the same of a value.
_COLUMN: dict[Check, cols.ColumnCheck] = {}


def _paired(check: Check, column: cols.ColumnCheck) -> Check:
    _COLUMN[check] = column
    return check


def register_value_check(
    check: ValueCheck,
    applies: Callable[[str, str], bool] | None = None,
    many: Callable[[str, str, list[Any]], bool] | None = None,
) -> ValueCheck:
    """Add a per-field check applied on both sides of the wire (usable as a decorator). `applies`
    may say which fields it can refuse at all; it is then skipped for the others. `many` may check
    a whole column at once (True: none refused); it must never accept what `check` refuses."""
    EXTRA_CHECKS.append(check)
    if applies is not None:
        _APPLIES[id(check)] = applies
    if many is not None:
        _MANY[id(check)] = many
    field_check.cache_clear()
    column_check.cache_clear()
    return check


def text_problem(text: str) -> str | None:
    """Why a string cannot be stored in every database we use, or None."""
    if "\x00" in text:
        return "holds a NUL character"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return "holds a character that is not valid Unicode (a lone surrogate)"
    return None


def check_row_id(row_id: Any) -> str | None:
    if not isinstance(row_id, str) or not ID_RE.match(row_id):
        return "the record id is not a lower-case UUID"
    return None


@dataclass(frozen=True)
class FieldRule:
    table: str
    field: str
    nullable: bool
    check: Check


def _string(limit: int | None) -> Check:
    def check(v: Any) -> str | None:
        if type(v) is not str:
            return f"expected text, got {_kind(v)}"
        if limit is not None and len(v) > limit:
            return f"longer than {limit} characters"
        return text_problem(v)

    return _paired(check, cols.strings(limit))


def _id(v: Any) -> str | None:
    if type(v) is not str or not ID_RE.match(v):
        return "expected a record id (a lower-case UUID)"
    return None


def _sha256(v: Any) -> str | None:
    if type(v) is not str or not SHA256_RE.match(v):
        return "expected a SHA-256 (64 lower-case hex characters)"
    return None


def _integer(v: Any) -> str | None:
    if type(v) is not int:
        return f"expected a whole number, got {_kind(v)}"
    if not INT64[0] <= v <= INT64[1]:
        return "the number is too large"
    return None


def _number(limit: float | None) -> Check:
    def check(v: Any) -> str | None:
        if type(v) not in (int, float):
            return f"expected a number, got {_kind(v)}"
        if type(v) is int and not INT64[0] <= v <= INT64[1]:
            return "the number is too large"  # (math.isfinite would raise past a float's range)
        if not math.isfinite(v):
            return "expected a finite number"
        if limit is not None and abs(v) >= limit:
            return f"the number is not below {limit:,.0f}"
        return None

    return _paired(check, cols.numbers(limit))


def _boolean(v: Any) -> str | None:
    return None if type(v) is bool else f"expected true or false, got {_kind(v)}"


def _date(v: Any) -> str | None:
    if type(v) is not str or len(v) != 10:
        return "expected a date like 2026-11-24"
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return f"{v!r} is not a date like 2026-11-24"
    return None


def _datetime(v: Any) -> str | None:
    if type(v) is not str or not 10 <= len(v) <= 40:
        return "expected a date and time like 2026-11-24T09:30:00"
    try:
        dt.datetime.fromisoformat(v)
    except ValueError:
        return f"{v!r} is not a date and time like 2026-11-24T09:30:00"
    return None


def _json(v: Any, depth: int = 0) -> str | None:
    if depth > MAX_JSON_DEPTH:
        return "the value is nested too deeply"
    if isinstance(v, str):
        return text_problem(v)
    if isinstance(v, list):
        return next((r for r in (_json(x, depth + 1) for x in v) if r), None)
    if isinstance(v, dict):
        for key, item in v.items():
            reason = text_problem(key) or _json(item, depth + 1)
            if reason:
                return reason
        return None
    if isinstance(v, float) and not math.isfinite(v):
        return "expected a finite number"
    return None


def _list_of_text(choices: set[str] | None) -> Check:
    def check(v: Any) -> str | None:
        if type(v) is not list or any(type(x) is not str for x in v):
            return f"expected a list of text, got {_kind(v)}"
        bad = [x for x in v if choices is not None and x not in choices]
        if bad:
            return f"{bad[0]!r} is not one of {', '.join(sorted(choices or ()))}"
        return next((r for r in map(text_problem, v) if r), None)

    return _paired(check, cols.lists_of_text(choices))


def _one_of(base: Check, choices: set[str]) -> Check:
    def check(v: Any) -> str | None:
        reason = base(v)
        if reason is None and v not in choices:
            return f"{v!r} is not one of {', '.join(sorted(choices))}"
        return reason

    return _paired(check, cols.one_of(_COLUMN.get(base) or cols.each(base), choices))


_paired(_id, cols.ids)
_paired(_sha256, cols.sha256s)
_paired(_integer, cols.integers)
_paired(_boolean, cols.booleans)
_paired(_date, cols.dates)
_paired(_datetime, cols.datetimes)


def _kind(v: Any) -> str:
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN or Infinity"
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(v), "a number" if isinstance(v, (int, float)) else type(v).__name__
    )


def _annotation(table: str, field: str) -> str:
    for mapper in Base.registry.mappers:
        if isinstance(mapper.local_table, Table) and mapper.local_table.name == table:
            for cls in mapper.class_.__mro__:
                found = getattr(cls, "__annotations__", {}).get(field)
                if found is not None:
                    return str(found)
    return ""


def _column_check(table: str, col: Column) -> Check:
    key = (table, col.name)
    choices = {code for code, _label in COLUMN_CHOICES.get(key, ())} or None
    kind = col.type
    if key in HASH_COLUMNS:
        return _sha256
    if col.foreign_keys or key in ID_COLUMNS:
        return _id
    if isinstance(kind, Boolean):
        return _boolean
    if isinstance(kind, DateTime):
        return _datetime
    if isinstance(kind, Date):
        return _date
    if isinstance(kind, Integer):
        return _integer
    if isinstance(kind, Numeric | Float):
        digits = getattr(kind, "precision", None)
        scale = getattr(kind, "scale", None) or 0
        return _number(10.0 ** (digits - scale) if digits else None)
    if isinstance(kind, JSON):
        if "list[str]" in _annotation(table, col.name):
            return _list_of_text(choices)
        return _json
    if isinstance(kind, String | Text):
        base = _string(getattr(kind, "length", None))
        return _one_of(base, choices) if choices else base
    return _json


@cache
def rules() -> dict[tuple[str, str], FieldRule]:
    """(table, field) -> its rule, for every field a client may send (every column but `id`)."""
    found = {}
    for name in synced_tables():
        for col in Base.metadata.tables[name].columns:
            if col.name != "id":
                check = _column_check(name, col)
                found[(name, col.name)] = FieldRule(name, col.name, bool(col.nullable), check)
    return found


def check_value(table: str, field: str, value: Any) -> str | None:
    """Why `value` cannot be stored as `table.field`, or None when it can."""
    check = field_check(table, field)
    if check is None:
        if table not in synced_tables():
            return f"table {table!r} does not sync"
        return f"table {table!r} has no field {field!r}"
    return check(value)


@cache
def field_check(table: str, field: str) -> Check | None:
    """The whole check of one field (nullability, the model's rule, the extra checks that apply to
    it) as one function of the value; None for a field that does not sync."""
    rule = rules().get((table, field))
    if rule is None:
        return None
    base, nullable = rule.check, rule.nullable
    extras = [e for e in EXTRA_CHECKS if _APPLIES.get(id(e), _always)(table, field)]
    empty = None if nullable else f"{field} cannot be empty"

    if not extras:

        def check(value: Any) -> str | None:
            return empty if value is None else base(value)

        return check

    def check_with_extras(value: Any) -> str | None:
        if value is None:
            return empty
        reason = base(value)
        if reason is None:
            for extra in extras:
                reason = extra(table, field, value)
                if reason:
                    break
        return reason

    return check_with_extras


def _always(_table: str, _field: str) -> bool:
    return True


@cache
def column_check(table: str, field: str) -> cols.ColumnCheck | None:
    """field_check over a whole column (one field of many records): True only when field_check
    passes every value (it may say False where field_check passes them all: check those one by
    one). None for a field that does not sync."""
    rule = rules().get((table, field))
    if rule is None:
        return None
    base, nullable = _COLUMN.get(rule.check) or cols.each(rule.check), rule.nullable
    extras = [
        _MANY.get(id(e)) or _each_extra(e)
        for e in EXTRA_CHECKS
        if _APPLIES.get(id(e), _always)(table, field)
    ]

    def check(values: Sequence[Any]) -> bool:
        present = list(values)
        if None in present:
            if not nullable:
                return False
            present = [v for v in present if v is not None]
        if not present:
            return True
        return base(present) and all(many(table, field, present) for many in extras)

    return check


def _each_extra(extra: ValueCheck) -> Callable[[str, str, list[Any]], bool]:
    def many(table: str, field: str, values: list[Any]) -> bool:
        return all(extra(table, field, v) is None for v in values)

    return many


def row_problem(table: str, values: dict[str, Any]) -> str | None:
    """Whether any value of a whole record fails check_value (a reason), or None: the fast path of
    a pull, which then checks a failing record again field by field to say which one."""
    for name, value in values.items():
        check = field_check(table, name)
        if check is None or check(value) is not None:
            return check_value(table, name, value)
    return None


# The personal-data guard holds on the wire as it does in the app and in imports: a change whose free
# text carries an SSN, an ITIN or a labelled date of birth is refused by the server, and a laptop
# keeps such a pulled value as a failed record instead of writing it.
register_value_check(
    personal_data.value_problem,
    applies=lambda table, name: name in personal_data.FREE_TEXT.get(table, ()),
    many=lambda _table, _name, values: personal_data.none_found(values),
)
