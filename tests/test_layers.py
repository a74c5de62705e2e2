"""The architecture's rules, checked: dependencies point down, no import cycles, nothing below `ui`
imports Qt, `models` imports nothing of ours and `reports` nothing but its input dataclasses.

The import graph is read from the source with `ast`, so imports inside functions and under
TYPE_CHECKING count too: a cycle hidden in a function is still a cycle.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "sector_desktop"
ROOT = "sector_desktop"

# What each part of the package may import of ours, besides itself, `errors`, `personal_data` and
# the root package (its __version__): ui -> services/reports -> store -> models, sync beside services.
# The clock (conversions) and timefmt (the house style) sit at the bottom, beside `errors`: every
# part but `models` and `reports` may use them (design rule 8).
TIME = {"clock", "timefmt"}
ALLOWED = {
    "models": set(),
    "errors": set(),
    "resources": set(),
    "clock": set(),
    "timefmt": {"clock"},
    "reports": set(),
    "store": {"models"} | TIME,
    "sync": {"store", "models"} | TIME,
    "services": {"reports", "store", "models"} | TIME,
    "commands": {"services", "sync", "store", "models", "logs"} | TIME,
    "ui": {"services", "reports", "sync", "store", "models", "logs"} | TIME,
    "logs": set(),
    "personal_data": set(),  # the personal-data guard: pure, so services, store and sync share it
    "money": set(),  # whole cents, parsed and written one way: pure, so every part may use it
    "cli": {"commands", "ui", "services", "sync", "store", "models", "logs"} | TIME,
    "__main__": {"cli"},
}
EVERYONE_MAY = {ROOT, "errors", "resources", "personal_data", "money"}


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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py") if "versions" not in p.parts}


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The modules of ours that one import statement loads (the most specific name that exists)."""
    if isinstance(node, ast.Import):
        yield from (a.name for a in node.names)
        return
    if node.level:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1])
        target = f"{base}.{node.module}" if node.module else base
    else:
        target = node.module or ""
    for alias in node.names:
        yield f"{target}.{alias.name}" if f"{target}.{alias.name}" in _modules() else target


@cache
def import_graph() -> dict[str, frozenset[str]]:
    """Module -> the modules of ours it imports, anywhere in its source."""
    modules = _modules()
    graph: dict[str, frozenset[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.update(t for t in _targets(name, path, node) if t.startswith(ROOT))
        unknown = {t for t in found if t not in modules and not t.startswith(f"{ROOT}.resources")}
        assert not unknown, f"{name} imports modules that do not exist: {unknown}"
        graph[name] = frozenset(found & modules.keys() - {name})
    return graph


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def test_dependencies_point_down() -> None:
    wrong = [
        f"{source} imports {target}"
        for source, targets in import_graph().items()
        for target in targets
        if _part(target) != _part(source)
        and _part(target) not in EVERYONE_MAY
        and _part(target) not in ALLOWED[_part(source)]
    ]
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(wrong))


def test_store_never_imports_sync() -> None:
    """Change capture and its clock live in the store, so opening a database needs nothing above it."""
    store = {m: t for m, t in import_graph().items() if _part(m) == "store"}
    assert store and not any(_part(t) == "sync" for targets in store.values() for t in targets)


def test_reports_import_only_their_input_dataclasses() -> None:
    graph = import_graph()
    reports = [m for m in graph if _part(m) == "reports"]
    assert f"{ROOT}.reports.data" in reports
    for module in reports:
        outside = {t for t in graph[module] if _part(t) != "reports"}
        assert not outside, f"{module} imports {outside}"
    assert not graph[f"{ROOT}.reports.data"], "the input dataclasses import nothing of ours"


def _children_graph(package: str) -> dict[str, set[str]]:
    """Edges between the direct children (modules and subpackages) of one package."""
    depth = package.count(".") + 2
    graph = import_graph()
    edges: dict[str, set[str]] = {}
    for source, targets in graph.items():
        if not source.startswith(package + "."):
            continue
        child = ".".join(source.split(".")[:depth])
        for target in targets:
            # Importing the package itself means importing what its __init__ imports.
            expanded = graph[target] if target == package else {target}
            for t in expanded:
                if t.startswith(package + "."):
                    other = ".".join(t.split(".")[:depth])
                    if other != child:
                        edges.setdefault(child, set()).add(other)
    return edges


def _find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path that ends where it starts, or None (depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_no_import_cycles_between_packages_or_inside_one() -> None:
    packages = [m for m, p in _modules().items() if p.name == "__init__.py"]
    cycles = {p: c for p in packages if (c := _find_cycle(_children_graph(p)))}
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles.values())


def test_the_cycle_finder_finds_cycles() -> None:
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b", "c"}, "b": {"c"}}) is None


def test_models_import_nothing_of_ours() -> None:
    for path in (PACKAGE / "models").rglob("*.py"):
        ours = {n for n in _imports(path) if n.startswith("sector_desktop")}
        assert not ours, f"{path.name} imports {ours}"


def test_ui_never_builds_sql() -> None:
    for path in (PACKAGE / "ui").rglob("*.py"):
        names = _imports(path)
        assert not any(n == "sqlalchemy" or n.startswith("sqlalchemy.") for n in names), path
        assert "sqlite3" not in names, path


CLOCK_CALLS = re.compile(
    r"\.astimezone\(|date\.today\(\)|datetime\.now\(|\.strftime\(|QDate\.currentDate|QDateTime\.currentDateTime"
)


def test_only_the_clock_reads_the_zone_and_only_timefmt_formats_times() -> None:
    """Design rule 8: no screen, document, export or service converts or formats a time on its own."""
    offenders = []
    for layer in ("ui", "reports", "services", "store"):
        for path in (PACKAGE / layer).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if CLOCK_CALLS.search(line):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert not offenders, "use sector_desktop.clock and sector_desktop.timefmt:\n" + "\n".join(offenders)

