"""The education and training program inventory: saving and removing one program, and the rules its
fields follow (shared by the editor, the import and the demo data)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields

from sector_desktop import clock
from sector_desktop.models import Organization, TrainingProgram
from sector_desktop.models.choices import ETPL_STATUSES, PROGRAM_MODALITIES, SECTORS, codes
from sector_desktop.store import Database

from ..records import live_record, refuse_if

SOC_RE = re.compile(r"^\d{2}-\d{4}$")
LIMITS = {"hours": 20_000, "duration_weeks": 520, "capacity": 10_000}
TEXT_LIMITS = {"name": 300, "credential": 300, "schedule": 200, "contact_name": 200, "contact_email": 200,
               "contact_phone": 40, "notes": 20_000}  # fmt: skip
LARGEST_COST = 100_000_000  # a million dollars in cents


@dataclass(frozen=True)
class ProgramInput:
    """What a user (or an import row) gives for one program."""

    name: str
    sector: str
    provider_id: str | None = None
    credential: str | None = None
    soc_codes: tuple[str, ...] = field(default_factory=tuple)
    hours: int | None = None
    duration_weeks: int | None = None
    cost_cents: int | None = None
    schedule: str | None = None
    modality: str | None = None
    next_start: dt.date | None = None
    etpl_status: str | None = None
    capacity: int | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    notes: str | None = None


def soc_codes_from(text: str) -> tuple[str, ...]:
    """SOC codes from "31-1131; 29-2052" (O*NET's "31-1131.00" is read as 31-1131); ValueError says why."""
    found = []
    for part in re.split(r"[;,/\s]+", text.strip()):
        if not part:
            continue
        code = re.sub(r"\.00$", "", part)
        if not SOC_RE.match(code):
            raise ValueError(f"{part!r} is not an SOC code like 31-1131 (separate several with ';')")
        if code not in found:
            found.append(code)
    return tuple(found)


def problems_of(data: ProgramInput) -> list[str]:
    """Every rule `data` breaks, each naming its field; empty when it can be saved."""
    problems = []
    if not data.name.strip():
        problems.append("program: name the program, e.g. “Certified Nursing Assistant course”")
    if not data.sector:
        problems.append("sector: choose the program's sector")
    elif data.sector not in codes(SECTORS):
        problems.append(f"sector: unknown sector {data.sector!r}")
    for name, limit in TEXT_LIMITS.items():
        if len(getattr(data, name) or "") > limit:
            problems.append(f"{name.replace('_', ' ')}: at most {limit:,} characters")
    for name, limit in LIMITS.items():
        value = getattr(data, name)
        if value is not None and not 0 <= value <= limit:
            problems.append(f"{name.replace('_', ' ')}: a whole number from 0 to {limit:,}")
    if data.cost_cents is not None and not 0 <= data.cost_cents <= LARGEST_COST:
        problems.append("cost: an amount from $0 to $1,000,000")
    bad_soc = [c for c in data.soc_codes if not SOC_RE.match(c)]
    if bad_soc:
        problems.append(f"occupations: {bad_soc[0]!r} is not an SOC code like 31-1131")
    if data.modality is not None and data.modality not in codes(PROGRAM_MODALITIES):
        problems.append(f"modality: unknown modality {data.modality!r}")
    if data.etpl_status is not None and data.etpl_status not in codes(ETPL_STATUSES):
        problems.append(f"ETPL status: unknown status {data.etpl_status!r}")
    email = data.contact_email or ""
    if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        problems.append("contact email: not an email address")
    return problems


def apply_to(program: TrainingProgram, data: ProgramInput) -> None:
    """Copy `data` onto a program record (text trimmed, empty text as None)."""
    for f in fields(data):
        value = getattr(data, f.name)
        if isinstance(value, str):
            value = value.strip() or None
        if f.name == "soc_codes":
            value = list(value) or None
        setattr(program, f.name, value)
    program.name = data.name.strip()


def save_program(db: Database, data: ProgramInput, program_id: str | None = None) -> str:
    """Create a program (or update `program_id`); a ValidationError names every problem, saving nothing."""
    refuse_if("training program", problems_of(data))
    with db.session() as s:
        if data.provider_id is not None:
            live_record(s, Organization, data.provider_id, "provider")
        program = live_record(s, TrainingProgram, program_id, "training program") if program_id else None
        if program is None:
            program = TrainingProgram()
            s.add(program)
        apply_to(program, data)
        s.flush()
        return program.id


def delete_program(db: Database, program_id: str) -> None:
    """Tombstone the program; cohorts that ran it keep their own record."""
    with db.session() as s:
        live_record(s, TrainingProgram, program_id, "training program").deleted_at = clock.now()
