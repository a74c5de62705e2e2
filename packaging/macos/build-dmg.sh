#!/usr/bin/env bash
# Build "Sector Desktop.app" and a .dmg on macOS (run from the repository root, after `make install`).
# Signing and notarisation need the office's Apple Developer ID: set CODESIGN_ID to sign.
set -euo pipefail
VERSION="$(.venv/bin/python -c 'import sector_desktop; print(sector_desktop.__version__)')"
.venv/bin/pyinstaller --noconfirm --distpath build/dist --workpath build/work packaging/sector-desktop.spec
APP="build/dist/Sector Desktop.app"
if [ -n "${CODESIGN_ID:-}" ]; then
  codesign --deep --force --options runtime --sign "$CODESIGN_ID" "$APP"
fi
mkdir -p build/installer
hdiutil create -volname "Sector Desktop" -srcfolder "$APP" -ov -format UDZO \
  "build/installer/SectorDesktop-$VERSION.dmg"
