from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def area(ctx, qtbot):  # type: ignore[no-untyped-def]
    from leaddesk.ui.week.area import WeekArea

    widget = WeekArea(ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    widget.refresh()
    qtbot.waitExposed(widget)
    return widget


def send_mouse(grid, kind: QEvent.Type, scene: QPointF, buttons=Qt.MouseButton.LeftButton):  # type: ignore[no-untyped-def]
    """A real QMouseEvent at a scene point, delivered to the grid's viewport."""
    pos = grid.mapFromScene(scene)
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    held = buttons if kind != QEvent.Type.MouseButtonRelease else Qt.MouseButton.NoButton
    event = QMouseEvent(
        kind,
        QPointF(pos),
        QPointF(grid.viewport().mapToGlobal(QPoint(pos))),
        button,
        held,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(grid.viewport(), event)


def drag(grid, points: list[QPointF]) -> None:  # type: ignore[no-untyped-def]
    send_mouse(grid, QEvent.Type.MouseButtonPress, points[0])
    for point in points[1:]:
        send_mouse(grid, QEvent.Type.MouseMove, point)
    send_mouse(grid, QEvent.Type.MouseButtonRelease, points[-1])
