"""Issue 18 (peak memory): the Week area's capacity panel and plan panel are made when
first needed.

The capacity panel folds away on a 1280 px screen, and the plan panel shows only with a
proposal; a session may show neither. Made late, each takes the place, the keyboard order,
the look and the content it has when made with the area (the reference here: an area
whose panels are made right after it, in the place the old eager build made them).
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from leaddesk.domain.model import BlockKind
from leaddesk.services.demo import seed_demo
from leaddesk.ui.week.area import WeekArea
from leaddesk.ui.week.panels import CapacityPanel
from leaddesk.ui.week.plan_preview import PlanPanel

from .conftest import at

LAPTOP = (1280 - 188, 640)  # a maximised window beside the sidebar: the panel folds
WIDE = (1400, 900)


def _window(ctx, qtbot, size: tuple[int, int], *, made_at_once: bool, fold: bool = True):  # type: ignore[no-untyped-def]
    """A window with a button before and after a Week area (so the area sits inside a
    longer keyboard order), shown at ``size``."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QPushButton("before"))
    area = WeekArea(ctx)
    area.fold_capacity_when_narrow = fold
    if made_at_once:
        assert area.capacity_panel is not None and area.plan_controller.panel is not None
    layout.addWidget(area)
    layout.addWidget(QPushButton("after"))
    window.resize(*size)
    window.show()
    area.refresh()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window, area


def _path(widget: QWidget) -> str:
    """Where a widget is, by kind and name, up to its window (the same in two windows)."""
    parts = []
    while widget is not None and not widget.isWindow():
        text = getattr(widget, "text", None)
        shown = text() if callable(text) else ""
        parts.append(f"{type(widget).__name__}:{widget.accessibleName()}:{shown}")
        widget = widget.parentWidget()
    return "/".join(reversed(parts))


def _focus_chain(window: QWidget) -> list[str]:
    chain, widget = [], window.nextInFocusChain()
    while widget is not window:
        chain.append(_path(widget))
        widget = widget.nextInFocusChain()
    return chain


def _look(window: QWidget, area: WeekArea) -> tuple[QImage, list[int], list[object]]:
    QApplication.processEvents()
    splitter = area.splitter
    geometry = [splitter.widget(i).geometry() for i in range(splitter.count())]
    return window.grab().toImage(), splitter.sizes(), geometry


def _step(window: QWidget, area: WeekArea, step: str) -> None:
    if step == "toggle":  # Calendar menu → Show the capacity panel (on or off)
        area.toolbar.capacity_action.trigger()
    elif step == "widen":
        window.resize(*WIDE)
    elif step == "narrow":
        window.resize(*LAPTOP)
    elif step == "next":
        area.go_next()
    elif step == "plan":
        area.plan_controller.plan_next_week()
    elif step == "drop":
        area.plan_controller.drop()
    QApplication.processEvents()


def test_neither_panel_is_made_on_a_laptop_screen_until_needed(ctx, qtbot) -> None:
    seed_demo(ctx.services)
    window, area = _window(ctx, qtbot, LAPTOP, made_at_once=False)
    assert area.findChildren(CapacityPanel) == [] and area.findChildren(PlanPanel) == []
    assert area.splitter.count() == 3  # the placeholder holds the panel's place
    _step(window, area, "next")
    _step(window, area, "next")
    assert area.findChildren(CapacityPanel) == []

    _step(window, area, "toggle")  # shown from the Calendar menu: made now, shown
    (panel,) = area.findChildren(CapacityPanel)
    assert panel.isVisible() and area.splitter.widget(2) is panel
    _step(window, area, "toggle")
    assert not panel.isVisible() and area.findChildren(CapacityPanel) == [panel]
    assert area.findChildren(PlanPanel) == []

    _step(window, area, "plan")
    (plan,) = area.findChildren(PlanPanel)
    assert plan.isVisible()


def test_the_capacity_panel_is_made_with_a_wide_area(ctx, qtbot) -> None:
    _shown, area = _window(ctx, qtbot, WIDE, made_at_once=False)
    (panel,) = area.findChildren(CapacityPanel)
    assert panel.isVisible() and panel.capacity is not None
    assert area.findChildren(PlanPanel) == []


def test_widening_a_narrow_area_makes_and_shows_the_panel(ctx, qtbot) -> None:
    window, area = _window(ctx, qtbot, LAPTOP, made_at_once=False)
    _step(window, area, "widen")
    (panel,) = area.findChildren(CapacityPanel)
    assert panel.isVisible()


