"""What the week grid draws behind its blocks: the day columns' shading (off hours,
working hours, weekends), the hour and half-hour lines, and today's column.

:class:`GridBackground` paints it from two cached one-hour bands the width of the view
(working hours, off hours: ~0.26 MB at 750 px) instead of the view's cached copy of the whole
viewport (``CacheBackground``, ~1.3-1.6 MB; issue 18, peak memory): every hour of the day is
one of the two bands, and only the hour labels are drawn each time (when the gutter is
exposed). The bands do not depend on the week shown; today's column is an item
(:class:`TodayColumn`) painted over them, with the same shading tinted and the same lines,
so a switch between this week and another makes no new background. A repaint costs a
Python call per exposed region (0.02-0.09 ms for a block's rectangle) where the viewport
copy was a plain blit: inside the noise of the block-move and week-switch figures.
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .grid_geometry import DAY_MINUTES, GUTTER, HOUR_HEIGHT, MINUTE_HEIGHT

if TYPE_CHECKING:
    from .grid import WeekGrid


class GridLook:
    """The grid's opaque, pre-mixed colours for one palette."""

    def __init__(self, palette: QPalette) -> None:
        self.base = palette.color(QPalette.ColorRole.Base)
        self.text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        self.off_hours = mix(self.base, self.text, 0.055)
        self.today_on = mix(self.base, highlight, 0.07)
        self.today_off = mix(self.off_hours, highlight, 0.07)
        self.line = mix(self.base, self.text, 0.16)
        self.half_line = mix(self.base, self.text, 0.07)


def shade_column(
    painter: QPainter,
    look: GridLook,
    x: float,
    width: float,
    day: date,
    working: tuple[float, float],
    *,
    today: bool,
) -> None:
    """A day column's shading: off hours, working hours (``working``: scene y of its start
    and end; tinted for today), weekends."""
    height = DAY_MINUTES * MINUTE_HEIGHT
    top_work, bottom_work = working
    on = look.today_on if today else look.base
    off = look.today_off if today else look.off_hours
    if day.weekday() >= 5:
        painter.fillRect(QRectF(x, 0, width, height), off)
        return
    painter.fillRect(QRectF(x, 0, width, top_work), off)
    if on is not look.base:
        painter.fillRect(QRectF(x, top_work, width, bottom_work - top_work), on)
    painter.fillRect(QRectF(x, bottom_work, width, height - bottom_work), off)


def draw_lines(
    painter: QPainter,
    look: GridLook,
    hour_left: float,
    half_left: float,
    right: float,
    columns: list[float],
    rect: QRectF,
    first_hour: int,
    last_hour: int,
) -> None:
    """Hour lines and column lines, then half-hour lines (in this order: where they cross,
    the half-hour line is on top)."""
    painter.setPen(QPen(look.line, 1))
    painter.drawLines(
        [
            QLineF(hour_left, hour * HOUR_HEIGHT, right, hour * HOUR_HEIGHT)
            for hour in range(first_hour, last_hour + 1)
        ]
        + [QLineF(x, rect.top(), x, rect.bottom()) for x in columns]
    )
    painter.setPen(QPen(look.half_line, 1))
    painter.drawLines(
        [
            QLineF(half_left, (hour + 0.5) * HOUR_HEIGHT, right, (hour + 0.5) * HOUR_HEIGHT)
            for hour in range(first_hour, min(last_hour, 24))
        ]
    )


