"""Week maths: a real calendar week (Monday to Sunday by default), never a rolling 7 days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

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


# -- grid maths (pure; used by the week grid and the block service) -----------------------

SNAP_MINUTES = 15


def snap_minutes(minutes: float, step: int = SNAP_MINUTES) -> int:
    """Round a minute offset to the nearest grid step (15 minutes by default)."""
    return int(round(minutes / step) * step)


def minutes_since_midnight(moment: datetime, tz: tzinfo) -> int:
    """Wall-clock minutes since local midnight of ``moment``'s local day (0..1439).

    The grid is drawn in wall-clock time, as every desktop calendar does: on the day of a
    DST change 02:00-03:00 is drawn normally (spring) or once (autumn) while durations
    shown and counted are real elapsed time.
    """
    local = moment.astimezone(tz)
    return local.hour * 60 + local.minute


def day_instants(
    day: date, tz: tzinfo, start_hour: int, end_hour: int
) -> tuple[datetime, datetime]:
    """Aware instants of ``start_hour``..``end_hour`` wall-clock on ``day`` (24 = midnight)."""
    begin = _wall(day, start_hour * 60, tz)
    end = _wall(day, end_hour * 60, tz)
    return begin, end


def _wall(day: date, minutes: int, tz: tzinfo) -> datetime:
    """Wall-clock ``minutes`` after midnight on ``day`` (1440 = the next midnight)."""
    extra_days, minutes = divmod(minutes, 24 * 60)
    return local_datetime(day + timedelta(days=extra_days), time(minutes // 60, minutes % 60), tz)


def wall_time(day: date, minutes: int, tz: tzinfo) -> datetime:
    """Public form of :func:`_wall`: the instant shown at ``minutes`` on ``day``'s column."""
    return _wall(day, minutes, tz)


def real_minutes(start: datetime, end: datetime) -> int:
    """Elapsed minutes between two aware instants (DST-correct: compared in UTC)."""
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)


def lay_out_lanes(intervals: list[tuple[datetime, datetime]]) -> list[tuple[int, int]]:
    """Side-by-side placement of overlapping blocks of one day: ``(lane, lanes)`` per input.

    Blocks are grouped into clusters of transitively overlapping intervals; inside a cluster
    each block takes the first free lane, and every block in the cluster is drawn
    ``1/lanes`` wide, so no block ever hides another (the Google Calendar/Thunderbird rule).
    """
    order = sorted(range(len(intervals)), key=lambda i: (intervals[i][0], intervals[i][1]))
    result: list[tuple[int, int]] = [(0, 1)] * len(intervals)
    cluster: list[int] = []
    lane_ends: list[datetime] = []
    cluster_end: datetime | None = None

    def close_cluster() -> None:
        lanes = max(1, len(lane_ends))
        for index in cluster:
            result[index] = (result[index][0], lanes)

    for index in order:
        start, end = intervals[index]
        if cluster_end is not None and start >= cluster_end:
            close_cluster()
            cluster.clear()
            lane_ends.clear()
            cluster_end = None
        for lane, lane_end in enumerate(lane_ends):
            if lane_end <= start:
                lane_ends[lane] = end
                break
        else:
            lane = len(lane_ends)
            lane_ends.append(end)
        result[index] = (lane, 0)
        cluster.append(index)
        cluster_end = end if cluster_end is None else max(cluster_end, end)
    if cluster:
        close_cluster()
    return result


def is_all_day(start: datetime, end: datetime, tz: tzinfo) -> bool:
    """True for a block that covers a whole local day (an imported all-day event).

    Such blocks are shown in the day header strip, not in the time grid, and are left out of
    capacity figures (a holiday or a colleague's birthday is not "booked time").
    """
    local_start = start.astimezone(tz)
    local_end = end.astimezone(tz)
    return (
        local_start.hour == 0
        and local_start.minute == 0
        and local_end.hour == 0
        and local_end.minute == 0
        and local_end.date() > local_start.date()
    )


def first_free_slot(
    busy: list[tuple[datetime, datetime]],
    days: list[date],
    tz: tzinfo,
    *,
    day_start_hour: int,
    day_end_hour: int,
    minutes: int,
    not_before: datetime,
    workdays: frozenset[int] = frozenset(range(5)),
) -> datetime | None:
    """The earliest 15-minute-aligned start inside working hours where ``minutes`` fit
    between ``busy`` intervals (booking a task from the keyboard, without a drag)."""
    step = timedelta(minutes=SNAP_MINUTES)
    length = timedelta(minutes=minutes)
    for day in days:
        if day.weekday() not in workdays:
            continue
        window_start, window_end = day_instants(day, tz, day_start_hour, day_end_hour)
        cursor = window_start
        while cursor + length <= window_end:
            end = cursor + length
            if cursor >= not_before and not any(s < end and cursor < e for s, e in busy):
                return cursor
            cursor = cursor + step
    return None


def lane_spans(
    intervals: list[tuple[datetime, datetime]], lanes: list[tuple[int, int]]
) -> list[int]:
    """How many lanes each block may widen into: free lanes to its right, for its whole
    time, stay usable (a short overlap does not make a long block narrow all day)."""
    spans: list[int] = []
    for index, (start, end) in enumerate(intervals):
        lane, count = lanes[index]
        span = 1
        for next_lane in range(lane + 1, count):
            blocked = any(
                lanes[other][0] == next_lane and s < end and start < e
                for other, (s, e) in enumerate(intervals)
                if other != index
            )
            if blocked:
                break
            span += 1
        spans.append(span)
    return spans
