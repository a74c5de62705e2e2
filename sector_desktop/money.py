"""Money as whole cents: read from what a user types, written one way everywhere. Never a float sum.

`parse_cents("$1,234.5")` is 123450; `dollars(123450)` is "$1,234.50". Sums are sums of integers.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

LARGEST = 10**13  # a hundred billion dollars in cents: a figure beyond it is a typing mistake


def parse_cents(text: str | int | float | Decimal) -> int:
    """Whole cents from "$1,234.50", "1234.5", "(12.00)" (negative) or a number; ValueError says why."""
    if isinstance(text, bool):
        raise ValueError("expected an amount such as 1,234.50")
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))  # a spreadsheet's number as written, not its binary expansion
    elif isinstance(text, Decimal):
        value = text
    else:
        cleaned = re.sub(r"[\s$,]", "", str(text))
        negative = cleaned.startswith("(") and cleaned.endswith(")")
        cleaned = cleaned.strip("()")
        if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", cleaned):
            raise ValueError("expected an amount such as 1,234.50")
        value = Decimal(cleaned)
        value = -value if negative else value
    try:
        quantized = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError("expected an amount such as 1,234.50") from None
    if quantized != value and value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError("an amount has at most 2 decimal places (cents)")
    cents = int(quantized * 100)
    if abs(cents) >= LARGEST:
        raise ValueError("the amount is too large")
    return cents


def dollars(cents: int | None, *, whole: bool = False) -> str:
    """Write "$1,234.50" ("-$12.00" below zero; "$1,235" with `whole`); "" for None."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    value = Decimal(abs(cents)) / 100
    if whole:
        return f"{sign}${value.quantize(Decimal('1'), rounding=ROUND_HALF_UP):,}"
    return f"{sign}${value:,.2f}"


def percent(part: int, whole: int) -> float | None:
    """`part` of `whole` as a percentage (one decimal), or None when `whole` is 0."""
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
