"""The personal-data guard on the wire, end to end with real `sector-server` and `sector-desktop`
processes: a pushed SSN or date of birth is refused with the reason, and one a server stored before
it checked is held back on the laptop as a failed record, never written to its database."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_harness import PASSWORD, cli_laptop
from legacy import plant_value
from server_harness import BACKENDS, Device, ServerProcess, running_server


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path / "srv") as srv:
        srv.create_user("ana", PASSWORD, "staff")
        srv.create_user("ben", PASSWORD, "staff")
        yield srv


def _push(device: Device, changes: list[dict]) -> dict:
    device.mutation += 1
    body = {
        "device_id": device.device_id,
        "batch_id": str(uuid.uuid4()),
        "mutations": [{"mutation": device.mutation, "changes": changes}],
    }
    reply = device.http.post("/push", json=body)
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def test_personal_data_is_refused_on_the_server_and_held_back_on_the_laptop(
    server: ServerProcess, tmp_path: Path
) -> None:
    a, b = cli_laptop(tmp_path, "a"), cli_laptop(tmp_path, "b")
    a.import_organizations(tmp_path, [{"name": "Harbor Welding", "city": "Toledo", "notes": "Good shop"}])
    a.connect(server.url, "ana")
    assert a.sync().returncode == 0
    harbor = a.query("SELECT id FROM organization WHERE name = 'Harbor Welding'")[0][0]

    peer = Device(server.url)
    assert peer.login("ben", PASSWORD).status_code == 200
    refused = [
        ("notes", "apprentice SSN 123 45 6789 on file"),
        ("notes", "D.O.B. 03/05/1990"),
        ("notes", "birthday: March 5, 1990"),
        ("dba", "ITIN 912-70-1234"),
    ]
    answer = _push(peer, [peer.change("organization", harbor, f, v) for f, v in refused])
    assert answer["applied"] == 0 and len(answer["rejected"]) == len(refused)
    reasons = [r["reason"] for r in answer["rejected"]]
    assert sum("Social Security number" in r for r in reasons) == 1
    assert sum("date of birth" in r for r in reasons) == 2
    assert sum("ITIN" in r for r in reasons) == 1
    assert not any("6789" in r or "1990" in r for r in reasons)  # the reason never repeats the number

    # Ordinary dates and numbers still travel: a visit date, a phone, a FEIN.
    fine = "Met 01/02/2026; call 410-555-0188; FEIN 52-1234567"
    ok = _push(peer, [peer.change("organization", harbor, "notes", fine)])
    assert ok["applied"] == 1 and ok["rejected"] == [], ok

    # A value a server stored before it checked: the laptop keeps it as a failed record, not in its
    # database, and goes on with the rest.
    plant_value(server.database_url, "organization", harbor, "notes", "SSN 123-45-6789")
    b.connect(server.url, "ben")
    first = b.sync()
    assert first.returncode == 1 and "failed" in first.stdout, first.stdout + first.stderr
    failed = {(f["row_id"], f["field"]): f for f in b.status()["failed"]}
    assert set(failed) == {(harbor, "notes")}
    assert "Social Security number" in failed[(harbor, "notes")]["reason"]
    # b is new: the record arrives, its notes never do (the planted value is their latest).
    assert b.query("SELECT name, notes FROM organization WHERE id = :i", i=harbor) == [
        ("Harbor Welding", None)
    ]

    # The server's own check names it, and --fix takes it out; then both laptops converge.
    listed = server.admin("check-values")
    assert listed.returncode == 1
    found = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(f["row_id"], f["field"]) for f in found] == [(harbor, "notes")]
    assert server.admin("check-values", "--fix").returncode == 0
    for lap in (a, b):
        done = lap.sync()
        assert done.returncode == 0, done.stdout + done.stderr
        assert lap.status()["failed"] == []
        (notes,) = lap.query("SELECT notes FROM organization WHERE id = :i", i=harbor)[0]
        assert notes == fine
    peer.close()
