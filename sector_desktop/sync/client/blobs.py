"""Attachments by content hash: upload what the server lacks, download what we lack, both resumable.

Uploads ask the server how much it holds (HEAD) and send the rest in Content-Range chunks.
Downloads append to a `.part` file and continue with a Range request after a cut. A setting caps
how many MB of attachments are kept offline; the newest records' files come first.

Files travel plain (over TLS) and the server keeps what laptops send; on the laptop they are
encrypted at rest (store/sealed.py), the `.part` file of a download too.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import text

from sector_desktop.store import Database, ProfilePaths, sealed
from sector_desktop.store.settings import load_settings
from sector_desktop.sync.protocol import BLOB_COMPLETE_HEADER, BLOB_SIZE_HEADER
from sector_desktop.sync.values import SHA256_RE

from .transport import ServerClient, SyncError, Transient

CHUNK = 4 * 1024 * 1024
OFFLINE_CAP_SETTING = "sync_attachments_offline_mb"
DEFAULT_OFFLINE_CAP_MB = 500


def blob_path(paths: ProfilePaths, sha256: str) -> Path:
    """Where an attachment's bytes live; refuses anything but 64 hex characters, so a crafted
    hash can never name a place outside the profile."""
    if not SHA256_RE.match(sha256 or ""):
        raise SyncError(f"the attachment hash {sha256[:20]!r} is not 64 hexadecimal characters")
    return paths.attachments_dir / sha256[:2] / sha256


def offline_cap_bytes(paths: ProfilePaths) -> int:
    mb = load_settings(paths).get(OFFLINE_CAP_SETTING, DEFAULT_OFFLINE_CAP_MB)
    try:
        return max(0, int(float(mb) * 1024 * 1024))
    except (TypeError, ValueError):
        return DEFAULT_OFFLINE_CAP_MB * 1024 * 1024


def sync_blobs(db: Database, paths: ProfilePaths, client: ServerClient) -> tuple[int, int, list[str]]:
    """Upload and download attachment files; returns (sent, received, problems)."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT a.sha256, a.size_bytes, a.filename, b.uploaded_at FROM attachment a "
                "LEFT JOIN sync_blob b ON b.sha256 = a.sha256 WHERE a.deleted_at IS NULL "
                "ORDER BY a.created_at DESC"
            )
        ).all()
    sent = received = 0
    problems: list[str] = []
    budget = offline_cap_bytes(paths)
    seen: set[str] = set()
    for sha, size, filename, uploaded in rows:
        if sha in seen:
            continue
        seen.add(sha)
        try:
            path = blob_path(paths, sha)
            if path.exists():
                if not uploaded:
                    sent += upload_blob(client, path, sha, db.files_key)
                    _mark_uploaded(db, sha)
                    uploaded = True
                if path.stat().st_size > budget and uploaded:
                    path.unlink()  # over the offline cap, oldest first; the server keeps it
                    continue
                budget -= path.stat().st_size
            elif size <= budget:
                download_blob(client, path, sha, db.files_key)
                _mark_uploaded(db, sha)
                budget -= size
                received += 1
        except SyncError as exc:
            if isinstance(exc, Transient) or exc.kind != "error":
                raise
            problems.append(f"attachment {filename}: {exc}")
        except sealed.SealedFileError as exc:
            problems.append(f"attachment {filename}: {exc}")
    return sent, received, problems


def upload_pending(db: Database, paths: ProfilePaths, client: ServerClient) -> int:
    """Upload every attachment the server has not acknowledged (a wipe's last round: no downloads)."""
    with db.engine.connect() as conn:
        shas = conn.execute(
            text(
                "SELECT DISTINCT a.sha256 FROM attachment a LEFT JOIN sync_blob b ON b.sha256 = a.sha256 "
                "WHERE b.uploaded_at IS NULL"
            )
        ).scalars()
        pending = list(shas)
    sent = 0
    for sha in pending:
        path = blob_path(paths, sha)
        if path.exists():
            sent += upload_blob(client, path, sha, db.files_key)
            _mark_uploaded(db, sha)
    return sent


def _mark_uploaded(db: Database, sha: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text("INSERT OR REPLACE INTO sync_blob (sha256, uploaded_at) VALUES (:s, datetime('now'))"),
            {"s": sha},
        )


def _present(client: ServerClient, sha: str) -> tuple[int, bool]:
    head = client.call("HEAD", f"/blobs/{sha}")
    return int(head.headers.get(BLOB_SIZE_HEADER, 0)), head.headers.get(BLOB_COMPLETE_HEADER) == "1"


def upload_blob(client: ServerClient, path: Path, sha: str, key: bytes) -> int:
    """Send the part of the file the server lacks; 0 when it had it all already, else 1."""
    total = sealed.plain_size(path)
    present, complete = _present(client, sha)
    if complete:
        return 0
    while not complete:
        chunk = sealed.read_range(path, key, present, CHUNK)
        end = present + len(chunk) - 1
        headers = {"Content-Range": f"bytes {present}-{end}/{total}"}
        try:
            answer = client.call("PUT", f"/blobs/{sha}", content=chunk, headers=headers).json()
            complete = bool(answer.get("complete"))
            present = int(answer.get("size_present", end + 1))
        except SyncError:
            present, complete = _present(client, sha)  # a retried chunk may have landed already
            if present == 0 and not complete and total == 0:
                raise
    return 1


def download_blob(client: ServerClient, path: Path, sha: str, key: bytes) -> None:
    """Fetch a file into a sealed `<sha>.part`, continuing after a cut; verify the hash of the
    plain bytes before keeping it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    digests = []

    def fetch() -> None:
        writer, digest, start, out = sealed.resume_part(part, key) if part.exists() else _fresh(part, key)
        try:
            headers = {"Range": f"bytes={start}-"} if start else {}
            with client.stream("GET", f"/blobs/{sha}", headers=headers) as response:
                if response.status_code != 206 and start:
                    out.close()
                    writer, digest, start, out = _fresh(part, key)  # the server sent it whole
                for chunk in response.iter_bytes(1 << 16):
                    digest.update(chunk)
                    writer.write(chunk)
            writer.close()
            digests.append(digest.hexdigest())
        finally:
            out.close()

    client.retrying(fetch)
    if digests[-1] != sha:
        part.unlink(missing_ok=True)
        raise SyncError(f"the downloaded file does not match its hash {sha[:12]}…; it will be fetched again")
    os.replace(part, path)


def _fresh(part: Path, key: bytes) -> tuple[sealed.SealedWriter, hashlib._Hash, int, BinaryIO]:
    out: BinaryIO = part.open("wb")
    return sealed.SealedWriter(out, key), hashlib.sha256(), 0, out
