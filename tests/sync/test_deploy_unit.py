"""The server as an office deploys it: exactly the systemd unit's command line (packaging/server),
with the example environment file's settings pointed at a test database, two worker processes on
PostgreSQL, and two laptops syncing through it."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from cli_harness import PASSWORD, cli_laptop
from server_harness import PG_ENV, SERVER_BIN, ServerProcess, free_port, fresh_database_url

from sector_desktop.sync.protocol import API_PREFIX

PACKAGING = Path(__file__).resolve().parents[2] / "packaging" / "server"


def _unit_value(key: str) -> str:
    text = (PACKAGING / "sector-server.service").read_text(encoding="utf-8")
    match = re.search(rf"^{key}=(.*)$", text, re.MULTILINE)
    assert match, f"{key} missing from the unit"
    return match.group(1).strip()


def _env_file() -> dict[str, str]:
    values = {}
    for line in (PACKAGING / "sector-server.env").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def _command_line(env: dict[str, str]) -> list[str]:
    """ExecStart as systemd expands it: ${VAR} from the EnvironmentFile, one word each."""
    words = shlex.split(_unit_value("ExecStart"))
    expanded = [re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], w) for w in words]
    assert expanded[0].endswith("/bin/sector-server")
    return [str(SERVER_BIN), *expanded[1:]]


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def test_the_unit_file_names_the_environment_file_and_the_settings_it_uses() -> None:
    assert _unit_value("EnvironmentFile") == "/etc/sector-server/sector-server.env"
    used = set(re.findall(r"\$\{(\w+)\}", _unit_value("ExecStart")))
    assert used == set(_env_file()), "every setting the unit uses is in the example file, and no other"
    assert int(_env_file()["SECTOR_SERVER_WORKERS"]) == 2


@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set: PostgreSQL tests skipped")
def test_the_units_command_line_serves_two_laptops_with_two_workers_on_postgresql(tmp_path: Path) -> None:
    with fresh_database_url("postgresql", tmp_path) as url:
        env = _env_file() | {
            "SECTOR_SERVER_DATABASE_URL": url,
            "SECTOR_SERVER_DATA_DIR": str(tmp_path / "data"),
            "SECTOR_SERVER_PORT": str(free_port()),
        }
        server = ServerProcess(url, tmp_path / "data", int(env["SECTOR_SERVER_PORT"]))
        process = subprocess.Popen(_command_line(env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                assert process.poll() is None, process.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
                with contextlib.suppress(httpx.HTTPError):
                    if httpx.get(server.url + API_PREFIX + "/health", timeout=1).status_code == 200:
                        break
                time.sleep(0.2)
            else:
                pytest.fail("the server did not answer /health within 90 s")
            # uvicorn's supervisor spawns each worker as a child (beside multiprocessing's resource tracker).
            workers = [
                c for c in _children(process.pid) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()
            ]
            assert len(workers) >= 2, workers

            server.create_user("ana", PASSWORD)
            server.create_user("ben", PASSWORD)
            a, b = cli_laptop(tmp_path, "a"), cli_laptop(tmp_path, "b")
            a.import_organizations(tmp_path, [{"name": "Harbor Welding", "city": "Toledo"}])
            a.connect(server.url, "ana")
            b.connect(server.url, "ben")
            assert a.sync().returncode == 0
            assert b.sync().returncode == 0
            assert b.query("SELECT city FROM organization WHERE name = 'Harbor Welding'") == [("Toledo",)]
            harbor = b.query("SELECT id FROM organization WHERE name = 'Harbor Welding'")[0][0]
            b.set_org(harbor, city="Akron")
            assert b.sync().returncode == 0
            assert a.sync().returncode == 0
            assert a.query("SELECT city FROM organization WHERE id = :i", i=harbor) == [("Akron",)]
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
