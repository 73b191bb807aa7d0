"""Small line/bar charts painted with QPainter: readable in light and dark palettes.

One chart per figure, each with a one-line reading of what it shows. ``None`` values (a
week with nothing to measure) are drawn as gaps, never as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    color: QColor
    bars: bool = False


def nice_axis_top(top: float, steps: int = 4) -> float:
    """The smallest ``steps`` x (1, 2, 2.5 or 5 x 10^k) that is at least ``top`` (min 4)."""
    import math

    if top <= steps:
        return float(steps)
    raw = top / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude * steps
    return 10 * magnitude * steps  # pragma: no cover


class _Layout:
    """Everything a paint needs, computed from the data and the size (numbers only)."""

    __slots__ = (
        "bars",
        "empty",
        "grid",
        "legend",
        "lines",
        "plot",
        "reading",
        "target",
        "x_labels",
        "y_labels",
    )

    def __init__(self) -> None:
        self.reading = ""
        self.plot: QRectF | None = None
        self.grid: list[QLineF] = []
        self.y_labels: list[tuple[QRectF, str]] = []
        self.empty = False
        self.x_labels: list[tuple[QRectF, str]] = []
        self.target: QLineF | None = None
        self.bars: list[tuple[list[QRectF], QColor]] = []
        self.lines: list[tuple[QColor, list[QPointF], list[QLineF]]] = []
        self.legend: list[tuple[QRectF, QColor, QRectF, str]] = []


class Chart(QWidget):
    """A compact chart: title, reading, y-axis maximum, and one or two series.

    The geometry (bars, points, lines, label places) is worked out once per data and size
    (:meth:`_layout`); a paint only draws it, and new data equal to what is shown changes
    nothing."""

    def __init__(
        self,
        title: str,
        *,
        unit: str = "",
        y_max: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.unit = unit
        self.fixed_y_max = y_max
        self.reading = ""
        self.series: list[Series] = []
        self.x_labels: list[str] = []
        self.target: float | None = None
        self._cached: tuple[QSize, _Layout] | None = None
        self._frame_cache: tuple[tuple[object, ...], QPixmap] | None = None
        self.setMinimumSize(320, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(f"{title} chart")

    def sizeHint(self) -> QSize:
        return QSize(420, 220)

    def set_data(
        self,
        series: list[Series],
        x_labels: list[str],
        reading: str,
        target: float | None = None,
    ) -> None:
        if (
            series == self.series
            and x_labels == self.x_labels
            and reading == self.reading
            and target == self.target
        ):
            return  # what is shown already
        self.series = series
        self.x_labels = x_labels
        self.reading = reading
        self.target = target
        self._cached = None
        self.setAccessibleDescription(reading)
        self.setToolTip(reading)
        self.update()

    def clear(self) -> None:
        self.set_data([], [], "")

    # -- painting ------------------------------------------------------------------------
    def _y_max(self) -> float:
        """A round top for the axis, so the four grid steps are 1, 2 or 5 x 10^k."""
        if self.fixed_y_max is not None:
            return self.fixed_y_max
        values = [v for s in self.series for v in s.values if v is not None]
        if self.target is not None:
            values.append(self.target)
        return nice_axis_top(max(values, default=0.0))

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        return small

    def _layout(self) -> _Layout:
        """The geometry for the current data at the current size (kept until either changes)."""
        size = self.size()
        if self._cached is not None and self._cached[0] == size:
            return self._cached[1]
        out = _Layout()
        width, height = self.width(), self.height()
        margin = 10
        metrics = self.fontMetrics()
        out.reading = metrics.elidedText(
            self.reading, Qt.TextElideMode.ElideRight, width - 2 * margin
        )
        self._cached = (size, out)
        plot = QRectF(44, 52, width - 44 - margin, height - 52 - 26)
        if plot.width() < 20 or plot.height() < 20:
            return out
        out.plot = plot
        y_max = self._y_max()
        left, right, bottom, plot_height = plot.left(), plot.right(), plot.bottom(), plot.height()

        def y_of(value: float) -> float:
            return bottom - plot_height * min(value, y_max) / y_max

        for i in range(5):
            value = y_max * i / 4
            y = y_of(value)
            out.grid.append(QLineF(QPointF(left, y), QPointF(right, y)))
            out.y_labels.append((QRectF(0, y - 8, left - 6, 16), f"{value:g}{self.unit}"))
        count = max((len(s.values) for s in self.series), default=0)
        if count == 0:
            out.empty = True
            return out
        step = plot.width() / count

        def x_of(i: int) -> float:
            return left + step * (i + 0.5)

        # X labels: at most ~8 to stay readable.
        every = max(1, -(-count // 7))
        shown = [i for i in range(len(self.x_labels)) if i % every == 0]
        last = len(self.x_labels) - 1
        if shown and shown[-1] != last and last - shown[-1] >= every / 2:
            shown.append(last)  # the newest week, when it does not crowd its neighbour
        out.x_labels = [(QRectF(x_of(i) - 30, bottom + 4, 60, 16), self.x_labels[i]) for i in shown]
        if self.target is not None:
            y = y_of(self.target)
            out.target = QLineF(QPointF(left, y), QPointF(right, y))
        bar_series = [s for s in self.series if s.bars]
        for k, s in enumerate(bar_series):
            bar_width = step * 0.7 / max(1, len(bar_series))
            rects = []
            for i, value in enumerate(s.values):
                if value is None:
                    continue
                top = y_of(value)
                rects.append(
                    QRectF(x_of(i) - step * 0.35 + k * bar_width, top, bar_width - 1, bottom - top)
                )
            out.bars.append((rects, s.color))
        for s in self.series:
            if s.bars:
                continue
            # The line as its segments, not one path: Qt's raster engine strokes a thick
            # antialiased segment on a fast path, ~10x faster than a polyline (issue 18);
            # where two meet, the point's ring covers the join.
            segments = []
            points = []
            previous: QPointF | None = None
            for i, value in enumerate(s.values):
                if value is None:
                    previous = None
                    continue
                point = QPointF(x_of(i), y_of(value))
                if previous is not None:
                    segments.append(QLineF(previous, point))
                points.append(point)
                previous = point
            out.lines.append((s.color, points, segments))
        # Legend for multi-series charts.
        if len(self.series) > 1:
            x = right
            for s in reversed(self.series):
                label_width = metrics.horizontalAdvance(s.label) + 18
                x -= label_width
                out.legend.append(
                    (QRectF(x, 8, 10, 10), s.color, QRectF(x + 13, 4, label_width, 18), s.label)
                )
        return out

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._cached = None  # text widths and elision depend on the font
        super().changeEvent(event)

    def _paint_frame(
        self, painter: QPainter, layout: _Layout, base: QColor, text: QColor, muted: QColor
    ) -> None:
        painter.fillRect(self.rect(), base)
        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text)
        painter.drawText(
            QRectF(10, 6, self.width() - 20, 20),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        if layout.plot is not None:
            grid = QColor(text)
            grid.setAlpha(40)
            painter.setFont(self._small_font())
            painter.setPen(QPen(grid, 1))
            painter.drawLines(layout.grid)
            painter.setPen(muted)
            right_middle = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            for rect, label in layout.y_labels:
                painter.drawText(rect, right_middle, label)
        centre_top = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        for rect, label in layout.x_labels:
            painter.drawText(rect, centre_top, label)
        # The legend sits above the plot, clear of everything painted later.
        for swatch, color, rect, label in layout.legend:
            painter.fillRect(swatch, color)
            painter.setPen(muted)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, label)

    def _frame(self, layout: _Layout, base: QColor, text: QColor, muted: QColor) -> QPixmap | None:
        """The chart's frame as pixels: background, title, grid, axis labels and legend. They
        change only with the size, the look, the axis and the weeks shown, so a repaint
        copies them (the same pixels as drawing them: what is painted later does not overlap
        them, and the background is opaque)."""
        if base.alpha() != 255:
            return None
        ratio = self.devicePixelRatioF()
        key = (
            self.size(),
            ratio,
            self.palette().cacheKey(),
            self.font().key(),
            self.title,
            tuple(line.y1() for line in layout.grid),
            tuple(label for _, label in layout.y_labels),
            tuple((rect.x(), label) for rect, label in layout.x_labels),
            tuple((rect.x(), color.rgba(), label) for _, color, rect, label in layout.legend),
        )
        if self._frame_cache is not None and self._frame_cache[0] == key:
            return self._frame_cache[1]
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_frame(painter, layout, base, text, muted)
        painter.end()
        self._frame_cache = (key, pixmap)
        return pixmap

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        layout = self._layout()
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        muted = QColor(text)
        muted.setAlpha(140)
        base = pal.color(QPalette.ColorRole.Base)
        frame = self._frame(layout, base, text, muted)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if frame is not None:
            painter.drawPixmap(0, 0, frame)
        else:
            self._paint_frame(painter, layout, base, text, muted)
        painter.setFont(self.font())
        painter.setPen(muted)
        painter.drawText(
            QRectF(10, 26, self.width() - 20, 18),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            layout.reading,
        )
        if layout.plot is None:
            return
        painter.setFont(self._small_font())
        if layout.empty:
            painter.drawText(layout.plot, Qt.AlignmentFlag.AlignCenter, "No data yet")
            return
        if layout.target is not None:
            painter.setPen(QPen(muted, 1, Qt.PenStyle.DashLine))
            painter.drawLine(layout.target)
        for rects, color in layout.bars:
            for rect in rects:
                painter.fillRect(rect, color)
        for color, points, segments in layout.lines:
            painter.setPen(QPen(color, 2))
            for point in points:
                painter.drawEllipse(point, 2.5, 2.5)
            painter.drawLines(segments)
        painter.end()
