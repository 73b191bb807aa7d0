"""A real mouse drag of a block under a window server (Xvfb), marker e2e.

Run with ``QT_QPA_PLATFORM=xcb xvfb-run -a python -m pytest -m e2e tests/ui/week``.
The pointer is moved by ``xdotool`` (real X events, not synthetic Qt events).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PySide6.QtCore import QPoint, QPointF

from leaddesk.domain.model import BlockKind
from leaddesk.ui.week.grid_geometry import MINUTE_HEIGHT

from .conftest import at

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _needs_a_window_server() -> None:
    if os.environ.get("QT_QPA_PLATFORM") != "xcb":
        pytest.skip("needs a real window server: QT_QPA_PLATFORM=xcb xvfb-run -a ...")
    if shutil.which("xdotool") is None:
        pytest.skip("needs xdotool to move the real pointer")


def _xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, timeout=10)


def test_real_mouse_drag_moves_a_block_an_hour_later(area, services, ctx, qtbot) -> None:
    block_id = services.blocks.create(
        "Deep work", BlockKind.FOCUS, at(17, 9), at(17, 10)
    ).created_ids[0]
    area.refresh()
    area.activateWindow()
    qtbot.waitUntil(lambda: area.isActiveWindow(), timeout=5000)
    grid = area.grid
    grid.scroll_to_hour(8)
    qtbot.wait(100)
    rect = grid.block_rect(block_id)
    start_scene = QPointF(rect.center().x(), rect.top() + 12)
    end_scene = QPointF(start_scene.x(), start_scene.y() + 60 * MINUTE_HEIGHT)

    def global_point(scene: QPointF) -> QPoint:
        return grid.viewport().mapToGlobal(grid.mapFromScene(scene))

    begin, end = global_point(start_scene), global_point(end_scene)
    _xdotool("mousemove", str(begin.x()), str(begin.y()))
    qtbot.wait(100)
    _xdotool("mousedown", "1")
    qtbot.wait(100)
    for fraction in (0.25, 0.5, 0.75, 1.0):
        y = int(begin.y() + (end.y() - begin.y()) * fraction)
        _xdotool("mousemove", str(end.x()), str(y))
        qtbot.wait(60)
    _xdotool("mouseup", "1")
    qtbot.waitUntil(lambda: services.blocks.get(block_id).start == at(17, 10), timeout=5000)
    assert services.blocks.get(block_id).end == at(17, 11)
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert services.blocks.get(block_id).start == at(17, 9)
