"""What the week grid draws behind its blocks: the day columns' shading (off hours,
working hours, weekends), the hour and half-hour lines, and today's column.

The grid view caches its background (``CacheBackground``) and that cache does not depend on
the week shown; today's column is an item (:class:`TodayColumn`) painted over it, with the
same shading tinted and the same lines, so a switch between this week and another
repaints no background.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from .grid_geometry import DAY_MINUTES, HOUR_HEIGHT, MINUTE_HEIGHT

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


def mix(base: QColor, other: QColor, share: float) -> QColor:
    """``other`` blended into ``base`` as an opaque colour (cheaper than alpha fills)."""
    return QColor(
        round(base.red() * (1 - share) + other.red() * share),
        round(base.green() * (1 - share) + other.green() * share),
        round(base.blue() * (1 - share) + other.blue() * share),
    )
