"""PySide6 must not leak or over-release ``None`` when Qt calls our Python code.

PySide6-Essentials 6.12.0 dropped one reference to ``None`` on every call of a Python
override of a void virtual (``paintEvent``, ``QGraphicsItem.paint``...). Before Python 3.12
``None`` is an ordinary counted object, so after a few thousand paints the interpreter
aborted with "Fatal Python error: none_dealloc" (seen in the benchmark after a few dozen
week switches, and as a crash at exit). These tests repaint real widgets many times and
check that ``None``'s count stays put; they fail on 6.12.0 and pass on 6.11.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: no count to drift"
)

REPAINTS = 200


def _none_drift(repaint: object, times: int = REPAINTS) -> int:
    repaint()  # type: ignore[operator]  # warm-up: caches, lazily built styles
    before = sys.getrefcount(None)
    for _ in range(times):
        repaint()  # type: ignore[operator]
    return sys.getrefcount(None) - before


class _Painted(QWidget):
    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.drawText(self.rect(), 0, "x")
        painter.end()


def test_a_python_paint_event_keeps_none_alive(qtbot) -> None:
    widget = _Painted()
    qtbot.addWidget(widget)
    widget.resize(120, 60)
    widget.show()
    assert abs(_none_drift(widget.repaint)) < REPAINTS // 10


def test_repainting_the_week_keeps_none_alive(qtbot, ctx) -> None:
    from datetime import datetime, timedelta

    from leaddesk.domain.model import BlockKind
    from leaddesk.ui.week.area import WeekArea

    monday = datetime(2026, 11, 16, 9, tzinfo=ctx.services.clock.tz)
    for day in range(5):
        start = monday + timedelta(days=day)
        ctx.services.blocks.create("Deep work", BlockKind.FOCUS, start, start + timedelta(hours=2))
    area = WeekArea(ctx)
    qtbot.addWidget(area)
    area.resize(1200, 800)
    area.refresh()
    area.show()
    assert len(area.grid.items_by_id) == 5

    def repaint() -> None:
        for item in area.grid.items_by_id.values():
            item.update()  # past the item's pixmap cache: really paint the blocks again
        area.repaint()
        area.grid.viewport().repaint()

    assert abs(_none_drift(repaint, 50)) < 50
