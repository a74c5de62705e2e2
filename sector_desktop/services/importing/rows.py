"""The plain data of an import: each row as read and checked, its problems and likely duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DuplicateOf:
    """What an import row probably repeats: an existing record, or an earlier row of the same file."""

    reason: str
    record_id: str | None = None
    name: str = ""
    row_number: int | None = None

    def __str__(self) -> str:
        if self.row_number is not None:
            return f"row {self.row_number} of this file ({self.reason})"
        return f"existing {self.name!r} ({self.reason})"


@dataclass(frozen=True)
class RowError:
    """Why one cell (or the header, row 1) cannot be imported, in the spreadsheet's own numbering."""

    row_number: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 40 else self.value[:37] + "..."
        value = f" (the cell says {shown!r})" if self.value else ""
        return f"row {self.row_number}, column {self.column}: {self.reason}{value}"


@dataclass
class ImportRow:
    """One data row: the cells as typed (`raw`), the checked values, and what it probably duplicates."""

    row_number: int
    raw: dict[str, str]
    values: dict[str, Any]
    duplicates: list[DuplicateOf] = field(default_factory=list)
    has_error: bool = False


@dataclass
class ImportPreview:
    kind: str
    file_name: str
    columns: list[str]  # the fields found in the file, in the file's order
    headers: dict[str, str]  # each field's header as the file spells it
    rows: list[ImportRow]
    errors: list[RowError]
    ignored_columns: list[str] = field(default_factory=list)
    new_staff: list[str] = field(default_factory=list)  # assigned staff not yet known; added on import
    sheet: str | None = None  # the worksheet read (XLSX)
    sheets: list[str] = field(default_factory=list)  # every worksheet of the workbook, to choose another
    encoding: str | None = None  # how a CSV's text was read, e.g. "UTF-16"

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def duplicate_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.duplicates]

    @property
    def padded_zips(self) -> list[tuple[int, str, str]]:
        """(row, as typed, as imported) for each ZIP given back its leading zeros ("2121" -> "02121")."""
        return [
            (r.row_number, r.raw["zip"], r.values["zip"])
            for r in self.rows
            if "zip" in r.values and r.raw.get("zip") != r.values["zip"]
        ]

    def summary(self) -> str:
        parts = [f"{len(self.rows):,} rows", f"{len(self.errors):,} errors"]
        parts.append(f"{len(self.duplicate_rows):,} likely duplicates")
        if self.new_staff:
            parts.append(f"{len(self.new_staff)} new staff user{'s' if len(self.new_staff) != 1 else ''}")
        return ", ".join(parts)
