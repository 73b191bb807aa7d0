"""Issue 15 (fit): the Week area on a 1280 px laptop screen.

The toolbar alone needed 1,310 px, so the area scrolled sideways beside the 188 px sidebar
and the capacity panel sat off screen; day columns were 52-75 px wide. Now the row fits,
and on a narrow area the capacity panel folds away (the Calendar menu shows it again)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from leaddesk.services.demo import seed_demo
from leaddesk.ui.week.area import NARROW_WEEK_AREA

LAPTOP_AREA_WIDTH = 1280 - 188  # a maximised window beside the sidebar


def test_the_week_fits_beside_the_sidebar_on_a_1280_screen(area, ctx) -> None:
    seed_demo(ctx.services)
    area.refresh()
    assert area.minimumSizeHint().width() <= LAPTOP_AREA_WIDTH


def test_a_narrow_week_folds_the_capacity_panel_and_the_menu_brings_it_back(
    area, ctx, qtbot
) -> None:
    seed_demo(ctx.services)
    area.refresh()
    assert area.capacity_panel.isVisible()  # 1400 px wide: grid and both panels
    area.resize(LAPTOP_AREA_WIDTH, 640)
    QApplication.processEvents()
    assert LAPTOP_AREA_WIDTH < NARROW_WEEK_AREA
    assert not area.capacity_panel.isVisible()
    days = area.grid.viewport().width() / 7
    assert days >= 90, f"day columns of {days:.0f} px"  # block titles stay readable
    area.toolbar.capacity_action.trigger()  # Calendar menu → Show the capacity panel
    assert area.capacity_panel.isVisible()
    area.resize(1400, 900)
    QApplication.processEvents()
    assert area.capacity_panel.isVisible()
