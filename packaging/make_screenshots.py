"""Take the AppStream screenshots (packaging/screenshots/*.png) from the real app.

Opens a throwaway vault filled with the demo team, builds the real main window at
1600x1000 and saves each listed area. Run it under Xvfb so fonts and styles are the real
ones, and review the pictures before committing them:

    xvfb-run -a -s '-screen 0 1600x1000x24' env QT_QPA_PLATFORM=xcb \\
        python packaging/make_screenshots.py

The demo data is synthetic: no real person's notes end up in a screenshot.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Area key -> file name; keep in step with <screenshots> in the metainfo.
SHOTS = {"matrix": "matrix.png", "week": "week.png", "people": "people.png"}
SIZE = (1600, 1000)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication

    from leaddesk.bootstrap import make_application, make_settings
    from leaddesk.domain.clock import FixedClock
    from leaddesk.paths import AppPaths
    from leaddesk.services.demo import seed_demo
    from leaddesk.services.unlocking import create_vault
    from leaddesk.ui.context import AppContext
    from leaddesk.ui.main_window import MainWindow
    from leaddesk.ui.theme import install_theme

    root = Path(tempfile.mkdtemp(prefix="leaddesk-shots-"))
    try:
        paths = AppPaths(data_dir=root / "data", config_dir=root / "config")
        app = make_application([sys.argv[0]])
        settings = make_settings(paths)
        install_theme(app, settings)
        # A Thursday morning: the week view opens on working hours, the review is not due.
        clock = FixedClock(datetime(2026, 11, 19, 10, 0).astimezone())
        services = create_vault(paths, "screenshots only", clock)
        seed_demo(services)
        ctx = AppContext(paths, settings, clock)
        ctx.attach(services)
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        out = HERE / "screenshots"
        out.mkdir(exist_ok=True)
        for key, name in SHOTS.items():
            try:
                window.show_area(key)
            except Exception as exc:  # an area still being written: say so, save nothing
                print(f"skipped {name}: the {key} area failed ({type(exc).__name__})")
                continue
            for _ in range(20):
                QCoreApplication.processEvents()
            if window.current_area_key() != key or key not in window.areas:
                print(f"skipped {name}: the {key} area is not available")
                continue
            window.grab().save(str(out / name))
            print(f"saved {out / name}")
        window.close()
        ctx.lock()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
