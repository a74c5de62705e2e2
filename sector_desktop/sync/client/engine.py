"""One sync round: check identity, push the outbox, pull pages after the cursor, sync attachments.

`sync_once` never raises for the expected failures (offline, signed out, server refused): it
returns a SyncReport that says what was sent, received and failed, with reasons.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import json
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx
from sqlalchemy import Connection, text

from sector_desktop.store import Database, ProfilePaths
from sector_desktop.store.capture import heal_clock, uncaptured
from sector_desktop.store.hlc import wall_clock_ms
from sector_desktop.store.settings import set_me
from sector_desktop.sync.protocol import FUTURE_TOLERANCE_MS, MAX_PULL_LIMIT

from .apply import PageWriter, apply_changes
from .merges import repoint_merged
from .push import push_outbox
from .reseed import enqueue_reseed, start_reseed
from .state import (
    check_identity,
    load_state,
    load_token,
    read_state,
    rename_node,
    save_token,
    update_state,
    write_deferred_device_file,
    write_device_file,
)
from .transport import NotSignedIn, ServerClient, SyncError, SyncSession, WipeRequested, check_address

Progress = Callable[[int, int, str], None]
PULL_LIMIT = MAX_PULL_LIMIT  # entries per page: fewer round trips for a big first pull
# A pull commits about this often (seconds) while pages keep coming: a commit rewrites the touched
# index pages, so one per page costs a fifth of a big pull. A cut loses at most this much work.
COMMIT_AFTER = 1.0
_NAMES_REFUSED: set[str] = set()  # sign-ins that may not list devices (not an admin)


@dataclass
class SyncReport:
    """What one sync round did. `status` is never "synced" when anything failed."""

    status: str = "synced"  # synced | offline | error | revoked | wiped | not_connected
    sent: int = 0
    received: int = 0
    conflicts: int = 0
    failed: list[str] = field(default_factory=list)
    held_back: int = 0
    messages: list[str] = field(default_factory=list)
    blobs_sent: int = 0
    blobs_received: int = 0
    started_at: str = ""
    finished_at: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "synced" and not self.failed

    def summary(self) -> str:
        head = {
            "synced": "Synced" if not self.failed else "Synced with problems",
            "offline": "Offline: the server cannot be reached",
            "revoked": "Signed out",
            "wiped": "Wiped",
            "not_connected": "Not connected",
            "error": "Sync failed",
        }.get(self.status, self.status)
        parts = [f"{head}. Sent {self.sent:,} changes, received {self.received:,}."]
        if self.conflicts:
            parts.append(f"{self.conflicts} new conflicts to review.")
        if self.held_back:
            parts.append(f"{self.held_back:,} changes are held back (made by another user).")
        if self.failed:
            parts.append(f"{len(self.failed)} records failed.")
        return " ".join(parts + self.messages)

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: str | None) -> SyncReport | None:
        if not raw:
            return None
        try:
            return cls(**json.loads(raw))
        except (TypeError, ValueError):
            return None


def last_report(db: Database) -> SyncReport | None:
    """The report of the last sync round on this profile (kept across restarts)."""
    with db.engine.connect() as conn:
        return SyncReport.from_json(
            conn.execute(text("SELECT last_report FROM sync_state WHERE id = 1")).scalar()
        )


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def connect(
    db: Database,
    paths: ProfilePaths,
    url: str,
    username: str,
    password: str,
    *,
    insecure: bool = False,
    transport: httpx.BaseTransport | None = None,
    device_name: str | None = None,
) -> str:
    """Sign this device in; the token goes to the keyring. Returns the signed-in user's name."""
    address = check_address(url, insecure)
    check_identity(db.engine, paths)
    state = read_state(db.engine)
    body = {
        "username": username,
        "password": password,
        "device_name": device_name or f"{socket.gethostname()} ({paths.name})",
        "device_id": state.device_id,
    }
    with ServerClient(address, transport=transport, attempts=2) as client:
        answer = client.call("POST", "/login", body=body).json()
    save_token(paths, answer["token"])
    with db.engine.begin() as conn:
        never_synced = state.device_id is None and state.cursor is None
        if never_synced:
            _adopt_node(conn, state.node, answer["device_id"])
        elif state.node != answer["device_id"]:
            # Another device id (another user's sign-in, or a revoked or copied device): its edits
            # carry its own node; earlier ones keep theirs.
            update_state(conn, node=answer["device_id"])
        update_state(
            conn,
            device_id=answer["device_id"],
            server_url=address,
            insecure=int(insecure),
            user_id=answer["user_id"],
            user_name=answer["user_name"],
            author=answer["user_id"],
        )
        conn.execute(
            text("INSERT OR REPLACE INTO sync_user (user_id, name) VALUES (:u, :n)"),
            {"u": answer["user_id"], "n": answer["user_name"]},
        )
        if answer.get("staff_record"):
            # The account's staff record, as a pull would bring it (same clocks: the first pull
            # changes nothing): "me" exists on this laptop now, and the person it worked as before
            # can be linked to it (services/staff.link_after_sign_in).
            with uncaptured(conn, "sign-in"):
                apply_changes(conn, answer["staff_record"], answer["device_id"], note_recent=False)
        new_state = load_state(conn)
    write_device_file(paths, new_state, new_state.next_mutation - 1)
    if answer.get("staff_id"):  # the account's staff record: this laptop now works as them
        set_me(paths, answer["staff_id"])
    return str(answer["user_name"])


