"""Time blocks in the week view: create, move, resize, recur, outcomes, capacity.

Rules worth knowing (each one refused with a message safe to show, before anything is
written):

* Times are aware and stored in UTC; blocks are made in the user's local zone.
* A block must end after it starts (no zero-length blocks) and must stay within one local
  day: it may end exactly at midnight, but a block across midnight is refused ("split it
  into two blocks"). Late-night work is rare for the plan this app makes, and a block that
  belongs to one day column keeps the grid, the capacity figures and the weekly review
  simple and unambiguous. Imported calendar events that cross midnight are split at
  midnight by the ICS import instead (see ``calendar_ics``).
* Imported meetings are read-only: only their outcome can be recorded, or they can be
  deleted (a re-import brings them back).

Recurring blocks are materialized rows; see ``domain.recurrence`` for the design. Reading
never writes: an open-ended series is stored 26 weeks ahead when it is made, and only the
explicit write :meth:`BlockService.extend_series` (announced like every write) stores it
further, when a later week is about to be shown or booked.

Every write returns a :class:`BlockChange`: the rows it touched, before and after (what the
week view reports, e.g. the new blocks' ids). Undo and redo are the generic undo step's
(rows put back by id, storage/row_changes.py); series rows stored ahead after a step are
dropped by :func:`series_storage.drop_series_rows_stored_since` when the step is replayed.

Here: the single-block use cases and edits of a series' rows. Shared pieces (times, the row
tracker, ``BlockChange``) are in ``block_rows``; storing series ahead in ``series_storage``;
changing a repeat rule in ``block_series``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Literal

from sqlalchemy.orm import Session

from ..domain.capacity import WeekCapacity
from ..domain.errors import NotFoundError, ValidationError
from ..domain.model import (
    BlockKind,
    BlockOutcome,
    Person,
    Task,
    TimeBlock,
)
from ..domain.recurrence import Recurrence, wall_shift
from ..domain.rules import clean_title
from ..domain.week import snap_minutes, week_bounds
from ..storage.repositories.blocks import BlockRepository, BlockRow
from .arguments import checked_arguments, fields_of
from .base import ChangeKind
from .block_rows import (
    BlockChange,
    BlockTracker,
    aware,
    check_times,
    get_block,
)
from .series_storage import SeriesStorage, drop_series_rows_stored_since
from .week_rows import UnbookedTask, WeekRows, unbooked, week_after, week_capacity_of

# BlockChange (block_rows) is what every method here returns, and the week UI imports it
# from here.
__all__ = [
    "BlockChange",
    "BlockRow",
    "BlockService",
    "Scope",
    "UnbookedTask",
    "WeekRows",
    "unbooked",
    "week_after",
    "week_capacity_of",
]

Scope = Literal["this", "following", "all"]
SCOPES: tuple[Scope, ...] = ("this", "following", "all")
DEFAULT_BLOCK_MINUTES = 30
REASON_MAX_LENGTH = 200

EDITABLE_FIELDS = frozenset({"title", "kind", "start", "end", "task_id", "person_id", "protected"})


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX_LENGTH or "\n" in reason:
        raise ValidationError(
            f"The reason must be one line of at most {REASON_MAX_LENGTH} characters."
        )
    return reason


@checked_arguments
class BlockService(SeriesStorage):
    """Single blocks and edits of a series' rows; storing series ahead is the base class's
    (``services/series_storage.py``)."""

    def __init__(self, hub: Any) -> None:
        super().__init__(hub)
        hub.replay_hooks.append(drop_series_rows_stored_since)

    # -- reading ----------------------------------------------------------------------
    def get(self, block_id: int) -> TimeBlock:
        with self.hub.read() as s:
            return get_block(s, block_id)

    def week_rows(self, first_day: date) -> WeekRows:
        """The week of ``first_day`` as the week view shows it: its blocks (plain rows, as
        :meth:`week` orders and filters them) and the ids of the tasks it books, in one
        read. A read only, like :meth:`week`."""
        begin, end = week_bounds(first_day, self.tz)
        with self.hub.read() as s:
            repo = BlockRepository(s)
            return WeekRows(
                repo.rows_overlapping(begin, end), frozenset(repo.task_ids_booked(begin, end))
            )

    def between(self, start: datetime, end: datetime) -> list[TimeBlock]:
        """Blocks overlapping ``[start, end)``, by start.

        One indexed range query on ``start``: a block lasts at most a day, so looking one
        day before ``start`` catches every block that reaches into the range. A read only:
        occurrences of repeating blocks beyond what is stored need :meth:`extend_series`.
        """
        with self.hub.read() as s:
            return BlockRepository(s).overlapping(start, end)

    def week(self, first_day: date) -> list[TimeBlock]:
        """Blocks of the seven local days from ``first_day`` (a week start)."""
        begin, end = week_bounds(first_day, self.tz)
        return self.between(begin, end)

    def series(self, series_id: int) -> list[TimeBlock]:
        with self.hub.read() as s:
            return BlockRepository(s).of_series(series_id)

    def recurrence_of(self, block: TimeBlock) -> Recurrence | None:
        """The repeat rule of the series ``block`` belongs to (None for a single block)."""
        if block.series_id is None:
            return None
        with self.hub.read() as s:
            head = BlockRepository(s).get(block.series_id)
            if head is None or not head.recurrence:
                return None
            return Recurrence.from_text(head.recurrence)

    def plan_tasks(self) -> list[UnbookedTask]:
        """Open Do and Schedule tasks, in board order: what the week could book.

        Light rows from a column query: the week view needs four fields, and building full
        ORM Task objects for every open task was ~60% of a week switch (benchmark). The
        list does not depend on the week, so the view keeps it until tasks change.
        """
        with self.hub.read() as s:
            # a deferred task is off the board, and off this list, until its day
            return BlockRepository(s).bookable_tasks(self.clock.today())

    def booked_task_ids(self, first_day: date) -> set[int]:
        """Ids of the tasks with a block in the week of ``first_day`` (one index range)."""
        begin, end = week_bounds(first_day, self.tz)
        with self.hub.read() as s:
            return BlockRepository(s).task_ids_booked(begin, end)

    def unbooked_tasks(
        self, first_day: date, plan_tasks: Sequence[UnbookedTask] | None = None
    ) -> list[UnbookedTask]:
        """Open Do and Schedule tasks with no block in the week of ``first_day``; pass the
        ``plan_tasks`` already loaded to skip reading them again."""
        booked = self.booked_task_ids(first_day)
        tasks = self.plan_tasks() if plan_tasks is None else plan_tasks
        return unbooked(tasks, booked)

    def capacity(
        self,
        first_day: date,
        *,
        day_start_hour: int = 8,
        day_end_hour: int = 18,
        focus_target_percent: int = 20,
        blocks: Sequence[TimeBlock] | None = None,
        unbooked: Sequence[UnbookedTask] | None = None,
    ) -> WeekCapacity:
        """Capacity figures of the week (see ``domain.capacity``); the view passes the
        ``blocks`` and ``unbooked`` tasks it already loaded, to save queries."""
        return week_capacity_of(
            first_day,
            self.tz,
            self.week(first_day) if blocks is None else blocks,
            self.unbooked_tasks(first_day) if unbooked is None else unbooked,
            day_start_hour=day_start_hour,
            day_end_hour=day_end_hour,
            focus_target_percent=focus_target_percent,
        )

    # -- creating ---------------------------------------------------------------------
    def create(
        self,
        title: str,
        kind: BlockKind,
        start: datetime,
        end: datetime,
        *,
        task_id: int | None = None,
        person_id: int | None = None,
        protected: bool = False,
        recurrence: str = "",
    ) -> BlockChange:
        """A new block (or a whole recurring series when ``recurrence`` holds an RRULE)."""
        title = clean_title(title)
        kind = BlockKind(kind)
        start, end = check_times(start, end, self.tz)
        rule = Recurrence.make(start, recurrence, self.tz) if recurrence else None
        with self.hub.write(ChangeKind.BLOCKS) as s:
            if task_id is not None and s.get(Task, task_id) is None:
                raise NotFoundError("That task no longer exists.")
            if person_id is not None and s.get(Person, person_id) is None:
                raise NotFoundError("That person no longer exists.")
            track = BlockTracker(s)
            block = track.created(
                TimeBlock(
                    title=title,
                    kind=kind,
                    start=start,
                    end=end,
                    task_id=task_id,
                    person_id=person_id,
                    protected=protected and kind is BlockKind.FOCUS,
                )
            )
            if rule is not None:
                block.recurrence = rule.to_text()
                block.series_id = block.id
                self._materialize(s, track, block, rule, self._horizon(start))
            return track.change()

    def create_from_task(
        self, task_id: int, start: datetime, kind: BlockKind = BlockKind.FOCUS
    ) -> BlockChange:
        """A block for a task dropped on the grid, as long as its estimate (default 30')."""
        return self.book_tasks([task_id], start, kind)

    def book_tasks(
        self, task_ids: Sequence[int], start: datetime, kind: BlockKind = BlockKind.FOCUS
    ) -> BlockChange:
        """Blocks for tasks dropped together, one after the other from ``start``; each is as
        long as its task's estimate (default 30 minutes, snapped to 15)."""
        if not task_ids:
            raise ValidationError("No task to book.")
        cursor = aware(start, "start")
        kind = BlockKind(kind)
        with self.hub.write(ChangeKind.BLOCKS) as s:
            track = BlockTracker(s)
            for task_id in task_ids:
                task = s.get(Task, task_id)
                if task is None:
                    raise NotFoundError("That task no longer exists.")
                minutes = max(15, snap_minutes(task.estimate_minutes or DEFAULT_BLOCK_MINUTES))
                block_start, block_end = check_times(
                    cursor, cursor + timedelta(minutes=minutes), self.tz
                )
                track.created(
                    TimeBlock(
                        title=clean_title((task.title.splitlines() or ["Task"])[0][:500]),
                        kind=kind,
                        start=block_start,
                        end=block_end,
                        task_id=task.id,
                        person_id=task.person_id,
                    )
                )
                cursor = block_end
            return track.change()

    def _task(self, task_id: int) -> Task:
        with self.hub.read() as s:
            task = s.get(Task, task_id)
            if task is None:
                raise NotFoundError("That task no longer exists.")
            return task

    # -- editing ----------------------------------------------------------------------
    @fields_of(TimeBlock)
    def update(self, block_id: int, scope: Scope = "this", **changes: Any) -> BlockChange:
        """Edit a block, or with ``scope`` its series ("this and following" / "all").

        A change of time is applied to the other occurrences as the same wall-clock shift
        (09:00 → 10:00 moves every Tuesday to 10:00, across DST too) and the same length.
        """
        cleaned = _clean_changes(changes, scope)
        with self.hub.write(ChangeKind.BLOCKS) as s:
            if scope == "this" and cleaned.keys() <= {"start", "end"}:
                return self._move_one(s, block_id, cleaned)
            track = BlockTracker(s)
            self._update_rows(s, track, block_id, scope, cleaned)
            return track.change()

    def _move_one(self, s: Session, block_id: int, times: dict[str, Any]) -> BlockChange:
        """One block's new times (a drag in the week): what :meth:`_update_rows` does for
        one row, on a plain row read and one UPDATE, with no record built, tracked and
        flushed (issue 18: that was most of a block move's cost). Same checks, same
        errors, same rows written and the same change returned."""
        repository = BlockRepository(s)
        row = repository.row(block_id)
        if row is None:
            raise NotFoundError("That block no longer exists.")
        if row.read_only:
            raise ValidationError(
                "Imported meetings are read-only; change them in their own calendar."
            )
        new_start = times.get("start", row.start)
        new_end = times.get("end")
        if new_end is None:
            new_end = aware(new_start, "start") + (row.end - row.start)
        new_start, new_end = check_times(new_start, new_end, self.tz)
        protected = row.protected and row.kind is BlockKind.FOCUS
        moved = row._replace(start=new_start, end=new_end, protected=protected)
        if (moved.start, moved.end, moved.protected) != (row.start, row.end, row.protected):
            repository.set_times(block_id, new_start, new_end, protected)
        return BlockChange({block_id: row._asdict()}, {block_id: moved._asdict()})

    @fields_of(TimeBlock)
    def edit(
        self,
        block_id: int,
        scope: Scope = "this",
        *,
        outcome: BlockOutcome | None = None,
        outcome_reason: str = "",
        recurrence: str | None = None,
        **changes: Any,
    ) -> BlockChange:
        """What the block editor saves, in one transaction: field changes (with ``scope``),
        an outcome, and a repeat rule: ``None`` leaves it alone, ``""`` means "does not
        repeat", RRULE text starts a series or redraws one (``scope`` "following" or
        "all"; see ``block_series``)."""
        cleaned = _clean_changes(changes, scope)
        if outcome is not None:
            outcome, outcome_reason = _check_outcome(outcome, outcome_reason)
        with self.hub.write(ChangeKind.BLOCKS) as s:
            track = BlockTracker(s)
            if cleaned:
                self._update_rows(s, track, block_id, scope, cleaned)
            block = get_block(s, block_id)
            if outcome is not None:
                track.touch(block)
                block.outcome, block.outcome_reason = outcome, outcome_reason
            if recurrence is not None:
                from .block_series import change_rule  # here: it builds on this module

                change_rule(self, s, track, block, scope, recurrence)
            return track.change()

    def _update_rows(
        self, s: Session, track: BlockTracker, block_id: int, scope: Scope, cleaned: dict[str, Any]
    ) -> None:
        tz = self.tz
        block = get_block(s, block_id)
        if block.read_only:
            raise ValidationError(
                "Imported meetings are read-only; change them in their own calendar."
            )
        new_start = cleaned.pop("start", block.start)
        new_end = cleaned.pop("end", None)
        if new_end is None:
            new_end = aware(new_start, "start") + (block.end - block.start)
        new_start, new_end = check_times(new_start, new_end, tz)
        shift = _wall_delta(block.start, new_start, tz)
        length = new_end - new_start
        length_changed = length != block.end - block.start
        new_task = cleaned.get("task_id")
        if new_task is not None and s.get(Task, new_task) is None:
            raise NotFoundError("That task no longer exists.")
        new_person = cleaned.get("person_id")
        if new_person is not None and s.get(Person, new_person) is None:
            raise NotFoundError("That person no longer exists.")
        targets = self._scope_rows(s, block, scope)
        if len(targets) > 1 or (scope != "this" and block.series_id is not None):
            block = self._split_for(s, track, block, scope, shift, tz)
        for row in targets:
            track.touch(row)
            if row is block:
                row.start, row.end = new_start, new_end
            else:
                moved = wall_shift(row.start.astimezone(tz), shift, tz).astimezone(UTC)
                row_length = length if length_changed else row.end - row.start
                row.start, row.end = check_times(moved, moved + row_length, tz)
            for key, value in cleaned.items():
                setattr(row, key, value)
            if row.kind is not BlockKind.FOCUS:
                row.protected = False

    def move(self, block_id: int, start: datetime, scope: Scope = "this") -> BlockChange:
        """Move keeping the length."""
        block = self.get(block_id)
        start = aware(start, "start")
        return self.update(block_id, scope, start=start, end=start + (block.end - block.start))

    def resize(self, block_id: int, end: datetime, scope: Scope = "this") -> BlockChange:
        return self.update(block_id, scope, end=end)

    def _scope_rows(self, s: Session, block: TimeBlock, scope: Scope) -> list[TimeBlock]:
        if block.series_id is None or scope == "this":
            return [block]
        since = block.start if scope == "following" else None
        return BlockRepository(s).of_series(block.series_id, since)

    def _split_for(
        self,
        s: Session,
        track: BlockTracker,
        block: TimeBlock,
        scope: Scope,
        shift: timedelta,
        tz: tzinfo,
    ) -> TimeBlock:
        """Adjust the series' rule for an edit of "following" or "all"; returns ``block``.

        "This and following" on a later occurrence ends the old series just before it and
        makes the occurrence the first block of a new series with the same rule.
        """
        assert block.series_id is not None
        head = BlockRepository(s).get(block.series_id)
        if head is None or not head.recurrence:
            return block
        rule = Recurrence.from_text(head.recurrence)
        if scope == "following" and head.id != block.id:
            track.touch(head)
            head.recurrence = rule.ending_before(block.start).to_text()
            following = self._scope_rows(s, block, "following")
            track.touch(block)
            new_rule = rule.starting_at(block.start).shifted(shift, tz)
            block.recurrence = new_rule.to_text()
            for row in following:
                track.touch(row)
                row.series_id = block.id
            return block
        track.touch(head)
        head.recurrence = rule.shifted(shift, tz).to_text()
        return block

    def set_outcome(
        self, block_ids: Sequence[int], outcome: BlockOutcome, reason: str = ""
    ) -> BlockChange:
        """Record how blocks went; "derailed" needs a short reason for the weekly review."""
        outcome, reason = _check_outcome(outcome, reason)
        with self.hub.write(ChangeKind.BLOCKS) as s:
            track = BlockTracker(s)
            for block_id in block_ids:
                block = track.touch(get_block(s, block_id))
                block.outcome = outcome
                block.outcome_reason = reason
            return track.change()

    def push_later(self, block_id: int, new_end: datetime) -> BlockChange:
        """The block overran until ``new_end``: extend it and push the rest of that day's
        later, unprotected, editable blocks back by the overrun, in one step."""
        tz = self.tz
        with self.hub.write(ChangeKind.BLOCKS) as s:
            block = get_block(s, block_id)
            if block.read_only:
                raise ValidationError("Imported meetings are read-only.")
            old_end = block.end
            _, end = check_times(block.start, new_end, tz)
            overrun = end - old_end
            if overrun <= timedelta(0):
                raise ValidationError("The new end must be later than the planned end.")
            day = block.start.astimezone(tz).date()
            next_midnight = wall_shift(
                datetime.combine(day, datetime.min.time(), tzinfo=tz), timedelta(days=1), tz
            )
            later = [
                b
                for b in BlockRepository(s).starting_between(
                    old_end, next_midnight, except_id=block.id
                )
                if not b.protected and not b.read_only
            ]
            track = BlockTracker(s)
            track.touch(block)
            block.end = end
            for other in later:
                track.touch(other)
                moved_start, moved_end = other.start + overrun, other.end + overrun
                if moved_end > next_midnight:
                    raise ValidationError(
                        "Pushing back would move blocks past midnight; nothing was moved."
                    )
                other.start, other.end = moved_start, moved_end
            return track.change()

    # -- deleting ---------------------------------------------------------------------
    def delete(self, block_id: int, scope: Scope = "this") -> BlockChange:
        """Delete a block, or "this and following" / "all" of its series."""
        if scope not in SCOPES:
            raise ValidationError("Choose this block, this and following, or all.")
        with self.hub.write(ChangeKind.BLOCKS) as s:
            block = get_block(s, block_id)
            track = BlockTracker(s)
            repo = BlockRepository(s)
            head = repo.get(block.series_id) if block.series_id is not None else None
            if head is None or not head.recurrence:
                track.deleted(block)
                return track.change()
            rule = Recurrence.from_text(head.recurrence)
            if scope == "all" or (scope == "following" and head.id == block.id):
                rows = self._scope_rows(s, block, "all")
                for row in rows:
                    if row.id != head.id:
                        track.deleted(row)
                s.flush()
                track.deleted(head)
                return track.change()
            if scope == "following":
                for row in self._scope_rows(s, block, "following"):
                    track.deleted(row)
                track.touch(head)
                head.recurrence = rule.ending_before(block.start).to_text()
                return track.change()
            # "this one": remember it as an exception so the series never brings it back.
            rule = rule.without(block.start)
            if head.id == block.id:
                rest = [r for r in self._scope_rows(s, block, "all") if r.id != block.id]
                if rest:
                    new_head = track.touch(rest[0])
                    new_head.recurrence = rule.to_text()
                    for row in rest:
                        track.touch(row)
                        row.series_id = new_head.id
                s.flush()
                track.deleted(block)
            else:
                track.touch(head)
                head.recurrence = rule.to_text()
                track.deleted(block)
            return track.change()


def _clean_changes(changes: dict[str, Any], scope: str) -> dict[str, Any]:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown block fields: {', '.join(sorted(unknown))}.")
    if scope not in SCOPES:
        raise ValidationError("Choose this block, this and following, or all.")
    cleaned = dict(changes)
    if "title" in cleaned:
        cleaned["title"] = clean_title(cleaned["title"])
    if "kind" in cleaned:
        cleaned["kind"] = BlockKind(cleaned["kind"])
    return cleaned


def _check_outcome(outcome: BlockOutcome, reason: str) -> tuple[BlockOutcome, str]:
    outcome = BlockOutcome(outcome)
    reason = _check_reason(reason)
    if outcome is BlockOutcome.DERAILED and not reason:
        raise ValidationError("Say in a few words what derailed the block.")
    if outcome not in (BlockOutcome.DERAILED, BlockOutcome.PARTLY_DONE):
        reason = ""
    return outcome, reason


def _wall_delta(old: datetime, new: datetime, tz: tzinfo) -> timedelta:
    """The wall-clock difference between two instants (what the user dragged)."""
    return new.astimezone(tz).replace(tzinfo=None) - old.astimezone(tz).replace(tzinfo=None)
