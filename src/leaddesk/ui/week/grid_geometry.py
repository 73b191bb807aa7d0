"""Geometry of the week grid shared by the view, its drag handling and the plan preview:
the hour gutter, the scale (pixels per minute) and where a block sits in its day column."""

from __future__ import annotations

from datetime import datetime, tzinfo

from ...domain.week import minutes_since_midnight

GUTTER = 54  # width of the hour labels on the left
HOUR_HEIGHT = 44
MINUTE_HEIGHT = HOUR_HEIGHT / 60
DAY_MINUTES = 24 * 60
RESIZE_HANDLE = 6  # pixels at the bottom of a block that resize instead of move


def local_minutes(block_start: datetime, block_end: datetime, tz: tzinfo) -> tuple[int, int]:
    """Wall-clock (start, end) minutes of a block on its day column; midnight end = 1440."""
    start = minutes_since_midnight(block_start, tz)
    end = minutes_since_midnight(block_end, tz)
    if block_end.astimezone(tz).date() > block_start.astimezone(tz).date():
        end = DAY_MINUTES
    return start, max(end, start + 1)
