"""CSV injection (OWASP): text a spreadsheet would run as a formula is written with a leading apostrophe.

`guard` is applied to every text cell of a CSV export; `unguard` to every text cell an import reads,
so our own export imports back as the text that was typed.
"""

from __future__ import annotations

import re

# A spreadsheet starts a formula at any of these (tab and carriage return hide the rest of the cell).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A cell that is really a number stays as it is: Excel reads `-2` or `+1.5e3` as a number, not a formula.
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def guard(text: str) -> str:
    """`text` made safe for a CSV cell: a leading apostrophe before a formula trigger (or an apostrophe)."""
    if not text:
        return text
    if text[0] == "'" or (text[0] in TRIGGERS and not _NUMBER.fullmatch(text)):
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The text `guard` was given: the one apostrophe it added is dropped, nothing else changes."""
    if len(text) > 1 and text[0] == "'" and (text[1] == "'" or text[1] in TRIGGERS):
        return text[1:]
    return text


def imported_text(cell: str) -> str:
    """A cell as an import reads it: trimmed, but a guarded cell keeps exactly what followed its
    apostrophe (a leading tab there was typed, not padding)."""
    start = cell.lstrip()
    kept = unguard(start)
    return kept if len(kept) != len(start) else cell.strip()
