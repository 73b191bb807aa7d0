"""The working hours of a week, as the review's figures count them (its own module so the
overview and step 1 use it without importing the insights' charts)."""

from __future__ import annotations

from ..context import AppContext


def working_hours_per_week(ctx: AppContext) -> float:
    """Working hours of a five-day week from the day start/end settings."""
    start = ctx.settings.get("week/day_start_hour")
    end = ctx.settings.get("week/day_end_hour")
    return float(max(0, end - start) * 5)
