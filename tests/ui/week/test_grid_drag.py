"""The week grid's pointer gestures (ui/week/grid_drag.py) driven with synthetic mouse events
offscreen: a dragged block proposes times an hour later, a drawn rectangle proposes a new
block, a read-only block does not move. Nothing is written: the grid only emits signals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from leaddesk.domain.model import BlockKind, TimeBlock
from leaddesk.ui.week.grid import WeekGrid
from leaddesk.ui.week.grid_geometry import MINUTE_HEIGHT

MONDAY = date(2026, 11, 16)


def _grid(qtbot, *blocks: TimeBlock) -> WeekGrid:
    grid = WeekGrid()
    qtbot.addWidget(grid)
    grid.resize(900, 700)
    grid.show()
    days = [MONDAY + timedelta(days=i) for i in range(7)]
    grid.set_week(days, list(blocks), UTC, now=None, day_start_hour=8, day_end_hour=18)
    grid.scroll_to_hour(8)
    qtbot.wait(10)
    return grid


def _drag(grid: WeekGrid, start: QPoint, dy: int) -> None:
    viewport = grid.viewport()
    no_mods = Qt.KeyboardModifier.NoModifier
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, no_mods, start)
    for step in range(0, dy + 1, 5):
        QTest.mouseMove(viewport, start + QPoint(0, step))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, no_mods, start + QPoint(0, dy))


def _block(block_id: int, read_only: bool = False) -> TimeBlock:
    return TimeBlock(
        "Deep work",
        BlockKind.FOCUS,
        datetime(2026, 11, 17, 9, tzinfo=UTC),
        datetime(2026, 11, 17, 10, tzinfo=UTC),
        read_only=read_only,
        id=block_id,
    )


def test_dragging_a_block_down_an_hour_proposes_it_an_hour_later(qtbot) -> None:
    grid = _grid(qtbot, _block(5))
    proposed: list[tuple[object, ...]] = []
    grid.block_change_requested.connect(lambda *args: proposed.append(args))
    start = grid.mapFromScene(grid.block_rect(5).center())
    _drag(grid, start, int(60 * MINUTE_HEIGHT))
    assert proposed == [
        (5, datetime(2026, 11, 17, 10, tzinfo=UTC), datetime(2026, 11, 17, 11, tzinfo=UTC))
    ]


def test_drawing_on_empty_time_proposes_a_new_block(qtbot) -> None:
    grid = _grid(qtbot)
    drawn: list[tuple[object, ...]] = []
    grid.block_draw_requested.connect(lambda *args: drawn.append(args))
    start = grid.mapFromScene(grid.point_for(3, 14 * 60))
    _drag(grid, start, int(60 * MINUTE_HEIGHT))
    assert drawn == [
        (datetime(2026, 11, 19, 14, tzinfo=UTC), datetime(2026, 11, 19, 15, tzinfo=UTC))
    ]


# QTest warns that the grid leaves the release of an ignored press unaccepted
@pytest.mark.qt_log_ignore("not accepted by receiving widget")
def test_a_read_only_block_is_not_moved_by_a_drag(qtbot) -> None:
    grid = _grid(qtbot, _block(7, read_only=True))
    proposed: list[tuple[object, ...]] = []
    grid.block_change_requested.connect(lambda *args: proposed.append(args))
    before = grid.block_rect(7)
    start = grid.mapFromScene(before.center())
    _drag(grid, start, int(60 * MINUTE_HEIGHT))
    assert proposed == []
    assert grid.block_rect(7) == before
