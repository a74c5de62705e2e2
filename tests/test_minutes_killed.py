"""Killing the app mid-meeting loses at most the last couple of seconds of minutes (design rule 2).

Keystrokes cannot be sent into a separate `sector-desktop` process on the offscreen platform, so a
child Python process runs the same pieces the command runs (`make_context`, `MainWindow`, the
`meeting` view in live minutes mode), types into the first agenda item's notes with real key events
(QTest.keyClicks, as a user would), keeps its event loop running, and is killed with SIGKILL a
moment after the page says its changes are saved (about a second after the typing on an idle
machine). A second child then starts the app on the same profile, opens the same view and reads
the notes back from the widget.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sector_desktop.models import Contact, Organization, utcnow
from sector_desktop.services import meetings as svc
from sector_desktop.services.agenda_templates import get_template
from sector_desktop.services.partnerships import (
    PartnershipInput,
    add_member,
    create_partnership,
    set_representatives,
)
from sector_desktop.store import Database, ProfilePaths

TYPED = "Members agreed the CNA cohort starts in March; Harbor hosts."

CHILD = r"""
import sys
from PySide6.QtCore import QThreadPool
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sector_desktop.store import profile_paths
from sector_desktop.ui.app import make_context, settle
from sector_desktop.ui.main_window import MainWindow

profile, mode = sys.argv[1], sys.argv[2]
app = QApplication([])
ctx = make_context(profile_paths(profile))
window = MainWindow(ctx)
window.resize(1366, 768)
window.show()
page = window.show_view("meeting")
for _ in range(100):
    settle(app, 0.1)
    if page.live.meeting is not None and page.live.editors:
        break
editor = next(iter(page.live.editors.values()))
if mode == "read":
    print("NOTES:" + editor.toPlainText().replace("\n", "\\n"), flush=True)
    sys.exit(0)
editor.setFocus()
QTest.keyClicks(editor, sys.argv[3])
print("TYPED", flush=True)
# The page says "All changes saved · <time>" once the autosave has written; a user who saw it may
# lose nothing. On a busy machine that takes longer than on an idle one, so wait for what they see.
while not page.live.save_status.text().startswith("All changes saved ·"):
    settle(app, 0.05)
print("SAVED", flush=True)
app.exec()  # the app idles until it is killed
"""


def _child(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, str(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_minutes_survive_sigkill(tmp_path: Path, db: Database, paths: ProfilePaths) -> None:
    with db.session() as s:
        pid = create_partnership(s, PartnershipInput(name="Healthcare Careers", sector="healthcare"))
        org = Organization(name="Harbor Medical Center", kind="employer")
        s.add(org)
        s.flush()
        contact = Contact(organization_id=org.id, name="Ana Diaz")
        s.add(contact)
        s.flush()
        set_representatives(s, add_member(s, pid, org.id), [contact.id])
        svc.schedule_meeting(
            s,
            svc.MeetingInput(pid, "Nursing pipeline", utcnow() - dt.timedelta(minutes=20), location="Room 4"),
            get_template("regular_workgroup"),
        )
    db.close()
    profile = str(paths.data_dir.parent)

    typing = _child(tmp_path, profile, "type", TYPED)
    try:
        assert typing.stdout is not None
        line = typing.stdout.readline()
        assert line.strip() == "TYPED", typing.stderr.read() if typing.stderr else line
        saved = typing.stdout.readline()  # the page said "All changes saved" (the autosave's window)
        assert saved.strip() == "SAVED", typing.stderr.read() if typing.stderr else saved
        time.sleep(0.2)  # "a moment later", with the app idling on its event loop
        assert typing.poll() is None, "the app exited on its own; the kill would prove nothing"
        typing.send_signal(signal.SIGKILL)
        typing.wait(timeout=10)
    finally:
        if typing.poll() is None:
            typing.kill()
    assert typing.returncode == -signal.SIGKILL

    reader = _child(tmp_path, profile, "read")
    out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err
    notes = next(line for line in out.splitlines() if line.startswith("NOTES:"))
    assert notes == "NOTES:" + TYPED
