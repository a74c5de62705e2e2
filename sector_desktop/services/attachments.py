"""Attachments: files and photos stored once by SHA-256 under the profile, linked to any record.

Blobs live at `attachments/<first two hex digits>/<sha256>`; the sync client uses the same layout.
They are encrypted at rest with the profile's files key (store/sealed.py); the address stays the
SHA-256 of the plain file.
"""

from __future__ import annotations

import mimetypes
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sector_desktop.errors import NotFound, ValidationError
from sector_desktop.models import Attachment
from sector_desktop.store import Database, ProfilePaths, sealed

MAX_BYTES = 25 * 1024 * 1024
OWNER_TYPES = ("program_document", "visit", "meeting", "organization", "expenditure")


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    filename: str
    mime_type: str
    size_bytes: int
    sha256: str
    path: Path


def blob_path(paths: ProfilePaths, sha256: str) -> Path:
    """Where an attachment's bytes live (64 hex characters only: never a path outside the profile)."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256 or ""):
        raise ValidationError(f"The attachment's hash {sha256[:20]!r} is not a SHA-256.")
    return paths.attachments_dir / sha256[:2] / sha256


def sniff_type(head: bytes, filename: str) -> str | None:
    """The file's real type from its first bytes; None when it is none we accept."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return "image/heic"
    return None


def _check_complete(path: Path, mime: str) -> None:
    """Catch the usual damage: a PDF or JPEG cut off in a copy or a failed download."""
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - 1024))
        tail = f.read()
    if mime == "application/pdf" and b"%%EOF" not in tail:
        raise ValidationError(f"{path.name} looks like a PDF but is cut off (no end-of-file marker).")
    if mime == "image/jpeg" and b"\xff\xd9" not in tail:
        raise ValidationError(f"{path.name} looks like a JPEG photo but is cut off.")


def _store_blob(paths: ProfilePaths, source: Path, key: bytes) -> tuple[str, int]:
    """Seal `source` into the blob store (once per content) and return its plain (sha256, size)."""
    paths.attachments_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=paths.attachments_dir, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            sha, size = sealed.seal_stream(src, out, key)
        target = blob_path(paths, sha)
        if target.exists():
            os.unlink(tmp_name)  # same content already stored: it takes the space once
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_name, target)
        return sha, size
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


def add_attachment(
    db: Database,
    paths: ProfilePaths,
    owner_type: str,
    owner_id: str,
    source: Path,
    caption: str | None = None,
) -> AttachmentInfo:
    """Attach the file at `source` to a record. Refuses too-large, unreadable or unknown files."""
    if owner_type not in OWNER_TYPES:
        raise ValidationError(f"Attachments can go on {', '.join(OWNER_TYPES)}, not '{owner_type}'.")
    try:
        size = source.stat().st_size
        with source.open("rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise ValidationError(f"Cannot read {source.name}: {exc.strerror or exc}.") from exc
    if size == 0:
        raise ValidationError(f"{source.name} is empty.")
    if size > MAX_BYTES:
        raise ValidationError(
            f"{source.name} is {size / 1e6:.1f} MB; attachments are limited to {MAX_BYTES // (1 << 20)} MB."
        )
    mime = sniff_type(head, source.name)
    if mime is None:
        guessed = mimetypes.guess_type(source.name)[0] or "unknown type"
        raise ValidationError(
            f"{source.name} is not a PDF, JPEG, PNG or HEIC file (its contents say: {guessed}); "
            "it was not attached."
        )
    _check_complete(source, mime)
    sha, stored_size = _store_blob(paths, source, db.files_key)
    with db.session() as s:
        row = Attachment(
            sha256=sha,
            filename=source.name,
            mime_type=mime,
            size_bytes=stored_size,
            owner_type=owner_type,
            owner_id=owner_id,
            caption=caption,
        )
        s.add(row)
        s.flush()
        return AttachmentInfo(row.id, row.filename, mime, stored_size, sha, blob_path(paths, sha))


def list_attachments(
    db: Database, paths: ProfilePaths, owner_type: str, owner_id: str
) -> list[AttachmentInfo]:
    from sqlalchemy import select

    with db.read_session() as s:
        rows = s.scalars(
            select(Attachment)
            .where(Attachment.owner_type == owner_type, Attachment.owner_id == owner_id)
            .where(Attachment.deleted_at.is_(None))
            .order_by(Attachment.created_at)
        )
        return [
            AttachmentInfo(
                a.id, a.filename, a.mime_type or "", a.size_bytes, a.sha256, blob_path(paths, a.sha256)
            )
            for a in rows
        ]


def remove_attachment(db: Database, attachment_id: str) -> None:
    """Tombstone the link; the blob stays, since other records may share it and sync needs it."""
    from sector_desktop.models import utcnow

    with db.session() as s:
        row = s.get(Attachment, attachment_id)
        if row is None:
            raise NotFound(f"No attachment with id {attachment_id}.")
        row.deleted_at = utcnow()


def read_attachment(db: Database, paths: ProfilePaths, info: AttachmentInfo) -> bytes:
    """The plain bytes of an attachment (for a preview; at most MAX_BYTES)."""
    return sealed.read_plain(blob_path(paths, info.sha256), db.files_key)


def export_attachment(db: Database, paths: ProfilePaths, info: AttachmentInfo, target: Path) -> Path:
    """Write the attachment's plain file to `target` (outside the profile: the user's copy)."""
    with target.open("wb") as out:
        sealed.write_plain_to(blob_path(paths, info.sha256), db.files_key, out)
    return target
