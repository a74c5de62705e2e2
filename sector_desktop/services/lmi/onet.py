"""Reading O*NET database files (Occupation Data, Task Statements, Skills, Technology Skills).

Tab-separated text or the XLSX edition; the columns are found by name, so the XLSX edition's
extra Title and Scale Name columns do no harm. O*NET's 51-4041.00 is OEWS's 51-4041.
Layouts: docs/lmi-formats.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .common import LmiPreview
from .reading import Header

SOURCE = "O*NET Resource Center, O*NET database (U.S. Department of Labor, ETA)"
CODE = "O*NET-SOC CODE"
ONET = re.compile(r"\d{2}-\d{4}\.\d{2}")
KINDS = {
    "occupations": ("TITLE", "DESCRIPTION"),
    "tasks": ("TASK ID", "TASK"),
    "skills": ("ELEMENT ID", "ELEMENT NAME", "SCALE ID", "DATA VALUE"),
    "technology": ("EXAMPLE", "COMMODITY CODE"),
}
KIND_NAMES = {
    "occupations": "Occupation Data",
    "tasks": "Task Statements",
    "skills": "Skills",
    "technology": "Technology Skills",
}


def is_header(cells: list[str]) -> bool:
    return CODE in cells


def kind_of(header: Header) -> str | None:
    cells = {c.strip().upper() for c in header.cells}
    for kind in ("tasks", "skills", "technology", "occupations"):
        if all(name in cells for name in KINDS[kind]):
            return kind
    return None


def version_of(path: Path, given: str | None) -> str:
    """ "O*NET 29.1" from --period, or from the database's folder name (db_29_1_text)."""
    if given:
        return given if given.lower().startswith("o*net") else f"O*NET {given}"
    for name in (path.parent.name, path.stem):
        found = re.search(r"db_(\d+)_(\d+)", name)
        if found:
            return f"O*NET {found.group(1)}.{found.group(2)}"
    return "O*NET (version not given)"


class OnetReader:
    def __init__(self, header: Header, preview: LmiPreview, kind: str) -> None:
        self.preview, self.kind = preview, kind
        self.code = header.index(CODE)
        self.cols = {
            name: header.index(name)
            for name in (
                "Title",
                "Description",
                "Task ID",
                "Task",
                "Task Type",
                "Element ID",
                "Element Name",
                "Scale ID",
                "Data Value",
                "Not Relevant",
                "Recommend Suppress",
                "Example",
                "Commodity Code",
                "Commodity Title",
                "Hot Technology",
                "In Demand",
            )
        }
        self.by_code: dict[str, dict[str, Any]] = {}

    def read(self, rows: Iterator[tuple[int, list[str] | None]], progress: Callable[[int], None]) -> None:
        for row_number, cells in rows:
            self.preview.rows_read += 1
            if self.preview.rows_read % 20_000 == 0:
                progress(self.preview.rows_read)
            if not cells or not any(cells):
                continue
            code = self._at(cells, "code")
            if not ONET.fullmatch(code):
                self.preview.add_error(
                    row_number, "O*NET-SOC Code", code, "an O*NET-SOC code looks like 51-4041.00"
                )
                continue
            entry = self.by_code.setdefault(code, {"onet_code": code, "soc_code": code[:7]})
            try:
                getattr(self, f"_{self.kind}")(entry, cells)
            except ValueError as exc:
                self.preview.add_error(row_number, str(exc.args[1]), str(exc.args[2]), str(exc.args[0]))
        self.preview.rows = list(self._finished())

    def _at(self, cells: list[str], name: str) -> str:
        index = self.code if name == "code" else self.cols.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def _occupations(self, entry: dict[str, Any], cells: list[str]) -> None:
        entry["title"] = self._at(cells, "Title")
        entry["description"] = self._at(cells, "Description") or None

    def _tasks(self, entry: dict[str, Any], cells: list[str]) -> None:
        kind = self._at(cells, "Task Type")
        entry.setdefault("tasks", []).append(
            {
                "id": self._at(cells, "Task ID"),
                "task": self._at(cells, "Task"),
                "type": "" if kind.lower() == "n/a" else kind,
            }
        )

    def _skills(self, entry: dict[str, Any], cells: list[str]) -> None:
        element, scale = self._at(cells, "Element ID"), self._at(cells, "Scale ID").upper()
        text = self._at(cells, "Data Value")
        try:
            value = float(text)
        except ValueError:
            raise ValueError("the Data Value is not a number", "Data Value", text) from None
        skill = entry.setdefault("skills_by_id", {}).setdefault(
            element,
            {"id": element, "name": self._at(cells, "Element Name"), "importance": None, "level": None},
        )
        if scale == "IM":
            skill["importance"] = value
        elif scale == "LV":
            skill["level"] = value
            skill["not_relevant"] = self._at(cells, "Not Relevant").upper() == "Y"
        if self._at(cells, "Recommend Suppress").upper() == "Y":
            skill.setdefault("suppressed", []).append(scale)  # low precision, as O*NET recommends

    def _technology(self, entry: dict[str, Any], cells: list[str]) -> None:
        entry.setdefault("technology", []).append(
            {
                "example": self._at(cells, "Example"),
                "commodity": self._at(cells, "Commodity Title"),
                "hot": self._at(cells, "Hot Technology").upper() == "Y",
                "in_demand": self._at(cells, "In Demand").upper() == "Y",
            }
        )

    def _finished(self) -> Iterator[dict[str, Any]]:
        for entry in self.by_code.values():
            skills = entry.pop("skills_by_id", None)
            if skills is not None:
                entry["skills"] = sorted(skills.values(), key=lambda s: -(s["importance"] or 0))
            if self.kind == "technology":
                entry["technology"].sort(key=lambda t: (not t["hot"], not t["in_demand"], t["example"]))
            yield entry
