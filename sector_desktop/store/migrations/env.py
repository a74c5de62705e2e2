"""Alembic environment: one transaction for the whole run, on the database the store hands over.

The store passes its engine; the migrations run on a sibling engine with transactional DDL
(store/engine.py), so that a failure midway rolls back every statement of the run, schema ones
included. Each applied revision is noted in `config.attributes["applied"]`, so that the store can
name the one that failed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from alembic import context
from alembic.runtime.migration import MigrationContext, MigrationInfo
from sqlalchemy import Engine, create_engine

from sector_desktop.models import Base
from sector_desktop.store.engine import make_engine

config = context.config
given: Engine | None = config.attributes.get("engine")
if given is None:  # `alembic revision --autogenerate` from a shell
    given = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
applied: list[str] = config.attributes.setdefault("applied", [])


def _note_applied(
    ctx: MigrationContext, step: MigrationInfo, heads: Collection[Any], run_args: Mapping[str, Any]
) -> None:
    if step.up_revision_id:
        applied.append(step.up_revision_id)


on_disk = given.url.database not in (None, "", ":memory:")
engine = make_engine(Path(given.url.database or ""), transactional_ddl=True) if on_disk else given
try:
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,  # SQLite needs batch mode for ALTER TABLE
            on_version_apply=_note_applied,
        )
        context.run_migrations()
finally:
    if engine is not given:
        engine.dispose()
