"""The insights charts paint from geometry worked out once per data and size, and copy
their frame (background, title, grid, y labels) from pixels kept per size and look (issue
18); what they paint is the same, pixel for pixel, as the chart before (``old_chart.py``), in
the light and the dark palette and over a see-through background, at every size the
insights use, painted again from what was kept, with gaps, targets, values over the axis,
two series and no data.

One exception: a line is stroked as its segments (Qt's fast path for a thick antialiased
segment, ~10x cheaper than the polyline the old chart stroked), whose antialiased edges
fall a little differently. Charts with lines are therefore compared twice: with the lines
see-through (everything else exact), and as the eye sees them, averaged over 4x4 pixel
cells (a line missing, moved by a pixel or drawn across a gap changes a cell by far more
than the bound; the edges' rounding by at most ~23 of 255).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QWidget

from leaddesk.ui.review.charts import Chart, Series

from .old_chart import OldChart

BLUE, RED, GREEN = QColor("#2f6fde"), QColor("#d64545"), QColor("#2e9e5b")
LABELS = [f"{d:02d} Nov" for d in range(26)]

CASES = {
    "line with gaps": (
        {"unit": "%", "y_max": 100},
        [Series("Done", [50.0, None, 62.5, 100.0, 0.0, None, None, 33.3] * 3 + [12.0, 71.0], BLUE)],
        "Half of last week's plan got done; 52% on average over 26 weeks (a long reading "
        "that has to be elided at the narrow sizes of the grid)",
        50,
    ),
    "two bar series": (
        {"unit": ""},
        [
            Series("Do", [float(i % 5) for i in range(26)], RED, bars=True),
            Series("Schedule", [float((i * 7) % 11) for i in range(26)], GREEN, bars=True),
        ],
        "Do took 40% of completed work; Schedule got the rest.",
        None,
    ),
    "bars over a target": (
        {"unit": "h"},
        [Series("Focus", [float(i) * 1.37 for i in range(26)], BLUE, bars=True)],
        "3.0 h of focus last week against a 8.0 h target; on target in 4 of 26 weeks.",
        8.0,
    ),
    "values over the axis, four weeks": (
        {"unit": "%", "y_max": 100},
        [Series("On time", [120.0, None, 80.0, 100.0], GREEN)],
        "",
        None,
    ),
    "no data": ({"unit": ""}, [], "", None),
    "all gaps": ({"unit": "%", "y_max": 100}, [Series("On", [None] * 26, GREEN)], "n/a", None),
}


def _dark() -> QPalette:
    palette = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.Base, "#1b1b1d"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Text, "#e8eaed"),
    ):
        palette.setColor(role, QColor(color))
    return palette


def _see_through() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor(250, 250, 250, 200))
    return palette


PALETTES = {"light": lambda: None, "dark": _dark, "see-through": _see_through}


def _paint(chart: QWidget, size: QSize, palette: QPalette | None) -> QImage:
    if palette is not None:
        chart.setPalette(palette)
    chart.resize(size)
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(0)
    chart.render(image)
    return image


def _cell_difference(a: QImage, b: QImage, cell: int = 4) -> float:
    """The largest difference of one channel's mean over a ``cell`` x ``cell`` square."""
    assert a.size() == b.size()
    largest = 0.0
    for top in range(0, a.height() - cell + 1, cell):
        for left in range(0, a.width() - cell + 1, cell):
            sums = [0] * 8
            for y in range(top, top + cell):
                for x in range(left, left + cell):
                    pa, pb = a.pixel(x, y), b.pixel(x, y)
                    for n, shift in enumerate((0, 8, 16, 24)):
                        sums[n] += pa >> shift & 255
                        sums[n + 4] += pb >> shift & 255
            largest = max(largest, *(abs(sums[n] - sums[n + 4]) for n in range(4)))
    return largest / (cell * cell)


def _see_through(series: list[Series]) -> list[Series]:
    """The series with their lines (and points) invisible; bars as they are."""
    return [s if s.bars else Series(s.label, s.values, QColor(0, 0, 0, 0), s.bars) for s in series]


def _assert_paints_as_old(new: Chart, old: OldChart, size: QSize, palette, lines: bool) -> None:  # type: ignore[no-untyped-def]
    painted, before = _paint(new, size, palette), _paint(old, size, palette)
    if not lines:
        assert painted == before, size
    else:
        assert _cell_difference(painted, before) <= 24, size


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("look", list(PALETTES))
def test_chart_paints_the_same_pixels_as_before(qapp, case: str, look: str) -> None:
    options, series, reading, target = CASES[case]
    labels = LABELS[: max((len(s.values) for s in series), default=0)]
    lines = any(not s.bars and any(v is not None for v in s.values) for s in series)
    palette = PALETTES[look]()
    tries = [(series, lines)]
    if lines:
        tries.insert(0, (_see_through(series), False))  # all but the lines: exact
    for shown, with_lines in tries:
        new, old = Chart("A chart", **options), OldChart("A chart", **options)
        new.set_data(shown, labels, reading, target)
        old.set_data(shown, labels, reading, target)
        for size in (QSize(420, 220), QSize(320, 190), QSize(613, 281), QSize(60, 40)):
            _assert_paints_as_old(new, old, size, palette, with_lines)
            # Painted again at the same size: from the kept geometry, still the same.
            _assert_paints_as_old(new, old, size, palette, with_lines)
        # New data at the same size is laid out anew.
        fewer = [Series(s.label, list(s.values)[:3], s.color, s.bars) for s in shown]
        new.set_data(fewer, labels[:3], "changed", target)
        old.set_data(fewer, labels[:3], "changed", target)
        _assert_paints_as_old(new, old, QSize(420, 220), palette, with_lines)


def test_a_line_drawn_across_a_gap_is_told_apart(qapp) -> None:
    """The line comparison's bound catches a line where the old chart had none."""
    values = [50.0, None, 62.5, 100.0, 0.0, None, None, 33.3]
    gaps = [Series("Done", values, BLUE)]
    bridged = [Series("Done", [50.0, 56.0, 62.5, 100.0, 0.0, 11.0, 22.0, 33.3], BLUE)]
    new, old = Chart("A chart", y_max=100), OldChart("A chart", y_max=100)
    new.set_data(bridged, LABELS[:8], "", None)
    old.set_data(gaps, LABELS[:8], "", None)
    painted, before = _paint(new, QSize(420, 220), None), _paint(old, QSize(420, 220), None)
    assert _cell_difference(painted, before) > 24


def test_the_same_data_again_schedules_no_paint(qapp) -> None:
    chart = Chart("A chart")
    series = [Series("Do", [1.0, 2.0], RED, bars=True)]
    chart.set_data(series, ["a", "b"], "reading")
    layout = chart._layout()
    chart.set_data([Series("Do", [1.0, 2.0], RED, bars=True)], ["a", "b"], "reading")
    assert chart._layout() is layout  # nothing to work out again
    chart.set_data([Series("Do", [1.0, 3.0], RED, bars=True)], ["a", "b"], "reading")
    assert chart._layout() is not layout
