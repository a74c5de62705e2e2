"""Migrations are atomic and backed up first: one that fails midway leaves the profile at its version."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.config import Config
from broken_profile import keyed, look, profile_at_0010
from sqlalchemy import Engine

from sector_desktop import cli
from sector_desktop.errors import MigrationFailed
from sector_desktop.store import ProfilePaths, migrations, open_database, open_profile, profile_paths
from sector_desktop.store import backups as store_backups
from sector_desktop.store.migrations import current_revision, head_revision


@pytest.fixture
def broken(tmp_path: Path) -> ProfilePaths:
    return profile_at_0010(tmp_path / "broken", broken=True)


def test_a_migration_failing_midway_changes_nothing_and_says_which(broken: ProfilePaths) -> None:
    with pytest.raises(MigrationFailed) as caught:
        open_profile(broken)

    error = caught.value
    assert error.revision == "0011"
    assert "duplicate column name: merged_into_id" in error.cause
    assert error.version == "0010"
    assert "migration 0011 (Sync that nothing can wedge" in str(error)
    assert "still at version 0010" in str(error)
    assert error.backup is not None and str(error.backup) in str(error)

    after = look(broken.database)
    assert after["version"] == "0010"
    assert after["names"] == [("Harbor Welding",)]
    assert after["sync_failed"] == 0, "0011's first statement (CREATE TABLE) must be rolled back"
    assert "note" not in after["sync_recent columns"], "0011's ALTER TABLE must be rolled back"
    assert after["integrity"] == "ok"

    assert error.backup.parent == broken.backups_dir
    assert look(error.backup) == after, "the backup is the database as it was before"


def test_the_profile_still_opens_at_its_version_and_migrates_once_the_cause_is_gone(
    broken: ProfilePaths,
) -> None:
    with pytest.raises(MigrationFailed):
        open_profile(broken)

    at_its_version = open_profile(broken, migrate=False)
    with at_its_version.engine.connect() as conn:
        assert current_revision(at_its_version.engine) == "0010"
        assert conn.exec_driver_sql("SELECT name FROM organization").scalar() == "Harbor Welding"
        conn.exec_driver_sql("ALTER TABLE organization DROP COLUMN merged_into_id")
        conn.commit()
    at_its_version.close()

    db = open_profile(broken)
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM organization").scalar() == "Harbor Welding"
        assert conn.exec_driver_sql("SELECT count(*) FROM sync_failed").scalar() == 0
    db.close()


def test_the_command_line_says_what_failed_without_a_traceback(
    broken: ProfilePaths, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["--profile", str(broken.data_dir.parent), "status"])

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: Could not update the database")
    assert "migration 0011" in err and "duplicate column name" in err and str(broken.backups_dir) in err
    assert "Traceback" not in err
    assert look(broken.database)["version"] == "0010"


def test_upgrading_backs_the_database_up_first(tmp_path: Path) -> None:
    paths = profile_at_0010(tmp_path / "old", broken=False)
    before = look(paths.database)

    db = open_profile(paths)
    db.close()

    made = store_backups.backups(paths.database, paths.backups_dir, kind="migration")
    assert len(made) == 1
    assert look(made[0]) == before
    assert look(paths.database)["version"] == head_revision()

    open_profile(paths).close()  # already current: no second backup
    assert store_backups.backups(paths.database, paths.backups_dir, kind="migration") == made


def test_a_new_profile_makes_no_backup(tmp_path: Path) -> None:
    paths = profile_paths(tmp_path / "new")
    db = open_profile(paths)
    db.close()
    assert look(paths.database)["version"] == head_revision()
    assert not paths.backups_dir.exists() or not any(paths.backups_dir.iterdir())


def test_backups_keep_the_newest_few_of_their_kind(tmp_path: Path) -> None:
    database = tmp_path / "sector.db"
    folder = tmp_path / "backups"
    made = []
    for n in range(7):
        with keyed(database) as raw:
            raw.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)")
            raw.execute("INSERT INTO t VALUES (?)", (n,))
        made.append(store_backups.back_up(database, folder, kind="migration"))
    other = store_backups.back_up(database, folder, kind="daily", keep=1)

    kept = store_backups.backups(database, folder, kind="migration")
    assert kept == list(reversed(made[-store_backups.KEEP :])), "the newest five, newest first"
    assert sorted(folder.iterdir()) == sorted([*kept, other]), "older ones are deleted, no partial files"
    with keyed(kept[0]) as raw:
        assert raw.execute("SELECT count(*) FROM t").fetchone()[0] == 7
    with keyed(kept[-1]) as raw:
        assert raw.execute("SELECT count(*) FROM t").fetchone()[0] == 3


LAST_STEP_FAILS = '''"""A step that fails after its own DDL (test only).

Revision ID: 9999
"""
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE made_then_undone (x INTEGER)")
    raise RuntimeError("a step that fails after its DDL")


def downgrade() -> None:
    pass
'''


def test_every_step_from_an_empty_file_runs_in_the_one_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any step that committed on its own (an executescript, a COMMIT) would leave its tables behind."""
    extra = tmp_path / "versions"
    extra.mkdir()
    (extra / "9999_fails.py").write_text(LAST_STEP_FAILS.format(head=head_revision()))
    real_config = migrations.alembic_config

    def with_the_failing_step(engine: Engine | None = None) -> Config:
        cfg = real_config(engine)
        cfg.set_main_option("path_separator", "os")
        locations = [str(migrations.HERE / "versions"), str(extra)]
        cfg.set_main_option("version_locations", os.pathsep.join(locations))
        return cfg

    monkeypatch.setattr(migrations, "alembic_config", with_the_failing_step)
    database = tmp_path / "new" / "sector.db"
    with pytest.raises(MigrationFailed) as caught:
        open_database(database)

    assert (caught.value.revision, caught.value.version, caught.value.backup) == ("9999", None, None)
    assert "a step that fails after its DDL" in caught.value.cause
    with keyed(database) as raw:
        left = raw.execute("SELECT type, name FROM sqlite_master").fetchall()
    assert left == [], "every step before it and the failing one's table must be rolled back"
