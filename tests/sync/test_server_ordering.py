"""Feed ordering under concurrent pushes: a puller never skips a change that commits later.

Over HTTP the interleaving cannot be forced, so these tests drive the server's own apply function
(`push.apply_push`) from two threads with their own connections, pausing inside a transaction
through its `before_commit` hook, and pull with `feed.pull_page` in between.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from server_harness import BACKENDS, PG_ENV, Device, ServerProcess, free_port, fresh_database_url
from sqlalchemy import Connection, Engine

from sector_desktop.models import new_id
from sector_desktop.store.hlc import Hlc
from sector_desktop.sync.protocol import LoginRequest, PushRequest
from sector_desktop.sync.server import auth
from sector_desktop.sync.server.db import make_engine, migrate
from sector_desktop.sync.server.feed import pull_page
from sector_desktop.sync.server.push import apply_push

WAIT = 30  # seconds; only a ceiling for a hung test, never a timing assertion


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with fresh_database_url(request.param, tmp_path) as url:
        eng = make_engine(url)
        migrate(eng)
        auth.create_user(eng, "ana", "pw", "staff")
        yield eng
        eng.dispose()


def device(engine: Engine, name: str) -> str:
    return auth.login(engine, LoginRequest(username="ana", password="pw", device_name=name)).device_id


def request_for(device_id: str, row: str, value: str) -> PushRequest:
    change = {
        "table": "organization",
        "row_id": row,
        "field": "name",
        "value": value,
        "hlc": Hlc().now(),
        "node": device_id,
        "author": "ana",
    }
    return PushRequest.model_validate(
        {
            "device_id": device_id,
            "batch_id": str(uuid.uuid4()),
            "mutations": [{"mutation": 1, "changes": [change]}],
        }
    )


class Paused:
    """A before_commit hook that signals it holds its positions, then waits to be released."""

    def __init__(self) -> None:
        self.holding = threading.Event()
        self.release = threading.Event()

    def __call__(self, _conn: Connection) -> None:
        self.holding.set()
        assert self.release.wait(WAIT), "test never released the transaction"


def rows_of(page: dict) -> set[str]:
    """The organizations a page carries (sign-in also puts the user's staff record in the feed)."""
    return {c["row_id"] for c in page["changes"] if c["table"] == "organization"}


def test_puller_between_two_commits_misses_nothing(engine: Engine) -> None:
    dev_a, dev_b = device(engine, "a"), device(engine, "b")
    row_a, row_b = new_id(), new_id()
    hook_a, hook_b = Paused(), Paused()
    results: dict[str, object] = {}

    def push(name: str, dev: str, row: str, hook: Paused) -> None:
        results[name] = apply_push(engine, dev, request_for(dev, row, name), before_commit=hook)

    start = pull_page(engine, None, 100)["next_cursor"]
    ta = threading.Thread(target=push, args=("A", dev_a, row_a, hook_a))
    ta.start()
    assert hook_a.holding.wait(WAIT)  # A has taken its feed position and has not committed
    tb = threading.Thread(target=push, args=("B", dev_b, row_b, hook_b))
    tb.start()
    # B is concurrent with A. Under a nextval()-style allocator B could take a later position and
    # commit first, and a puller would move its cursor past A's uncommitted position. Here B cannot
    # take a position until A commits: it waits on the feed lock.
    tb.join(timeout=1.0)
    assert tb.is_alive() and not hook_b.holding.is_set()
    page = pull_page(engine, start, 100)
    assert rows_of(page) == set() and page["next_cursor"] == start
    hook_a.release.set()
    ta.join(WAIT)
    assert hook_b.holding.wait(WAIT)  # A committed; B now holds a later position, uncommitted
    between = pull_page(engine, start, 100)
    assert rows_of(between) == {row_a}
    hook_b.release.set()
    tb.join(WAIT)
    after = pull_page(engine, between["next_cursor"], 100)
    assert rows_of(after) == {row_b}
    assert between["changes"][0]["position"] < after["changes"][0]["position"]
    assert "A" in results and "B" in results


def test_many_concurrent_pushes_and_pulls_lose_nothing(engine: Engine) -> None:
    devices = [device(engine, f"d{i}") for i in range(4)]
    rows: list[str] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def writer(dev: str) -> None:
        try:
            for n in range(1, 16):
                row = new_id()
                req = request_for(dev, row, f"{dev}-{n}")
                req.mutations[0].mutation = n
                apply_push(engine, dev, req)
                with lock:
                    rows.append(row)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    seen: set[str] = set()
    cursor = None
    threads = [threading.Thread(target=writer, args=(d,)) for d in devices]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        page = pull_page(engine, cursor, 7)  # small pages while writers commit
        seen |= rows_of(page)
        cursor = page["next_cursor"]
    for t in threads:
        t.join(WAIT)
    while True:
        page = pull_page(engine, cursor, 7)
        seen |= rows_of(page)
        cursor = page["next_cursor"]
        if not page["more"]:
            break
    assert errors == []
    assert seen == set(rows) and len(rows) == 60


@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set: PostgreSQL tests skipped")
def test_two_server_processes_share_one_postgresql_database(tmp_path: Path) -> None:
    with fresh_database_url("postgresql", tmp_path) as url:
        servers = [ServerProcess(url, tmp_path / f"data{i}", free_port()) for i in range(2)]
        threads = [threading.Thread(target=s.start) for s in servers]  # both migrate at once
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        try:
            servers[0].create_user("ana", "pw")
            devices = [Device(s.url) for s in servers]
            for d in devices:
                assert d.login("ana", "pw").status_code == 200
            rows: list[str] = []

            def write(d: Device) -> None:
                for _ in range(10):
                    row = new_id()
                    assert d.push(d.change("organization", row, "name", row)).status_code == 200
                    rows.append(row)

            writers = [threading.Thread(target=write, args=(d,)) for d in devices]
            for t in writers:
                t.start()
            for t in writers:
                t.join(WAIT * 4)
            for d in devices:  # each process serves the other's writes, each exactly once
                changes, _, _ = d.pull_all(limit=3)
                written = [c["row_id"] for c in changes if c["table"] == "organization"]
                assert sorted(written) == sorted(rows)
                d.close()
        finally:
            for s in servers:
                s.stop()
