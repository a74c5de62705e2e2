"""The partnership's standard agendas, kept as JSON in resources/agenda_templates and checked on load.

A broken file raises ValidationError naming the file and the field, so whoever edited it can fix it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from importlib.abc import Traversable

from sector_desktop.errors import ValidationError
from sector_desktop.models.choices import MEETING_TYPES, codes


@dataclass(frozen=True)
class TemplateItem:
    title: str
    presenter: str | None
    minutes: int | None


@dataclass(frozen=True)
class AgendaTemplate:
    key: str  # the file name without .json, e.g. "regular_workgroup"
    name: str
    meeting_type: str
    description: str
    items: tuple[TemplateItem, ...]

    @property
    def total_minutes(self) -> int:
        return sum(i.minutes or 0 for i in self.items)


def template_dir() -> Traversable:
    return resources.files("sector_desktop").joinpath("resources", "agenda_templates")


def _fail(file: str, field: str, why: str) -> ValidationError:
    msg = f"Agenda template {file}: field '{field}' {why}."
    return ValidationError(msg, [msg])


def _item(file: str, i: int, raw: object) -> TemplateItem:
    where = f"items[{i}]"
    if not isinstance(raw, dict):
        raise _fail(file, where, "must be an object with title, presenter and minutes")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise _fail(file, f"{where}.title", "must be non-empty text")
    presenter = raw.get("presenter")
    if presenter is not None and not isinstance(presenter, str):
        raise _fail(file, f"{where}.presenter", "must be text or null")
    minutes = raw.get("minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0):
        raise _fail(file, f"{where}.minutes", "must be a positive whole number or null")
    return TemplateItem(title.strip(), presenter or None, minutes)


def parse_template(file: str, text: str) -> AgendaTemplate:
    """Check one template's JSON and turn it into an AgendaTemplate."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        msg = f"Agenda template {file}: not valid JSON ({exc})."
        raise ValidationError(msg, [msg]) from exc
    if not isinstance(raw, dict):
        raise _fail(file, "(top level)", "must be an object")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(file, "name", "must be non-empty text")
    meeting_type = raw.get("meeting_type", "workgroup")
    if meeting_type not in codes(MEETING_TYPES):
        raise _fail(file, "meeting_type", f"must be one of {', '.join(codes(MEETING_TYPES))}")
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise _fail(file, "description", "must be text")
    items = raw.get("items")
    if not isinstance(items, list) or not items:
        raise _fail(file, "items", "must be a non-empty list")
    key = file.rsplit("/", 1)[-1].removesuffix(".json")
    return AgendaTemplate(
        key, name.strip(), meeting_type, description, tuple(_item(file, i, it) for i, it in enumerate(items))
    )


def load_templates(folder: Traversable | None = None) -> list[AgendaTemplate]:
    """Every template in the folder, by name. Raises ValidationError for the first broken file."""
    folder = folder or template_dir()
    found = [
        parse_template(entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    ]
    return sorted(found, key=lambda t: t.name)


def get_template(key: str, folder: Traversable | None = None) -> AgendaTemplate:
    for t in load_templates(folder):
        if t.key == key:
            return t
    raise ValidationError(f"There is no agenda template called {key!r}.", [f"Template: {key!r} not found."])


def template_for_type(meeting_type: str, templates: list[AgendaTemplate]) -> AgendaTemplate | None:
    """The template a new meeting of this type starts from (a launch meeting gets the launch agenda)."""
    for t in templates:
        if t.meeting_type == meeting_type:
            return t
    return next((t for t in templates if t.meeting_type == "workgroup"), None)
