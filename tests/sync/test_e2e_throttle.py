"""Failure 6 end to end: a flood of wrong passwords is throttled per user name and per address
(429 with Retry-After), hashing is bounded, and /health stays fast (the real server process)."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cli_harness import PASSWORD, cli_laptop
from server_harness import BACKENDS, ServerProcess, running_server

from sector_desktop.sync.protocol import API_PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION

FLOOD = 40


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path / "srv") as srv:
        srv.create_user("ana", PASSWORD, "staff")
        yield srv


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_a_flood_of_wrong_passwords_is_throttled_and_health_stays_fast(
    server: ServerProcess, tmp_path: Path
) -> None:
    assert server.process is not None
    base = server.url + API_PREFIX
    headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
    answers: list[httpx.Response] = []
    health_ms: list[float] = []
    done = threading.Event()

    def guess(i: int) -> None:
        body = {"username": "ana", "password": f"guess {i}", "device_name": "flood"}
        answers.append(httpx.post(base + "/login", json=body, headers=headers, timeout=120))

    def watch_health() -> None:
        while not done.is_set():
            started = time.perf_counter()
            assert httpx.get(base + "/health", timeout=30).status_code == 200
            health_ms.append((time.perf_counter() - started) * 1000)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch_health)
    watcher.start()
    flood = [threading.Thread(target=guess, args=(i,)) for i in range(FLOOD)]
    for t in flood:
        t.start()
    for t in flood:
        t.join()
    done.set()
    watcher.join()

    statuses = sorted(r.status_code for r in answers)
    assert set(statuses) <= {401, 429} and statuses.count(429) >= FLOOD // 2, statuses
    assert all(r.headers.get("retry-after", "").isdigit() for r in answers if r.status_code == 429)
    # Unthrottled, /health took 5-10 s during such a flood; the bound leaves room for a busy machine.
    assert len(health_ms) >= 3 and statistics.median(health_ms) < 1500, health_ms
    assert _peak_rss_mb(server.process.pid) < 700

    # The right password now waits too, and the app says so plainly.
    right = httpx.post(
        base + "/login", json={"username": "ana", "password": PASSWORD, "device_name": "x"}, headers=headers
    )
    assert right.status_code == 429 and int(right.headers["retry-after"]) > 0
    lap = cli_laptop(tmp_path, "a")
    refused = lap.run("connect", server.url, "--user", "ana", "--password-stdin", stdin=PASSWORD + "\n")
    assert refused.returncode == 1 and "Too many sign-in attempts" in refused.stderr