def _adopt_node(conn: Connection, old: str, new: str) -> None:
    """Before the first sync the node is local only; it becomes the server's device id."""
    rename_node(conn, old, new)


def sync_once(
    db: Database,
    paths: ProfilePaths,
    transport: httpx.BaseTransport | None = None,
    progress: Progress | None = None,
    *,
    attempts: int = 5,
    backoff: float = 0.2,
    attachments: bool = True,
    session: SyncSession | None = None,
) -> SyncReport:
    """Run one sync round and return its report (also stored for the Sync page).

    With a `session`, its client (and kept-alive connection) is used and left open for the next
    round; without one, the round opens its own and closes it."""
    report = SyncReport(started_at=_now())
    own, kept = session is None, False
    session = SyncSession() if session is None else session
    try:
        # The device file is written once this round: before the first push is sent (with the
        # new mutation numbers), or at the end (finally) when nothing was sent.
        message = check_identity(db.engine, paths, defer_write=True)
        try:
            if message:
                report.messages.append(message)
            state = read_state(db.engine)
            token = load_token(paths)
            if not state.connected or not token:
                raise NotSignedIn(
                    "This device is not connected to a server yet: use Sync → Connect to server."
                )
            assert state.server_url is not None
            client = session.client(state.server_url, token, transport, attempts, backoff)
            try:
                _round(db, paths, client, report, progress, attachments)
                kept = not own
            except WipeRequested:
                _send_before_wipe(db, paths, client, report, progress)
                raise
        finally:
            write_deferred_device_file(paths)  # before a wipe, which removes it with the rest
    except WipeRequested:
        from .wipe import wipe_profile

        report.status = "wiped"
        report.messages.append(wipe_profile(db, paths))
        report.finished_at = _now()
        return report  # the database is gone: the report is not stored
    except SyncError as exc:
        report.status = getattr(exc, "kind", "error")
        report.messages.append(str(exc))
    finally:
        if not kept:  # a round's own client, or one that failed: its connection is not kept
            session.close()
    report.finished_at = _now()
    with db.engine.begin() as conn:
        values = {"last_report": report.to_json()}
        if report.ok:
            values["last_sync_at"] = report.finished_at
        update_state(conn, **values)
    return report


def _send_before_wipe(
    db: Database, paths: ProfilePaths, client: ServerClient, report: SyncReport, progress: Progress | None
) -> None:
    """Revoked with a wipe: send what the laptop holds (the outbox, then attachments the server
    lacks) before the key and data go. What cannot be sent is lost with them, as asked."""
    from .blobs import upload_pending

    pushed = push_outbox(db.engine, paths, client, progress)
    report.sent += pushed.sent
    report.blobs_sent += upload_pending(db, paths, client)


def _round(
    db: Database,
    paths: ProfilePaths,
    client: ServerClient,
    report: SyncReport,
    progress: Progress | None,
    attachments: bool,
) -> None:
    if read_state(db.engine).renew_identity:
        from .renew import renew_identity

        report.messages.append(renew_identity(db.engine, paths, client, server_detected=False))
    pushed = push_outbox(db.engine, paths, client, progress)
    report.messages += pushed.messages
    report.sent += pushed.sent
    report.conflicts += pushed.conflicts
    report.failed += pushed.rejected
    report.held_back = pushed.held_back
    if pushed.held_authors:
        with db.engine.connect() as conn:
            known: dict[str, str] = dict(conn.execute(text("SELECT user_id, name FROM sync_user")).all())
        names = ", ".join(sorted(known.get(a, a) for a in pushed.held_authors))
        report.messages.append(
            f"{pushed.held_back} changes made while another user ({names}) was signed in are held "
            "back until that user signs in on this device again."
        )
    authors = pull_all(db, client, report, progress)
    if report.received and repoint_merged(db.engine):
        report.messages.append("Records that arrived for merged organizations were moved to the ones kept.")
        pushed = push_outbox(db.engine, paths, client, progress)
        report.sent += pushed.sent
        report.failed += pushed.rejected
    if enqueue_reseed(db.engine):
        pushed = push_outbox(db.engine, paths, client, progress)
        report.sent += pushed.sent
        report.failed += pushed.rejected
    if authors:
        _learn_user_names(db, client, authors)
    _check_clock(db, client, report)
    if not report.failed:
        with db.engine.connect() as conn:
            kept = int(conn.execute(text("SELECT count(*) FROM sync_failed")).scalar() or 0)
        if kept:
            report.messages.append(f"{kept:,} failed records from earlier rounds are kept (see status).")
    if attachments:
        from .blobs import sync_blobs

        up, down, problems = sync_blobs(db, paths, client)
        report.blobs_sent, report.blobs_received = up, down
        report.failed += problems


