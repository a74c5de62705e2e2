"""Fixtures shared by the sync tests: a real server with a manager account, and two laptops on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from client_helpers import PASSWORD, Laptop, install_memory_keyring, make_laptop
from server_harness import BACKENDS, ServerProcess, running_server


@pytest.fixture(scope="module", params=BACKENDS)
def manager_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """One real server per module and backend, with Ana's manager account."""
    with running_server(request.param, tmp_path_factory.mktemp(f"server-{request.param}")) as srv:
        srv.create_user("ana", PASSWORD, "manager")
        yield srv


@pytest.fixture
def two_laptops(
    tmp_path: Path, migrated_template: Path, manager_server: ServerProcess
) -> Iterator[list[Laptop]]:
    """Laptops a and b, both signed in as Ana (the same person on two machines)."""
    install_memory_keyring()
    made = [make_laptop(tmp_path, migrated_template, manager_server.url, name) for name in ("a", "b")]
    for lap in made:
        lap.connect("ana")
    yield made
    for lap in made:
        lap.close()
