"""Alembic migrations of the local schema, run at start-up before any window opens.

Alembic (and the version files, with what they import) loads only when the schema is behind:
on a normal start the check is one query plus reading the version files' headers, which keeps
the cold start close to a bare window's (see bench/).

An upgrade runs in one transaction (env.py, on an engine with transactional DDL): if any migration
fails, every statement of the run is rolled back and the database stays at the version it had.
Before upgrading a database that holds anything, the store copies it to the backups folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from sector_desktop.errors import MigrationFailed

from .. import backups

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).parent
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|(None))\s*$", re.MULTILINE)


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def _head_from_headers() -> str | None:
    """The single head of a linear chain, read from the files' text; None if it is not that simple."""
    revisions: dict[str, str | None] = {}
    for path in (HERE / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN_REVISION.search(source)
        if rev is None or down is None:
            return None
        revisions[rev.group(1)] = down.group(1)
    heads = set(revisions) - {d for d in revisions.values() if d}
    return next(iter(heads)) if len(heads) == 1 else None


def head_revision() -> str:
    fast = _head_from_headers()
    if fast is not None:
        return fast
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first():
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def has_schema(engine: Engine) -> bool:
    """Whether the database holds any table (a brand-new file holds none)."""
    with engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1")).first()
    return found is not None


def upgrade_to_head(engine: Engine, *, backups_dir: Path | None = None) -> Path | None:
    """Upgrade the schema to the newest revision; a no-op (one query) when already there.

    With `backups_dir`, a database that holds anything is first copied there (see `backups`); the
    copy's path is returned. A failed upgrade raises `MigrationFailed`, the database unchanged.
    """
    version = current_revision(engine)
    if version == head_revision():
        return None
    database = Path(engine.url.database or "")
    backup = None
    if backups_dir is not None and (version is not None or has_schema(engine)):
        backup = backups.back_up(database, backups_dir, kind="migration")
    _upgrade(engine, "head", database, version, backup)
    return backup


def upgrade_to(engine: Engine, revision: str) -> None:
    """Upgrade the schema to `revision` (in one transaction; tests build older profiles with it)."""
    _upgrade(engine, revision, Path(engine.url.database or ""), current_revision(engine), None)


def _upgrade(engine: Engine, target: str, database: Path, version: str | None, backup: Path | None) -> None:
    from alembic import command

    cfg = alembic_config(engine)
    applied: list[str] = cfg.attributes.setdefault("applied", [])
    try:
        command.upgrade(cfg, target)
    except Exception as exc:
        revision, title = _failed_step(cfg, version, target, applied)
        cause = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise MigrationFailed(database, revision, title, cause, version, backup) from exc


def _failed_step(cfg: Config, version: str | None, target: str, applied: list[str]) -> tuple[str, str]:
    """The revision that was running when the upgrade failed (the first one not applied), and its title."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(cfg)
    steps = reversed(list(script.iterate_revisions(target, version or "base")))
    for step in steps:
        if step.revision not in applied:
            return step.revision, (step.doc or "").splitlines()[0].rstrip(".")
    return target, "the last step"
