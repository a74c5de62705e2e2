"""Load the per-state rule files and paperwork checklists from resources/, checked against a schema.

A broken template stops with a message that names the file and the field, so a bad edit to the data
is found at start-up and not when a program is submitted.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticError

from sector_desktop.errors import SectorError

PACKAGE = "sector_desktop.resources.apprenticeship"
STAGE_CODES = ("interest", "intake", "drafting", "submitted", "registered", "active")


class TemplateError(SectorError):
    """A rule or checklist file that does not match its schema."""


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    check: str
    applies_to: list[Literal["time_based", "competency_based", "hybrid"]]
    params: dict[str, float | int | str] = Field(default_factory=dict)
    severity: Literal["error", "warning"]
    citation: str = Field(min_length=3)
    message: str = Field(min_length=3)


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jurisdiction: str
    title: str
    extends: str | None = None
    rules: list[Rule]


class ChecklistItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    doc_type: str
    title: str
    blocks_stage: Literal["submitted", "registered", "active"]
    due_days: int = Field(ge=0, le=365)
    per_apprentice: bool = False
    when: Literal["apprentices_at_least_5"] | None = None


class Checklist(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jurisdiction: str
    title: str
    documents: list[ChecklistItem]


def _parse(name: str, text: str, schema: type[BaseModel]) -> BaseModel:
    try:
        return schema.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise TemplateError(f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}).") from exc
    except PydanticError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise TemplateError(f"{name}: field '{field}': {first['msg']}.") from exc


def _read(name: str) -> str:
    try:
        return resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise TemplateError(f"{name}: no such template in {PACKAGE}.") from exc


def parse_rule_file(name: str, text: str) -> RuleFile:
    return _parse(name, text, RuleFile)  # type: ignore[return-value]


def parse_checklist(name: str, text: str) -> Checklist:
    return _parse(name, text, Checklist)  # type: ignore[return-value]


@cache
def rules_for_state(state: str) -> tuple[Rule, ...]:
    """The federal rules plus the state's own additions, when the state has a file."""
    federal = parse_rule_file("rules.federal.json", _read("rules.federal.json"))
    rules = list(federal.rules)
    name = f"rules.{state.upper()}.json"
    if resources.files(PACKAGE).joinpath(name).is_file():
        rules.extend(parse_rule_file(name, _read(name)).rules)
    return tuple(rules)


@cache
def checklist_for_state(state: str) -> Checklist:
    """The state's paperwork template; states without one use the Maryland-style template."""
    name = f"checklist.{state.upper()}.json"
    if not resources.files(PACKAGE).joinpath(name).is_file():
        name = "checklist.MD.json"
    return parse_checklist(name, _read(name))


def check_all_templates() -> list[str]:
    """Load every template file; raises TemplateError on the first broken one. Returns the names."""
    names = sorted(p.name for p in resources.files(PACKAGE).iterdir() if p.name.endswith(".json"))
    for name in names:
        text = _read(name)
        if name.startswith("rules."):
            parse_rule_file(name, text)
        elif name.startswith("checklist."):
            parse_checklist(name, text)
        else:
            raise TemplateError(f"{name}: unknown template kind (expected rules.* or checklist.*).")
    return names
