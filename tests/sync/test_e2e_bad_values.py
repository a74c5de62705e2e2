"""Failure 1 end to end: a hostile device's bad values are refused, and values stored before the
server checked them never wedge a laptop (real `sector-server` and `sector-desktop` processes)."""

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


def _raw_push(device: Device, changes: list[dict]) -> dict:
    """A push as a hostile client sends it: JSON escapes keep lone surrogates and NULs intact."""
    device.mutation += 1
    body = {
        "device_id": device.device_id,
        "batch_id": str(uuid.uuid4()),
        "mutations": [{"mutation": device.mutation, "changes": changes}],
    }
    reply = device.http.post(
        "/push", content=json.dumps(body, ensure_ascii=True), headers={"content-type": "application/json"}
    )
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


def test_bad_values_are_refused_and_stored_ones_never_wedge_a_laptop(
    server: ServerProcess, tmp_path: Path
) -> None:
    a, b = cli_laptop(tmp_path, "a"), cli_laptop(tmp_path, "b")
    a.import_organizations(
        tmp_path, [{"name": "Harbor Welding", "city": "Toledo"}, {"name": "Crest", "city": "Erie"}]
    )
    a.connect(server.url, "ana")
    assert a.sync().returncode == 0
    harbor, crest = (
        a.query("SELECT id FROM organization WHERE name = :n", n=n)[0][0] for n in ("Harbor Welding", "Crest")
    )

    hostile = Device(server.url)
    assert hostile.login("ben", PASSWORD).status_code == 200
    poison = [
        ("name", None),
        ("name", {"not": "text"}),
        ("created_at", "garbage"),
        ("city", "\ud800"),
        ("city", "nul \x00 inside"),
        ("sites_count", "seven"),
        ("kind", "pirate"),
        ("tags", "not a list"),
        ("assigned_staff_id", "../../etc"),
    ]
    answer = _raw_push(hostile, [hostile.change("organization", harbor, f, v) for f, v in poison])
    assert answer["applied"] == 0
    reasons = {(r["field"], r["reason"]) for r in answer["rejected"]}
    assert len(answer["rejected"]) == len(poison), reasons
    assert ("name", "name cannot be empty") in reasons
    assert any(f == "city" and "surrogate" in r for f, r in reasons)
    assert any(f == "city" and "NUL" in r for f, r in reasons)
    assert any(f == "kind" and "'pirate' is not one of" in r for f, r in reasons)
    bad_row = _raw_push(hostile, [hostile.change("organization", "../row-1", "name", "x")])
    assert "UUID" in bad_row["rejected"][0]["reason"]

    # A conflict keeps an earlier valid name; then values a server without checks had stored.
    _raw_push(hostile, [hostile.change("organization", harbor, "name", "Harbor Welding Inc")])
    for field, value in (("name", None), ("created_at", "garbage"), ("city", {"a": 1}), ("kind", "pirate")):
        plant_value(server.database_url, "organization", harbor, field, value)

    b.connect(server.url, "ben")
    first = b.sync()
    assert first.returncode == 1 and "failed" in first.stdout
    status = b.status()
    failed = {(f["row_id"], f["field"]): f for f in status["failed"]}
    assert set(failed) == {(harbor, "name"), (harbor, "created_at"), (harbor, "city"), (harbor, "kind")}
    assert failed[(harbor, "name")]["reason"] == "name cannot be empty"
    assert failed[(harbor, "name")]["direction"] == "received"
    assert b.query("SELECT name FROM organization WHERE id = :i", i=crest) == [("Crest",)]

    # The cursor moved on: a later valid change reaches the laptop that holds failed records.
    _raw_push(hostile, [hostile.change("organization", crest, "city", "Akron")])
    assert a.sync().returncode == 1  # a refuses the planted values too, and goes on
    again = b.sync()
    assert again.returncode == 0 and "4 failed records from earlier rounds are kept" in again.stdout
    assert b.query("SELECT city FROM organization WHERE id = :i", i=crest) == [("Akron",)]
    # a keeps the last good values it had (it never saw the rename: the feed moved past it)
    assert a.query("SELECT name, city FROM organization WHERE id = :i", i=harbor) == [
        ("Harbor Welding", "Toledo")
    ]

    listed = server.admin("check-values")
    assert listed.returncode == 1
    found = {json.loads(line)["field"] for line in listed.stdout.splitlines()}
    assert found == {"name", "created_at", "city", "kind"}
    fixed = server.admin("check-values", "--fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    replaced = {
        json.loads(line)["field"]: json.loads(line)["replacement"] for line in fixed.stdout.splitlines()
    }
    assert (
        replaced["name"] == "Harbor Welding Inc"
        and replaced["kind"] == "employer"
        and replaced["city"] is None
    )
    assert server.admin("check-values").returncode == 0

    for lap in (a, b):
        done = lap.sync()
        assert done.returncode == 0, done.stdout + done.stderr
        assert lap.status()["failed"] == []
        name, city = lap.query("SELECT name, city FROM organization WHERE id = :i", i=harbor)[0]
        assert (name, city) == ("Harbor Welding Inc", None)
    hostile.close()
