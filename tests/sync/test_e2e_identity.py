"""Failure 5 end to end: the server takes author and device from the token, never from the
payload, and a device id belongs to the user who first signed in with it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_harness import PASSWORD, cli_laptop
from server_harness import BACKENDS, Device, ServerProcess, running_server


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path / "srv") as srv:
        srv.create_user("ana", PASSWORD, "staff")
        srv.create_user("ben", PASSWORD, "staff")
        yield srv


def test_a_device_cannot_write_as_another_user_or_device_nor_take_its_id(
    server: ServerProcess, tmp_path: Path
) -> None:
    a = cli_laptop(tmp_path, "a")
    a.import_organizations(tmp_path, [{"name": "Harbor Welding", "city": "Toledo"}])
    a.connect(server.url, "ana")
    assert a.sync().returncode == 0
    org = a.query("SELECT id FROM organization")[0][0]
    ana_device, ana_user = a.query("SELECT device_id, user_id FROM sync_state")[0]

    ben = Device(server.url)
    assert ben.login("ben", PASSWORD).status_code == 200
    spoofed = {
        **ben.change("organization", org, "city", "Springfield"),
        "author": ana_user,
        "node": ana_device,
    }
    assert ben.push(spoofed).status_code == 200
    viewer = Device(server.url)
    assert viewer.login("ana", PASSWORD, name="viewer").status_code == 200
    changes, _conflicts, _ = viewer.pull_all()
    city = next(c for c in changes if c["row_id"] == org and c["field"] == "city")
    assert (city["value"], city["author"], city["node"]) == ("Springfield", ben.user_id, ben.device_id)

    # Ben signs in with Ana's device id: he gets a device of his own; Ana stays signed in.
    thief = Device(server.url, device_id=ana_device)
    assert thief.login("ben", PASSWORD).status_code == 200
    assert thief.device_id != ana_device
    a.set_org(org, notes="Still signed in")
    done = a.sync()
    assert done.returncode == 0, done.stdout + done.stderr
    changes, _c, _ = viewer.pull_all()
    notes = next(c for c in changes if c["row_id"] == org and c["field"] == "notes")
    assert (notes["value"], notes["author"], notes["node"]) == ("Still signed in", ana_user, ana_device)
    for d in (ben, viewer, thief):
        d.close()
