"""The demo's education and training program inventory: about 36 programs of the demo's training
providers and colleges, each with the occupations it serves (SOC), hours, length, cost, schedule,
modality, next start, eligible-training-provider status, capacity and a contact. Runs after `core`,
whose thirteen programs it fills in; the outcomes seeder then runs cohorts of them."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from sector_desktop import clock
from sector_desktop.models import Organization, TrainingProgram
from sector_desktop.store import Database, ProfilePaths

from .program_text import CONTACT_TITLES, ETPL, PROGRAMS
from .vocab import FIRST_NAMES, LAST_NAMES


def seed(db: Database, paths: ProfilePaths, rng: random.Random, scale: float) -> str:
    rng = random.Random(rng.getstate()[1][0])  # its own draws: the seeders after it see the same stream
    today = clock.today()
    with db.session() as s:
        providers: dict[str, list[Organization]] = {}
        for org in s.scalars(
            select(Organization)
            .where(
                Organization.kind.in_(("training_provider", "community_college")),
                Organization.deleted_at.is_(None),
            )
            .order_by(Organization.name)
        ):
            providers.setdefault(org.sector or "", []).append(org)
        existing = {
            p.name: p for p in s.scalars(select(TrainingProgram).where(TrainingProgram.deleted_at.is_(None)))
        }
        added = filled = 0
        for sector, specs in PROGRAMS.items():
            choices = providers.get(sector) or [o for group in providers.values() for o in group]
            for n, spec in enumerate(specs):
                program = existing.get(spec[0])
                if program is None:
                    provider = choices[n % len(choices)] if choices else None
                    program = TrainingProgram(
                        sector=sector, name=spec[0], provider_id=provider.id if provider else None
                    )
                    s.add(program)
                    added += 1
                else:
                    filled += 1
                _fill(program, spec, rng, today)
        s.flush()
    return f"Training inventory: {added + filled} programs ({filled} filled in, {added} added)."


def _fill(program: TrainingProgram, spec: tuple, rng: random.Random, today: dt.date) -> None:
    _name, credential, socs, hours, weeks, dollars, modality, schedule = spec
    program.credential, program.soc_codes, program.hours, program.duration_weeks = (
        credential,
        list(socs),
        hours,
        weeks,
    )
    program.cost_cents, program.modality, program.schedule = dollars * 100, modality, schedule
    # The next start: a Monday within the next four months, or none announced yet for a few.
    if rng.random() < 0.9:
        start = today + dt.timedelta(days=rng.randint(7, 120))
        program.next_start = start - dt.timedelta(days=start.weekday())
    program.etpl_status = rng.choices([c for c, _ in ETPL], weights=[w for _, w in ETPL])[0]
    program.capacity = rng.choice((12, 15, 16, 18, 20, 24, 30))
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    program.contact_name = f"{first} {last}"
    program.contact_email = f"{first[0].lower()}{last.lower()}@training.example.org"
    program.contact_phone = f"(410) 555-{rng.randint(100, 999):04d}"
    program.notes = f"{rng.choice(CONTACT_TITLES)}: {first} {last}. " + (
        "Tuition covered for eligible residents through an individual training account."
        if program.etpl_status == "eligible"
        else "Employer-sponsored seats available on request."
    )
