"""The architecture's rules, checked: nothing below `ui` imports Qt, and `models` imports nothing of ours."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sector_desktop"


def test_domain_layers_do_not_import_qt() -> None:
    code = (
        "import sys\n"
        "import sector_desktop.models, sector_desktop.store, sector_desktop.services\n"
        "import sector_desktop.reports, sector_desktop.sync\n"
        "import pkgutil, importlib\n"
        "for pkg in ('models','store','services','reports','sync'):\n"
        "    base = importlib.import_module('sector_desktop.' + pkg)\n"
        "    for m in pkgutil.walk_packages(base.__path__, base.__name__ + '.'):\n"
        "        if '.migrations' not in m.name:\n"
        "            importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"PySide6 was imported below ui: {out}"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_models_import_nothing_of_ours() -> None:
    for path in (PACKAGE / "models").rglob("*.py"):
        ours = {n for n in _imports(path) if n.startswith("sector_desktop")}
        assert not ours, f"{path.name} imports {ours}"


def test_ui_never_builds_sql() -> None:
    for path in (PACKAGE / "ui").rglob("*.py"):
        names = _imports(path)
        assert not any(n == "sqlalchemy" or n.startswith("sqlalchemy.") for n in names), path
        assert "sqlite3" not in names, path
