"""The encrypted laptop: the database opens with its key and not without it, a wrong passphrase is a
clear error that changes nothing, the keyring keeps a random key, and a plain profile from before
encryption is encrypted in place with every row kept."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import null
from sqlalchemy import text

from sector_desktop.errors import ProfileError
from sector_desktop.store import ProfilePaths, keys, open_database
from sector_desktop.store.database import connect_raw, database_key
from sector_desktop.store.search import search


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def ring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    yield
    keyring.set_keyring(before)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plain_reader_fails(path: Path) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()


def test_the_database_is_unreadable_without_its_key(paths: ProfilePaths, no_keyring: None) -> None:
    db = open_database(paths.database)
    with db.session() as s:
        s.execute(text("INSERT INTO sync_user (user_id, name) VALUES ('u1', 'Ana Ruiz')"))
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    assert keys.read_header(paths.database) != keys.PLAIN_HEADER
    assert b"Ana Ruiz" not in paths.database.read_bytes()
    _plain_reader_fails(paths.database)

    with mock.patch.dict("os.environ", {keys.PASSPHRASE_ENV: ""}):
        with pytest.raises(keys.KeyUnavailable, match="no usable keyring") as missing:
            open_database(paths.database)
        assert not missing.value.new
    # The passphrase typed in the app opens it.
    with mock.patch.dict("os.environ", {keys.PASSPHRASE_ENV: ""}):
        keys.use_passphrase("test suite passphrase")
        try:
            db = open_database(paths.database)
        finally:
            keys.use_passphrase(None)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM sync_user")).scalar() == "Ana Ruiz"
    db.close()


def test_a_wrong_passphrase_is_a_clear_error_and_changes_nothing(
    paths: ProfilePaths, no_keyring: None
) -> None:
    before = _digest(paths.database)
    with (
        mock.patch.dict("os.environ", {keys.PASSPHRASE_ENV: "not the passphrase"}),
        pytest.raises(keys.WrongKey, match="the passphrase is wrong") as wrong,
    ):
        open_database(paths.database)
    assert "Nothing was changed" in str(wrong.value)
    assert isinstance(wrong.value, ProfileError)
    assert _digest(paths.database) == before
    assert sorted(p.name for p in paths.data_dir.iterdir()) == ["sector.db"]


def test_a_new_profile_keeps_a_random_key_in_the_keyring(tmp_path: Path, ring: MemoryKeyring) -> None:
    path = tmp_path / "data" / "sector.db"
    with mock.patch.dict("os.environ", {keys.PASSPHRASE_ENV: ""}):
        db = open_database(path)
        db.close()
        salt = keys.read_header(path)
        stored = ring.store[(keys.KEYRING_SERVICE, keys.keyring_name(salt))]
        assert len(bytes.fromhex(stored)) == keys.KEY_BYTES
        assert db.key.source == "keyring" and db.key.key.hex() == stored
        assert stored not in repr(db.key)
        open_database(path).close()  # opens again from the keyring alone
        _plain_reader_fails(path)
        ring.store.clear()  # the keyring lost it: no key, and no way around it
        with pytest.raises(keys.KeyUnavailable, match="not in this computer's keyring"):
            open_database(path)


def test_without_a_keyring_a_new_profile_needs_a_passphrase(tmp_path: Path, no_keyring: None) -> None:
    path = tmp_path / "data" / "sector.db"
    with (
        mock.patch.dict("os.environ", {keys.PASSPHRASE_ENV: ""}),
        pytest.raises(keys.KeyUnavailable, match="Choose a passphrase") as missing,
    ):
        open_database(path)
    assert missing.value.new
    assert not path.exists()  # never a plaintext database


def _plain_copy(source: Path, target: Path) -> None:
    """A plain SQLite copy of an encrypted database: a profile as the version before encryption left it."""
    conn = connect_raw(source, database_key(source))
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    conn.close()


def _counts(conn: object) -> dict[str, int]:
    rows = conn.exec_driver_sql(  # type: ignore[attr-defined]
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).all()
    return {
        r[0]: conn.exec_driver_sql(f'SELECT count(*) FROM "{r[0]}"').scalar()  # type: ignore[attr-defined]
        for r in rows
    }


@pytest.fixture
def plain_profile(tmp_path: Path, db_with_rows: Path) -> Path:
    plain = tmp_path / "plain" / "data" / "sector.db"
    plain.parent.mkdir(parents=True)
    _plain_copy(db_with_rows, plain)
    assert keys.is_plain(plain)
    assert sqlite3.connect(plain).execute("SELECT count(*) FROM organization").fetchone()[0] == 3
    return plain


@pytest.fixture
def db_with_rows(paths: ProfilePaths) -> Path:
    db = open_database(paths.database)
    with db.engine.begin() as conn:
        for i, name in enumerate(["Harbor Welding", "Crest Health", "Dune Freight"]):
            conn.execute(
                text(
                    "INSERT INTO organization (id, name, kind, status, tags, notes, created_at, updated_at) "
                    "VALUES (:id, :n, 'employer', 'active', '[]', :notes, '2025-01-01', '2025-01-01')"
                ),
                {"id": f"00000000-0000-7000-8000-00000000000{i}", "n": name, "notes": f"needs welders {i}"},
            )
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return paths.database


def test_a_plain_profile_is_encrypted_in_place_with_every_row(plain_profile: Path) -> None:
    with sqlite3.connect(plain_profile) as conn:
        tables = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        before = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for (t,) in tables}
    db = open_database(plain_profile)
    with db.engine.connect() as conn:
        assert _counts(conn) == before
        names = sorted(conn.execute(text("SELECT name FROM organization")).scalars())
    assert names == ["Crest Health", "Dune Freight", "Harbor Welding"]
    with db.read_session() as s:
        hits = search(s, "Crest")
    db.close()
    assert [h.title for h in hits if h.kind == "organization"] == ["Crest Health"]
    _plain_reader_fails(plain_profile)
    assert not (plain_profile.parent / "backups").exists() or not any(
        (plain_profile.parent / "backups").iterdir()
    ), "the plain copy made before encrypting is deleted once the encrypted one is checked"
    assert not plain_profile.with_name("sector.db.encrypting").exists()


def test_a_failed_encryption_leaves_the_plain_profile_as_it_was(plain_profile: Path) -> None:
    before = _digest(plain_profile)
    with (
        mock.patch("sector_desktop.store.encrypt._check", side_effect=ProfileError("disk full")),
        pytest.raises(ProfileError, match=r"it is unchanged.*disk full"),
    ):
        open_database(plain_profile)
    assert _digest(plain_profile) == before
    assert sorted(p.name for p in plain_profile.parent.rglob("*") if p.is_file()) == ["sector.db"]
