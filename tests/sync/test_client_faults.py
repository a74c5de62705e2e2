"""Fault tests: a loopback proxy cuts connections at chosen points; every change arrives once."""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from client_helpers import PASSWORD, Laptop, install_memory_keyring, make_laptop
from proxy import Fault, Proxy
from server_harness import BACKENDS, Device, ServerProcess, running_server
from sqlalchemy import text

from sector_desktop.models import Attachment, Organization, new_id
from sector_desktop.store import sealed
from sector_desktop.sync.client import blobs
from sector_desktop.sync.client.state import read_state


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path_factory.mktemp(f"fault-srv-{request.param}")) as srv:
        srv.create_user("ana", PASSWORD, "admin")
        yield srv


@pytest.fixture
def proxy(server: ServerProcess) -> Iterator[Proxy]:
    p = Proxy(server.port)
    yield p
    p.close()


@pytest.fixture
def pair(tmp_path: Path, migrated_template: Path, proxy: Proxy) -> Iterator[tuple[Laptop, Laptop]]:
    install_memory_keyring()
    a = make_laptop(tmp_path, migrated_template, proxy.url, "a")
    b = make_laptop(tmp_path, migrated_template, proxy.url, "b")
    a.connect("ana")
    b.connect("ana")
    yield a, b
    a.close()
    b.close()


def add_orgs(lap: Laptop, count: int, prefix: str) -> list[str]:
    ids = []
    with lap.db.session() as s:
        for i in range(count):
            org = Organization(name=f"{prefix} {i}", tags=[], notes=f"note {i}")
            s.add(org)
            s.flush()
            ids.append(org.id)
    return ids


def assert_arrived_once(server: ServerProcess, b: Laptop, ids: list[str], prefix: str) -> None:
    names = [r["name"] for r in b.rows("organization", "name") if r["name"].startswith(prefix)]
    assert sorted(names) == sorted(f"{prefix} {i}" for i in range(len(ids)))
    viewer = Device(server.url)
    assert viewer.login("ana", PASSWORD).status_code == 200
    changes, conflicts, _ = viewer.pull_all()
    viewer.close()
    mine = [c for c in changes if c["row_id"] in set(ids)]
    per_field = {(c["row_id"], c["field"]) for c in mine}
    assert len(mine) == len(per_field), "a field change arrived twice"
    assert not [c for c in conflicts if c["row_id"] in set(ids)], "a replay was taken for a concurrent edit"


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_push_cut_before_or_after_the_server_commits_arrives_once(
    pair: tuple[Laptop, Laptop], proxy: Proxy, server: ServerProcess, where: str
) -> None:
    a, b = pair
    ids = add_orgs(a, 5, f"push-{where}")
    proxy.faults.append(Fault("POST", "/api/v1/push", where, times=2))
    report = a.sync(attachments=False)
    assert report.ok, report.summary()
    assert proxy.cuts == 2
    assert a.pending() == 0
    assert b.sync(attachments=False).ok
    assert_arrived_once(server, b, ids, f"push-{where}")


def test_a_pull_page_cut_in_the_middle_is_pulled_again(
    pair: tuple[Laptop, Laptop], proxy: Proxy, server: ServerProcess
) -> None:
    a, b = pair
    ids = add_orgs(a, 30, "pull-cut")
    assert a.sync(attachments=False).ok
    proxy.faults.append(Fault("GET", "/api/v1/pull", "truncate", times=2))
    report = b.sync(attachments=False)
    assert report.ok, report.summary()
    assert proxy.cuts == 2
    assert_arrived_once(server, b, ids, "pull-cut")
    assert b.pending() == 0
    cursor = read_state(b.db.engine).cursor
    assert b.sync(attachments=False).received == 0
    assert read_state(b.db.engine).cursor == cursor


def test_a_server_that_refuses_after_retries_keeps_the_outbox(
    pair: tuple[Laptop, Laptop], proxy: Proxy
) -> None:
    a, _ = pair
    add_orgs(a, 2, "kept")
    waiting = a.pending()
    proxy.faults.append(Fault("POST", "/api/v1/push", "before", times=50))
    report = a.sync(attachments=False, attempts=3)
    assert not report.ok
    assert report.status in ("error", "offline")
    assert a.pending() == waiting, "nothing may leave the outbox without an acknowledgement"


def _attach(lap: Laptop, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    path = blobs.blob_path(lap.paths, sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:  # as the app stores it: encrypted at rest
        sealed.seal_stream(io.BytesIO(data), out, lap.db.files_key)
    with lap.db.session() as s:
        s.add(
            Attachment(
                sha256=sha,
                filename="signed-agreement.pdf",
                mime_type="application/pdf",
                size_bytes=len(data),
                owner_type="visit",
                owner_id=new_id(),
            )
        )
    return sha


def test_an_attachment_cut_mid_upload_and_mid_download_resumes(
    pair: tuple[Laptop, Laptop], proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair
    monkeypatch.setattr(blobs, "CHUNK", 64 * 1024)
    data = os.urandom(300 * 1024)
    sha = _attach(a, data)
    proxy.faults.append(Fault("PUT", f"/api/v1/blobs/{sha}", "after", times=1))
    report = a.sync()
    assert report.ok, report.summary()
    assert report.blobs_sent == 1
    assert a.sync().blobs_sent == 0, "a file the server has is not sent again"
    proxy.faults.append(Fault("GET", f"/api/v1/blobs/{sha}", "truncate", times=1))
    report = b.sync()
    assert report.ok, report.summary()
    assert report.blobs_received == 1
    stored = blobs.blob_path(b.paths, sha)
    assert sealed.read_plain(stored, b.db.files_key) == data
    assert data[:4096] not in stored.read_bytes(), "a downloaded file is encrypted at rest"
    ranges = [
        h for h in proxy.seen if h.startswith(f"GET /api/v1/blobs/{sha}") and "range: bytes=" in h.lower()
    ]
    assert ranges, "the cut download must resume with a Range request, not start over"
    with b.db.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM attachment WHERE sha256 = :s"), {"s": sha}).scalar() == 1
        )


def test_the_offline_cap_keeps_the_newest_attachments_that_fit(pair: tuple[Laptop, Laptop]) -> None:
    from sector_desktop.store.settings import update_settings

    a, b = pair
    old = _attach(a, os.urandom(100 * 1024))
    new = _attach(a, os.urandom(100 * 1024))
    assert a.sync().blobs_sent == 2
    update_settings(b.paths, **{blobs.OFFLINE_CAP_SETTING: 0.15})
    report = b.sync()
    assert report.ok, report.summary()
    assert blobs.blob_path(b.paths, new).exists()
    assert not blobs.blob_path(b.paths, old).exists()
    update_settings(a.paths, **{blobs.OFFLINE_CAP_SETTING: 0.15})
    a.sync()
    assert not blobs.blob_path(a.paths, old).exists(), "an uploaded file over the cap is dropped locally"
    assert blobs.blob_path(a.paths, new).exists()
