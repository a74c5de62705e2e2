"""Fixtures for the checks over every screen: a small demo profile, and the app's own look."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from screens import settle

from sector_desktop.store import ProfilePaths, open_database, profile_paths
from sector_desktop.store.settings import load_settings
from sector_desktop.ui.context import AppContext


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """A demo profile at 1/20 scale, made once per session (every record kind, a few of each)."""
    from sector_desktop.services.demo import fill_demo_profile

    root = tmp_path_factory.mktemp("demo") / "profile"
    paths = profile_paths(root).ensure()
    shutil.copy(migrated_template, paths.database)
    db = open_database(paths.database)
    fill_demo_profile(db, paths, scale=0.05)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return root


@pytest.fixture
def demo_paths(tmp_path: Path, demo_template: Path) -> ProfilePaths:
    root = tmp_path / "demo"
    shutil.copytree(demo_template, root)
    return profile_paths(root).ensure()


@pytest.fixture
def demo_ctx(demo_paths: ProfilePaths, qapp: QApplication) -> Iterator[AppContext]:
    db = open_database(demo_paths.database)
    yield AppContext(db=db, paths=demo_paths, staff_id=load_settings(demo_paths).get("current_staff_id"))
    settle()
    db.close()


@pytest.fixture
def app_style(qapp: QApplication) -> Iterator[None]:
    """The app's real style and stylesheet (fonts and paddings change every size)."""
    from sector_desktop.ui.style import apply_style

    style_name, sheet = qapp.style().name(), qapp.styleSheet()
    apply_style(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style_name)
