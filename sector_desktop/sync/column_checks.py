"""Value checks over a whole column of a pull page at once, at C speed where they can be.

Each function here takes the non-null values of one field across many records and answers True
only when every value would pass the matching per-value check of `values.py` (which pairs them).
They may say False for values the per-value check accepts (a trailing newline after an id, say):
the caller then checks those records one value at a time, which says which value is wrong and why.
They must never say True where a per-value check would refuse a value.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any

# Values: the non-null values of one field; True when every one is acceptable.
ColumnCheck = Callable[[Sequence[Any]], bool]

_STR = frozenset({str})
_INT = frozenset({int})
_NUMBER = frozenset({int, float})
_BOOL = frozenset({bool})
_LIST = frozenset({list})
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_IDS = re.compile(f"(?:{_UUID},)*")  # ids joined by commas, each followed by one
_HASHES = re.compile("(?:[0-9a-f]{64},)*")
INT64 = (-(2**63), 2**63 - 1)


def texts_ok(texts: Sequence[str]) -> bool:
    """No NUL and no lone surrogate in any of `texts` (values.text_problem for each)."""
    joined = "".join(texts)  # a surrogate stays one code point when joined: encode() still fails
    if "\x00" in joined:
        return False
    if not joined.isascii():
        try:
            joined.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


def _only(values: Sequence[Any], kinds: frozenset[type]) -> bool:
    return set(map(type, values)) <= kinds


def strings(limit: int | None) -> ColumnCheck:
    """values._string: text, at most `limit` characters, storable."""

    def check(values: Sequence[Any]) -> bool:
        if not _only(values, _STR):
            return False
        if limit is not None and max(map(len, values)) > limit:
            return False
        return texts_ok(values)

    return check


def one_of(base: ColumnCheck, choices: set[str]) -> ColumnCheck:
    """values._one_of: the base check, and every value one of `choices`."""
    allowed = frozenset(choices)

    def check(values: Sequence[Any]) -> bool:
        return base(values) and set(values) <= allowed

    return check


def ids(values: Sequence[Any]) -> bool:
    """values._id (and check_row_id): lower-case UUIDs."""
    return _only(values, _STR) and _IDS.fullmatch(",".join(values) + ",") is not None


def sha256s(values: Sequence[Any]) -> bool:
    """values._sha256: 64 lower-case hex characters."""
    return _only(values, _STR) and _HASHES.fullmatch(",".join(values) + ",") is not None


def integers(values: Sequence[Any]) -> bool:
    """values._integer: whole numbers (not booleans) within 64 bits."""
    return _only(values, _INT) and INT64[0] <= min(values) and max(values) <= INT64[1]


def numbers(limit: float | None) -> ColumnCheck:
    """values._number: finite numbers (not booleans), each below `limit` in size."""

    def check(values: Sequence[Any]) -> bool:
        if not _only(values, _NUMBER):
            return False
        if min(values) < INT64[0] or max(values) > INT64[1]:  # whole numbers past 64 bits, or huge
            return False
        try:
            if not all(map(math.isfinite, values)):
                return False
            return limit is None or max(map(abs, values)) < limit
        except OverflowError:  # an integer too large for a float: let the per-value check say so
            return False

    return check


def booleans(values: Sequence[Any]) -> bool:
    """values._boolean: true or false."""
    return _only(values, _BOOL)


def _texts_parse(values: Sequence[Any], shortest: int, longest: int, parse: Callable[[str], Any]) -> bool:
    """Every value is text of `shortest` to `longest` characters that `parse` accepts (no values: not
    known, so the values are checked one by one)."""
    if not values or not _only(values, _STR):
        return False
    lengths = set(map(len, values))
    if min(lengths) < shortest or max(lengths) > longest:
        return False
    try:
        all(map(parse, values))
    except ValueError:
        return False
    return True


def dates(values: Sequence[Any]) -> bool:
    """values._date: text of 10 characters that is a date."""
    return _texts_parse(values, 10, 10, dt.date.fromisoformat)


def datetimes(values: Sequence[Any]) -> bool:
    """values._datetime: text of 10 to 40 characters that is a date and time."""
    return _texts_parse(values, 10, 40, dt.datetime.fromisoformat)


def lists_of_text(choices: set[str] | None) -> ColumnCheck:
    """values._list_of_text: lists of storable text, each item one of `choices` when given."""
    allowed = None if choices is None else frozenset(choices)

    def check(values: Sequence[Any]) -> bool:
        if not _only(values, _LIST):
            return False
        items = list(chain.from_iterable(values))
        if not items:
            return True
        if not _only(items, _STR) or (allowed is not None and not set(items) <= allowed):
            return False
        return texts_ok(items)

    return check


def each(check: Callable[[Any], str | None]) -> ColumnCheck:
    """A per-value check run over a column (the rules without a column form: JSON values)."""

    def column(values: Sequence[Any]) -> bool:
        return all(check(v) is None for v in values)

    return column
