"""Render sector-desktop.svg into the PNG sizes, .ico and .icns each platform needs (run by hand after
changing the SVG: `.venv/bin/python packaging/icons/make_icons.py`; the results are committed)."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(size: int) -> Path:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(HERE / "sector-desktop.svg")).render(painter, QRectF(0, 0, size, size))
    painter.end()
    out = HERE / f"sector-desktop-{size}.png"
    image.save(str(out))
    return out


def main() -> int:
    QGuiApplication([*sys.argv[:1], "-platform", "offscreen"])
    pngs = {size: render(size) for size in SIZES}
    big = Image.open(pngs[512])
    big.save(HERE / "sector-desktop.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    big.save(HERE / "sector-desktop.icns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
