"""Attachments are encrypted at rest (AES-GCM in chunks): the stored file is unreadable without the
profile's key, damage and cuts are refused, files stored before encryption are encrypted on upgrade."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sector_desktop.services.attachments import (
    add_attachment,
    blob_path,
    export_attachment,
    read_attachment,
)
from sector_desktop.store import Database, ProfilePaths, open_profile, sealed
from sector_desktop.store.database import SEALED_MARK

PDF = b"%PDF-1.4\n" + b"1 0 obj<< /Signed (Apprentice agreement, Harbor Welding) >>endobj\n" * 50 + b"%%EOF\n"


def test_a_stored_attachment_is_unreadable_without_the_key(
    db: Database, paths: ProfilePaths, tmp_path: Path
) -> None:
    src = tmp_path / "agreement.pdf"
    src.write_bytes(PDF)
    info = add_attachment(db, paths, "visit", "v1", src)
    stored = blob_path(paths, info.sha256)
    assert info.sha256 == hashlib.sha256(PDF).hexdigest()  # the address is still the plain file's hash
    raw = stored.read_bytes()
    assert b"%PDF" not in raw and b"Harbor Welding" not in raw
    if shutil.which("file"):
        kind = subprocess.run(["file", "-b", str(stored)], capture_output=True, text=True).stdout
        assert kind.strip() == "data"
    assert read_attachment(db, paths, info) == PDF
    assert export_attachment(db, paths, info, tmp_path / "copy.pdf").read_bytes() == PDF
    with pytest.raises(sealed.SealedFileError, match="another profile's key"):
        sealed.read_plain(stored, os.urandom(32))


@pytest.mark.parametrize("size", [0, 1, sealed.CHUNK - 1, sealed.CHUNK, sealed.CHUNK + 1, 3 * sealed.CHUNK])
def test_sizes_around_the_chunk_round_trip(tmp_path: Path, size: int) -> None:
    key, plain = os.urandom(32), os.urandom(size)
    out = io.BytesIO()
    assert sealed.seal_stream(io.BytesIO(plain), out, key) == (hashlib.sha256(plain).hexdigest(), size)
    path = tmp_path / "blob"
    path.write_bytes(out.getvalue())
    assert sealed.read_plain(path, key) == plain
    assert sealed.plain_size(path) == size
    assert sealed.read_range(path, key, size // 3, 1000) == plain[size // 3 : size // 3 + 1000]


def test_damage_a_cut_and_swapped_chunks_are_refused(tmp_path: Path) -> None:
    key, plain = os.urandom(32), os.urandom(3 * sealed.CHUNK + 10)
    out = io.BytesIO()
    sealed.seal_stream(io.BytesIO(plain), out, key)
    good = out.getvalue()
    path = tmp_path / "blob"
    flipped = bytearray(good)
    flipped[sealed.HEADER + 5] ^= 1
    cut = good[: sealed.HEADER + 2 * sealed.SEALED_CHUNK]  # on a chunk boundary
    one, two = (good[sealed.HEADER + i * sealed.SEALED_CHUNK :][: sealed.SEALED_CHUNK] for i in (0, 1))
    swapped = good[: sealed.HEADER] + two + one + good[sealed.HEADER + 2 * sealed.SEALED_CHUNK :]
    for bad in (bytes(flipped), cut, swapped):
        path.write_bytes(bad)
        with pytest.raises(sealed.SealedFileError, match="damaged or cut off"):
            sealed.read_plain(path, key)


def test_attachments_stored_before_encryption_are_encrypted_on_upgrade(
    db: Database, paths: ProfilePaths
) -> None:
    sha = hashlib.sha256(PDF).hexdigest()
    plain = blob_path(paths, sha)
    plain.parent.mkdir(parents=True)
    plain.write_bytes(PDF)  # as the version before encryption stored it
    db.close()
    upgraded = open_profile(paths)
    assert sealed.is_sealed(plain) and b"Harbor Welding" not in plain.read_bytes()
    assert sealed.read_plain(plain, upgraded.files_key) == PDF
    assert (paths.data_dir / SEALED_MARK).exists()
    upgraded.close()
