"""Test harness: run the REAL `sector-server serve` as a subprocess, on SQLite or a fresh PostgreSQL schema.

Usable by any sync test: `with running_server(backend, tmp_dir) as server: ...`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from sector_desktop.store.hlc import Hlc
from sector_desktop.sync.protocol import API_PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION

PG_ENV = "SECTOR_TEST_DATABASE_URL"
SERVER_BIN = Path(sys.executable).with_name("sector-server")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set: PostgreSQL tests skipped"
        ),
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def fresh_database_url(backend: str, tmp_dir: Path) -> Iterator[str]:
    """An empty database: an SQLite file, or a new PostgreSQL schema dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_dir / 'server.db'}"
        return
    import psycopg

    base = os.environ[PG_ENV]
    schema = f"sector_srv_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@dataclass
class ServerProcess:
    database_url: str
    data_dir: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def admin(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                str(SERVER_BIN),
                "admin",
                "--database-url",
                self.database_url,
                "--data-dir",
                str(self.data_dir),
                *args,
            ],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def create_user(self, username: str, password: str, role: str = "staff") -> None:
        """In-process (a CLI subprocess per user would cost seconds); the CLI has its own test."""
        from sector_desktop.sync.server.auth import create_user
        from sector_desktop.sync.server.db import make_engine

        engine = make_engine(self.database_url)
        try:
            create_user(engine, username, password, role)
        finally:
            engine.dispose()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(SERVER_BIN),
                "serve",
                "--database-url",
                self.database_url,
                "--data-dir",
                str(self.data_dir),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + API_PREFIX + "/health", timeout=1).status_code == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError("server did not become healthy within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def running_server(backend: str, tmp_dir: Path) -> Iterator[ServerProcess]:
    with fresh_database_url(backend, tmp_dir) as url:
        server = ServerProcess(url, tmp_dir / "data", free_port())
        server.start()
        try:
            yield server
        finally:
            server.stop()


@dataclass
class Device:
    """A minimal protocol client for tests: logs in, stamps changes with its own HLC, pushes and pulls."""

    base_url: str
    user_id: str = ""
    device_id: str = ""
    token: str = ""
    mutation: int = 0
    clock: Hlc = field(default_factory=Hlc)
    http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.http = httpx.Client(
            base_url=self.base_url + API_PREFIX, timeout=30, headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
        )

    def login(self, username: str, password: str, name: str = "laptop") -> httpx.Response:
        r = self.http.post(
            "/login",
            json={
                "username": username,
                "password": password,
                "device_name": name,
                "device_id": self.device_id or None,
            },
        )
        if r.status_code == 200:
            body = r.json()
            self.device_id, self.token, self.user_id = body["device_id"], body["token"], body["user_id"]
            self.http.headers["Authorization"] = f"Bearer {self.token}"
        return r

    def change(
        self,
        table: str,
        row_id: str,
        name: str,
        value: Any,
        base: tuple[str, str] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        return {
            "table": table,
            "row_id": row_id,
            "field": name,
            "value": value,
            "hlc": self.clock.now(),
            "node": self.device_id,
            "author": self.user_id,
            "base_hlc": base[0] if base else None,
            "base_node": base[1] if base else None,
            **extra,
        }

    def push(self, *changes: dict[str, Any], batch_id: str | None = None) -> httpx.Response:
        self.mutation += 1
        body = {
            "device_id": self.device_id,
            "batch_id": batch_id or str(uuid.uuid4()),
            "mutations": [{"mutation": self.mutation, "changes": list(changes)}],
        }
        return self.http.post("/push", json=body)

    def pull_all(self, cursor: str | None = None, limit: int = 500) -> tuple[list[dict], list[dict], str]:
        changes: list[dict] = []
        found: list[dict] = []
        while True:
            params = {"limit": limit, **({"cursor": cursor} if cursor else {})}
            r = self.http.get("/pull", params=params)
            assert r.status_code == 200, r.text
            page = r.json()
            changes += page["changes"]
            found += page["conflicts"]
            for c in page["changes"]:
                self.clock.receive(c["hlc"])
            cursor = page["next_cursor"]
            if not page["more"]:
                return changes, found, cursor

    def close(self) -> None:
        self.http.close()
