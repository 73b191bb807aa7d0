"""Fixtures for the matrix board tests: a shown MatrixArea over the real vault."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from leaddesk.domain.model import Quadrant


@pytest.fixture(autouse=True)
def offered_delegations(monkeypatch):  # type: ignore[no-untyped-def]
    """Record delegation offers instead of opening the tracker's dialog (whose own tests
    cover it); a test that wants the real flow removes this stub."""
    import sys
    import types

    offered: list[int] = []
    fake = types.ModuleType("leaddesk.ui.delegation.create")
    fake.offer_delegation = lambda ctx, parent, task_id: offered.append(task_id)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "leaddesk.ui.delegation.create", fake)
    return offered


@pytest.fixture
def board(ctx, qtbot):  # type: ignore[no-untyped-def]
    from leaddesk.ui.matrix.area import MatrixArea

    area = MatrixArea(ctx)
    qtbot.addWidget(area)
    area.resize(1400, 900)
    area.show()
    qtbot.waitExposed(area)
    area.refresh()
    return area


def ids_in(board, quadrant: Quadrant) -> list[int]:  # type: ignore[no-untyped-def]
    return board.models[quadrant].task_ids()


def synthetic_drop(source_view, rows: list[int], target_view, pos: QPoint | None = None) -> bool:  # type: ignore[no-untyped-def]
    """Drag rows of ``source_view`` and drop them on ``target_view`` with real Qt events."""
    model = source_view.model()
    mime = model.mimeData([model.index(r, 0) for r in rows])
    viewport = target_view.viewport()
    if pos is None:
        pos = QPoint(viewport.width() // 2, viewport.height() - 5)
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(pos), actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(QPoint(pos), actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(QPointF(pos), actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    return drop.isAccepted()
