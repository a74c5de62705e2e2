"""Content-addressed attachment store on disk: resumable chunked upload, verified by SHA-256 on completion."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from pathlib import Path

from ..protocol import MAX_BLOB_BYTES, SHA256_PATTERN, BlobStatus, ErrorCode

_RANGE_RE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
_SHA256_RE = re.compile(SHA256_PATTERN)


class BlobError(Exception):
    def __init__(self, status: int, code: str, message: str, present: int = 0) -> None:
        super().__init__(message)
        self.status, self.code, self.present = status, code, present


class BlobStore:
    """Complete blobs live at ROOT/ab/abcdef...; an upload in progress at ROOT/partial/<sha>.part."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "partial").mkdir(parents=True, exist_ok=True)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def path(self, sha256: str) -> Path:
        _check_hash(sha256)
        return self.root / sha256[:2] / sha256

    def _partial(self, sha256: str) -> Path:
        _check_hash(sha256)
        return self.root / "partial" / f"{sha256}.part"

    def _lock(self, sha256: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(sha256, threading.Lock())

    def status(self, sha256: str) -> BlobStatus:
        done = self.path(sha256)
        if done.exists():
            return BlobStatus(sha256=sha256, size_present=done.stat().st_size, complete=True)
        part = self._partial(sha256)
        size = part.stat().st_size if part.exists() else 0
        return BlobStatus(sha256=sha256, size_present=size, complete=False)

    def put(self, sha256: str, body: bytes, content_range: str | None) -> tuple[BlobStatus, bool]:
        """Store one chunk; returns the status and whether this call completed the blob."""
        start, total = _parse_range(content_range, len(body))
        with self._lock(sha256):
            current = self.status(sha256)
            if current.complete:
                return current, False  # already here: nothing is sent or written twice
            if start not in (0, current.size_present):
                raise BlobError(
                    409,
                    ErrorCode.RANGE_MISMATCH,
                    f"chunk starts at byte {start} but the server holds {current.size_present} bytes",
                    current.size_present,
                )
            part = self._partial(sha256)
            with part.open("r+b" if start and part.exists() else "wb") as fh:
                fh.seek(start)
                fh.write(body)
                fh.truncate()
            present = start + len(body)
            if present < total:
                return BlobStatus(sha256=sha256, size_present=present, complete=False), False
            self._finish(sha256, part)
            return self.status(sha256), True

    def _finish(self, sha256: str, part: Path) -> None:
        digest = hashlib.sha256()
        with part.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != sha256:
            part.unlink(missing_ok=True)
            raise BlobError(
                422, ErrorCode.HASH_MISMATCH, "the uploaded bytes do not match their SHA-256; send again"
            )
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, target)


def _check_hash(sha256: str) -> None:
    """Only 64 lower-case hex characters name a blob: nothing outside the data directory."""
    if not _SHA256_RE.match(sha256):
        raise BlobError(
            400, ErrorCode.INVALID_PAYLOAD, "an attachment is named by its SHA-256 (64 hex characters)"
        )


def _parse_range(content_range: str | None, length: int) -> tuple[int, int]:
    """(start, total) from 'bytes START-END/TOTAL'; no header means the whole blob in one body."""
    if content_range is None:
        start, total = 0, length
    else:
        m = _RANGE_RE.match(content_range.strip())
        if not m:
            raise BlobError(400, ErrorCode.INVALID_PAYLOAD, "Content-Range must be 'bytes START-END/TOTAL'")
        start, end, total = (int(g) for g in m.groups())
        if end < start or end >= total or end - start + 1 != length:
            raise BlobError(400, ErrorCode.INVALID_PAYLOAD, "Content-Range does not match the body length")
    if total > MAX_BLOB_BYTES:
        raise BlobError(
            413, ErrorCode.PAYLOAD_TOO_LARGE, f"attachments are limited to {MAX_BLOB_BYTES} bytes"
        )
    return start, total
