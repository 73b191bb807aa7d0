"""The insights chart as it painted before issue 18 (kept only as the reference that
``test_chart_pixels_same_as_before.py`` compares the new paint with, pixel by pixel).

A verbatim copy of ``ui/review/charts.Chart`` at commit f799d30.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from leaddesk.ui.review.charts import Series, nice_axis_top


class OldChart(QWidget):
    """A compact chart: title, reading, y-axis maximum, and one or two series."""

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
        self.series = series
        self.x_labels = x_labels
        self.reading = reading
        self.target = target
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

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        muted = QColor(text)
        muted.setAlpha(140)
        grid = QColor(text)
        grid.setAlpha(40)
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))

        title_font = QFont(self.font())
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text)
        margin = 10
        painter.drawText(
            QRectF(margin, 6, self.width() - 2 * margin, 20),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        painter.setFont(self.font())
        painter.setPen(muted)
        painter.drawText(
            QRectF(margin, 26, self.width() - 2 * margin, 18),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.fontMetrics().elidedText(
                self.reading, Qt.TextElideMode.ElideRight, self.width() - 2 * margin
            ),
        )
        plot = QRectF(44, 52, self.width() - 44 - margin, self.height() - 52 - 26)
        if plot.width() < 20 or plot.height() < 20:
            return
        y_max = self._y_max()

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * min(value, y_max) / y_max

        # Grid and y labels.
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        painter.setFont(small)
        for i in range(5):
            value = y_max * i / 4
            y = y_of(value)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(
                QRectF(0, y - 8, plot.left() - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:g}{self.unit}",
            )
        count = max((len(s.values) for s in self.series), default=0)
        if count == 0:
            painter.setPen(muted)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No data yet")
            return
        step = plot.width() / count

        def x_of(i: int) -> float:
            return plot.left() + step * (i + 0.5)

        # X labels: at most ~8 to stay readable.
        every = max(1, -(-count // 7))
        painter.setPen(muted)
        shown = [i for i in range(len(self.x_labels)) if i % every == 0]
        last = len(self.x_labels) - 1
        if shown and shown[-1] != last and last - shown[-1] >= every / 2:
            shown.append(last)  # the newest week, when it does not crowd its neighbour
        for i in shown:
            painter.drawText(
                QRectF(x_of(i) - 30, plot.bottom() + 4, 60, 16),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                self.x_labels[i],
            )
        if self.target is not None:
            pen = QPen(muted, 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(
                QPointF(plot.left(), y_of(self.target)), QPointF(plot.right(), y_of(self.target))
            )
        bar_series = [s for s in self.series if s.bars]
        for k, s in enumerate(bar_series):
            width = step * 0.7 / max(1, len(bar_series))
            for i, value in enumerate(s.values):
                if value is None:
                    continue
                left = x_of(i) - step * 0.35 + k * width
                painter.fillRect(
                    QRectF(left, y_of(value), width - 1, plot.bottom() - y_of(value)), s.color
                )
        for s in self.series:
            if s.bars:
                continue
            painter.setPen(QPen(s.color, 2))
            path = QPainterPath()
            open_run = False
            for i, value in enumerate(s.values):
                if value is None:
                    open_run = False
                    continue
                point = QPointF(x_of(i), y_of(value))
                if open_run:
                    path.lineTo(point)
                else:
                    path.moveTo(point)
                    open_run = True
                painter.drawEllipse(point, 2.5, 2.5)
            painter.drawPath(path)
        # Legend for multi-series charts.
        if len(self.series) > 1:
            x = plot.right()
            for s in reversed(self.series):
                width = self.fontMetrics().horizontalAdvance(s.label) + 18
                x -= width
                painter.fillRect(QRectF(x, 8, 10, 10), s.color)
                painter.setPen(muted)
                painter.drawText(
                    QRectF(x + 13, 4, width, 18), Qt.AlignmentFlag.AlignVCenter, s.label
                )
        painter.end()
