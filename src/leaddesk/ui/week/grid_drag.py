"""Pointer gestures of the week grid: the drag state (move, resize, draw a new block),
the live preview while the button is held, and task drops from the side panel or board.
The gestures only propose new times as the grid's signals; nothing is written here."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPalette, QPen

from ...domain.week import SNAP_MINUTES, snap_minutes
from ..task_mime import decode_task_ids
from .block_item import BlockItem
from .grid_geometry import DAY_MINUTES, MINUTE_HEIGHT, RESIZE_HANDLE, local_minutes

if TYPE_CHECKING:
    from .grid import WeekGrid


class Drag(enum.Enum):
    NONE = enum.auto()
    MOVE = enum.auto()
    RESIZE = enum.auto()
    DRAW = enum.auto()


@dataclass
class DragState:
    mode: Drag = Drag.NONE
    item: BlockItem | None = None
    press: QPointF | None = None
    day_index: int = 0
    start_minute: int = 0
    end_minute: int = 0
    moved: bool = False


class GridDragMixin:
    """Mouse and drop handlers of :class:`WeekGrid` (mixed in ahead of QGraphicsView)."""

    def mousePressEvent(self: WeekGrid, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        scene_pos = self.mapToScene(event.position().toPoint())
        item = self._item_at(event.position().toPoint())
        if item is not None:
            self.select_block(item.block_id)
            if item.block.read_only:
                self._drag = DragState()
                return
            near_bottom = scene_pos.y() >= item.rect().bottom() - RESIZE_HANDLE
            start, end = local_minutes(item.block.start, item.block.end, self.tz)
            day = item.block.start.astimezone(self.tz).date()
            self._drag = DragState(
                mode=Drag.RESIZE if near_bottom else Drag.MOVE,
                item=item,
                press=scene_pos,
                day_index=self.days.index(day),
                start_minute=start,
                end_minute=end,
            )
            return
        self.select_block(None)
        slot = self._slot_at(scene_pos)
        if slot is None:
            return
        day_index, minute = slot
        minute = min(minute, DAY_MINUTES - SNAP_MINUTES)
        self._drag = DragState(
            mode=Drag.DRAW,
            press=scene_pos,
            day_index=day_index,
            start_minute=minute,
            end_minute=minute,
        )

    def mouseMoveEvent(self: WeekGrid, event: QMouseEvent) -> None:
        scene_pos = self.mapToScene(event.position().toPoint())
        drag = self._drag
        if drag.mode is Drag.NONE:
            item = self._item_at(event.position().toPoint())
            near = (
                item is not None
                and not item.block.read_only
                and scene_pos.y() >= item.rect().bottom() - RESIZE_HANDLE
            )
            self.viewport().setCursor(
                Qt.CursorShape.SizeVerCursor if near else Qt.CursorShape.ArrowCursor
            )
            super().mouseMoveEvent(event)
            return
        assert drag.press is not None
        if not drag.moved and (scene_pos - drag.press).manhattanLength() < 4:
            return
        drag.moved = True
        if drag.mode is Drag.MOVE:
            self._preview_move(scene_pos)
        elif drag.mode is Drag.RESIZE:
            self._preview_resize(scene_pos)
        else:
            self._preview_draw(scene_pos)

    def _preview_move(self: WeekGrid, scene_pos: QPointF) -> None:
        drag = self._drag
        assert drag.item is not None and drag.press is not None
        original_start, original_end = local_minutes(
            drag.item.block.start, drag.item.block.end, self.tz
        )
        length = original_end - original_start
        delta = snap_minutes((scene_pos.y() - drag.press.y()) / MINUTE_HEIGHT)
        start = min(max(0, original_start + delta), DAY_MINUTES - length)
        slot = self._slot_at(QPointF(scene_pos.x(), 0))
        day_index = slot[0] if slot else drag.day_index
        drag.day_index, drag.start_minute, drag.end_minute = day_index, start, start + length
        drag.item.setRect(
            QRectF(
                self.column_x(day_index) + 1,
                start * MINUTE_HEIGHT,
                self.column_width - 3,
                max(10.0, length * MINUTE_HEIGHT - 1),
            )
        )
        drag.item.setZValue(20)

    def _preview_resize(self: WeekGrid, scene_pos: QPointF) -> None:
        drag = self._drag
        assert drag.item is not None
        end = snap_minutes(scene_pos.y() / MINUTE_HEIGHT)
        end = min(max(end, drag.start_minute + SNAP_MINUTES), DAY_MINUTES)
        drag.end_minute = end
        rect = QRectF(drag.item.rect())
        rect.setBottom(end * MINUTE_HEIGHT - 1)
        drag.item.setRect(rect)

    def _preview_draw(self: WeekGrid, scene_pos: QPointF) -> None:
        drag = self._drag
        assert drag.press is not None
        anchor = snap_minutes(drag.press.y() / MINUTE_HEIGHT)
        here = min(max(snap_minutes(scene_pos.y() / MINUTE_HEIGHT), 0), DAY_MINUTES)
        start, end = min(anchor, here), max(anchor, here)
        if end - start < SNAP_MINUTES:
            end = start + SNAP_MINUTES
        drag.start_minute, drag.end_minute = start, min(end, DAY_MINUTES)
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        fill = QColor(highlight)
        fill.setAlpha(60)
        self._ghost.setBrush(fill)
        self._ghost.setPen(QPen(highlight, 1.5, Qt.PenStyle.DashLine))
        self._ghost.setRect(
            QRectF(
                self.column_x(drag.day_index) + 1,
                start * MINUTE_HEIGHT,
                self.column_width - 3,
                (drag.end_minute - start) * MINUTE_HEIGHT,
            )
        )
        self._ghost.setVisible(True)

    def mouseReleaseEvent(self: WeekGrid, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, DragState()
        self._ghost.setVisible(False)
        if drag.mode is Drag.NONE or not drag.moved:
            super().mouseReleaseEvent(event)
            return
        if drag.mode is Drag.DRAW:
            start = self.time_at(drag.day_index, drag.start_minute)
            end = self.time_at(drag.day_index, drag.end_minute)
            self.block_draw_requested.emit(start, end)
            return
        assert drag.item is not None
        block = drag.item.block
        if drag.mode is Drag.MOVE:
            start = self.time_at(drag.day_index, drag.start_minute)
            end = start.astimezone(UTC) + (block.end - block.start)
        else:
            start = block.start
            end = self.time_at(drag.day_index, drag.end_minute)
        if (start, end) == (block.start, block.end):
            self._relayout()
            return
        self.block_change_requested.emit(drag.item.block_id, start, end)
        self._relayout()  # the vault's answer rebuilds the grid; until then, snap back

    # -- drops from the side panel (or the board) ----------------------------------------
    def dragEnterEvent(self: WeekGrid, event) -> None:  # type: ignore[no-untyped-def]
        if decode_task_ids(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self: WeekGrid, event) -> None:  # type: ignore[no-untyped-def]
        slot = self._slot_at(self.mapToScene(event.position().toPoint()))
        if slot is None or not decode_task_ids(event.mimeData()):
            self._ghost.setVisible(False)
            event.ignore()
            return
        day_index, minute = slot
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        fill = QColor(highlight)
        fill.setAlpha(50)
        self._ghost.setBrush(fill)
        self._ghost.setPen(QPen(highlight, 1.5, Qt.PenStyle.DashLine))
        self._ghost.setRect(
            QRectF(
                self.column_x(day_index) + 1,
                minute * MINUTE_HEIGHT,
                self.column_width - 3,
                30 * MINUTE_HEIGHT,
            )
        )
        self._ghost.setVisible(True)
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()

    def dragLeaveEvent(self: WeekGrid, event) -> None:  # type: ignore[no-untyped-def]
        self._ghost.setVisible(False)
        event.accept()

    def dropEvent(self: WeekGrid, event) -> None:  # type: ignore[no-untyped-def]
        self._ghost.setVisible(False)
        ids = decode_task_ids(event.mimeData())
        slot = self._slot_at(self.mapToScene(event.position().toPoint()))
        if not ids or slot is None:
            event.ignore()
            return
        day_index, minute = slot
        minute = min(minute, DAY_MINUTES - SNAP_MINUTES)
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.tasks_dropped.emit(ids, self.time_at(day_index, minute))
