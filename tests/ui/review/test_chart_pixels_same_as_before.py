"""The insights charts paint from geometry worked out once per data and size, and copy
their frame (background, title, grid, y labels) from pixels kept per size and look (issue
18); what they paint is the same, pixel for pixel, as the chart before (``old_chart.py``), in
the light and the dark palette and over a see-through background, at every size the
insights use, painted again from what was kept, with gaps, targets, values over the axis,
two series and no data."""

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


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("look", list(PALETTES))
def test_chart_paints_the_same_pixels_as_before(qapp, case: str, look: str) -> None:
    options, series, reading, target = CASES[case]
    labels = LABELS[: max((len(s.values) for s in series), default=0)]
    new, old = Chart("A chart", **options), OldChart("A chart", **options)
    new.set_data(series, labels, reading, target)
    old.set_data(series, labels, reading, target)
    palette = PALETTES[look]()
    for size in (QSize(420, 220), QSize(320, 190), QSize(613, 281), QSize(60, 40)):
        assert _paint(new, size, palette) == _paint(old, size, palette), size
        # Painted again at the same size: from the kept geometry, still the same.
        assert _paint(new, size, palette) == _paint(old, size, palette), size
    # New data at the same size is laid out anew.
    fewer = [Series(s.label, list(s.values)[:3], s.color, s.bars) for s in series]
    new.set_data(fewer, labels[:3], "changed", target)
    old.set_data(fewer, labels[:3], "changed", target)
    assert _paint(new, QSize(420, 220), palette) == _paint(old, QSize(420, 220), palette)


def test_the_same_data_again_schedules_no_paint(qapp) -> None:
    chart = Chart("A chart")
    series = [Series("Do", [1.0, 2.0], RED, bars=True)]
    chart.set_data(series, ["a", "b"], "reading")
    layout = chart._layout()
    chart.set_data([Series("Do", [1.0, 2.0], RED, bars=True)], ["a", "b"], "reading")
    assert chart._layout() is layout  # nothing to work out again
    chart.set_data([Series("Do", [1.0, 3.0], RED, bars=True)], ["a", "b"], "reading")
    assert chart._layout() is not layout
