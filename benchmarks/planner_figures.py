"""Figures for issue 16 ("planning that thinks"), ready to be wired into the benchmark run.

* ``proposal_figure``: the pure week proposal (``domain.planner.plan_week``) for 30 open
  tasks over a week that already holds 40 blocks, plus five one-on-ones due. Target:
  at most 50 ms.
* ``capture_parse_figure``: reading one typed capture line (``domain.capture_parse``).
* ``quick_capture_figure``: opening the quick-capture window, typing a line that yields
  four chips, until painted (``ctx``: an unlocked ``AppContext``, as the interaction
  figures use). Target: open and parse at most 16 ms.

Each returns the median milliseconds of ``repeats`` runs after one warm-up; the inputs are
fixed (a seeded ``random.Random``), so every run measures the same work. Run this file
directly for a quick look at the two pure figures.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 23)
CAPTURE_LINE = "Estimate the A/B test for Carla by fri 2h schedule"
PEOPLE = [
    (1, "Priya Raman"),
    (2, "Marco Bianchi"),
    (3, "Aisha Okafor"),
    (4, "Jonas Weber"),
    (5, "Lena Kowalski"),
    (6, "Daniel Okoro"),
    (7, "Sam Fischer"),
    (8, "Carla Mendes"),
]


def _median_ms(repeats: int, action: Any) -> float:
    action()  # warm-up: imports and caches
    samples = []
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def proposal_inputs(seed: int = 16) -> tuple[list[Any], list[Any], list[Any]]:
    """30 tasks, 40 existing blocks, 5 one-on-ones due (deterministic)."""
    from leaddesk.domain.capacity import Interval
    from leaddesk.domain.model import BlockKind, Quadrant
    from leaddesk.domain.planner import PlanOneOnOne, PlanTask

    rnd = random.Random(seed)
    blocks = []
    for i in range(40):
        day = MONDAY + timedelta(days=i % 5)
        start = datetime(
            day.year, day.month, day.day, 8 + i // 5, 15 * rnd.randint(0, 3), tzinfo=TZ
        )
        minutes = 30 + 15 * rnd.randint(0, 2)
        blocks.append(
            Interval(start, start + timedelta(minutes=minutes), rnd.choice(list(BlockKind)))
        )
    titles = ["Review the PR", "Design doc", "Email batch", "Roadmap draft", "Fix the flaky test"]
    tasks = [
        PlanTask(
            id=i + 1,
            title=f"{rnd.choice(titles)} {i}",
            quadrant=rnd.choice([Quadrant.DO, Quadrant.SCHEDULE]),
            estimate_minutes=rnd.choice([None, 30, 45, 60, 90, 180, 240]),
            due_on=MONDAY + timedelta(days=rnd.randint(-2, 9)) if i % 3 == 0 else None,
            position=float(i),
        )
        for i in range(30)
    ]
    people = [
        PlanOneOnOne(100 + i, f"Person {i}", 30, MONDAY + timedelta(days=i)) for i in range(5)
    ]
    return tasks, blocks, people


def proposal_figure(repeats: int = 50) -> float:
    from leaddesk.domain.planner import plan_week

    tasks, blocks, people = proposal_inputs()
    return _median_ms(repeats, lambda: plan_week(tasks, blocks, MONDAY, TZ, one_on_ones=people))


def capture_parse_figure(repeats: int = 200) -> float:
    from leaddesk.domain.capture_parse import parse_capture

    return _median_ms(repeats, lambda: parse_capture(CAPTURE_LINE, PEOPLE, MONDAY))


def quick_capture_figure(ctx: Any, repeats: int = 20) -> float:
    """Open the quick-capture window, put the line in, let Qt paint; then close it."""
    from PySide6.QtWidgets import QApplication

    from leaddesk.ui.matrix.capture import QuickCaptureDialog, open_quick_capture

    def once() -> None:
        open_quick_capture(ctx, None)
        dialog = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, QuickCaptureDialog)
        )
        dialog.title_edit.setText(CAPTURE_LINE)
        QApplication.processEvents()
        QApplication.processEvents()
        dialog.reject()
        dialog.close()
        QApplication.processEvents()

    return _median_ms(repeats, once)


if __name__ == "__main__":
    print(f"week proposal (30 tasks, 40 blocks): {proposal_figure():.2f} ms (target <= 50 ms)")
    print(f"capture line parse: {capture_parse_figure() * 1000:.0f} µs")
