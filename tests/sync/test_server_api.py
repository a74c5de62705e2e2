"""The real sync server over HTTP (SQLite, and PostgreSQL when configured): auth, push/pull, merge, limits."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_harness import BACKENDS, Device, ServerProcess, running_server

from sector_desktop.models import new_id
from sector_desktop.store.hlc import decode_hlc, encode_hlc
from sector_desktop.sync.protocol import (
    API_PREFIX,
    BLOB_COMPLETE_HEADER,
    BLOB_SIZE_HEADER,
    MAX_BODY_BYTES,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    REVOKED_MESSAGE,
    PullResponse,
)

YEAR_MS = 365 * 24 * 3600 * 1000


@pytest.fixture(scope="module", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    with running_server(request.param, tmp_path_factory.mktemp(f"srv-{request.param}")) as srv:
        srv.create_user("ana", "ana-pw", "staff")
        srv.create_user("ben", "ben-pw", "staff")
        srv.create_user("root", "root-pw", "admin")
        yield srv


@pytest.fixture
def ana(server: ServerProcess) -> Iterator[Device]:
    d = Device(server.url)
    assert d.login("ana", "ana-pw").status_code == 200
    yield d
    d.close()


@pytest.fixture
def ben(server: ServerProcess) -> Iterator[Device]:
    d = Device(server.url)
    assert d.login("ben", "ben-pw").status_code == 200
    yield d
    d.close()


def current(device: Device, row_id: str) -> dict[str, dict]:
    """Field -> latest feed entry for one row, as seen by a full pull."""
    changes, _, _ = device.pull_all()
    return {c["field"]: c for c in changes if c["row_id"] == row_id}


def create_org(device: Device, name: str = "Acme") -> str:
    row = new_id()
    r = device.push(
        device.change("organization", row, "name", name),
        device.change("organization", row, "city", "Springfield"),
    )
    assert r.status_code == 200 and r.json()["applied"] == 2, r.text
    return row


def only_once(server: ServerProcess) -> None:
    """For behaviour that does not depend on the database backend: run it on SQLite only (speed)."""
    if not server.database_url.startswith("sqlite"):
        pytest.skip("backend-independent; covered by the SQLite run")


def stamp(entry: dict) -> tuple[str, str]:
    return entry["hlc"], entry["node"]


def test_health_and_login(server: ServerProcess) -> None:
    health = httpx.get(server.url + API_PREFIX + "/health").json()
    assert health["status"] == "ok" and health["protocol"] == PROTOCOL_VERSION and health["epoch"]
    d = Device(server.url)
    r = d.login("ana", "ana-pw")
    assert r.status_code == 200
    assert r.json()["epoch"] == health["epoch"] and r.json()["role"] == "staff"
    # Signing in again with the same device id keeps the identity and issues a new token.
    old_token = d.token
    assert d.login("ana", "ana-pw").json()["device_id"] == r.json()["device_id"]
    assert d.token != old_token
    d.close()


def test_bad_password_and_unknown_user_are_refused_alike(server: ServerProcess) -> None:
    d = Device(server.url)
    for user, pw in (("ana", "wrong"), ("nobody", "x")):
        r = d.login(user, pw)
        assert r.status_code == 401 and r.json()["code"] == "bad_credentials"
    r = d.http.get("/pull")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    d.close()


def test_push_pull_round_trip_between_devices(ana: Device, ben: Device) -> None:
    row = create_org(ana)
    fields = current(ben, row)
    assert fields["name"]["value"] == "Acme" and fields["city"]["value"] == "Springfield"
    assert fields["name"]["node"] == ana.device_id and fields["name"]["author"] == ana.user_id


def test_cursor_pulls_only_new_changes_in_pages(ana: Device, ben: Device) -> None:
    _, _, cursor = ben.pull_all()
    rows = [create_org(ana, f"Org {i}") for i in range(3)]
    changes, _, cursor2 = ben.pull_all(cursor, limit=2)  # several pages
    assert sorted({c["row_id"] for c in changes}) == sorted(rows)
    assert len(changes) == 6
    assert ben.pull_all(cursor2)[0] == []


def test_replayed_batch_and_replayed_mutation_apply_once(ana: Device, ben: Device) -> None:
    row = new_id()
    batch = str(uuid.uuid4())
    change = ana.change("organization", row, "name", "Once")
    first = ana.push(change, batch_id=batch)
    ana.mutation -= 1
    again = ana.push(change, batch_id=batch)
    assert first.json()["applied"] == 1
    assert again.status_code == 200 and again.json()["replay"] and again.json()["applied"] == 0
    assert again.json()["acked_through"] == first.json()["acked_through"]
    # The same mutation under a new batch id (a retry after a lost response) is not applied again.
    ana.mutation -= 1
    retry = ana.push(change)
    assert retry.json()["applied"] == 0 and retry.json()["acked_through"] == first.json()["acked_through"]
    assert not retry.json()["device_restored"]
    # The same number with other content: the device was restored from a backup. Nothing applies.
    ana.mutation -= 1
    restored = ana.push(ana.change("organization", row, "name", "Twice")).json()
    assert restored["device_restored"] and restored["applied"] == 0
    assert restored["acked_through"] == first.json()["acked_through"] - 1
    assert current(ben, row)["name"]["value"] == "Once"


def test_edits_to_different_fields_merge_without_conflict(ana: Device, ben: Device) -> None:
    row = create_org(ana)
    base = current(ben, row)
    current(ana, row)
    a = ana.push(ana.change("organization", row, "name", "Acme Ltd", base=stamp(base["name"])))
    b = ben.push(ben.change("organization", row, "city", "Shelbyville", base=stamp(base["city"])))
    assert a.json()["conflicts"] == [] and b.json()["conflicts"] == []
    fields = current(ana, row)
    assert fields["name"]["value"] == "Acme Ltd" and fields["city"]["value"] == "Shelbyville"


def test_same_field_concurrently_gives_one_conflict_and_lww_winner(ana: Device, ben: Device) -> None:
    row = create_org(ana)
    base = stamp(current(ben, row)["name"])
    ca = ana.change("organization", row, "name", "Ana's name", base=base)
    cb = ben.change("organization", row, "name", "Ben's name", base=base)
    assert ana.push(ca).json()["conflicts"] == []
    reply = ben.push(cb).json()
    assert len(reply["conflicts"]) == 1
    conflict = reply["conflicts"][0]
    winner, loser = sorted([ca, cb], key=lambda c: (c["hlc"], c["node"]), reverse=True)
    assert conflict["winner"]["value"] == winner["value"] and conflict["loser"]["value"] == loser["value"]
    assert conflict["loser"]["author"] == loser["author"]
    _, conflicts, _ = ana.pull_all()
    assert [c["id"] for c in conflicts if c["row_id"] == row] == [conflict["id"]]
    assert current(ana, row)["name"]["value"] == winner["value"]


def test_clearing_a_field_syncs_and_stays_cleared(ana: Device, ben: Device) -> None:
    row = create_org(ana)
    base = stamp(current(ben, row)["city"])
    reply = ben.push(ben.change("organization", row, "city", None, base=base)).json()
    assert reply["applied"] == 1 and reply["conflicts"] == []
    fields = current(ana, row)
    assert "city" in fields and fields["city"]["value"] is None


def test_tombstone_syncs_and_a_concurrent_edit_is_a_delete_edit_conflict(ana: Device, ben: Device) -> None:
    row = create_org(ana)
    seen = current(ben, row)
    current(ana, row)
    newest = max(stamp(e) for e in seen.values())
    deleted = ana.push(
        ana.change(
            "organization", row, "deleted_at", "2026-01-02T03:04:05", row_hlc=newest[0], row_node=newest[1]
        )
    )
    assert deleted.json()["conflicts"] == []
    assert current(ben, row)["deleted_at"]["value"] == "2026-01-02T03:04:05"
    # Ben edited offline without having seen the delete: the edit is kept but reported.
    edit = ben.push(ben.change("organization", row, "city", "Ogdenville", base=stamp(seen["city"]))).json()
    assert [c["kind"] for c in edit["conflicts"]] == ["delete_edit"]
    assert edit["conflicts"][0]["winner"]["value"] == "2026-01-02T03:04:05"
    assert edit["conflicts"][0]["loser"]["value"] == "Ogdenville"


def test_delete_after_an_unseen_edit_is_reported(ana: Device, ben: Device) -> None:
    row = create_org(ana)
    seen = current(ben, row)
    newest = max(stamp(e) for e in seen.values())
    ana.push(ana.change("organization", row, "name", "Renamed", base=stamp(seen["name"])))
    reply = ben.push(
        ben.change(
            "organization", row, "deleted_at", "2026-05-05T00:00:00", row_hlc=newest[0], row_node=newest[1]
        )
    ).json()
    assert [(c["kind"], c["field"], c["loser"]["value"]) for c in reply["conflicts"]] == [
        ("delete_edit", "name", "Renamed")
    ]


def test_unknown_table_or_field_is_rejected_with_reason(ana: Device) -> None:
    row = new_id()
    reply = ana.push(
        ana.change("organization", row, "name", "Ok"),
        ana.change("organization", row, "shoe_size", 42),
        ana.change("staff_secrets", row, "name", "x"),
    ).json()
    assert reply["applied"] == 1
    reasons = {r["field"] + "@" + r["table"]: r["reason"] for r in reply["rejected"]}
    assert "no field 'shoe_size'" in reasons["shoe_size@organization"]
    assert "does not sync" in reasons["name@staff_secrets"]


def test_future_timestamps_are_clamped_and_the_device_flagged(server: ServerProcess, ana: Device) -> None:
    row = new_id()
    future = encode_hlc(int(time.time() * 1000) + YEAR_MS, 3)
    change = {**ana.change("organization", row, "name", "From the future"), "hlc": future}
    reply = ana.push(change).json()
    assert reply["clock_clamped"] is True and reply["applied"] == 1
    entry = current(ana, row)["name"]
    assert decode_hlc(entry["hlc"]).physical_ms <= time.time() * 1000 + 6 * 60 * 1000
    admin = Device(server.url)
    admin.login("root", "root-pw")
    devices = {d["id"]: d for d in admin.http.get("/devices").json()["devices"]}
    assert devices[ana.device_id]["clock_skew"] is True
    admin.close()


def test_revoked_device_gets_the_clear_message(server: ServerProcess, ana: Device) -> None:
    admin = Device(server.url)
    admin.login("root", "root-pw")
    assert ana.http.get("/devices").status_code == 403  # staff cannot manage devices
    r = admin.http.post(f"/devices/{ana.device_id}/revoke")
    assert r.status_code == 200 and r.json()["revoked_at"]
    pushed = ana.push(ana.change("organization", new_id(), "name", "x"))
    assert pushed.status_code == 401
    assert pushed.json() == {"detail": REVOKED_MESSAGE, "code": "device_revoked"}
    # Signing in again after a revocation gives a new device identity.
    old = ana.device_id
    assert ana.login("ana", "ana-pw").status_code == 200 and ana.device_id != old
    admin.close()


def test_admin_cli_lists_and_revokes_devices(server: ServerProcess, ben: Device) -> None:
    only_once(server)
    listed = [json.loads(line) for line in server.admin("list-devices").stdout.splitlines()]
    assert ben.device_id in {d["id"] for d in listed}
    done = server.admin("revoke-device", ben.device_id)
    assert done.returncode == 0 and json.loads(done.stdout)["revoked_at"]
    assert ben.http.get("/pull").json()["code"] == "device_revoked"
    assert server.admin("revoke-device", "no-such-device").returncode == 2


def test_protocol_mismatch_gets_426(server: ServerProcess, ana: Device) -> None:
    r = ana.http.get("/pull", headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION - 1)})
    assert (
        r.status_code == 426
        and r.json()["code"] == "protocol_mismatch"
        and f"protocol {PROTOCOL_VERSION}" in r.json()["detail"]
    )
    bare = httpx.post(server.url + API_PREFIX + "/login", json={})
    assert bare.status_code == 426


def test_malformed_payloads_get_4xx_with_a_reason(ana: Device) -> None:
    post = ana.http.post
    cases = [
        post("/push", content=b"{not json", headers={"content-type": "application/json"}),
        post("/push", json={"device_id": ana.device_id, "batch_id": "b", "mutations": "lots"}),
        post(
            "/push",
            json={
                "device_id": ana.device_id,
                "batch_id": "b",
                "mutations": [{"mutation": 1, "changes": [{"table": "organization"}]}],
            },
        ),
        post(
            "/push",
            json={
                "device_id": ana.device_id,
                "batch_id": "b",
                "mutations": [{"mutation": i + 1} for i in range(5001)],
            },
        ),
        ana.http.get("/pull", params={"cursor": "garbage"}),
        ana.http.get("/pull", params={"limit": 10**9}),
        ana.http.put("/blobs/not-a-hash", content=b"x"),
        post(
            "/push",
            content=b"\x1f\x8bnot gzip",
            headers={"content-encoding": "gzip", "content-type": "application/json"},
        ),
    ]
    for r in cases:
        assert 400 <= r.status_code < 500, (r.status_code, r.text)
        assert r.json()["detail"], r.text
    other = post("/push", json={"device_id": "someone-else", "batch_id": "b", "mutations": []})
    assert other.status_code == 403 and other.json()["code"] == "device_mismatch"


def test_oversized_payloads_get_413(ana: Device) -> None:
    big = b"x" * (MAX_BODY_BYTES + 1)
    r = ana.http.post("/push", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    # A small gzip body that inflates past the limit (a "zip bomb") is refused too.
    bomb = gzip.compress(b" " * (MAX_BODY_BYTES + 10))
    r = ana.http.post(
        "/push", content=bomb, headers={"content-encoding": "gzip", "content-type": "application/json"}
    )
    assert r.status_code == 413


def test_gzip_request_and_response_bodies(ana: Device, ben: Device) -> None:
    row = new_id()
    ana.mutation += 1
    body = {
        "device_id": ana.device_id,
        "batch_id": str(uuid.uuid4()),
        "mutations": [
            {"mutation": ana.mutation, "changes": [ana.change("organization", row, "notes", "long " * 500)]}
        ],
    }
    r = ana.http.post(
        "/push",
        content=gzip.compress(json.dumps(body).encode()),
        headers={"content-encoding": "gzip", "content-type": "application/json"},
    )
    assert r.status_code == 200 and r.json()["applied"] == 1
    pulled = ben.http.get("/pull", params={"limit": 20_000})
    assert pulled.headers.get("content-encoding") == "gzip"
    assert any(c["row_id"] == row for c in pulled.json()["changes"])


def test_epoch_changes_on_a_fresh_server_database(tmp_path: Path, server: ServerProcess, ana: Device) -> None:
    only_once(server)
    create_org(ana)
    _, _, cursor = ana.pull_all()
    with running_server("sqlite", tmp_path) as fresh:
        fresh.create_user("ana", "ana-pw")
        d = Device(fresh.url, device_id=ana.device_id)
        login = d.login("ana", "ana-pw")
        assert login.json()["device_id"] == ana.device_id  # a restored server keeps the client's identity
        page = d.http.get("/pull", params={"cursor": cursor}).json()
        assert page["reset"] is True and page["epoch"] != cursor.split(":")[0]
        # The fresh feed holds only Ana's staff record, which her sign-in made.
        assert page["next_cursor"].startswith(f"{page['epoch']}:")
        assert {c["table"] for c in page["changes"]} == {"staff_user"}
        d.close()


def test_openapi_document_describes_the_api(server: ServerProcess) -> None:
    doc = httpx.get(server.url + "/openapi.json").json()
    assert {"/api/v1/push", "/api/v1/pull", "/api/v1/login", "/api/v1/blobs/{sha256}"} <= set(doc["paths"])
    assert "PushRequest" in doc["components"]["schemas"]


def test_admin_cli_creates_users_and_resets_passwords(server: ServerProcess) -> None:
    made = server.admin("create-user", "cara", "--role", "manager", "--password-stdin", stdin="first\n")
    assert made.returncode == 0 and json.loads(made.stdout)["role"] == "manager"
    assert server.admin("create-user", "cara", "--password-stdin", stdin="x\n").returncode == 2
    assert server.admin("reset-password", "cara", "--password-stdin", stdin="second\n").returncode == 0
    d = Device(server.url)
    assert d.login("cara", "first").status_code == 401
    assert d.login("cara", "second").json()["role"] == "manager"
    d.close()


def test_blob_upload_resumes_and_downloads_by_range(ana: Device, ben: Device) -> None:
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    head = ana.http.head(f"/blobs/{sha}")
    assert head.status_code == 200 and head.headers[BLOB_SIZE_HEADER] == "0"
    first = ana.http.put(
        f"/blobs/{sha}", content=data[:100_000], headers={"content-range": f"bytes 0-99999/{len(data)}"}
    )
    assert first.status_code == 200 and first.json() == {
        "sha256": sha,
        "size_present": 100_000,
        "complete": False,
    }
    # The connection was cut: the client asks where to resume.
    assert ana.http.head(f"/blobs/{sha}").headers[BLOB_SIZE_HEADER] == "100000"
    wrong = ana.http.put(
        f"/blobs/{sha}",
        content=data[200_000:],
        headers={"content-range": f"bytes 200000-{len(data) - 1}/{len(data)}"},
    )
    assert wrong.status_code == 409 and wrong.headers[BLOB_SIZE_HEADER] == "100000"
    rest = ana.http.put(
        f"/blobs/{sha}",
        content=data[100_000:],
        headers={"content-range": f"bytes 100000-{len(data) - 1}/{len(data)}"},
    )
    assert rest.json()["complete"] is True
    assert ben.http.get(f"/blobs/{sha}").content == data
    part = ben.http.get(f"/blobs/{sha}", headers={"range": "bytes=250000-"})
    assert part.status_code == 206 and part.content == data[250_000:]
    # A blob the server already has is not written again.
    again = ben.http.put(f"/blobs/{sha}", content=data)
    assert again.status_code == 200 and again.headers[BLOB_COMPLETE_HEADER] == "1"


def test_blob_with_wrong_hash_is_refused_and_discarded(ana: Device) -> None:
    sha = hashlib.sha256(b"the real bytes").hexdigest()
    r = ana.http.put(f"/blobs/{sha}", content=b"other bytes")
    assert r.status_code == 422 and r.json()["code"] == "hash_mismatch"
    assert ana.http.head(f"/blobs/{sha}").headers[BLOB_SIZE_HEADER] == "0"
    assert ana.http.get(f"/blobs/{sha}").status_code == 404
    bad_range = ana.http.put(f"/blobs/{sha}", content=b"abc", headers={"content-range": "bytes 0-9/10"})
    assert bad_range.status_code == 400


def test_blobs_need_a_device_token(server: ServerProcess) -> None:
    sha = "0" * 64
    r = httpx.get(server.url + API_PREFIX + f"/blobs/{sha}", headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)})
    assert r.status_code == 401


def test_restored_database_gets_a_new_epoch_and_clients_pull_again(
    server: ServerProcess, ana: Device
) -> None:
    create_org(ana)
    changes, _, cursor = ana.pull_all()
    epoch = cursor.split(":")[0]
    # A cursor ahead of the feed means the database went back in time: start again from 0.
    ahead = ana.http.get("/pull", params={"cursor": f"{epoch}:999999999", "limit": 5}).json()
    assert ahead["reset"] is True and ahead["changes"]
    done = server.admin("new-epoch")
    assert done.returncode == 0
    page = ana.http.get("/pull", params={"cursor": cursor, "limit": 20_000}).json()
    assert page["reset"] is True and page["epoch"] == json.loads(done.stdout)["epoch"] != epoch
    assert len(page["changes"]) >= min(len(changes), 20_000)


def test_rows_format_folds_a_record_and_unfolds_to_the_same_entries(ana: Device, ben: Device) -> None:
    _, _, cursor = ben.pull_all()
    row = create_org(ana, "Folded")
    ana.push(ana.change("organization", row, "city", None))
    plain = ben.http.get("/pull", params={"cursor": cursor, "limit": 100}).json()
    folded = PullResponse.model_validate(
        ben.http.get("/pull", params={"cursor": cursor, "limit": 100, "format": "rows"}).json()
    )
    assert folded.changes == [] and folded.next_cursor == plain["next_cursor"]
    unfolded = {
        (e.row_id, e.field): (e.value, e.hlc, e.node, e.author) for r in folded.rows for e in r.entries()
    }
    expected = {
        (c["row_id"], c["field"]): (c["value"], c["hlc"], c["node"], c["author"]) for c in plain["changes"]
    }
    assert unfolded == expected and unfolded[(row, "city")][0] is None


def test_nul_characters_and_foreign_batch_ids_get_4xx(
    server: ServerProcess, ana: Device, ben: Device
) -> None:
    d = Device(server.url)
    assert d.login("ana\x00", "pw").status_code in (401, 422)
    d.close()
    row_with_nul = ana.push(ana.change("organization", "row\x00id", "name", "nul \x00 inside"))
    assert 200 <= row_with_nul.status_code < 500 and row_with_nul.status_code != 500
    batch = str(uuid.uuid4())
    assert ana.push(ana.change("organization", new_id(), "name", "mine"), batch_id=batch).status_code == 200
    stolen = ben.push(ben.change("organization", new_id(), "name", "theirs"), batch_id=batch)
    assert stolen.status_code == 409 and "another device" in stolen.json()["detail"]


def test_resolving_a_conflict_closes_it_on_every_device(ana: Device, ben: Device) -> None:
    row = create_org(ana)
    base = stamp(current(ben, row)["name"])
    ana.push(ana.change("organization", row, "name", "A", base=base))
    conflict = ben.push(ben.change("organization", row, "name", "B", base=base)).json()["conflicts"][0]
    _, _, cursor = ana.pull_all()
    ben.mutation += 1
    keep = ben.change(
        "organization",
        row,
        "name",
        conflict["loser"]["value"],
        base=(conflict["winner"]["hlc"], conflict["winner"]["node"]),
    )
    resolution = {
        "conflict_id": conflict["id"],
        "resolution": "mine",
        "author": ben.user_id,
        "hlc": ben.clock.now(),
    }
    unknown = {**resolution, "conflict_id": "no-such-conflict"}
    body = {
        "device_id": ben.device_id,
        "batch_id": str(uuid.uuid4()),
        "mutations": [{"mutation": ben.mutation, "changes": [keep], "resolutions": [resolution, unknown]}],
    }
    reply = ben.http.post("/push", json=body).json()
    assert reply["conflicts"] == []
    assert [r["reason"] for r in reply["rejected"]] == ["no such conflict on this server"]
    changes, conflicts, _ = ana.pull_all(cursor)
    assert [(c["id"], c["resolution"], c["resolved_by"]) for c in conflicts] == [
        (conflict["id"], "mine", ben.user_id)
    ]
    assert [c["value"] for c in changes if c["row_id"] == row and c["field"] == "name"] == [keep["value"]]


def test_rows_pages_cover_the_same_feed_as_change_pages(ana: Device, ben: Device) -> None:
    _, _, cursor = ben.pull_all()
    rows = [create_org(ana, f"Paged {i}") for i in range(4)]
    base = current(ben, rows[0])
    ana.push(ana.change("organization", rows[0], "name", "Renamed", base=stamp(base["name"])))
    plain, _, end = ben.pull_all(cursor)
    seen: dict[tuple[str, str], tuple] = {}
    page_cursor, pages = cursor, 0
    while True:  # small pages: records are split across pages and still add up
        page = PullResponse.model_validate(
            ben.http.get("/pull", params={"cursor": page_cursor, "limit": 3, "format": "rows"}).json()
        )
        pages += 1
        for r in page.rows:
            for e in r.entries():
                seen[(e.row_id, e.field)] = (e.value, e.hlc, e.node)
        page_cursor = page.next_cursor
        if not page.more:
            break
    assert pages >= 3 and page_cursor == end
    assert seen == {(c["row_id"], c["field"]): (c["value"], c["hlc"], c["node"]) for c in plain}
    assert seen[(rows[0], "name")][0] == "Renamed"


def test_out_of_range_numbers_and_nan_get_4xx_or_a_rejection(ana: Device) -> None:
    epoch = httpx.get(ana.base_url + API_PREFIX + "/health").json()["epoch"]
    huge = ana.http.get("/pull", params={"cursor": f"{epoch}:{10**30}", "limit": 5})
    assert huge.status_code == 200 and huge.json()["reset"] is True
    body = {"device_id": ana.device_id, "batch_id": str(uuid.uuid4()), "mutations": [{"mutation": 10**30}]}
    assert ana.http.post("/push", json=body).status_code == 422
    nan = ana.change("organization", new_id(), "sites_count", 1.0)
    raw = json.dumps(
        {
            "device_id": ana.device_id,
            "batch_id": str(uuid.uuid4()),
            "mutations": [{"mutation": ana.mutation + 1, "changes": [nan]}],
        }
    ).replace("1.0", "NaN")
    ana.mutation += 1
    reply = ana.http.post("/push", content=raw, headers={"content-type": "application/json"})
    assert reply.status_code in (200, 422)
    if reply.status_code == 200:
        assert "NaN" in reply.json()["rejected"][0]["reason"]
    assert ana.http.get("/pull", params={"format": "rows", "limit": 20_000}).status_code == 200