SCENARIOS = {
    "wide": (WIDE, True, []),
    "laptop": (LAPTOP, True, []),
    "laptop, then shown from the menu": (LAPTOP, True, ["toggle"]),
    "laptop, weeks later, shown": (LAPTOP, True, ["next", "next", "toggle"]),
    "laptop, then widened": (LAPTOP, True, ["widen"]),
    "off, on, widened, off": (LAPTOP, True, ["toggle", "toggle", "widen", "toggle"]),
    "not folding (the review's plan step)": (LAPTOP, False, []),
    "a proposal, wide": (WIDE, True, ["plan"]),
    "a proposal, then the panel": (LAPTOP, True, ["plan", "toggle"]),
    "a proposal dropped, narrowed": (WIDE, True, ["plan", "drop", "narrow"]),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_made_late_it_looks_and_tabs_as_made_with_the_area(ctx, qtbot, name: str) -> None:
    """Same pixels, splitter sizes and geometry, and the same keyboard order for the whole
    window (once both panels exist), whatever the order things were shown in."""
    seed_demo(ctx.services)
    size, fold, steps = SCENARIOS[name]
    seen = []
    for made_at_once in (True, False):
        window, area = _window(ctx, qtbot, size, made_at_once=made_at_once, fold=fold)
        for step in steps:
            _step(window, area, step)
        image, sizes, geometry = _look(window, area)
        if not made_at_once:
            assert area.capacity_panel is not None and area.plan_controller.panel is not None
            QApplication.processEvents()
        seen.append((image, sizes, geometry, _focus_chain(window)))
        area.plan_controller.drop()
        window.close()
    (image, sizes, geometry, chain), (late_image, late_sizes, late_geometry, late_chain) = seen
    assert late_sizes == sizes
    assert late_geometry == geometry
    assert late_chain == chain
    assert late_image == image


def test_made_late_the_capacity_panel_shows_the_week_shown(ctx, services, qtbot) -> None:
    """The figures are those of the week on screen when the panel is first shown, after
    week switches and a change made while it did not exist."""
    seed_demo(services)
    window, area = _window(ctx, qtbot, LAPTOP, made_at_once=False)
    _step(window, area, "next")
    monday = area.first_day
    services.blocks.create(
        "Deep work",
        BlockKind.FOCUS,
        at(monday.day, 9, month=monday.month, year=monday.year),
        at(monday.day, 11, 30, month=monday.month, year=monday.year),
    )
    QApplication.processEvents()
    assert area.findChildren(CapacityPanel) == []
    _step(window, area, "toggle")
    panel = area.capacity_panel
    _shown, reference = _window(ctx, qtbot, LAPTOP, made_at_once=True)
    reference.go_to(area.anchor)
    assert reference.first_day == monday == area.first_day
    assert panel.capacity == reference.capacity_panel.capacity
    assert panel.capacity is not None and panel.capacity.days[0].day == monday
    table, expected = panel.table, reference.capacity_panel.table
    cells = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    assert cells == [
        [expected.item(r, c).text() for c in range(expected.columnCount())]
        for r in range(expected.rowCount())
    ]
    assert panel.booked_label.text() == reference.capacity_panel.booked_label.text()


def test_a_locked_area_makes_an_empty_capacity_panel(ctx, qtbot) -> None:
    seed_demo(ctx.services)
    _shown, area = _window(ctx, qtbot, LAPTOP, made_at_once=False)
    area.clear_private()
    assert area.capacity_panel.capacity is None
    assert area.capacity_panel.table.rowCount() == 0


def test_the_plan_panel_made_under_the_privacy_screen_shows_no_title(ctx, services, qtbot) -> None:
    seed_demo(services)
    ctx.settings.set("week/buffer_percent", 90)  # most work cannot fit: a list of misfits
    _shown, area = _window(ctx, qtbot, WIDE, made_at_once=False)
    ctx.set_privacy_screen(True)
    assert area.findChildren(PlanPanel) == []
    proposal = area.plan_controller.plan_next_week()  # the panel is made now
    assert proposal is not None and proposal.unplaced
    panel = area.plan_controller.panel
    titles = [u.title for u in proposal.unplaced] + [p.title for p in proposal.placements]
    shown = [panel.misfits.item(i).text() for i in range(panel.misfits.count())]
    assert shown
    assert not [text for text in shown if any(title in text for title in titles)]
    ctx.set_privacy_screen(False)
    assert proposal.unplaced[0].title in panel.misfits.item(0).text()  # shown again
