#!/usr/bin/env bash
# Smoke-run the Linux bundle in a clean environment (no venv, no PYTHONPATH, a fresh HOME), as CI does:
# --version, demo-data and a screenshot of every view, offscreen, from the bundle alone.
set -euo pipefail
cd "$(dirname "$0")/.."
APP="$PWD/build/dist/sector-desktop/sector-desktop"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
run() {
  env -i HOME="$WORK/home" PATH=/usr/bin:/bin LANG=C.UTF-8 TZ=America/New_York \
    QT_QPA_PLATFORM=offscreen SECTOR_PASSPHRASE=smoke-test-passphrase "$APP" "$@"
}
run --version
run --profile "$WORK/p" demo-data
run --profile "$WORK/p" --screenshot "$WORK/views" --view all
python3 - "$WORK/views" <<'PY'
import struct, sys
from pathlib import Path
shots = sorted(Path(sys.argv[1]).glob("*.png"))
assert len(shots) >= 10, f"only {len(shots)} views rendered"
for shot in shots:
    head = shot.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{shot.name} is not a PNG"
    w, h = struct.unpack(">II", head[16:24])
    assert 0 < w <= 1366 and 0 < h <= 768, (shot.name, w, h)
    print(f"{shot.stem}: {w}x{h}")
PY
echo "bundle smoke test passed"
