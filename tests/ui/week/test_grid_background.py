"""Issue 18 (peak memory): the week grid's background from two one-hour bands.

A cached copy of the whole viewport was ~1.3-1.6 MB; two bands the width of the view are
~0.26 MB. The pixels must be exactly those of painting shading, lines and labels directly,
for any exposed part of the view, palette, set of days and working hours.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from leaddesk.services.demo import seed_demo
from leaddesk.ui.week.grid_background import (
    GridBackground,
    GridLook,
    draw_hour_labels,
    paint_direct,
)


def _image(grid, rect: QRectF, paint) -> QImage:  # type: ignore[no-untyped-def]
    """``rect`` of the scene painted by ``paint`` as the view paints it (translated)."""
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_RGB32)
    image.fill(QColor("#ff00ff"))  # anything left unpainted shows
    painter = QPainter(image)
    painter.setFont(grid.viewport().font())
    painter.translate(-rect.left(), -rect.top())
    painter.setClipRect(rect)
    paint(painter, rect)
    painter.end()
    return image


def _direct(grid):  # type: ignore[no-untyped-def]
    def paint(painter: QPainter, rect: QRectF) -> None:
        look = GridLook(grid.palette())
        paint_direct(grid, painter, look, rect)
        draw_hour_labels(painter, look, rect)

    return paint


def _bands(grid, background: GridBackground):  # type: ignore[no-untyped-def]
    return lambda painter, rect: background.paint(grid, painter, rect)


def _rects(grid) -> list[QRectF]:  # type: ignore[no-untyped-def]
    view = grid.viewport().rect()
    width, height = view.width(), view.height()
    return [
        QRectF(0, 0, width, 24 * 44 + 60),  # the whole day and below it
        QRectF(0, 300, width, height),  # scrolled, as the view exposes it
        QRectF(200, 340, 117, 95),  # a block's rectangle (a move repaints two)
        QRectF(0, 430, 60, 40),  # the gutter across an hour line
        QRectF(48, 300, 40, 300),  # just right of the labels (a Monday block's rectangle)
        QRectF(44, 300, 40, 300),  # over the labels' right edge
        QRectF(57, 0, 31, 44),  # exactly one band
        QRectF(width - 40, 1000, 50, 200),  # the last column, past the end of the day
    ]


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("weekends", [True, False])
@pytest.mark.parametrize("hours", [(8, 18), (0, 24), (9, 17)])
def test_the_bands_paint_exactly_what_direct_painting_does(
    area, ctx, dark: bool, weekends: bool, hours: tuple[int, int]
) -> None:
    seed_demo(ctx.services)
    ctx.settings.set("week/show_weekends", weekends)
    ctx.settings.set("week/day_start_hour", hours[0])
    ctx.settings.set("week/day_end_hour", hours[1])
    area.refresh()
    grid = area.grid
    if dark:
        palette = QPalette(grid.palette())
        palette.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#4c8bf5"))
        grid.setPalette(palette)
    QApplication.processEvents()
    assert len(grid.days) == (7 if weekends else 5)
    background = GridBackground()
    for rect in _rects(grid):
        expected = _image(grid, rect, _direct(grid))
        assert _image(grid, rect, _bands(grid, background)) == expected, rect
    # the grid's own painting (grid.drawBackground, the bands) equals the direct one
    rect = _rects(grid)[1]
    assert _image(grid, rect, grid.drawBackground) == _image(grid, rect, _direct(grid))


def test_the_bands_follow_a_new_width_palette_and_hours(area, ctx) -> None:
    """One GridBackground through a resize, a palette change and new working hours: the
    bands are made again, never painted stale."""
    grid = area.grid
    background = GridBackground()
    rect = QRectF(0, 0, grid.viewport().width(), 600)
    assert _image(grid, rect, _bands(grid, background)) == _image(grid, rect, _direct(grid))
    area.resize(1100, 700)
    QApplication.processEvents()
    rect = QRectF(0, 0, grid.viewport().width(), 600)
    assert _image(grid, rect, _bands(grid, background)) == _image(grid, rect, _direct(grid))
    palette = QPalette(grid.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    grid.setPalette(palette)
    assert _image(grid, rect, _bands(grid, background)) == _image(grid, rect, _direct(grid))
    ctx.settings.set("week/day_start_hour", 6)
    area.refresh()
    assert grid.day_start_hour == 6
    assert _image(grid, rect, _bands(grid, background)) == _image(grid, rect, _direct(grid))


def test_the_bands_are_small(area) -> None:
    grid = area.grid
    background = GridBackground()
    _image(grid, QRectF(0, 0, 100, 100), _bands(grid, background))
    pixels = sum(b.width() * b.height() for b in background._bands.values())
    viewport = grid.viewport().width() * grid.viewport().height()
    assert pixels * 4 < viewport  # a quarter of a viewport-sized cache, or less
