"""A real mouse drag of a card under a window server (Xvfb): marker e2e.

Run with ``QT_QPA_PLATFORM=xcb xvfb-run -a python -m pytest -m e2e tests/ui/matrix``.
``QDrag.exec`` blocks, so the mouse moves and the release are queued with timers first.
"""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import Quadrant

from .conftest import ids_in

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _needs_a_window_server() -> None:
    if os.environ.get("QT_QPA_PLATFORM") != "xcb":
        pytest.skip("needs a real window server: QT_QPA_PLATFORM=xcb xvfb-run -a ...")


def test_real_mouse_drag_moves_a_card_from_inbox_to_do(ctx, board, qtbot) -> None:
    first = ctx.services.tasks.capture("Reply to Dana about the roadmap").id
    second = ctx.services.tasks.capture("Book the offsite").id
    board.activateWindow()
    qtbot.waitUntil(lambda: board.isActiveWindow())
    inbox = board.panels[Quadrant.INBOX].view
    do = board.panels[Quadrant.DO].view
    start = inbox.visualRect(inbox.model().index(0, 0)).center()
    target = do.viewport().rect().center()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    step = QApplication.startDragDistance() + 5

    QTest.mousePress(inbox.viewport(), left, none, start)
    # Queued now, they run inside QDrag.exec's own event loop once the drag has started.
    for i, delay in enumerate((150, 250, 350), start=1):
        towards = target + QPoint(i, i)
        QTimer.singleShot(delay, lambda p=towards: QTest.mouseMove(do.viewport(), p))
    QTimer.singleShot(500, lambda: QTest.mouseRelease(do.viewport(), left, none, target))
    QTest.mouseMove(inbox.viewport(), start + QPoint(step // 2, 0))
    QTest.mouseMove(inbox.viewport(), start + QPoint(step, step))  # starts the drag

    qtbot.waitUntil(lambda: ids_in(board, Quadrant.DO) == [first], timeout=5000)
    assert ids_in(board, Quadrant.INBOX) == [second]
    assert ctx.services.tasks.get(first).quadrant is Quadrant.DO
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    assert ids_in(board, Quadrant.INBOX) == [first, second]
