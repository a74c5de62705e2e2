"""Wipe on revoke: `sector-server admin revoke-device ID --wipe`. At its next contact the laptop first
sends what it holds (unsent changes, attachments the server lacks), then destroys its key and local
data and says so. A plain revoke keeps the unsent changes for export, as before."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from client_helpers import PASSWORD, Laptop, install_memory_keyring, make_laptop
from server_harness import BACKENDS, ServerProcess, running_server

from sector_desktop.models import Organization
from sector_desktop.services.attachments import add_attachment, list_attachments, read_attachment
from sector_desktop.store import backups, keys
from sector_desktop.sync.client.state import read_state
from sector_desktop.sync.client.wipe import NOTE

PDF = b"%PDF-1.4\n1 0 obj<< /Title (Signed apprentice agreement) >>endobj\n%%EOF\n"


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path / "srv") as srv:
        srv.create_user("ana", PASSWORD, "staff")
        yield srv


@pytest.fixture
def pair(server: ServerProcess, tmp_path: Path, migrated_template: Path) -> Iterator[tuple[Laptop, Laptop]]:
    ring = install_memory_keyring()
    a = make_laptop(tmp_path, migrated_template, server.url, "a")
    b = make_laptop(tmp_path, migrated_template, server.url, "b")
    a.connect("ana")
    # The stolen laptop's key lives in its keyring, as on a real computer.
    ring.set_password(keys.KEYRING_SERVICE, keys.keyring_name(a.db.key.salt), a.db.key.key.hex())
    yield a, b
    a.close()
    b.close()


def _add(lap: Laptop, *names: str) -> None:
    with lap.db.session() as s:
        for name in names:
            s.add(Organization(name=name, tags=[]))


def _revoke(server: ServerProcess, lap: Laptop, *flags: str) -> dict[str, object]:
    device = read_state(lap.db.engine).device_id
    assert device
    done = server.admin("revoke-device", device, *flags)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_a_wiped_laptop_sends_what_it_holds_then_destroys_its_data(
    server: ServerProcess, pair: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    a, b = pair
    _add(a, "Harbor Welding")
    assert a.sync(attachments=False).ok
    _add(a, "Crest Health", "Dune Freight")  # typed on the road, never sent
    src = tmp_path / "agreement.pdf"
    src.write_bytes(PDF)
    org_id = a.rows("organization", "id")[0]["id"]
    add_attachment(a.db, a.paths, "organization", org_id, src)
    backups.back_up(a.db.path, a.paths.backups_dir, kind="manual", key=a.db.key)
    assert _revoke(server, a, "--wipe")["wipe_requested_at"]

    report = a.sync()
    assert report.status == "wiped"
    assert report.sent > 0 and report.blobs_sent == 1
    assert "wiped" in report.summary() and "destroyed" in report.summary()
    assert not a.paths.database.exists()
    assert not a.paths.attachments_dir.exists()
    assert not any(a.paths.backups_dir.iterdir())
    assert keys.read_header(a.paths.database) == b""
    import keyring

    assert keyring.get_password(keys.KEYRING_SERVICE, keys.keyring_name(a.db.key.salt)) is None
    assert "wiped" in (a.paths.data_dir / NOTE).read_text(encoding="utf-8")

    b.connect("ana")
    assert b.sync().ok
    names = {r["name"] for r in b.rows("organization", "name")}
    assert names == {"Harbor Welding", "Crest Health", "Dune Freight"}
    [info] = list_attachments(b.db, b.paths, "organization", org_id)
    assert info.sha256 == hashlib.sha256(PDF).hexdigest()
    assert read_attachment(b.db, b.paths, info) == PDF


def test_a_plain_revoke_keeps_the_unsent_changes(server: ServerProcess, pair: tuple[Laptop, Laptop]) -> None:
    a, _ = pair
    assert a.sync(attachments=False).ok
    _add(a, "Evergreen Care")
    waiting = a.pending()
    assert _revoke(server, a)["wipe_requested_at"] is None
    report = a.sync(attachments=False)
    assert report.status == "revoked"
    assert a.pending() == waiting
    assert {r["name"] for r in a.rows("organization", "name")} == {"Evergreen Care"}
