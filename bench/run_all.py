"""Run every benchmark script in bench/ and print their JSON results as one JSON list.

A benchmark is any bench/*.py file except this one and helpers whose names start with "_".
Each runs in its own interpreter; its stdout must be one JSON object, which is also kept in
bench/out/results/<name>.json as soon as that script ends (so a long run's figures survive).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "out" / "results"
# The profiles are encrypted; where the computer has no keyring their key comes from a passphrase.
ENV = {**os.environ, "SECTOR_PASSPHRASE": os.environ.get("SECTOR_PASSPHRASE") or "bench passphrase"}


def scripts() -> list[Path]:
    return sorted(
        p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_")
    )


def main() -> int:
    results = []
    failed = 0
    for script in scripts():
        print(f"running {script.name} ...", file=sys.stderr, flush=True)
        proc = subprocess.run([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=ENV)
        try:
            result = json.loads(proc.stdout)
        except ValueError:
            failed += 1
            result = {"bench": script.stem, "error": f"exit {proc.returncode}", "stdout": proc.stdout[-2000:]}
        results.append(result)
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"{script.stem}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        if proc.returncode:
            failed += 1
    print(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
