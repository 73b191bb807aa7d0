"""What the week view reads and shows between two reads: a week's rows, the tasks still
unbooked in it, the week after a change (without reading it again) and its capacity.

Plain functions over rows the view already holds (``BlockService.week_rows`` reads them);
``services.blocks`` re-exports them for the week UI."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta, tzinfo
from typing import NamedTuple

from ..domain.capacity import Interval, WeekCapacity, week_capacity
from ..domain.model import TimeBlock
from ..domain.week import week_bounds
from ..storage.repositories.blocks import LONGEST_BLOCK, BlockRow, BookableTask
from .block_rows import BlockChange

# What the week's side panel and the fit check need of an open task (id, title, quadrant,
# estimate_minutes): a plain tuple, compared and hashed in C (the side panel compares two
# weeks' lists of several hundred).
UnbookedTask = BookableTask


class WeekRows(NamedTuple):
    """What a week switch reads, in one unit of work: the week's blocks as plain rows and
    the ids of the tasks booked in it."""

    blocks: list[BlockRow]
    booked_task_ids: frozenset[int]


def unbooked(tasks: Iterable[UnbookedTask], booked_task_ids: Iterable[int]) -> list[UnbookedTask]:
    """``tasks`` without those booked (the side panel's rule, for a list already loaded)."""
    booked = set(booked_task_ids)
    return [t for t in tasks if t.id not in booked]


def week_after(first_day: date, tz: tzinfo, week: WeekRows, change: BlockChange) -> WeekRows | None:
    """``week`` (as :meth:`BlockService.week_rows` read it) with ``change`` applied, without
    reading it again: the rows the change left in the week replace theirs, in the read's
    order. None when the change may have done more than the rows tell (a row of a series,
    whose later weeks are stored ahead, or one booking a task): then read the week again."""
    begin, end = week_bounds(first_day, tz)
    rows = {b.id: b for b in week.blocks}
    for block_id, after in change.after.items():
        before = change.before.get(block_id)
        for row in (before, after):
            if row is not None and (row["series_id"] is not None or row["task_id"] is not None):
                return None
        rows.pop(block_id, None)
        shown = after is not None and begin - LONGEST_BLOCK <= after["start"] < end
        if after is not None and shown and after["end"] > begin:
            rows[block_id] = BlockRow(**after)
    blocks = sorted(rows.values(), key=lambda b: (b.start, b.id))
    return WeekRows(blocks, week.booked_task_ids)


def week_capacity_of(
    first_day: date,
    tz: tzinfo,
    blocks: Iterable[TimeBlock | BlockRow],
    unbooked: Iterable[UnbookedTask],
    *,
    day_start_hour: int,
    day_end_hour: int,
    focus_target_percent: int,
) -> WeekCapacity:
    """Capacity figures of the week of ``first_day`` (see ``domain.capacity``) from the
    blocks and unbooked tasks a caller already holds (the week view: rows it read itself,
    so they are not checked one by one again as a service call's arguments are)."""
    days = [first_day + timedelta(days=i) for i in range(7)]
    return week_capacity(
        [Interval(b.start, b.end, b.kind) for b in blocks],
        days,
        tz,
        day_start_hour=day_start_hour,
        day_end_hour=day_end_hour,
        task_estimates=[t.estimate_minutes for t in unbooked],
        focus_target_percent=focus_target_percent,
    )