def clock_warning(ahead_ms: int | None) -> str | None:
    """The warning for a clock this far ahead of the server's (None when it is right)."""
    if ahead_ms is None or ahead_ms <= FUTURE_TOLERANCE_MS:
        return None
    minutes = ahead_ms // 60_000
    return (
        f"this computer's clock was {minutes:,} minutes ahead of the server's at the last sync; please set it"
    )


def _check_clock(db: Database, client: ServerClient, report: SyncReport) -> None:
    """Measure this computer's clock against the server's (the Date of its last answer), warn
    while it is ahead, and cap our own clock again (it may have been set right since)."""
    ahead = None
    if client.server_date:
        with contextlib.suppress(TypeError, ValueError):
            server = email.utils.parsedate_to_datetime(client.server_date)
            ahead = wall_clock_ms() - int(server.timestamp() * 1000)  # the clock our HLC reads
    with db.engine.begin() as conn:
        update_state(conn, clock_ahead_ms=ahead)
    warning = clock_warning(ahead)
    if warning:
        report.messages.append(warning[0].upper() + warning[1:] + ".")
    heal_clock(db.engine)


def _learn_user_names(db: Database, client: ServerClient, authors: set[str]) -> None:
    """Names for the authors shown on the Sync page (the device list is open to admins only).

    Only the authors of what this round brought are checked, so the cost does not grow with the
    history kept on the laptop.
    """
    with db.engine.connect() as conn:
        known = {r[0] for r in conn.execute(text("SELECT user_id FROM sync_user"))}
    if not authors - known:
        return
    if client.who in _NAMES_REFUSED:
        return
    try:
        devices = client.call("GET", "/devices").json().get("devices", [])
    except SyncError:
        _NAMES_REFUSED.add(client.who)
        return  # not an admin: authors without a known name are shown as "a colleague"
    names = {d["user_id"]: d["user_name"] for d in devices}
    with db.engine.begin() as conn:
        for user_id, name in names.items():
            conn.execute(
                text("INSERT OR REPLACE INTO sync_user (user_id, name) VALUES (:u, :n)"),
                {"u": user_id, "n": name},
            )


def pull_all(db: Database, client: ServerClient, report: SyncReport, progress: Progress | None) -> set[str]:
    """Pull pages after the cursor until the server has no more; each page is one transaction.
    Returns the authors of what was received.

    The next page is fetched (and decoded) in a second thread while this one is applied: the
    server builds page n+1 while the laptop writes page n. The cursor still moves only with the
    page applied, in its transaction, so a cut pull resumes after the last page written."""
    authors: set[str] = set()
    # A first pull brings everybody's records: that is not "what changed while you were out".
    note_recent = read_state(db.engine).cursor is not None

    def fetch(cursor: str | None) -> dict[str, Any]:
        params: dict[str, str | int] = {"limit": PULL_LIMIT, "format": "rows"}
        if cursor:
            params["cursor"] = cursor
        return dict(client.call("GET", "/pull", params=params).json())

    with (
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull") as pool,
        PageWriter(db.engine, commit_after=COMMIT_AFTER) as writer,
    ):
        state = read_state(db.engine)
        page = fetch(state.cursor)
        while True:
            ahead = pool.submit(fetch, page["next_cursor"]) if page.get("more") else None
            try:
                if page.get("reset") or (state.epoch and page["epoch"] != state.epoch):
                    writer.commit()  # start_reseed writes on a connection of its own
                    start_reseed(db.engine)
                    report.messages.append(
                        "The server's database was replaced or restored: everything is pulled again, and "
                        "changes it no longer has are sent again."
                    )
                again = load_state(writer.conn).reseeding
                recent = note_recent and not again
                result = writer.apply(page, state.node, reseeding=again, note_recent=recent)
                if ahead is not None and not ahead.done():
                    writer.commit()  # the next page is not here yet: commit while it comes
            except BaseException:
                if ahead is not None:
                    ahead.cancel()
                raise
            report.received += result.applied
            authors |= result.authors
            report.conflicts += result.conflicts
            report.failed += result.failed
            if progress is not None:
                progress(report.received, report.received + (PULL_LIMIT if ahead else 0), "Receiving")
            if ahead is None:
                return authors
            state = load_state(writer.conn)
            page = ahead.result()
