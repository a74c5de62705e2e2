"""Alembic migrations of the local schema, run at start-up before any window opens.

Alembic (and the version files, with what they import) loads only when the schema is behind:
on a normal start the check is one query plus reading the version files' headers, which keeps
the cold start close to a bare window's (see bench/).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

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


def upgrade_to_head(engine: Engine) -> None:
    """Upgrade the schema to the newest revision; a no-op (one query) when already there."""
    if current_revision(engine) == head_revision():
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def upgrade_to(engine: Engine, revision: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
