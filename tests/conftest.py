"""Shared fixtures: the offscreen platform, a fresh profile and database per test."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# The suite runs in New York time (design rule 8), process-wide and before anything reads the zone,
# so a time shown in the wrong zone fails here. SECTOR_TEST_TZ picks another zone for a run.
os.environ["TZ"] = os.environ.get("SECTOR_TEST_TZ", "America/New_York")
time.tzset()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests must never touch the real keyring or the user's own profile.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
# With no keyring, an encrypted profile's key comes from a passphrase (store/keys.py).
os.environ["SECTOR_PASSPHRASE"] = "test suite passphrase"
os.environ.pop("SECTOR_DESKTOP_PROFILE", None)

import pytest  # noqa: E402  (after the zone is set)
from pytestqt.qtbot import QtBot  # noqa: E402

from sector_desktop import clock, timefmt  # noqa: E402
from sector_desktop.store import Database, ProfilePaths, open_database, profile_paths  # noqa: E402


@pytest.fixture(autouse=True)
def _computer_zone_and_house_style() -> Iterator[None]:
    """Each test starts on the computer's zone and the default style, whatever the last one chose."""
    clock.use_zone(None)
    timefmt.use_style(timefmt.Style())
    yield
    clock.use_zone(None)
    timefmt.use_style(timefmt.Style())


# Tests wait on the event a user would see, never on a time. A wait's ceiling only says when to give
# up: on a machine whose cores are busy with something else, everything is slower but not wrong, so
# no ceiling is below this (SECTOR_TEST_WAIT_MS changes it). Waits that pass on time are not slowed.
WAIT_CEILING_MS = int(os.environ.get("SECTOR_TEST_WAIT_MS", "60000"))


class PatientQtBot(QtBot):
    """pytest-qt's bot whose failing waits (raising ones) give up only after WAIT_CEILING_MS."""

    def waitUntil(self, callback: Callable[[], bool | None], *, timeout: int = 5000) -> None:
        return super().waitUntil(callback, timeout=max(timeout, WAIT_CEILING_MS))

    def waitSignal(self, signal: Any, *, timeout: int = 5000, raising: bool | None = None, **kw: Any) -> Any:
        if raising is not False:
            timeout = max(timeout, WAIT_CEILING_MS)
        return super().waitSignal(signal, timeout=timeout, raising=raising, **kw)

    def waitSignals(
        self, signals: Any, *, timeout: int = 5000, raising: bool | None = None, **kw: Any
    ) -> Any:
        if raising is not False:
            timeout = max(timeout, WAIT_CEILING_MS)
        return super().waitSignals(signals, timeout=timeout, raising=raising, **kw)

    def waitCallback(self, *, timeout: int = 5000, raising: bool | None = None) -> Any:
        if raising is not False:
            timeout = max(timeout, WAIT_CEILING_MS)
        return super().waitCallback(timeout=timeout, raising=raising)

    def waitExposed(self, widget: Any, *, timeout: int = 5000) -> Any:
        return super().waitExposed(widget, timeout=max(timeout, WAIT_CEILING_MS))

    def waitActive(self, widget: Any, *, timeout: int = 5000) -> Any:
        return super().waitActive(widget, timeout=max(timeout, WAIT_CEILING_MS))

    wait_until = waitUntil
    wait_signal = waitSignal
    wait_signals = waitSignals
    wait_callback = waitCallback
    wait_exposed = waitExposed
    wait_active = waitActive


@pytest.fixture
def qtbot(qapp: object, request: pytest.FixtureRequest) -> QtBot:
    """The suite's qtbot (overrides pytest-qt's): the same bot, with patient ceilings."""
    return PatientQtBot(request)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head per session; each test gets a copy (migrating is slow)."""
    path = tmp_path_factory.mktemp("template") / "sector.db"
    db = open_database(path)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def paths(tmp_path: Path, migrated_template: Path) -> ProfilePaths:
    p = profile_paths(tmp_path / "profile").ensure()
    shutil.copy(migrated_template, p.database)
    return p


@pytest.fixture
def db(paths: ProfilePaths) -> Iterator[Database]:
    database = open_database(paths.database)
    yield database
    database.close()


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The malformed-file corpus (tests/bad_files.py), written once: the zip bomb takes seconds."""
    from bad_files import build_corpus

    return build_corpus(tmp_path_factory.mktemp("bad_files"))
