"""schemathesis against the real server's OpenAPI document, on SQLite and PostgreSQL, bounded in
time: no request may get a server error, and every answer must match the document."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_harness import BACKENDS, Device, ServerProcess, running_server

from sector_desktop.sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION

ST_BIN = Path(sys.executable).with_name("schemathesis")
PASSWORD = "correct horse battery staple"
EXAMPLES = 30  # per operation and phase
MAX_TIME_S = 90  # schemathesis's own budget for the whole run, per backend


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path / "srv") as srv:
        srv.create_user("ana", PASSWORD, "admin")
        yield srv


def test_no_request_gets_a_server_error_and_answers_match_the_document(
    server: ServerProcess, tmp_path: Path
) -> None:
    device = Device(server.url)
    assert device.login("ana", PASSWORD).status_code == 200
    done = subprocess.run(
        [
            str(ST_BIN),
            "run",
            f"{server.url}/openapi.json",
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--max-examples",
            str(EXAMPLES),
            "--max-time",
            str(MAX_TIME_S),
            "--header",
            f"Authorization: Bearer {device.token}",
            "--header",
            f"{PROTOCOL_HEADER}: {PROTOCOL_VERSION}",
            "--exclude-path-regex",
            "/devices/.*/revoke",  # it would sign the test's own device out
            "--seed",
            "20261124",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=MAX_TIME_S * 3,
        cwd=tmp_path,
        check=False,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-6000:]
    generated = re.search(r"(\d+) generated", out)
    assert generated and int(generated.group(1)) > 100, out[-3000:]
    print(f"schemathesis: {generated.group(0)} test cases, no failure")  # shown with -s
    device.close()
