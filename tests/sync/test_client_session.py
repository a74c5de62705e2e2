"""A sync session keeps one HTTP connection across rounds, and a round writes the device file once,
after its changes are numbered and before they are sent (real server, both backends)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from client_helpers import Laptop

from sector_desktop.models import Organization
from sector_desktop.sync.client import state as state_module
from sector_desktop.sync.client.state import DEVICE_FILE, read_state
from sector_desktop.sync.client.transport import SyncSession


class ConnectionRecorder(httpx.HTTPTransport):
    """A real transport that remembers the network stream (the TCP connection) of each answer."""

    def __init__(self) -> None:
        super().__init__()
        self.streams: list[Any] = []  # kept alive, so no two connections share an id()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        self.streams.append(response.extensions.get("network_stream"))
        return response


def _add(lap: Laptop, name: str) -> None:
    with lap.db.session() as s:
        s.add(Organization(name=name, tags=[]))


def test_rounds_of_one_session_share_one_connection(two_laptops: list[Laptop]) -> None:
    a, _b = two_laptops
    a.transport = recorder = ConnectionRecorder()
    session = SyncSession()
    try:
        for i in range(3):
            _add(a, f"Kept {i}")
            report = a.sync(attachments=False, session=session)
            assert report.ok and report.sent > 0, report.summary()
        assert len(recorder.streams) >= 6  # a push and a pull a round at least
        assert len({id(s) for s in recorder.streams}) == 1
    finally:
        session.close()
    # Without a session each round opens (and closes) its own connection.
    before = len(recorder.streams)
    assert a.sync(attachments=False).ok and a.sync(attachments=False).ok
    assert len({id(s) for s in recorder.streams[before:]}) == 2


def test_a_failed_round_does_not_keep_its_client(two_laptops: list[Laptop]) -> None:
    a, _b = two_laptops
    session = SyncSession()
    assert a.sync(attachments=False, session=session).ok
    kept = session._client
    assert kept is not None
    a.server_url = "http://127.0.0.1:9"
    with a.db.engine.begin() as conn:  # the server moved away: the round fails, offline
        conn.exec_driver_sql("UPDATE sync_state SET server_url = 'http://127.0.0.1:9'")
    assert a.sync(attachments=False, session=session, attempts=1).status == "offline"
    assert session._client is None


def _writes(monkeypatch: pytest.MonkeyPatch, paths_seen: list[dict[str, Any]]) -> None:
    real = Path.replace

    def replace(self: Path, target: Any) -> Path:
        if Path(target).name == DEVICE_FILE:
            paths_seen.append(json.loads(self.read_text(encoding="utf-8")))
        return real(self, target)

    monkeypatch.setattr(Path, "replace", replace)


def test_a_round_writes_the_device_file_once(
    two_laptops: list[Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _b = two_laptops
    assert a.sync(attachments=False).ok
    written: list[dict[str, Any]] = []
    _writes(monkeypatch, written)
    _add(a, "Once")
    assert a.sync(attachments=False).sent > 0
    state = read_state(a.db.engine)
    assert len(written) == 1
    # Written with this round's counter and every number it sent.
    assert written[0]["counter"] == state.identity_counter
    assert written[0]["mutation_high"] == state.next_mutation - 1
    assert a.sync(attachments=False).ok  # nothing to send: still one write, the new counter
    assert len(written) == 2 and written[1]["counter"] == read_state(a.db.engine).identity_counter


def test_a_round_killed_before_its_push_leaves_the_file_behind_not_ahead(
    two_laptops: list[Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kill after the changes are numbered but before the push is answered: the file names the
    numbers (so a restore is still detected), and the next round sends the changes once."""
    a, b = two_laptops
    assert a.sync(attachments=False).ok
    _add(a, "Cut short")

    class Killed(BaseException):
        pass

    def killed(*_: Any, **__: Any) -> Any:
        raise Killed

    with monkeypatch.context() as m:
        m.setattr("sector_desktop.sync.client.transport.ServerClient.call", killed)
        with pytest.raises(Killed):
            a.sync(attachments=False)
    state_module._DEFERRED.clear()  # the process is gone, and what it held in memory with it
    info = json.loads((a.paths.config_dir / DEVICE_FILE).read_text(encoding="utf-8"))
    state = read_state(a.db.engine)
    assert info["counter"] <= state.identity_counter
    assert info["mutation_high"] == state.next_mutation - 1 > 0
    report = a.sync(attachments=False)
    assert report.ok and report.sent > 0, report.summary()
    assert not [m for m in report.messages if "restored" in m or "copied" in m]
    assert b.sync(attachments=False).ok
    assert [r["name"] for r in b.rows("organization", "name")].count("Cut short") == 1


def test_an_outbox_larger_than_a_batch_goes_in_several_and_a_small_one_in_one_look(
    two_laptops: list[Laptop], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches follow one another until the outbox is sent; a batch well short of full means the
    numbered rows ran out, so the round does not look at the outbox again (issue 16)."""
    from sector_desktop.sync.client import push as push_module

    a, b = two_laptops
    monkeypatch.setattr(push_module, "BATCH_CHANGES", 100)
    monkeypatch.setattr(push_module, "MUTATION_CHANGES", 20)
    looks: list[int] = []
    real_batch = push_module._batch

    def batch(conn: Any) -> Any:
        found = real_batch(conn)
        looks.append(sum(n for _m, n in found[1]))
        return found

    monkeypatch.setattr(push_module, "_batch", batch)
    for i in range(13):  # a last batch well short of full (a full one needs one more look)
        _add(a, f"Many {i}")
    queued = a.pending()
    assert queued > 250
    report = a.sync(attachments=False)
    assert report.ok and report.sent == queued and a.pending() == 0, report.summary()
    assert len(looks) >= 3 and all(n > 0 for n in looks), looks  # no empty look at the end
    assert sum(looks) == queued
    looks.clear()
    _add(a, "One more")
    sent = a.sync(attachments=False).sent
    assert sent > 0 and looks == [sent]  # one look: the batch was short, so nothing was left
    assert b.sync(attachments=False).ok
    names = {r["name"] for r in b.rows("organization", "name")}
    assert {f"Many {i}" for i in range(13)} | {"One more"} <= names
