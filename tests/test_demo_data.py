"""The demo profile: sizes, determinism, valid codes, primary contacts and the refill rules."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select, text

from sector_desktop import clock
from sector_desktop.errors import SectorError
from sector_desktop.models import (
    ActionItem,
    Contact,
    LmiFigure,
    OewsEstimate,
    Organization,
    QcewFigure,
    StaffUser,
    TrainingProgram,
    Visit,
)
from sector_desktop.models.choices import EMPLOYER_SERVICES, SECTORS, codes
from sector_desktop.services.demo import fill_demo_profile
from sector_desktop.services.demo.core import DemoCounts, generate
from sector_desktop.services.demo.visits import HOURS
from sector_desktop.store import Database, ProfilePaths, open_database, open_profile, profile_paths
from sector_desktop.store.settings import load_settings, set_timezone

SCALE = 0.1
NOW = dt.datetime(2026, 3, 10, 15, 0)
TRIGGERS = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"


@dataclass
class Filled:
    db: Database
    paths: ProfilePaths
    summary: str
    triggers_before: list


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory, migrated_template) -> Iterator[Filled]:
    """One demo profile at SCALE for the read-only checks (filling is the slow part)."""
    paths = profile_paths(tmp_path_factory.mktemp("demo") / "profile").ensure()
    shutil.copy(migrated_template, paths.database)
    db = open_database(paths.database)
    with db.engine.connect() as conn:
        before = list(conn.execute(text(TRIGGERS)).all())
    summary = fill_demo_profile(db, paths, scale=SCALE)
    yield Filled(db, paths, summary, before)
    db.close()


def _count(db: Database, model: type) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_counts_follow_the_scale(filled: Filled) -> None:
    db, want = filled.db, DemoCounts.for_scale(SCALE)
    assert _count(db, Organization) == want.organizations == 30
    assert _count(db, Visit) == want.visits == 200
    assert _count(db, StaffUser) == 6
    assert _count(db, LmiFigure) >= 6 * 2 and _count(db, TrainingProgram) >= 6
    # Employment and wages come through the imported-figure tables, like a real BLS import.
    assert _count(db, OewsEstimate) >= 6 * 8 * 2 and _count(db, QcewFigure) == 6 * 20 + 2
    assert "30 organizations" in filled.summary
    with db.read_session() as s:
        planned = s.scalar(select(func.count()).select_from(Visit).where(Visit.status == "planned"))
        assert planned == want.planned_visits
        assert s.scalar(select(func.count()).select_from(StaffUser).where(StaffUser.role == "manager")) == 1
        sectors = set(s.scalars(select(Organization.sector).distinct()))
        assert sectors <= set(codes(SECTORS)) and len(sectors) >= 4


def test_the_signed_in_user_has_visits_today_and_tomorrow(filled: Filled) -> None:
    me = load_settings(filled.paths)["current_staff_id"]
    with filled.db.read_session() as s:
        assert s.get(StaffUser, me) is not None
        mine = s.scalars(select(Visit.starts_at).where(Visit.staff_id == me, Visit.status == "planned")).all()
    local_days = {clock.local_day(t) for t in mine}
    today = clock.today()
    assert {today, today + dt.timedelta(days=1)} <= local_days


def test_same_seed_gives_the_same_data(tmp_path, migrated_template) -> None:
    dumps = []
    for name in ("a", "b"):
        paths = profile_paths(tmp_path / name).ensure()
        shutil.copy(migrated_template, paths.database)
        db = open_database(paths.database)
        generate(db, paths, random.Random(7), DemoCounts(20, 60, 8), now=NOW)
        with db.read_session() as s:
            orgs = s.execute(
                select(Organization.id, Organization.name, Organization.fein).order_by(Organization.id)
            )
            visits = s.execute(select(Visit.id, Visit.starts_at, Visit.notes).order_by(Visit.id))
            dumps.append((orgs.all(), visits.all()))
        db.close()
    assert dumps[0] == dumps[1]
    assert len(dumps[0][0]) == 20 and len(dumps[0][1]) == 60


def test_demo_data_is_generated_in_the_profiles_zone(tmp_path, migrated_template) -> None:
    paths = profile_paths(tmp_path / "nz").ensure()
    shutil.copy(migrated_template, paths.database)
    set_timezone(paths, "Pacific/Auckland")
    db = open_profile(paths)
    generate(db, paths, random.Random(7), DemoCounts(20, 60, 8), now=NOW)
    with db.read_session() as s:
        starts = s.scalars(select(Visit.starts_at)).all()
    db.close()
    # Visits start on the working hours of the profile's zone, not of the computer's (New York).
    assert {clock.wall(t).hour for t in starts} <= set(HOURS)
    assert {clock.local(t, "America/New_York").hour for t in starts} - set(HOURS)


def test_visits_carry_only_valid_service_codes(filled: Filled) -> None:
    valid = set(codes(EMPLOYER_SERVICES))
    with filled.db.read_session() as s:
        rows = s.execute(select(Visit.status, Visit.services)).all()
    assert all(set(services) <= valid for _status, services in rows)
    assert any(services for status, services in rows if status == "completed")


def test_every_organization_has_exactly_one_primary_contact(filled: Filled) -> None:
    with filled.db.read_session() as s:
        primaries = dict(
            s.execute(
                select(Contact.organization_id, func.sum(Contact.is_primary)).group_by(
                    Contact.organization_id
                )
            ).all()
        )
        org_ids = set(s.scalars(select(Organization.id)))
    assert set(primaries) == org_ids
    assert set(primaries.values()) == {1}


def test_follow_ups_include_open_done_and_overdue(filled: Filled) -> None:
    with filled.db.read_session() as s:
        statuses = set(s.scalars(select(ActionItem.status).distinct()))
        overdue = s.scalar(
            select(func.count())
            .select_from(ActionItem)
            .where(ActionItem.status == "open", ActionItem.due_date < dt.date.today())
        )
    assert {"open", "done", "cancelled"} <= statuses
    assert overdue and overdue > 0


def test_search_index_matches_the_tables_and_its_triggers_are_back(filled: Filled) -> None:
    with filled.db.engine.begin() as conn:
        assert conn.execute(text(TRIGGERS)).all() == filled.triggers_before
        assert conn.execute(text("SELECT count(*) FROM visit_fts WHERE visit_fts MATCH 'hiring'")).scalar()
        for table in ("organization", "contact", "visit"):
            # FTS5's own check of an external-content index against its table.
            conn.execute(text(f"INSERT INTO {table}_fts({table}_fts, rank) VALUES ('integrity-check', 1)"))
        conn.execute(text("UPDATE visit SET notes = 'zanzibar' WHERE rowid = 1"))
        hits = conn.execute(text("SELECT rowid FROM visit_fts WHERE visit_fts MATCH 'zanzibar'")).all()
        assert hits == [(1,)]
        conn.rollback()


def test_if_empty_leaves_a_filled_profile_alone_and_a_second_fill_is_refused(filled: Filled) -> None:
    db, paths = filled.db, filled.paths
    before = (_count(db, Organization), _count(db, Visit))
    message = fill_demo_profile(db, paths, scale=SCALE, if_empty=True)
    assert "already has data" in message
    with pytest.raises(SectorError, match="already has data"):
        fill_demo_profile(db, paths, scale=SCALE)
    assert (_count(db, Organization), _count(db, Visit)) == before
