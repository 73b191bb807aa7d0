"""The readings under the insights charts: the averages skip weeks with nothing to measure
and agree with ``statistics.mean`` (the readings average with ``math.fsum``, issue 18)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from statistics import mean

from leaddesk.domain.review_rules import WeekFigures
from leaddesk.ui.review.insights import readings


def _week(
    n: int, plan: float | None, share: float | None, cadence: float | None, check: float | None
) -> WeekFigures:
    return WeekFigures(
        week_start=date(2026, 6, 1) + timedelta(weeks=n),
        plan_done_percent=plan,
        planned=4,
        done=2.0,
        do_completed=1,
        schedule_completed=1,
        do_share_percent=share,
        focus_hours=3.0,
        focus_target_hours=8.0,
        one_on_ones_on_cadence_percent=cadence,
        check_ins_on_time_percent=check,
        feedback_positive=n % 2,
        feedback_constructive=1,
    )


def test_readings_average_only_the_weeks_with_something_to_measure() -> None:
    rnd = random.Random(18)

    def value() -> float | None:
        return None if rnd.random() < 0.3 else rnd.uniform(0, 100)

    weeks = [_week(n, value(), value(), value(), value()) for n in range(26)]
    weeks[-1] = _week(25, 40.0, 70.0, None, 12.5)

    def avg(field: str) -> float:
        return mean(v for w in weeks if (v := getattr(w, field)) is not None)

    found = readings(weeks)
    assert f"{avg('plan_done_percent'):.0f}% on average over 26 weeks" in found["plan"]
    assert found["plan"].startswith("40% of last week's plan got done")
    assert f"Do took {avg('do_share_percent'):.0f}% of completed work" in found["do"]
    assert f"{avg('one_on_ones_on_cadence_percent'):.0f}% of reports" in found["one_on_ones"]
    assert f"{avg('check_ins_on_time_percent'):.0f}% of open delegations" in found["check_ins"]
    assert found["focus"].endswith("on target in 0 of 26 weeks.")
    assert found["feedback"] == "13 positive and 26 constructive pieces of feedback over 26 weeks."


def test_weeks_with_nothing_to_measure_say_so() -> None:
    weeks = [_week(n, None, None, None, None) for n in range(4)]
    found = readings(weeks)
    assert found["plan"] == "Nothing was planned in these weeks yet."
    assert found["do"] == "No Do or Schedule tasks were completed in these weeks."
    assert found["one_on_ones"] == "No reports to measure yet."
    assert found["check_ins"] == "No delegations were open in these weeks."
    assert readings([]) == {}
