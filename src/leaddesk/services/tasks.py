"""Tasks on the Eisenhower board: capture, edit, move, complete, let go, restore, purge."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ..domain.errors import NotFoundError, ValidationError
from ..domain.model import Quadrant, Task, TaskStatus
from ..domain.rules import check_positive, clean_title
from ..domain.week import week_bounds
from ..storage.repositories.drafts import DraftRepository
from ..storage.repositories.tasks import BoardCard as BoardCard  # re-exported for the UI
from ..storage.repositories.tasks import TaskRepository
from .arguments import checked_arguments, fields_of
from .base import ChangeKind, ChangeSet, Service, saved_id

EDITABLE_FIELDS = frozenset(
    {
        "title",
        "notes",
        "quadrant",
        "estimate_minutes",
        "due_on",
        "needed_by",
        "requester",
        "person_id",
        "only_i_can",
        "not_before",
    }
)


@dataclasses.dataclass(frozen=True)
class Placement:
    """Where a task was: enough to put it back exactly (undo of a move)."""

    task_id: int
    quadrant: Quadrant
    position: float


@dataclasses.dataclass(frozen=True)
class BoardSnapshot:
    """The whole open board in one read: cards per quadrant plus the marker sets."""

    cards: dict[Quadrant, list[BoardCard]]
    delegated_ids: frozenset[int]  # tasks with an open (active or blocked) delegation
    booked_ids: frozenset[int]  # tasks with a time block in the week asked for
    week_start: date | None

    def counts(self) -> dict[Quadrant, int]:
        return {q: len(cards) for q, cards in self.cards.items()}


class _Touched:
    """The tasks one write changed, named in its change notice so the board can update just
    those cards; ``everything()`` when the write changed more than it can name."""

    def __init__(self, task_ids: Iterable[int] = ()) -> None:
        self.ids: set[int] | None = set(task_ids)

    def add(self, task_id: int | None) -> None:
        if self.ids is not None and task_id is not None:
            self.ids.add(task_id)

    def everything(self) -> None:
        self.ids = None


@checked_arguments
class TaskService(Service):
    @contextlib.contextmanager
    def _write(self, touched: _Touched) -> Iterator[Session]:
        """``hub.write(ChangeKind.TASKS)`` whose change notice also names the tasks changed
        (``ChangeSet.ids``), so the board can update those cards instead of reloading 2,000."""
        with self.hub.vault.transaction() as session:
            yield session
        ids = {} if touched.ids is None else {ChangeKind.TASKS: frozenset(touched.ids)}
        self.hub.notify(ChangeSet(frozenset({ChangeKind.TASKS}), ids))

    # -- reading ----------------------------------------------------------------------
    def get(self, task_id: int) -> Task:
        with self.hub.read() as s:
            return _get(TaskRepository(s), task_id)

    def open_tasks(self, quadrant: Quadrant | None = None) -> list[Task]:
        """Open tasks in board order (quadrant, then position)."""
        with self.hub.read() as s:
            return TaskRepository(s).open_tasks(None if quadrant is None else Quadrant(quadrant))

    def board(self) -> dict[Quadrant, list[Task]]:
        columns: dict[Quadrant, list[Task]] = {q: [] for q in Quadrant}
        for task in self.open_tasks():
            columns[task.quadrant].append(task)
        return columns

    def get_many(self, task_ids: Sequence[int]) -> list[Task]:
        """Tasks in the order asked for (raises NotFoundError if one is missing)."""
        with self.hub.read() as s:
            tasks = TaskRepository(s)
            return [_get(tasks, tid) for tid in task_ids]

    def board_snapshot(self, week_start: date | None = None) -> BoardSnapshot:
        """Every open card in board order plus which are delegated and which are booked in a
        time block during the week starting ``week_start`` (none when ``None``), in one read.
        A deferred task stays off the board until its day."""
        cards: dict[Quadrant, list[BoardCard]] = {q: [] for q in Quadrant}
        today = self.clock.today()
        with self.hub.read() as s:
            tasks = TaskRepository(s)
            rows = tasks.board_cards(today)
            delegated = tasks.delegated_ids()
            booked = (
                tasks.booked_ids(*week_bounds(week_start, self.clock.tz))
                if week_start is not None
                else frozenset()
            )
        for card in rows:
            cards[card.quadrant].append(card)
        return BoardSnapshot(cards, delegated, booked, week_start)

    def board_cards(self, task_ids: Iterable[int]) -> list[BoardCard]:
        """The cards of those tasks that are open (any order): what the board needs to update
        a few cards after a change notice that names them, without reloading the board."""
        ids = sorted({int(i) for i in task_ids})
        if not ids:
            return []
        with self.hub.read() as s:
            return TaskRepository(s).cards_by_id(ids, self.clock.today())

    def delegated_task_ids(self) -> frozenset[int]:
        """Tasks with an open (active or blocked) delegation."""
        with self.hub.read() as s:
            return TaskRepository(s).delegated_ids()

    def booked_task_ids(self, week_start: date) -> frozenset[int]:
        """Tasks with a time block overlapping the week starting ``week_start``."""
        begin, end = week_bounds(week_start, self.clock.tz)
        with self.hub.read() as s:
            return TaskRepository(s).booked_ids(begin, end)

    def completed_in_week(self, week_start: date) -> list[Task]:
        """The Done list: tasks completed during the calendar week starting ``week_start``."""
        begin, end = week_bounds(week_start, self.clock.tz)
        return self.completed_between(begin, end)

    def completed_between(self, start: datetime, end: datetime) -> list[Task]:
        with self.hub.read() as s:
            return TaskRepository(s).completed_between(start, end)

    def let_go_tasks(self) -> list[Task]:
        with self.hub.read() as s:
            return TaskRepository(s).let_go()

    # -- writing ----------------------------------------------------------------------
    def capture(
        self,
        title: str,
        *,
        quadrant: Quadrant = Quadrant.INBOX,
        requester: str = "",
        needed_by: date | None = None,
        person_id: int | None = None,
        estimate_minutes: int | None = None,
        due_on: date | None = None,
    ) -> Task:
        """A new task at the end of its quadrant (the inbox unless told otherwise)."""
        task = Task(
            title=clean_title(title),
            quadrant=Quadrant(quadrant),
            requester=_clean_line(requester, "requester"),
            needed_by=needed_by,
            person_id=person_id,
            estimate_minutes=check_positive(estimate_minutes, "estimate"),
            due_on=due_on,
            created_at=self.clock.now(),
        )
        touched = _Touched()
        with self._write(touched) as s:
            tasks = TaskRepository(s)
            task.position = _end_position(tasks, task.quadrant)
            tasks.add(task)
            touched.add(task.id)
        return task

    @fields_of(Task)
    def update(self, task_id: int, **changes: Any) -> Task:
        """Edit fields of a task; refused as a whole if any value is invalid."""
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise ValidationError(f"Unknown task fields: {', '.join(sorted(unknown))}.")
        cleaned = dict(changes)
        if "title" in cleaned:
            cleaned["title"] = clean_title(cleaned["title"])
        if "requester" in cleaned:
            cleaned["requester"] = _clean_line(cleaned["requester"], "requester")
        if "estimate_minutes" in cleaned:
            cleaned["estimate_minutes"] = check_positive(cleaned["estimate_minutes"], "estimate")
        if "quadrant" in cleaned:
            cleaned["quadrant"] = Quadrant(cleaned["quadrant"])
        if cleaned.get("not_before") is not None and cleaned["not_before"] <= self.clock.today():
            raise ValidationError("A task can only be deferred to a later day.")
        if "notes" in cleaned and len(cleaned["notes"]) > 5_000_000:
            raise ValidationError("The notes are too long (at most 5 MB).")
        with self._write(_Touched([task_id])) as s:
            tasks = TaskRepository(s)
            task = _get(tasks, task_id)
            if "quadrant" in cleaned and cleaned["quadrant"] != task.quadrant:
                task.position = _end_position(tasks, cleaned["quadrant"])
            for key, value in cleaned.items():
                setattr(task, key, value)
        return task

    def move(
        self,
        task_ids: Sequence[int],
        quadrant: Quadrant,
        index: int | None = None,
        *,
        before_id: int | None = None,
    ) -> list[Placement]:
        """Move tasks (in the given order) into ``quadrant`` before the open task at ``index``
        (``None``: at the end), or before the task ``before_id`` when given (what a filtered
        board knows). Returns where they were, for undo."""
        if not task_ids:
            return []
        if len(set(task_ids)) != len(task_ids):
            raise ValidationError("The same task was given twice.")
        quadrant = Quadrant(quadrant)
        touched = _Touched(task_ids)
        with self._write(touched) as s:
            tasks = TaskRepository(s)
            moving = [_get(tasks, tid) for tid in task_ids]
            if any(t.status is not TaskStatus.OPEN for t in moving):
                raise ValidationError("Only tasks on the board can be moved.")
            before = [Placement(saved_id(t.id), t.quadrant, t.position) for t in moving]
            moving_ids = {t.id for t in moving if t.id is not None}  # saved rows: all
            if before_id is not None or index is None:
                # A drop names its anchor card (or none: the end): two indexed look-ups
                # find the gap, instead of reading every position in the quadrant.
                low, high, index = _gap_at_anchor(
                    tasks, quadrant, moving_ids, before_id, len(moving)
                )
            else:
                neighbours = [p for (_tid, p) in tasks.neighbours(quadrant, moving_ids)]
                index = max(index, 0)  # a negative index means the top, never an error
                if index >= len(neighbours):
                    index = None
                    low = neighbours[-1] if neighbours else 0.0
                    high = low + len(moving) + 1.0
                else:
                    high = neighbours[index]
                    low = neighbours[index - 1] if index > 0 else high - len(moving) - 1.0
            step = (high - low) / (len(moving) + 1)
            if step < 1e-6:
                touched.everything()  # every card of the quadrant gets a new position
                if index is not None and before_id is not None:  # anchor -> its place
                    ids = [tid for (tid, _p) in tasks.neighbours(quadrant, moving_ids)]
                    index = ids.index(before_id)
                tasks.renumber(quadrant)
                s.flush()
                return self._move_after_renumber(tasks, moving, quadrant, index, before)
            for i, task in enumerate(moving, start=1):
                task.quadrant = quadrant
                task.position = low + step * i
        return before

    def _move_after_renumber(
        self,
        tasks: TaskRepository,
        moving: list[Task],
        quadrant: Quadrant,
        index: int | None,
        before: list[Placement],
    ) -> list[Placement]:
        ids = {t.id for t in moving}
        order = [t for t in tasks.open_in_order(quadrant) if t.id not in ids]
        at = len(order) if index is None else min(max(index, 0), len(order))
        order[at:at] = moving
        for i, task in enumerate(order):
            task.quadrant = quadrant
            task.position = float(i + 1)
        return before

    def toggle_only_i_can(self, task_ids: Sequence[int]) -> bool:
        """Mark the tasks "only I can do this", or unmark them when all already are: one
        transaction for all of them. Returns the value set."""
        with self._write(_Touched(task_ids)) as s:
            tasks = TaskRepository(s)
            found = [_get(tasks, tid) for tid in task_ids]
            target = not all(t.only_i_can for t in found)
            for task in found:
                task.only_i_can = target
        return target

    def complete(self, task_ids: Sequence[int]) -> None:
        now = self.clock.now()
        with self._write(_Touched(task_ids)) as s:
            tasks = TaskRepository(s)
            for tid in task_ids:
                task = _get(tasks, tid)
                task.status = TaskStatus.DONE
                task.completed_at = now

    def reopen(self, task_ids: Sequence[int]) -> None:
        """Back on the board where it was (un-complete, or restore after letting go)."""
        with self._write(_Touched(task_ids)) as s:
            tasks = TaskRepository(s)
            for tid in task_ids:
                task = _get(tasks, tid)
                task.status = TaskStatus.OPEN
                task.completed_at = None
                task.let_go_at = None

    def let_go(self, task_ids: Sequence[int]) -> None:
        now = self.clock.now()
        with self._write(_Touched(task_ids)) as s:
            tasks = TaskRepository(s)
            for tid in task_ids:
                task = _get(tasks, tid)
                task.status = TaskStatus.LET_GO
                task.let_go_at = now

    def remove(self, task_ids: Sequence[int]) -> None:
        """Delete tasks for good (a confirmed purge). The database deletes their delegations
        and check-ins and unlinks their time blocks and action items; the undo step records
        those rows too (storage/row_changes.py)."""
        with self._write(_Touched(task_ids)) as s:
            tasks = TaskRepository(s)
            for task in [_get(tasks, tid) for tid in task_ids]:
                tasks.delete(task)
            DraftRepository(s).drop_orphans()  # their drafts too (and their delegations')

    def purge(self, task_ids: Sequence[int]) -> None:
        """Destroy let-go tasks for good (after the user confirmed); the session can still
        undo it. Refuses tasks that are not let go."""
        with self.hub.read() as s:
            tasks = TaskRepository(s)
            found = [_get(tasks, tid) for tid in task_ids]
        if any(t.status is not TaskStatus.LET_GO for t in found):
            raise ValidationError("Only let-go tasks can be purged.")
        self.remove(task_ids)

    def let_go_ids(self) -> list[int]:
        with self.hub.read() as s:
            return TaskRepository(s).let_go_ids()

    def purge_let_go(self) -> int:
        """Destroy every let-go task (the UI asks for confirmation first)."""
        with self.hub.write(ChangeKind.TASKS) as s:
            tasks = TaskRepository(s)
            found = tasks.let_go()
            for task in found:
                tasks.delete(task)
            DraftRepository(s).drop_orphans()
        return len(found)


def _get(tasks: TaskRepository, task_id: int) -> Task:
    task = tasks.get(task_id)
    if task is None:
        raise NotFoundError("That task no longer exists.")
    return task


def _end_position(tasks: TaskRepository, quadrant: Quadrant) -> float:
    """Where a task added to ``quadrant`` goes: after its last open card."""
    return (tasks.last_position(quadrant) or 0.0) + 1.0


def _gap_at_anchor(
    tasks: TaskRepository,
    quadrant: Quadrant,
    excluding: set[int],
    before_id: int | None,
    count: int,
) -> tuple[float, float, int | None]:
    """The positions between which ``count`` cards go: before the open card ``before_id``
    in ``quadrant`` (when it is one, and not itself moving), else after the last card.
    The third value is not None exactly when the anchor was used."""
    gap = None
    if before_id is not None and before_id not in excluding:
        gap = tasks.gap_before(before_id, quadrant, excluding)
    if gap is None:
        last = tasks.last_position(quadrant, excluding)
        low = last if last is not None else 0.0
        return low, low + count + 1.0, None
    anchor, previous = gap
    low = previous if previous is not None else anchor - count - 1.0
    return low, anchor, 0


def _clean_line(value: str, what: str) -> str:
    value = (value or "").strip()
    if len(value) > 200 or "\n" in value:
        raise ValidationError(f"The {what} must be one line of at most 200 characters.")
    return value
