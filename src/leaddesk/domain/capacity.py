"""Capacity of a planned week: hours per kind, booked vs free, "does it fit?", focus share.

Pure arithmetic over (start, end, kind) intervals so it can be checked against hand-made
figures. All durations are real elapsed minutes (a 01:00-04:00 block on the night clocks go
back lasts four hours); working windows are wall-clock hours on each working day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from .model import BlockKind
from .week import day_instants, is_all_day, real_minutes

WORKDAYS = frozenset(range(5))  # Monday to Friday
DEFAULT_TASK_MINUTES = 30  # a task without an estimate is planned as half an hour


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime
    kind: BlockKind


@dataclass(frozen=True)
class DayCapacity:
    day: date
    is_workday: bool
    minutes_by_kind: dict[BlockKind, int]
    working_minutes: int  # length of the working window (0 on days off)
    booked_minutes: int  # working-window minutes covered by any block (overlaps once)
    has_break: bool
    planned_minutes: int  # all block minutes of the day, inside or outside working hours

    @property
    def free_minutes(self) -> int:
        return max(0, self.working_minutes - self.booked_minutes)


@dataclass(frozen=True)
class WeekCapacity:
    days: list[DayCapacity]
    minutes_by_kind: dict[BlockKind, int]
    working_minutes: int
    booked_minutes: int
    task_minutes: int  # estimates of open Do/Schedule tasks not booked this week
    tasks_without_estimate: int
    focus_target_percent: int
    warnings: list[str] = field(default_factory=list)

    @property
    def free_minutes(self) -> int:
        return max(0, self.working_minutes - self.booked_minutes)

    @property
    def fits(self) -> bool:
        return self.task_minutes <= self.free_minutes

    @property
    def shortfall_minutes(self) -> int:
        return max(0, self.task_minutes - self.free_minutes)

    @property
    def focus_minutes(self) -> int:
        return self.minutes_by_kind.get(BlockKind.FOCUS, 0)

    @property
    def focus_percent(self) -> float:
        """Focus time as a share of the working hours of the week."""
        if self.working_minutes <= 0:
            return 0.0
        return 100.0 * self.focus_minutes / self.working_minutes

    @property
    def focus_on_target(self) -> bool:
        return self.focus_percent >= self.focus_target_percent


def _union_minutes(pieces: list[tuple[datetime, datetime]]) -> int:
    """Minutes covered by the union of intervals (overlapping blocks count once)."""
    total = 0
    current_start: datetime | None = None
    current_end: datetime | None = None
    for start, end in sorted(pieces):
        if current_end is None or start > current_end:
            if current_start is not None and current_end is not None:
                total += real_minutes(current_start, current_end)
            current_start, current_end = start, end
        elif end > current_end:
            current_end = end
    if current_start is not None and current_end is not None:
        total += real_minutes(current_start, current_end)
    return total


def week_capacity(
    blocks: Iterable[Interval],
    days: Sequence[date],
    tz: tzinfo,
    *,
    day_start_hour: int,
    day_end_hour: int,
    task_estimates: Sequence[int | None] = (),
    focus_target_percent: int = 20,
    workdays: frozenset[int] = WORKDAYS,
) -> WeekCapacity:
    """Capacity figures for ``days`` (a week); all-day events are left out."""
    timed = [b for b in blocks if not is_all_day(b.start, b.end, tz)]
    by_day: dict[date, list[Interval]] = {d: [] for d in days}
    for block in timed:
        local_day = block.start.astimezone(tz).date()
        if local_day in by_day:
            by_day[local_day].append(block)

    day_figures: list[DayCapacity] = []
    for day in days:
        blocks_today = by_day[day]
        per_kind: dict[BlockKind, int] = {}
        for block in blocks_today:
            per_kind[block.kind] = per_kind.get(block.kind, 0) + real_minutes(
                block.start, block.end
            )
        is_workday = day.weekday() in workdays
        working = booked = 0
        if is_workday and day_end_hour > day_start_hour:
            window_start, window_end = day_instants(day, tz, day_start_hour, day_end_hour)
            working = real_minutes(window_start, window_end)
            clipped = [
                (max(b.start, window_start), min(b.end, window_end))
                for b in blocks_today
                if b.end > window_start and b.start < window_end
            ]
            booked = _union_minutes(clipped)
        day_figures.append(
            DayCapacity(
                day=day,
                is_workday=is_workday,
                minutes_by_kind=per_kind,
                working_minutes=working,
                booked_minutes=booked,
                has_break=BlockKind.BREAK in per_kind,
                planned_minutes=sum(per_kind.values()),
            )
        )

    totals: dict[BlockKind, int] = {}
    for figure in day_figures:
        for kind, minutes in figure.minutes_by_kind.items():
            totals[kind] = totals.get(kind, 0) + minutes

    estimates = list(task_estimates)
    task_minutes = sum(e if e else DEFAULT_TASK_MINUTES for e in estimates)
    warnings: list[str] = []
    for figure in day_figures:
        busy = figure.planned_minutes - figure.minutes_by_kind.get(BlockKind.BREAK, 0)
        if figure.is_workday and busy >= 4 * 60 and not figure.has_break:
            warnings.append(f"No break planned on {figure.day.strftime('%A')}.")
    if any(f.planned_minutes for f in day_figures) and BlockKind.BUFFER not in totals:
        warnings.append("No buffer this week for interruptions.")
    capacity = WeekCapacity(
        days=day_figures,
        minutes_by_kind=totals,
        working_minutes=sum(f.working_minutes for f in day_figures),
        booked_minutes=sum(f.booked_minutes for f in day_figures),
        task_minutes=task_minutes,
        tasks_without_estimate=sum(1 for e in estimates if not e),
        focus_target_percent=focus_target_percent,
        warnings=warnings,
    )
    if not capacity.fits:
        warnings.append("The open Do and Schedule tasks do not fit into the free time.")
    return capacity


def format_minutes(minutes: int) -> str:
    """``90`` → ``"1h 30m"``; ``120`` → ``"2h"``; ``45`` → ``"45m"``."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours}h {rest:02d}m"
    if hours:
        return f"{hours}h"
    return f"{rest}m"
