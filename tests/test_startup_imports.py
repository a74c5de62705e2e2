"""Start-up stays light: opening an up-to-date profile needs neither Alembic nor pandas."""

from __future__ import annotations

import subprocess
import sys

from sector_desktop.store import ProfilePaths
from sector_desktop.store.migrations import _head_from_headers, alembic_config


def test_the_fast_head_check_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    assert [_head_from_headers()] == ScriptDirectory.from_config(alembic_config()).get_heads()


def test_opening_a_current_profile_imports_neither_alembic_nor_pandas(paths: ProfilePaths) -> None:
    code = (
        "import sys\n"
        "from sector_desktop.store import open_database\n"
        f"open_database(__import__('pathlib').Path({str(paths.database)!r})).close()\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'pandas'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
