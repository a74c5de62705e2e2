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


def test_the_window_alone_parses_without_the_subcommands_and_the_same() -> None:
    from sector_desktop.cli import build_parser, only_window_options

    for argv in ([], ["--profile", "p"], ["--profile=p", "--screenshot", "s.png", "--view", "all"]):
        assert only_window_options(argv)
        light, full = build_parser(commands=False).parse_args(argv), build_parser().parse_args(argv)
        assert vars(light) == vars(full)
    for argv in (
        ["demo-data"],
        ["--profile", "p", "staff", "list"],
        ["--help"],
        ["--version"],
        ["--profile"],
    ):
        assert not only_window_options(argv)
