"""The week grid: day columns in 15-minute steps with interactive blocks (QGraphicsView).

The view only shows and reports: a drag, a resize, a drawn rectangle, a drop or a key press
becomes a signal with the proposed new times; the area turns it into an undoable command
and the grid is rebuilt from the vault when the change comes back. Until then a dragged
block simply stays where it was dropped.

Times are drawn in wall-clock time (what the clock on the wall says, as every calendar
does); durations shown are real elapsed minutes, so on the night clocks go back a
01:00-04:00 block is drawn three hours tall but labelled "4h".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from ...domain.model import TimeBlock
from ...domain.week import (
    SNAP_MINUTES,
    is_all_day,
    lane_spans,
    lay_out_lanes,
    minutes_since_midnight,
    snap_minutes,
    wall_time,
)
from .block_item import BlockItem, BlockStyle
from .grid_background import GridBackground, TodayColumn
from .grid_drag import Drag, DragState, GridDragMixin
from .grid_geometry import DAY_MINUTES, GUTTER, HOUR_HEIGHT, MINUTE_HEIGHT, local_minutes


class WeekGrid(GridDragMixin, QGraphicsView):
    """Seven (or five) day columns of 24 hours; working hours are left unshaded."""

    block_change_requested = Signal(int, object, object)  # id, new start, new end
    block_draw_requested = Signal(object, object)  # start, end
    tasks_dropped = Signal(list, object)  # task ids, start
    block_activated = Signal(int)  # Enter or double-click: edit
    empty_slot_activated = Signal(object, object)  # double-click on empty time: start, end
    block_delete_requested = Signal(int)
    block_menu_requested = Signal(int, object)  # id, global QPoint
    selection_changed = Signal(object)  # block id or None
    columns_changed = Signal()  # gutter/column geometry changed (the header follows)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WeekGrid")
        self.setAccessibleName("Week grid")
        self.setAccessibleDescription(
            "Arrow keys move the selected block by 15 minutes or a day; Shift with Up or "
            "Down changes its length; Enter edits; Delete removes; Tab goes to the next block."
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setAccessibleName("Week grid")
        # Focus and keys belong to the view itself; a click on the viewport focuses the view.
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The viewport's focus proxy is the view, so the line above made the view NoFocus
        # too (out of the Tab chain, unreachable from Ctrl+2): give it its policy back.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setAcceptDrops(True)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self._scene = QGraphicsScene(self)
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(self._scene)
        self.days: list[date] = []
        self.tz: tzinfo = UTC
        self.now: datetime | None = None
        self.day_start_hour = 8
        self.day_end_hour = 18
        self.blocks: list[TimeBlock] = []
        self.recurring_ids: set[int] = set()
        self.items_by_id: dict[int, BlockItem] = {}
        self.selected_id: int | None = None
        self.privacy = False  # see set_privacy
        self._drag = DragState()
        self._ghost = QGraphicsRectItem()
        self._ghost.setZValue(10)
        self._ghost.setVisible(False)
        self._scene.addItem(self._ghost)
        self._today = TodayColumn(self)
        self._scene.addItem(self._today)
        self._today_index = -1
        self._scrolled_once = False
        self._style: BlockStyle | None = None
        self._frame: tuple[object, ...] = ()
        self._laid_out_width = -1.0  # the column width of the last layout (see _relayout)
        # Painted from two one-hour bands (~0.3 MB), not QGraphicsView's CacheBackground
        # copy of the whole viewport (~1.3-1.6 MB): the same pixels (grid_background.py).
        self._background = GridBackground()
        self.setMinimumSize(QSize(420, 240))

    # -- content ------------------------------------------------------------------------
    def set_week(
        self,
        days: Sequence[date],
        blocks: Sequence[TimeBlock],
        tz: tzinfo,
        *,
        now: datetime | None,
        day_start_hour: int,
        day_end_hour: int,
        recurring_ids: set[int] | None = None,
    ) -> None:
        """Show ``blocks`` on ``days`` (all-day blocks are left to the header)."""
        self.days = list(days)
        self.tz = tz
        self.now = now
        self.day_start_hour = day_start_hour
        self.day_end_hour = day_end_hour
        shown = set(self.days)
        self.blocks = [
            b
            for b in blocks
            if not is_all_day(b.start, b.end, tz) and b.start.astimezone(tz).date() in shown
        ]
        self.recurring_ids = recurring_ids or set()
        today = now.astimezone(tz).date() if now else None
        # Today's column is an item over the background (TodayColumn), so the cached
        # background stays valid between this week and any other.
        self._today_index = self.days.index(today) if today in self.days else -1
        if self._style is None:
            self._style = BlockStyle(self.palette(), self.font())
        # Same days, hours and now-line minute: only the blocks that changed repaint.
        frame = (
            tuple(self.days),
            now.replace(second=0, microsecond=0) if now else None,
            day_start_hour,
            day_end_hour,
            tz,
        )
        repaint_all = frame != self._frame
        self._frame = frame
        self._rebuild_items(repaint_all)
        self._first_hour = max(0, day_start_hour - 1)
        if not self._scrolled_once and self.isVisible():
            self._scroll_to_first_hour()

    def _scroll_to_first_hour(self) -> None:
        """Open on the working day. Done once the view has its real size (on first show):
        before that the scroll range is wrong and the value gets clamped."""
        if not self._scrolled_once:
            self.scroll_to_hour(getattr(self, "_first_hour", 7))
            self._scrolled_once = True

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._scrolled_once:
            QTimer.singleShot(0, self._scroll_to_first_hour)

    def clear(self) -> None:
        self.blocks = []
        self.days = []
        self._frame = ()
        self._rebuild_items()
        if self._style is not None:
            self._style.forget_pixmaps()  # painted titles go with the lock

    def set_now(self, now: datetime) -> None:
        self.now = now
        self.viewport().update()

    def set_privacy(self, on: bool) -> None:
        """Privacy screen: blocks show only their kind and time (no reload needed)."""
        self.privacy = on
        for item in self.items_by_id.values():
            item.set_privacy(on)
        if self.selected_id in self.items_by_id:
            self.setAccessibleDescription(self.items_by_id[self.selected_id].describe())
        self.viewport().update()

    def scroll_to_hour(self, hour: int) -> None:
        self.verticalScrollBar().setValue(max(0, int(hour * HOUR_HEIGHT) - 10))

    def _rebuild_items(self, repaint_all: bool = True) -> None:
        """Bring the items in line with ``self.blocks``: a block still shown keeps its item
        (repainted only if the record changed), new blocks get items, gone ones lose them."""
        self._drag = DragState()
        self._ghost.setVisible(False)
        old = self.items_by_id
        self.items_by_id = {}
        tz = self.tz
        recurring_ids = self.recurring_ids
        # Days whose lanes must be laid out again: those a block left, entered or changed
        # times in (a move: one or two columns, not the week's ~40 blocks).
        dirty: set[date] = set()
        for block in self.blocks:
            if block.id in old:
                item = old.pop(block.id)  # type: ignore[arg-type]
                before = item.block
                recurring = block.id in recurring_ids
                if before is block and item.recurring == recurring and item.tz == tz:
                    pass  # the same row as shown (a week patched after one's own change)
                else:
                    if (before.start, before.end) != (block.start, block.end):
                        dirty.add(before.start.astimezone(tz).date())
                        dirty.add(block.start.astimezone(tz).date())
                    item.show_block(block, recurring, tz)
                self.items_by_id[item.block_id] = item
        spare = list(old.values())  # items of blocks no longer shown: reused for new ones
        dirty.update(item.block.start.astimezone(tz).date() for item in spare)
        for block in self.blocks:
            if block.id in self.items_by_id:
                continue
            recurring = block.id in recurring_ids
            if spare:
                item = spare.pop()
                item.show_block(block, recurring, tz)
            else:
                item = BlockItem(block, tz, recurring, self._style)
                self._scene.addItem(item)
            item.set_privacy(self.privacy)
            self.items_by_id[item.block_id] = item
            dirty.add(block.start.astimezone(tz).date())
        for item in spare:
            self._scene.removeItem(item)
        # in the blocks' order (by start), which lanes and Tab follow
        self.items_by_id = {b.id: self.items_by_id[b.id] for b in self.blocks}  # type: ignore[index]
        if self.selected_id not in self.items_by_id:
            self.selected_id = None
        self._relayout(repaint_all, None if repaint_all else dirty)
        if self.selected_id is not None:
            self.items_by_id[self.selected_id].setSelected(True)

    # -- geometry -----------------------------------------------------------------------
    @property
    def column_width(self) -> float:
        count = max(1, len(self.days))
        return max(40.0, (self.viewport().width() - GUTTER) / count)

    def column_x(self, index: int) -> float:
        return GUTTER + index * self.column_width

    def _relayout(self, repaint_all: bool = True, days: set[date] | None = None) -> None:
        """Place every block in its day's lanes; with ``days``, only the blocks of those
        days (the others are where the last layout at this column width put them)."""
        column_width = self.column_width  # asks the viewport: once, not once per block
        if column_width != self._laid_out_width:
            days = None  # the columns changed: every block moves
        self._laid_out_width = column_width
        width = GUTTER + column_width * max(1, len(self.days))
        self._scene.setSceneRect(0, 0, width, DAY_MINUTES * MINUTE_HEIGHT)
        self._today.place(
            self._today_index, GUTTER + self._today_index * column_width, column_width
        )
        by_day: dict[int, list[BlockItem]] = {}
        index_of = {d: i for i, d in enumerate(self.days)}
        for item in self.items_by_id.values():
            day = item.block.start.astimezone(self.tz).date()
            if days is None or day in days:
                by_day.setdefault(index_of[day], []).append(item)
        for day_index, items in by_day.items():
            spans = [local_minutes(i.block.start, i.block.end, self.tz) for i in items]
            stamps = [(_minute_stamp(s), _minute_stamp(e)) for s, e in spans]
            lanes = lay_out_lanes(stamps)
            widths = lane_spans(stamps, lanes)
            for item, (start, end), (lane, lane_count), span in zip(
                items, spans, lanes, widths, strict=True
            ):
                lane_width = column_width / lane_count
                x = GUTTER + day_index * column_width + lane * lane_width + 1
                rect = QRectF(
                    x,
                    start * MINUTE_HEIGHT,
                    max(8.0, lane_width * span - 3),
                    max(10.0, (end - start) * MINUTE_HEIGHT - 1),
                )
                item.setRect(rect)
                item.setZValue(1 + lane)
        if repaint_all:
            self.columns_changed.emit()
            self.viewport().update()

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._style = BlockStyle(self.palette(), self.font())
            for item in self.items_by_id.values():
                item.style = self._style
                item.update()  # drop the cached pixmap painted with the old colours

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._relayout()

    def block_rect(self, block_id: int) -> QRectF:
        """Scene rectangle of a block (tests and the e2e drag use it)."""
        return self.items_by_id[block_id].rect()

    def point_for(self, day_index: int, minute: int) -> QPointF:
        """Scene point at ``minute`` of a day column (middle of the column)."""
        return QPointF(self.column_x(day_index) + self.column_width / 2, minute * MINUTE_HEIGHT)

    def _slot_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """(day index, snapped wall-clock minute) under a scene point, or None."""
        if not self.days or scene_pos.x() < GUTTER:
            return None
        index = int((scene_pos.x() - GUTTER) // self.column_width)
        if not 0 <= index < len(self.days):
            return None
        minute = snap_minutes(scene_pos.y() / MINUTE_HEIGHT)
        return index, min(max(minute, 0), DAY_MINUTES)

    def time_at(self, day_index: int, minute: int) -> datetime:
        return wall_time(self.days[day_index], minute, self.tz)

    # -- painting -----------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        """Shading, lines and hour labels inside ``rect`` (grid_background.GridBackground).

        The bands do not depend on the dates, so switching between weeks makes no new
        background: today's column is drawn over it by :class:`TodayColumn`."""
        self._background.paint(self, painter, rect)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        if self.now is None:
            return
        local = self.now.astimezone(self.tz)
        if local.date() not in self.days:
            return
        index = self.days.index(local.date())
        y = minutes_since_midnight(local, self.tz) * MINUTE_HEIGHT
        red = QColor("#D62728")
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        faint = QColor(red)
        faint.setAlpha(70)
        painter.setPen(QPen(faint, 1))
        painter.drawLine(QPointF(GUTTER, y), QPointF(self.column_x(len(self.days)), y))
        painter.setPen(QPen(red, 2))
        x = self.column_x(index)
        painter.drawLine(QPointF(x, y), QPointF(x + self.column_width, y))
        painter.setBrush(red)
        painter.drawEllipse(QPointF(x, y), 4, 4)
        if self._drag.mode is Drag.NONE:
            return

    # -- selection ----------------------------------------------------------------------
    def select_block(self, block_id: int | None) -> None:
        before = self.selected_id
        for item in self.items_by_id.values():
            item.setSelected(item.block_id == block_id)
        self.selected_id = block_id if block_id in self.items_by_id else None
        if self.selected_id is not None:
            item = self.items_by_id[self.selected_id]
            self.ensureVisible(item, 0, 20)
            self.setAccessibleDescription(item.describe())
        self.selection_changed.emit(self.selected_id)
        if self.selected_id != before:  # the same block again (after its move): items did
            self.viewport().update()

    def ordered_ids(self) -> list[int]:
        return [
            b.id for b in sorted(self.blocks, key=lambda b: (b.start, b.id)) if b.id is not None
        ]

    # -- mouse --------------------------------------------------------------------------
    def _item_at(self, pos) -> BlockItem | None:  # type: ignore[no-untyped-def]
        for item in self.items(pos):
            if isinstance(item, BlockItem):
                return item
        return None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        item = self._item_at(event.position().toPoint())
        if item is not None:
            self.block_activated.emit(item.block_id)
            return
        slot = self._slot_at(self.mapToScene(event.position().toPoint()))
        if slot is not None:
            day_index, minute = slot
            minute = min((minute // 15) * 15, 24 * 60 - 30)
            self.empty_slot_activated.emit(
                self.time_at(day_index, minute), self.time_at(day_index, minute + 30)
            )

    def contextMenuEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        item = self._item_at(event.pos())
        if item is not None:
            self.select_block(item.block_id)
            self.block_menu_requested.emit(item.block_id, event.globalPos())

    # -- keyboard -----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        ordered = self.ordered_ids()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not (
            mods & Qt.KeyboardModifier.ControlModifier
        ):
            backwards = key == Qt.Key.Key_Backtab
            if self._step_selection(ordered, backwards):
                return
            self.select_block(None)
            QGraphicsView.focusNextPrevChild(self, not backwards)
            return
        if key == Qt.Key.Key_Escape:
            self.select_block(None)
            return
        block_id = self.selected_id
        if block_id is None or block_id not in self.items_by_id:
            super().keyPressEvent(event)
            return
        block = self.items_by_id[block_id].block
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.block_activated.emit(block_id)
            return
        if key == Qt.Key.Key_Delete:
            self.block_delete_requested.emit(block_id)
            return
        if key == Qt.Key.Key_Menu:
            rect = self.mapFromScene(self.items_by_id[block_id].rect().center())
            self.block_menu_requested.emit(block_id, self.viewport().mapToGlobal(rect))
            return
        if block.read_only:
            super().keyPressEvent(event)
            return
        step = timedelta(minutes=SNAP_MINUTES)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        tz = self.tz
        start, end = block.start, block.end
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            sign = -1 if key == Qt.Key.Key_Up else 1
            if shift:
                end = _wall_add(end, sign * step, tz)
            else:
                start = _wall_add(start, sign * step, tz)
                end = start.astimezone(UTC) + (block.end - block.start)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not shift:
            sign = -1 if key == Qt.Key.Key_Left else 1
            start = _wall_add(start, sign * timedelta(days=1), tz)
            end = start.astimezone(UTC) + (block.end - block.start)
        else:
            super().keyPressEvent(event)
            return
        self.block_change_requested.emit(block_id, start, end)

    def _step_selection(self, ordered: list[int], backwards: bool) -> bool:
        if not ordered:
            return False
        if self.selected_id not in ordered:
            self.select_block(ordered[-1] if backwards else ordered[0])
            return True
        position = ordered.index(self.selected_id) + (-1 if backwards else 1)
        if not 0 <= position < len(ordered):
            return False
        self.select_block(ordered[position])
        return True

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab inside the grid walks the blocks first (see keyPressEvent).
        if self.hasFocus() and self.blocks:
            return False
        return super().focusNextPrevChild(next)


def _minute_stamp(minute: int) -> datetime:
    """Minutes of a day as comparable datetimes, for the lane layout."""
    return datetime(2000, 1, 1, tzinfo=UTC) + timedelta(minutes=minute)


def _wall_add(moment: datetime, delta: timedelta, tz: tzinfo) -> datetime:
    naive = moment.astimezone(tz).replace(tzinfo=None) + delta
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
