"""One sync round: check identity, push the outbox, pull pages after the cursor, sync attachments.

`sync_once` never raises for the expected failures (offline, signed out, server refused): it
returns a SyncReport that says what was sent, received and failed, with reasons.
"""

from __future__ import annotations

import httpx
from sqlalchemy import text

from sector_desktop.store import Database, ProfilePaths

from .authors import held_back_message, learn_user_names
from .clock_check import check_clock
from .merges import repoint_merged
from .pull import pull_all
from .push import push_outbox
from .report import Progress, SyncReport, now
from .reseed import enqueue_reseed
from .state import check_identity, load_token, read_state, update_state, write_deferred_device_file
from .transport import NotSignedIn, ServerClient, SyncError, SyncSession, WipeRequested


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
    report = SyncReport(started_at=now())
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
        report.finished_at = now()
        return report  # the database is gone: the report is not stored
    except SyncError as exc:
        report.status = getattr(exc, "kind", "error")
        report.messages.append(str(exc))
    finally:
        if not kept:  # a round's own client, or one that failed: its connection is not kept
            session.close()
    report.finished_at = now()
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
        report.messages.append(held_back_message(db, pushed.held_back, pushed.held_authors))
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
        learn_user_names(db, client, authors)
    check_clock(db, client, report)
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