class TodayColumn(QGraphicsItem):
    """Today's day column, tinted, with its lines: over the cached background, under the
    blocks (see the module docstring)."""

    def __init__(self, grid: WeekGrid) -> None:
        super().__init__()
        self.grid = grid
        self.index = -1
        self._bounds = QRectF()
        self.setZValue(-1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setVisible(False)

    def place(self, index: int, x: float, width: float) -> None:
        """Today is day column ``index`` at ``x`` (-1: not in the week shown)."""
        bounds = QRectF()
        if index >= 0:
            bounds = QRectF(x - 1, 0, width + 2, DAY_MINUTES * MINUTE_HEIGHT)
        if (index, bounds) != (self.index, self._bounds):
            self.prepareGeometryChange()
            self.index, self._bounds = index, bounds
            self.update()
        self.setVisible(index >= 0)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        grid = self.grid
        if not 0 <= self.index < len(grid.days):
            return
        look = GridLook(grid.palette())
        x, width = grid.column_x(self.index), grid.column_width
        working = (grid.day_start_hour * HOUR_HEIGHT, grid.day_end_hour * HOUR_HEIGHT)
        shade_column(painter, look, x, width, grid.days[self.index], working, today=True)
        # the lines crossing the column, as the background draws them
        rect = self._bounds
        draw_lines(painter, look, x - 1, x - 1, x + width + 1, [x, x + width], rect, 0, 24)


LABEL_RIGHT = GUTTER - 6  # no pixel of an hour label is at or right of this x (tested)


class GridBackground:
    """The grid's background (shading, lines, hour labels) painted from two cached bands.

    A band is one hour of the whole width: base, the day columns' shading for a working
    or an off hour (weekends are off all day), the hour line at its top, the half-hour
    line and the column lines, drawn with the same calls as a direct paint, so every
    pixel is the same. Anything outside the day (a view taller than 24 hours) is painted
    directly. The bands are made again when the colours, columns or hours change.
    """

    def __init__(self) -> None:
        self._key: tuple[object, ...] = ()
        self._bands: dict[bool, QPixmap] = {}  # working hour? -> its band
        self._look: tuple[int, GridLook] | None = None  # for the palette of this cache key

    def paint(self, grid: WeekGrid, painter: QPainter, rect: QRectF) -> None:
        palette = grid.palette()
        if self._look is None or self._look[0] != palette.cacheKey():
            self._look = (palette.cacheKey(), GridLook(palette))
        look = self._look[1]
        column_width = grid.column_width
        columns = [GUTTER + i * column_width for i in range(len(grid.days) + 1)]
        width = math.ceil(max(columns[-1], grid.viewport().width())) + 2
        self._ensure_bands(grid, look, columns, column_width, width)
        day_height = DAY_MINUTES * MINUTE_HEIGHT
        top, bottom = max(rect.top(), 0.0), min(rect.bottom(), day_height)
        left, right = max(rect.left(), 0.0), min(rect.right(), float(width))
        if top < bottom and left < right:
            x0, x1 = math.floor(left), math.ceil(right)
            start, end = grid.day_start_hour, grid.day_end_hour
            for hour in range(int(top // HOUR_HEIGHT), math.ceil(bottom / HOUR_HEIGHT)):
                y = hour * HOUR_HEIGHT
                y0 = max(y, math.floor(top))
                y1 = min(y + HOUR_HEIGHT, math.ceil(bottom))
                if y1 <= y0:
                    continue
                painter.drawPixmap(
                    QRectF(x0, y0, x1 - x0, y1 - y0),
                    self._bands[start <= hour < end],
                    QRectF(x0, y0 - y, x1 - x0, y1 - y0),
                )
        outside = [  # below the day, right of the bands: painted directly
            QRectF(rect.left(), day_height, rect.width(), rect.bottom() - day_height),
            QRectF(width, rect.top(), rect.right() - width, rect.height()),
        ]
        for part in outside:
            if part.width() > 0 and part.height() > 0:
                painter.save()
                painter.setClipRect(part, Qt.ClipOperation.IntersectClip)
                paint_direct(grid, painter, look, part.intersected(rect))
                painter.restore()
        if rect.left() < LABEL_RIGHT:  # a block's rectangle starts right of the labels
            draw_hour_labels(painter, look, rect)

    def _ensure_bands(
        self, grid: WeekGrid, look: GridLook, columns: list[float], column_width: float, width: int
    ) -> None:
        ratio = grid.viewport().devicePixelRatioF()
        weekends = tuple(day.weekday() >= 5 for day in grid.days)
        colours = (look.base, look.off_hours, look.line, look.half_line)
        key = (
            tuple(c.rgba() for c in colours),
            tuple(columns),
            weekends,
            width,
            ratio,
        )
        if key == self._key:
            return
        self._key = key
        self._bands = {}
        for working in (True, False):
            band = QPixmap(math.ceil(width * ratio), math.ceil(HOUR_HEIGHT * ratio))
            band.setDevicePixelRatio(ratio)
            painter = QPainter(band)
            painter.fillRect(QRectF(0, 0, width, HOUR_HEIGHT), look.base)
            for x, weekend in zip(columns, weekends, strict=False):
                if weekend or not working:
                    painter.fillRect(QRectF(x, 0, column_width, HOUR_HEIGHT), look.off_hours)
            box = QRectF(0, 0, width, HOUR_HEIGHT)
            draw_lines(painter, look, GUTTER - 4, GUTTER, columns[-1], columns, box, 0, 1)
            painter.end()
            self._bands[working] = band


def paint_direct(grid: WeekGrid, painter: QPainter, look: GridLook, rect: QRectF) -> None:
    """Shading and lines inside ``rect``, drawn directly (no hour labels)."""
    painter.fillRect(rect, look.base)
    width = grid.column_width
    working = (grid.day_start_hour * HOUR_HEIGHT, grid.day_end_hour * HOUR_HEIGHT)
    for index, day in enumerate(grid.days):
        x = grid.column_x(index)
        if x > rect.right() or x + width < rect.left():
            continue
        shade_column(painter, look, x, width, day, working, today=False)
    right = grid.column_x(len(grid.days))
    first_hour = max(0, int(rect.top() // HOUR_HEIGHT))
    last_hour = min(24, int(rect.bottom() // HOUR_HEIGHT) + 1)
    columns = [grid.column_x(i) for i in range(len(grid.days) + 1)]
    draw_lines(painter, look, GUTTER - 4, GUTTER, right, columns, rect, first_hour, last_hour)


def draw_hour_labels(painter: QPainter, look: GridLook, rect: QRectF) -> None:
    """ "01:00" … "23:00" in the gutter, for the hours ``rect`` reaches."""
    first_hour = max(0, int(rect.top() // HOUR_HEIGHT))
    last_hour = min(24, int(rect.bottom() // HOUR_HEIGHT) + 1)
    font = QFont(painter.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.82))
    painter.setFont(font)
    painter.setPen(mix(look.base, look.text, 0.6))
    for hour in range(max(1, first_hour), min(last_hour + 1, 24)):
        painter.drawText(
            QRectF(0, hour * HOUR_HEIGHT - 8, GUTTER - 8, 16),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{hour:02d}:00",
        )


def mix(base: QColor, other: QColor, share: float) -> QColor:
    """``other`` blended into ``base`` as an opaque colour (cheaper than alpha fills)."""
    return QColor(
        round(base.red() * (1 - share) + other.red() * share),
        round(base.green() * (1 - share) + other.green() * share),
        round(base.blue() * (1 - share) + other.blue() * share),
    )
