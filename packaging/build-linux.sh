#!/usr/bin/env bash
# `make bundle`: the Linux one-folder bundle in build/dist/sector-desktop, with its desktop entry,
# AppStream metadata and icons beside it (packaging/README.md says how to install them).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
"$BIN/pyinstaller" --noconfirm --log-level WARN --distpath build/dist --workpath build/work \
  packaging/sector-desktop.spec
OUT=build/dist/sector-desktop
install -D -m 0644 packaging/linux/org.sectordesktop.SectorDesktop.desktop \
  "$OUT/share/applications/org.sectordesktop.SectorDesktop.desktop"
install -D -m 0644 packaging/linux/org.sectordesktop.SectorDesktop.metainfo.xml \
  "$OUT/share/metainfo/org.sectordesktop.SectorDesktop.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
  install -D -m 0644 "packaging/icons/sector-desktop-$size.png" \
    "$OUT/share/icons/hicolor/${size}x${size}/apps/org.sectordesktop.SectorDesktop.png"
done
install -D -m 0644 packaging/icons/sector-desktop.svg \
  "$OUT/share/icons/hicolor/scalable/apps/org.sectordesktop.SectorDesktop.svg"
echo "bundle: $OUT ($(du -sm "$OUT" | cut -f1) MB)"
