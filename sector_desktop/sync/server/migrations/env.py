"""Alembic environment for the SERVER schema (separate from the client's store migrations)."""

from __future__ import annotations

from alembic import context

from sector_desktop.sync.server.db import VERSION_TABLE, make_engine, metadata

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # `alembic revision` from a shell
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")

with engine.connect() as connection, connection.begin():
    context.configure(connection=connection, target_metadata=metadata, version_table=VERSION_TABLE)
    context.run_migrations()
