"""The free time of a week on the planner's 15-minute grid: working hours minus breaks,
existing blocks and the past, as whole minutes since the epoch, day by day.

:class:`FreeTimeMap` answers "the earliest free slot for N minutes" (and the one next to a
block of the same kind) and books slots as ``domain.planner`` places work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from .capacity import Interval
from .model import BlockKind
from .week import SNAP_MINUTES, is_all_day, wall_time

if TYPE_CHECKING:
    from .planner import PlanRules

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
STEP = SNAP_MINUTES


def epoch_minute(moment: datetime) -> int:
    """Whole minutes since the epoch (UTC), rounded down."""
    return int((moment.astimezone(UTC) - EPOCH).total_seconds() // 60)


def instant(minute: int, tz: tzinfo) -> datetime:
    return (EPOCH + timedelta(minutes=minute)).astimezone(tz)


def round_up(minute: int) -> int:
    return -(-minute // STEP) * STEP


def round_down(minute: int) -> int:
    return minute // STEP * STEP


def subtract(free: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in free:
        if b <= start or a >= end:
            out.append((a, b))
            continue
        if a < start:
            out.append((a, start))
        if end < b:
            out.append((end, b))
    return out


@dataclass
class FreeDay:
    day: date
    window: tuple[int, int]
    free: list[tuple[int, int]]
    kinds: list[tuple[int, int, BlockKind]]  # existing and proposed blocks, for batching


class FreeTimeMap:
    def __init__(
        self,
        week_start: date,
        tz: tzinfo,
        rules: PlanRules,
        blocks: Iterable[Interval],
        not_before: datetime | None,
    ) -> None:
        self.tz = tz
        self.rules = rules
        self.days: list[FreeDay] = []
        floor = round_up(epoch_minute(not_before)) if not_before is not None else None
        timed = [b for b in blocks if not is_all_day(b.start, b.end, tz)]
        busy = sorted(
            (epoch_minute(b.start), -(-int((b.end - EPOCH).total_seconds()) // 60), b.kind)
            for b in timed
        )
        kept = rules.kept_free()
        for offset in range(7):
            day = week_start + timedelta(days=offset)
            if day.weekday() not in rules.workdays:
                continue
            if rules.day_end_minutes <= rules.day_start_minutes:
                continue
            w_start = round_up(epoch_minute(wall_time(day, rules.day_start_minutes, tz)))
            w_end = round_down(epoch_minute(wall_time(day, rules.day_end_minutes, tz)))
            if w_end <= w_start:
                continue
            free = [(w_start, w_end)]
            if floor is not None:
                free = subtract(free, w_start - 1, max(w_start, floor))
            for a, b in kept:
                free = subtract(
                    free,
                    round_down(epoch_minute(wall_time(day, a, tz))),
                    round_up(epoch_minute(wall_time(day, b, tz))),
                )
            kinds: list[tuple[int, int, BlockKind]] = []
            for s, e, kind in busy:
                if e <= w_start or s >= w_end:
                    continue
                free = subtract(free, round_down(s), round_up(e))
                kinds.append((s, e, kind))
            free = [(a, b) for a, b in free if b - a >= STEP]
            self.days.append(FreeDay(day, (w_start, w_end), free, kinds))

    def working_minutes(self) -> int:
        return sum(d.window[1] - d.window[0] for d in self.days)

    def free_minutes(self) -> int:
        return sum(b - a for d in self.days for a, b in d.free)

    def earliest(
        self,
        minutes: int,
        *,
        first_day: date | None = None,
        last_day: date | None = None,
        after: int | None = None,
        from_minute: int | None = None,
        days: Sequence[FreeDay] | None = None,
    ) -> tuple[FreeDay, int] | None:
        """The earliest free start for ``minutes``; ``from_minute``: not before that time of
        day (minutes after midnight, e.g. the afternoon)."""
        for d in days if days is not None else self.days:
            if last_day is not None and d.day > last_day:
                break
            if first_day is not None and d.day < first_day:
                continue
            low = None
            if from_minute is not None:
                low = round_up(epoch_minute(wall_time(d.day, from_minute, self.tz)))
            for a, b in d.free:
                start = a
                if after is not None:
                    start = max(start, after)
                if low is not None:
                    start = max(start, low)
                if start + minutes <= b:
                    return d, start
        return None

    def adjacent(
        self, kind: BlockKind, minutes: int, last_day: date | None, first_day: date | None = None
    ) -> tuple[FreeDay, int] | None:
        """The earliest free slot that touches a block of ``kind`` (batching)."""
        for d in self.days:
            if last_day is not None and d.day > last_day:
                break
            if first_day is not None and d.day < first_day:
                continue
            for s, e, k in sorted(d.kinds):
                if k is not kind:
                    continue
                for start in (round_up(e), round_down(s) - minutes):
                    if any(a <= start and start + minutes <= b for a, b in d.free):
                        return d, start
        return None

    def take(self, d: FreeDay, start: int, end: int, kind: BlockKind) -> None:
        d.free = [(a, b) for a, b in subtract(d.free, start, end) if b - a >= STEP]
        d.kinds.append((start, end, kind))

    def snapshot(self) -> list[tuple[list[tuple[int, int]], list[tuple[int, int, BlockKind]]]]:
        return [(list(d.free), list(d.kinds)) for d in self.days]

    def restore(
        self, state: list[tuple[list[tuple[int, int]], list[tuple[int, int, BlockKind]]]]
    ) -> None:
        for d, (free, kinds) in zip(self.days, state, strict=True):
            d.free, d.kinds = free, kinds
