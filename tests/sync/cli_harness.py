"""The real `sector-desktop` command in subprocesses, as laptops for end-to-end sync tests.

Each `CliLaptop` is a profile directory; its token lives in a per-machine test keyring file (the
keyring is not part of the profile, as on a real computer, so restoring a profile folder from a
backup does not bring the keyring back).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from sector_desktop.store import keys
from sector_desktop.store.database import make_engine

CLI_BIN = Path(sys.executable).with_name("sector-desktop")
HERE = Path(__file__).parent
PASSWORD = "correct horse battery staple"


@dataclass
class CliLaptop:
    profile: Path
    keyring_file: Path
    clock_offset_ms: int = 0  # this laptop's wall clock is this far ahead (see sitecustomize.py)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHON_KEYRING_BACKEND"] = "file_keyring.FileKeyring"
        env["SECTOR_TEST_KEYRING_FILE"] = str(self.keyring_file)
        env["PYTHONPATH"] = os.pathsep.join([str(HERE), env.get("PYTHONPATH", "")])
        env["QT_QPA_PLATFORM"] = "offscreen"
        env["SECTOR_TEST_CLOCK_OFFSET_MS"] = str(self.clock_offset_ms)
        return env

    def run(
        self, *args: str, stdin: str | None = None, check: bool = False
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(CLI_BIN), "--profile", str(self.profile), *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=180,
            env=self.env(),
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"sector-desktop {' '.join(args)} failed: {done.stdout}\n{done.stderr}")
        return done

    def python(self, code: str) -> str:
        """Run Python in a process of this laptop (its clock, its keyring) with `db` open on the
        profile: for edits the command line has no command for. Returns what it printed."""
        prelude = (
            "from sector_desktop.store import open_profile, profile_paths\n"
            f"db = open_profile(profile_paths({str(self.profile)!r}))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", prelude + code + "\ndb.close()\n"],
            capture_output=True,
            text=True,
            timeout=120,
            env=self.env(),
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def set_org(self, org_id: str, **fields: Any) -> None:
        """Edit an organization as the app does (one session, captured for sync)."""
        self.python(
            "from sector_desktop.models import Organization\n"
            "with db.session() as s:\n"
            f"    org = s.get(Organization, {org_id!r})\n"
            f"    for k, v in {fields!r}.items():\n"
            "        setattr(org, k, v)\n"
        )

    def add_org(self, name: str, **fields: Any) -> str:
        """Create an organization as the app does; returns its id."""
        return self.python(
            "from sector_desktop.models import Organization\n"
            "with db.session() as s:\n"
            f"    org = Organization(name={name!r}, tags=[], **{fields!r})\n"
            "    s.add(org)\n"
            "    s.flush()\n"
            "    print(org.id)\n"
        ).strip()

    def connect(self, url: str, user: str, password: str = PASSWORD) -> None:
        self.run("connect", url, "--user", user, "--password-stdin", stdin=password + "\n", check=True)

    def sync(self) -> subprocess.CompletedProcess[str]:
        return self.run("sync", "--no-attachments")

    def status(self) -> dict[str, Any]:
        return dict(json.loads(self.run("status", "--json", check=True).stdout))

    def import_organizations(self, tmp: Path, rows: list[dict[str, str]]) -> None:
        csv = tmp / f"orgs-{self.profile.name}-{len(rows)}.csv"
        headers = list(rows[0])
        lines = [",".join(headers)] + [",".join(r[h] for h in headers) for r in rows]
        csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
        self.run("import", "organizations", str(csv), check=True)

    @property
    def database(self) -> Path:
        return self.profile / "data" / "sector.db"

    def query(self, sql: str, **params: Any) -> list[tuple[Any, ...]]:
        engine = make_engine(self.database, self.database_key())
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.execute(text(sql), params)]
        finally:
            engine.dispose()

    def database_key(self) -> keys.DatabaseKey | None:
        """The key the laptop's processes keep in their keyring (None: the suite's passphrase)."""
        salt = keys.read_header(self.database)
        try:
            ring = json.loads(self.keyring_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        raw = ring.get(f"{keys.KEYRING_SERVICE}\n{keys.keyring_name(salt)}")
        return keys.DatabaseKey(bytes.fromhex(raw), salt, "keyring") if raw else None

    def copy_profile_to(self, target: Path) -> None:
        """A backup of the whole profile folder (database and config), taken while the app is closed."""
        shutil.copytree(self.profile, target)

    def restore_profile_from(self, backup: Path) -> None:
        shutil.rmtree(self.profile)
        shutil.copytree(backup, self.profile)


def cli_laptop(root: Path, name: str, keyring_file: Path | None = None) -> CliLaptop:
    """A new profile; laptops given the same keyring file are profiles on one computer."""
    profile = root / name
    profile.mkdir(parents=True, exist_ok=True)
    return CliLaptop(profile, keyring_file or root / f"keyring-{name}.json")
