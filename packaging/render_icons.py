"""Render the app icon's raster sizes from the one scalable source.

The SVG in ``resources/icons`` is the single source of the app icon; desktops that want a
bitmap (AppStream requires a 256x256 PNG for stores, Windows and macOS want .ico/.icns
sizes) get renders of it made here with Qt's own SVG renderer, so no extra tool is needed.

Usage: python packaging/render_icons.py [OUTPUT_DIR] (default: packaging/icons)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
APP_ID = "io.github.leaddesk.LeadDesk"
SOURCE = HERE.parent / "resources" / "icons" / f"{APP_ID}.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(source: Path, size: int, target: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"not a valid SVG: {source}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"could not write {target}")


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])
    out = Path(argv[1]) if len(argv) > 1 else HERE / "icons"
    # hicolor theme layout, ready to copy into /usr/share/icons or the Flatpak's /app/share.
    for size in SIZES:
        render(SOURCE, size, out / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png")
    print(f"rendered {len(SIZES)} sizes of {SOURCE.name} into {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
