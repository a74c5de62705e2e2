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
