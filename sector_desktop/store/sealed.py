"""Files encrypted at rest (attachments): AES-256-GCM in 64 KiB chunks, streamed.

Layout: a 20-byte header (magic, a key id, an 8-byte random prefix), then chunks of at most
64 KiB of plain text, each sealed with its own nonce (the prefix and the chunk's number) and
followed by its 16-byte tag. The last chunk says so in its associated data, so a file cut at a
chunk boundary, chunks swapped or a chunk from another file are all refused. The plain file's
SHA-256 stays its address; the sealed bytes look like random data.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sector_desktop.errors import SectorError

MAGIC = b"SDa1"
CHUNK = 64 * 1024
TAG = 16
HEADER = len(MAGIC) + 8 + 8
SEALED_CHUNK = CHUNK + TAG


class SealedFileError(SectorError):
    """A sealed file that is damaged, cut off, or sealed with another profile's key."""


def key_id(key: bytes) -> bytes:
    return hmac.new(key, b"key id", hashlib.sha256).digest()[:8]


def _aead(key: bytes) -> AESGCM:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded on first use

    return AESGCM(key)


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + index.to_bytes(4, "big")


def _aad(header: bytes, final: bool) -> bytes:
    return header + (b"\x01" if final else b"\x00")


def is_sealed(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


class SealedWriter:
    """Writes plain bytes to a sealed file; `close()` writes the final chunk. A chunk is written only
    when more follows it, so the final flag always lands on the true last chunk."""

    def __init__(self, out: BinaryIO, key: bytes, *, header: bytes | None = None, index: int = 0) -> None:
        self.out = out
        self.aead = _aead(key)
        self.header = header or MAGIC + key_id(key) + os.urandom(8)
        self.prefix = self.header[-8:]
        self.index = index
        self.buffer = bytearray()
        if header is None:
            out.write(self.header)

    def write(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) > CHUNK:
            self._seal(bytes(self.buffer[:CHUNK]), final=False)
            del self.buffer[:CHUNK]

    def _seal(self, plain: bytes, *, final: bool) -> None:
        if self.index >= 1 << 32:
            raise SealedFileError("the file is too large to seal")
        nonce = _nonce(self.prefix, self.index)
        self.out.write(self.aead.encrypt(nonce, plain, _aad(self.header, final)))
        self.index += 1

    def close(self) -> None:
        self._seal(bytes(self.buffer), final=True)
        self.buffer.clear()


def seal_stream(source: BinaryIO, out: BinaryIO, key: bytes) -> tuple[str, int]:
    """Seal everything read from `source` into `out`; returns the plain text's (sha256, size)."""
    digest = hashlib.sha256()
    size = 0
    writer = SealedWriter(out, key)
    while block := source.read(1 << 20):
        digest.update(block)
        size += len(block)
        writer.write(block)
    writer.close()
    return digest.hexdigest(), size


def _read_header(f: BinaryIO, key: bytes, name: str) -> bytes:
    header = f.read(HEADER)
    if len(header) != HEADER or not header.startswith(MAGIC):
        raise SealedFileError(f"{name} is not a sealed attachment file")
    if header[len(MAGIC) : len(MAGIC) + 8] != key_id(key):
        raise SealedFileError(f"{name} was sealed with another profile's key")
    return header


def plain_size(path: Path) -> int:
    """The plain text's size, from the sealed file's size alone."""
    body = path.stat().st_size - HEADER
    chunks = max(1, -(-body // SEALED_CHUNK))
    return body - chunks * TAG


def iter_plain(path: Path, key: bytes, start_chunk: int = 0) -> Generator[bytes, None, None]:
    """The plain text of a sealed file, chunk by chunk (from chunk `start_chunk`), each checked."""
    from cryptography.exceptions import InvalidTag

    aead = _aead(key)
    with path.open("rb") as f:
        header = _read_header(f, key, path.name)
        total = path.stat().st_size
        index = start_chunk
        f.seek(HEADER + index * SEALED_CHUNK)
        while True:
            sealed = f.read(SEALED_CHUNK)
            final = f.tell() >= total
            if len(sealed) < TAG:
                raise SealedFileError(f"{path.name} is cut off")
            try:
                yield aead.decrypt(_nonce(header[-8:], index), sealed, _aad(header, final))
            except InvalidTag:
                raise SealedFileError(f"{path.name} is damaged or cut off (chunk {index})") from None
            if final:
                return
            index += 1


def read_range(path: Path, key: bytes, start: int, length: int) -> bytes:
    """`length` plain bytes from plain offset `start` (for resumable uploads)."""
    first = start // CHUNK
    out = bytearray()
    with contextlib.closing(iter_plain(path, key, first)) as chunks:
        for chunk in chunks:
            out += chunk
            if len(out) >= (start - first * CHUNK) + length:
                break
    skip = start - first * CHUNK
    return bytes(out[skip : skip + length])


def read_plain(path: Path, key: bytes) -> bytes:
    return b"".join(iter_plain(path, key))


def write_plain_to(path: Path, key: bytes, target: BinaryIO) -> str:
    """Copy the plain text into `target`; returns its SHA-256."""
    digest = hashlib.sha256()
    for chunk in iter_plain(path, key):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def resume_part(part: Path, key: bytes) -> tuple[SealedWriter, hashlib._Hash, int, BinaryIO]:
    """Continue a sealed `.part` file cut off mid-download: its whole chunks are kept (and hashed
    again), a torn one is dropped. Returns (writer, digest so far, plain bytes so far, open file)."""
    from cryptography.exceptions import InvalidTag

    digest = hashlib.sha256()
    aead = _aead(key)
    try:
        with part.open("rb") as f:
            header = _read_header(f, key, part.name)
            index = 0
            while len(sealed := f.read(SEALED_CHUNK)) == SEALED_CHUNK:
                digest.update(aead.decrypt(_nonce(header[-8:], index), sealed, _aad(header, False)))
                index += 1
    except (SealedFileError, InvalidTag, OSError):
        fresh: BinaryIO = part.open("wb")
        return SealedWriter(fresh, key), hashlib.sha256(), 0, fresh
    out: BinaryIO = part.open("r+b")
    out.truncate(HEADER + index * SEALED_CHUNK)
    out.seek(0, os.SEEK_END)
    return SealedWriter(out, key, header=header, index=index), digest, index * CHUNK, out


def seal_file_in_place(path: Path, key: bytes) -> None:
    """Encrypt a plain file where it lies (an attachment stored before encryption); atomic."""
    tmp = path.with_name(f".sealing-{path.name}")
    with path.open("rb") as src, tmp.open("wb") as out:
        seal_stream(src, out, key)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def seal_plain_files(folder: Path, key: bytes) -> int:
    """Encrypt the attachment files stored before encryption (`<2 hex>/<sha256>`); returns how many."""
    done = 0
    for path in folder.glob("??/*"):
        if len(path.name) == 64 and path.is_file() and not is_sealed(path):
            seal_file_in_place(path, key)
            done += 1
    return done
