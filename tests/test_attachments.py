"""Attachments: content-addressed storage, deduplication, limits and unreadable files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sector_desktop.errors import ValidationError
from sector_desktop.models import Attachment
from sector_desktop.services import attachments
from sector_desktop.services.attachments import add_attachment, list_attachments
from sector_desktop.store import Database, ProfilePaths

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_same_file_twice_is_stored_once(db: Database, paths: ProfilePaths, tmp_path: Path) -> None:
    src = write(tmp_path, "signed-agreement.pdf", PDF)
    a = add_attachment(db, paths, "program_document", "doc-1", src)
    b = add_attachment(db, paths, "visit", "visit-1", write(tmp_path, "copy.pdf", PDF))
    assert a.sha256 == b.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachments.read_attachment(db, paths, a) == PDF  # encrypted at rest, read back plain
    blobs = [p for p in paths.attachments_dir.rglob("*") if p.is_file()]
    assert len(blobs) == 1
    assert [x.filename for x in list_attachments(db, paths, "visit", "visit-1")] == ["copy.pdf"]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("notes.txt", b"just some text here", "not a PDF, JPEG, PNG or HEIC"),
        ("scan.pdf", b"%PDF-1.4\n1 0 obj<<>>", "cut off"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100, "cut off"),
        ("empty.png", b"", "is empty"),
    ],
)
def test_unreadable_files_are_refused_and_nothing_is_stored(
    db: Database, paths: ProfilePaths, tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    with pytest.raises(ValidationError, match=words):
        add_attachment(db, paths, "visit", "v", write(tmp_path, name, data))
    with db.read_session() as s:
        assert s.query(Attachment).count() == 0
    assert not any(p.is_file() for p in paths.attachments_dir.rglob("*"))


def test_size_limit_names_the_file_and_the_limit(
    db: Database, paths: ProfilePaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attachments, "MAX_BYTES", 32)
    with pytest.raises(ValidationError, match=r"photo\.png is 0\.0 MB; attachments are limited"):
        add_attachment(db, paths, "visit", "v", write(tmp_path, "photo.png", PNG))


def test_heic_photos_are_recognised(db: Database, paths: ProfilePaths, tmp_path: Path) -> None:
    heic = b"\x00\x00\x00\x18ftypheic" + b"\x00" * 40
    info = add_attachment(db, paths, "meeting", "m", write(tmp_path, "IMG_0001.HEIC", heic))
    assert info.mime_type == "image/heic"
