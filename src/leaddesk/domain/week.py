"""Week maths: a real calendar week (Monday to Sunday by default), never a rolling 7 days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

MONDAY = 0
SUNDAY = 6


def week_start(day: date, first_weekday: int = MONDAY) -> date:
    """The first day of the calendar week that contains ``day``."""
    offset = (day.weekday() - first_weekday) % 7
    return day - timedelta(days=offset)


def week_days(start: date) -> list[date]:
    return [start + timedelta(days=i) for i in range(7)]


def week_bounds(start: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """Aware start and end instants of the week in ``tz`` (a DST week is 167 or 169 hours)."""
    begin = local_datetime(start, time(0), tz)
    end = local_datetime(start + timedelta(days=7), time(0), tz)
    return begin, end


def local_datetime(day: date, at: time, tz: tzinfo) -> datetime:
    """Wall-clock ``day at`` in ``tz``; a nonexistent DST time resolves forward (fold=0)."""
    return datetime.combine(day, at, tzinfo=tz)


def iso_week_label(start: date) -> str:
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"
