"""The main window and the Today page (what start-up builds) load no document or calendar libraries:
reportlab, PIL and icalendar cost most of a second before the first paint, so they load on first use."""

from __future__ import annotations

import os
import subprocess
import sys


def test_start_up_pages_import_no_document_libraries() -> None:
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "import sector_desktop.ui.main_window, sector_desktop.ui.today.page\n"
        "heavy = ('reportlab', 'PIL', 'icalendar', 'pypdf')\n"
        "print(','.join(sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in heavy})))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    ).stdout
    assert out.strip() == ""


# What the window may not wait for: the database layer, the key derivation, the sync client.
LATER = ("sqlalchemy", "alembic", "argon2", "keyring", "sqlcipher3", "httpx", "pydantic", "reportlab")
LATER_OURS = (
    "sector_desktop.models",
    "sector_desktop.services",
    "sector_desktop.sync",
    "sector_desktop.store.database",
)

PAINT_PROBE = """
import os, sys
import PySide6.QtCore, PySide6.QtGui
from sector_desktop.ui import first_paint

# PySide6 (6.7 on) builds a class's Python enums on its first use: the `Qt` namespace and QKeySequence
# are the costly ones, and the shell does without them.
LAZY = "QKeySequence" not in vars(PySide6.QtGui)

def report(self):
    top = {m.split('.')[0] for m in sys.modules}
    later = sorted(t for t in top if t in LATER)
    later += sorted(m for m in sys.modules if m.startswith(LATER_OURS))
    if LAZY:
        later += [f"PySide6 {name}" for name in ("Qt",) if name in vars(PySide6.QtCore)]
        later += [f"PySide6 {name}" for name in ("QKeySequence",) if name in vars(PySide6.QtGui)]
    print('loaded at first paint:', ','.join(later), flush=True)
    os._exit(0)

first_paint._FirstPaint._report = report
from sector_desktop.cli import main
main(['--profile', PROFILE])
"""


def test_the_window_paints_before_the_database_layer_is_imported(paths: object) -> None:
    """The real start-up path (the command, the shell window) up to its first paint: SQLAlchemy,
    the models, Argon2id, the keyring and the sync client all load after it (issue 16)."""
    root = paths.database.parent.parent  # type: ignore[attr-defined]
    code = f"LATER = {LATER!r}\nLATER_OURS = {LATER_OURS!r}\nPROFILE = {str(root)!r}\n" + PAINT_PROBE
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SECTOR_DESKTOP_EXIT_ON_FIRST_PAINT": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, timeout=300
    ).stdout
    assert "loaded at first paint:" in out, out
    assert out.split("loaded at first paint:", 1)[1].strip() == ""
