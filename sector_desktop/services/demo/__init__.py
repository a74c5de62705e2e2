"""The demo profile: a realistic fictional dataset for one city team, made by seeders in order.

Each seeder module has `seed(db, paths, rng, scale) -> str` and may read what earlier seeders
made. A later capability adds its module name to SEEDERS.
"""

from __future__ import annotations

import importlib
import random

from sqlalchemy import func, select

from sector_desktop.models import Organization
from sector_desktop.store import Database, ProfilePaths

SEEDERS: list[str] = [
    "core", "programs", "apprenticeship", "partnerships", "outcomes", "invitations", "initiatives",
]  # fmt: skip


def has_data(db: Database) -> bool:
    with db.read_session() as s:
        return (s.scalar(select(func.count()).select_from(Organization)) or 0) > 0


def fill_demo_profile(
    db: Database, paths: ProfilePaths, *, scale: float = 1.0, seed: int = 20261121, if_empty: bool = False
) -> str:
    """Fill the profile and return a one-paragraph summary of what was made."""
    if has_data(db):
        if if_empty:
            return "The profile already has data; left it as it is."
        from sector_desktop.errors import SectorError

        raise SectorError(f"The profile {paths.data_dir} already has data; use an empty profile.")
    rng = random.Random(seed)
    lines = []
    from sector_desktop.store.capture import capture_suspended, mark_all_as_baseline

    # Demo rows are this profile's baseline, not thousands of changes waiting to sync.
    with capture_suspended(db.engine, "demo data"):
        for name in SEEDERS:
            module = importlib.import_module(f"{__name__}.{name}")
            lines.append(module.seed(db, paths, rng, scale))
    mark_all_as_baseline(db.engine)
    return "\n".join(lines)
