"""Helpers for the sync client tests: an in-memory keyring and 'laptops' (profiles) that sync."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import keyring
from keyring.backend import KeyringBackend
from sqlalchemy import text

from sector_desktop.store import Database, ProfilePaths, open_database, profile_paths
from sector_desktop.sync.client import SyncReport, connect, sync_once

PASSWORD = "correct horse battery staple"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in the test process only (the null keyring forgets tokens)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@dataclass
class Laptop:
    """One client profile with its database, signed in to a server as one user."""

    paths: ProfilePaths
    db: Database
    server_url: str
    transport: httpx.BaseTransport | None = None

    def connect(self, username: str, password: str = PASSWORD, url: str | None = None) -> str:
        return connect(self.db, self.paths, url or self.server_url, username, password, insecure=True)

    def sync(self, **kwargs: Any) -> SyncReport:
        kwargs.setdefault("backoff", 0.01)
        return sync_once(self.db, self.paths, transport=self.transport, **kwargs)

    def rows(self, table: str, columns: str = "*") -> list[dict[str, Any]]:
        with self.db.engine.connect() as conn:
            return [
                dict(r) for r in conn.execute(text(f"SELECT {columns} FROM {table} ORDER BY id")).mappings()
            ]

    def pending(self) -> int:
        with self.db.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM sync_outbox")).scalar() or 0)

    def close(self) -> None:
        self.db.close()


def make_laptop(root: Path, template: Path, server_url: str, name: str | None = None) -> Laptop:
    paths = profile_paths(root / (name or f"laptop-{uuid.uuid4().hex[:6]}")).ensure()
    shutil.copy(template, paths.database)
    return Laptop(paths=paths, db=open_database(paths.database), server_url=server_url)


def install_memory_keyring() -> MemoryKeyring:
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    return ring
