"""Issue 15 (fit): the main window never grows past the screen, in any area.

The default size used to be taller than a 1280x720 laptop screen, and switching to the week
or the review grew the window to 1531 px wide. The offscreen screen is 800x600, smaller than
any laptop, so every area with the demo's data must fit into it.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect
from PySide6.QtWidgets import QApplication

from leaddesk.services.demo import seed_demo
from leaddesk.ui.area import AREAS
from leaddesk.ui.main_window import GEOMETRY_KEY


def _inside(window) -> bool:  # type: ignore[no-untyped-def]
    available = window.screen().availableGeometry()
    return available.contains(window.frameGeometry())


def test_every_area_with_the_demo_data_fits_the_screen(ctx, make_window, qtbot) -> None:
    seed_demo(ctx.services)
    window = make_window()
    qtbot.waitUntil(lambda: _inside(window), timeout=2000)
    available = window.screen().availableGeometry()
    assert _inside(window), (window.geometry(), available)
    for spec in AREAS:
        window.show_area(spec.key)
        QApplication.processEvents()
        qtbot.wait(20)
        assert window.width() <= available.width(), (spec.key, window.width())
        assert window.height() <= available.height(), (spec.key, window.height())
        assert _inside(window), (spec.key, window.geometry(), available)


def test_geometry_saved_on_a_larger_screen_is_brought_back_inside(ctx, make_window, qtbot) -> None:
    # A geometry written on a 2560x1440 second screen, far outside this one.
    probe = make_window()
    probe.setGeometry(QRect(1500, 900, 2400, 1300))
    saved: QByteArray = probe.saveGeometry()
    probe.close()
    ctx.settings.set(GEOMETRY_KEY, saved)
    window = make_window()
    qtbot.waitUntil(lambda: _inside(window), timeout=2000)
