"""Failure 8 end to end: attachment hashes are 64 hex characters on both sides; a crafted one
never makes the laptop or the server write outside its own folders (real processes)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_harness import PASSWORD, cli_laptop
from legacy import plant_value
from server_harness import BACKENDS, Device, ServerProcess, running_server

from sector_desktop.models import new_id

CRAFTED = "../../../../outside-the-profile"


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path / "srv") as srv:
        srv.create_user("ana", PASSWORD, "staff")
        srv.create_user("ben", PASSWORD, "staff")
        yield srv


def _attachment(device: Device, row: str, sha: str) -> list[dict]:
    fields = {
        "sha256": sha,
        "filename": "agreement.pdf",
        "mime_type": "application/pdf",
        "size_bytes": 10,
        "owner_type": "visit",
        "owner_id": new_id(),
        "created_at": "2026-11-24T10:00:00",
        "updated_at": "2026-11-24T10:00:00",
        "deleted_at": None,
    }
    return [device.change("attachment", row, name, value) for name, value in fields.items()]


def test_crafted_attachment_hashes_write_nothing_outside(server: ServerProcess, tmp_path: Path) -> None:
    hostile = Device(server.url)
    assert hostile.login("ben", PASSWORD).status_code == 200
    refused = hostile.push(*_attachment(hostile, new_id(), CRAFTED)).json()
    assert [r["field"] for r in refused["rejected"]] == ["sha256"] and "SHA-256" in refused["rejected"][0][
        "reason"
    ]
    for path in (f"/blobs/{CRAFTED}", "/blobs/..%2F..%2Fetc%2Fpasswd", "/blobs/" + "A" * 64):
        assert hostile.http.get(path).status_code in (404, 422)
        assert hostile.http.put(path, content=b"x").status_code in (404, 405, 422)

    # A hash stored before the server checked values: the laptop refuses it and writes nothing.
    row = new_id()
    good = hashlib.sha256(b"agreement").hexdigest()
    assert hostile.push(*_attachment(hostile, row, good)).json()["rejected"] == []
    plant_value(server.database_url, "attachment", row, "sha256", CRAFTED)
    lap = cli_laptop(tmp_path / "laptops" / "deep", "a")
    lap.connect(server.url, "ana")
    before = {p for p in tmp_path.rglob("*")}
    done = lap.run("sync")  # attachments too
    assert done.returncode == 1, done.stdout + done.stderr
    failed = lap.status()["failed"]
    assert [(f["table"], f["field"]) for f in failed] == [("attachment", "sha256")]
    created = {p for p in tmp_path.rglob("*")} - before
    assert all(lap.profile in p.parents or p == lap.keyring_file or "srv" in p.parts for p in created), (
        created
    )
    assert not (tmp_path / "outside-the-profile").exists()
    hostile.close()
