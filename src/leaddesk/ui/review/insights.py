"""Insights over 4-26 weeks: is the lead's week getting better? Charts exportable as PNG."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain.review_rules import WeekFigures
from ...domain.week import week_start
from ..context import AppContext
from ..file_dialogs import save_file_name
from .charts import Chart, Series
from .week_hours import working_hours_per_week

BLUE = QColor("#2f6fde")
ORANGE = QColor("#d9822b")
GREEN = QColor("#2e9e5b")
PURPLE = QColor("#8a5cd1")
RED = QColor("#d64545")

WEEK_CHOICES = (4, 8, 13, 26)


@functools.lru_cache(maxsize=512)
def week_label(day: date) -> str:
    """A week's label under the charts ("16 Nov", the month in the user's language): each
    week's once, as ``strftime`` imports the time module on every call (26 labels on
    every refresh)."""
    return day.strftime("%d %b")


def _avg(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    # fsum / len, not statistics.mean: the same figure to the digits shown, ~40x cheaper
    # (mean adds exact fractions: 0.2 ms of every refresh for four averages)
    return math.fsum(present) / len(present) if present else None


def _fmt_pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}%"


def readings(weeks: Sequence[WeekFigures]) -> dict[str, str]:
    """The one-line reading under each chart (plain words, no jargon)."""
    if not weeks:
        return {}
    last = weeks[-1]
    n = len(weeks)
    pvd = _avg([w.plan_done_percent for w in weeks])
    plan = (
        "Nothing was planned in these weeks yet."
        if pvd is None
        else f"{_fmt_pct(last.plan_done_percent)} of last week's plan got done; "
        f"{pvd:.0f}% on average over {n} weeks (around 50% is a normal start)."
    )
    share = _avg([w.do_share_percent for w in weeks])
    if share is None:
        do_text = "No Do or Schedule tasks were completed in these weeks."
    elif share > 60:
        do_text = f"Do took {share:.0f}% of completed work: firefighting crowds out Schedule."
    else:
        do_text = f"Do took {share:.0f}% of completed work; Schedule got the rest."
    on_target = sum(
        1 for w in weeks if w.focus_target_hours and w.focus_hours >= w.focus_target_hours
    )
    focus = (
        f"{last.focus_hours:.1f} h of focus last week against a {last.focus_target_hours:.1f} h "
        f"target; on target in {on_target} of {n} weeks."
    )
    cadence = _avg([w.one_on_ones_on_cadence_percent for w in weeks])
    one_on_ones = (
        "No reports to measure yet."
        if cadence is None
        else f"{cadence:.0f}% of reports were on their one-on-one cadence, on average."
    )
    check = _avg([w.check_ins_on_time_percent for w in weeks])
    check_ins = (
        "No delegations were open in these weeks."
        if check is None
        else f"{check:.0f}% of open delegations had news within their check-in cadence."
    )
    pos = sum(w.feedback_positive for w in weeks)
    con = sum(w.feedback_constructive for w in weeks)
    feedback = (
        "No feedback recorded in these weeks."
        if pos + con == 0
        else f"{pos} positive and {con} constructive pieces of feedback over {n} weeks."
    )
    return {
        "plan": plan,
        "do": do_text,
        "focus": focus,
        "one_on_ones": one_on_ones,
        "check_ins": check_ins,
        "feedback": feedback,
    }


class InsightsView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.weeks: list[WeekFigures] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        heading = QLabel("<b>Insights</b> — are your weeks getting better?")
        bar.addWidget(heading)
        bar.addStretch(1)
        span_label = QLabel("&Span:")
        self.span = QComboBox()
        self.span.setAccessibleName("Insights span")
        for count in WEEK_CHOICES:
            self.span.addItem(f"Last {count} weeks", count)
        self.span.setCurrentIndex(len(WEEK_CHOICES) - 1)
        span_label.setBuddy(self.span)
        self.span.currentIndexChanged.connect(self._on_span_changed)
        self.export_button = QPushButton("Export as PNG…")
        self.export_button.setAccessibleName("Export insights as PNG")
        self.export_button.clicked.connect(self._on_export_clicked)
        bar.addWidget(span_label)
        bar.addWidget(self.span)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)

        self.grid_host = QWidget()
        grid = QGridLayout(self.grid_host)
        grid.setSpacing(10)
        self.charts = {
            "plan": Chart("Plan vs done", unit="%", y_max=100),
            "do": Chart("Completed: Do vs Schedule", unit=""),
            "focus": Chart("Focus hours vs target", unit="h"),
            "one_on_ones": Chart("One-on-ones on cadence", unit="%", y_max=100),
            "check_ins": Chart("Delegation check-ins on time", unit="%", y_max=100),
            "feedback": Chart("Feedback given", unit=""),
        }
        for i, chart in enumerate(self.charts.values()):
            grid.addWidget(chart, i // 2, i % 2)
        # Six charts are taller than a 1280x720 screen: they scroll, the window stays put.
        self.grid_scroll = QScrollArea()
        self.grid_scroll.setWidgetResizable(True)
        self.grid_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.grid_scroll.setWidget(self.grid_host)
        layout.addWidget(self.grid_scroll, 1)

    # -- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.ctx.is_unlocked:
            return
        today = self.ctx.clock.today()
        first_weekday = self.ctx.settings.get("week/first_weekday")
        current = week_start(today, first_weekday)
        count = int(self.span.currentData())
        self.weeks = self.ctx.services.reviews.insights(
            current - timedelta(weeks=1) if today.weekday() < 4 else current,
            count,
            working_hours_per_week=working_hours_per_week(self.ctx),
            focus_target_percent=self.ctx.settings.get("week/focus_target_percent"),
        )
        self._paint_data()

    def clear_private(self) -> None:
        self.weeks = []
        for chart in self.charts.values():
            chart.clear()

    def _paint_data(self) -> None:
        weeks = self.weeks
        labels = [week_label(w.week_start) for w in weeks]
        text = readings(weeks)
        c = self.charts
        c["plan"].set_data(
            [Series("Done", [w.plan_done_percent for w in weeks], BLUE)], labels, text["plan"], 50
        )
        c["do"].set_data(
            [
                Series("Do", [float(w.do_completed) for w in weeks], RED, bars=True),
                Series("Schedule", [float(w.schedule_completed) for w in weeks], GREEN, bars=True),
            ],
            labels,
            text["do"],
        )
        c["focus"].set_data(
            [Series("Focus", [w.focus_hours for w in weeks], PURPLE, bars=True)],
            labels,
            text["focus"],
            weeks[-1].focus_target_hours if weeks else None,
        )
        c["one_on_ones"].set_data(
            [Series("On cadence", [w.one_on_ones_on_cadence_percent for w in weeks], GREEN)],
            labels,
            text["one_on_ones"],
        )
        c["check_ins"].set_data(
            [Series("On time", [w.check_ins_on_time_percent for w in weeks], ORANGE)],
            labels,
            text["check_ins"],
        )
        c["feedback"].set_data(
            [
                Series("Positive", [float(w.feedback_positive) for w in weeks], GREEN, bars=True),
                Series(
                    "Constructive",
                    [float(w.feedback_constructive) for w in weeks],
                    ORANGE,
                    bars=True,
                ),
            ],
            labels,
            text["feedback"],
        )

    # -- export ------------------------------------------------------------------------------
    def export_png(self, path: Path) -> None:
        from ...private_files import private_target  # 0600 from the first byte, atomic

        with private_target(path) as partial:
            if not self.grid_host.grab().save(str(partial), "PNG"):
                raise OSError("The image could not be written.")

    def _on_span_changed(self, _index: int) -> None:
        self.refresh()

    def _on_export_clicked(self) -> None:
        name = save_file_name(self, "Export insights", "leaddesk-insights.png", "PNG image (*.png)")
        if name:
            try:
                self.export_png(Path(name))
            except OSError as exc:
                self.ctx.report(exc, self)


__all__ = ["InsightsView", "readings", "working_hours_per_week"]
