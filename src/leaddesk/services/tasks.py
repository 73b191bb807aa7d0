"""Tasks on the Eisenhower board: capture, edit, move, complete, let go, restore, purge."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, select, update
from sqlalchemy.orm import Session

from ..domain.errors import NotFoundError, ValidationError
from ..domain.model import (
    DelegationStatus,
    Quadrant,
    Task,
    TaskStatus,
)
from ..domain.rules import check_positive, clean_title
from ..domain.week import week_bounds
from ..storage import tables
from ..storage.types import utc_text
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


class BoardCard(NamedTuple):
    """What one card on the board shows: a light, read-only copy of a task's visible fields.

    The board is rebuilt from these on every change, so they are loaded with one plain
    query (no ORM identity map, no notes) and are tuples: cheap to make by the thousand.
    """

    id: int
    title: str
    quadrant: Quadrant
    position: float
    estimate_minutes: int | None
    due_on: date | None
    needed_by: date | None
    requester: str
    person_id: int | None
    only_i_can: bool


@dataclasses.dataclass(frozen=True)
class BoardSnapshot:
    """The whole open board in one read: cards per quadrant plus the marker sets."""

    cards: dict[Quadrant, list[BoardCard]]
    delegated_ids: frozenset[int]  # tasks with an open (active or blocked) delegation
    booked_ids: frozenset[int]  # tasks with a time block in the week asked for
    week_start: date | None

    def counts(self) -> dict[Quadrant, int]:
        return {q: len(cards) for q, cards in self.cards.items()}


_BOARD_SQL = (
    "SELECT id, title, quadrant, position, estimate_minutes, due_on, needed_by, requester,"
    " person_id, only_i_can FROM tasks WHERE status = ? AND (not_before IS NULL OR not_before <= ?)"
    " ORDER BY quadrant, position, id"
)
_DELEGATED_SQL = "SELECT DISTINCT task_id FROM delegations WHERE status IN (?, ?)"
# A block stays within one local day (services.blocks), so one that reaches into the week
# started at most a day before it: the lower bound keeps this an index range of one week
# instead of a scan of every block since the vault began (20 ms at fifty years).
_BOOKED_SQL = (
    "SELECT DISTINCT task_id FROM time_blocks"
    ' WHERE task_id IS NOT NULL AND start >= ? AND start < ? AND "end" > ?'
)
_CARDS_BY_ID_SQL = (
    "SELECT id, title, quadrant, position, estimate_minutes, due_on, needed_by, requester,"
    " person_id, only_i_can FROM tasks WHERE status = ? AND (not_before IS NULL OR not_before <= ?)"
    " AND id IN ({marks})"
)
_QUADRANT_BY_VALUE = {q.value: q for q in Quadrant}


def _parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


_OPEN_DELEGATION = (DelegationStatus.ACTIVE, DelegationStatus.BLOCKED)


def _cards_from_rows(rows: Iterable[Sequence[Any]]) -> Iterator[BoardCard]:
    """BoardCards from plain ``_BOARD_SQL``-shaped rows (dates parsed once per distinct day:
    thousands of cards share a few hundred due dates)."""
    by_value = _QUADRANT_BY_VALUE
    days: dict[str | None, date | None] = {None: None, "": None}

    def day(value: str | None) -> date | None:
        try:
            return days[value]
        except KeyError:
            parsed = days[value] = _parse_day(value)
            return parsed

    for tid, title, quadrant, position, estimate, due, needed, requester, pid, only in rows:
        yield BoardCard(
            tid,
            title,
            by_value[quadrant],
            position,
            estimate,
            day(due),
            day(needed),
            requester or "",
            pid,
            bool(only),
        )


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
        """``ctx.write(ChangeKind.TASKS)`` whose change notice also names the tasks changed
        (``ChangeSet.ids``), so the board can update those cards instead of reloading 2,000."""
        with self.ctx.vault.transaction() as session:
            yield session
        ids = {} if touched.ids is None else {ChangeKind.TASKS: frozenset(touched.ids)}
        self.ctx.notify(ChangeSet(frozenset({ChangeKind.TASKS}), ids))

    # -- reading ----------------------------------------------------------------------
    def get(self, task_id: int) -> Task:
        with self.ctx.read() as s:
            return _get(s, task_id)

    def open_tasks(self, quadrant: Quadrant | None = None) -> list[Task]:
        """Open tasks in board order (quadrant, then position)."""
        stmt = select(Task).where(tables.tasks.c.status == TaskStatus.OPEN)
        if quadrant is not None:
            stmt = stmt.where(tables.tasks.c.quadrant == quadrant)
        stmt = stmt.order_by(tables.tasks.c.quadrant, tables.tasks.c.position, tables.tasks.c.id)
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def board(self) -> dict[Quadrant, list[Task]]:
        columns: dict[Quadrant, list[Task]] = {q: [] for q in Quadrant}
        for task in self.open_tasks():
            columns[task.quadrant].append(task)
        return columns

    def get_many(self, task_ids: Sequence[int]) -> list[Task]:
        """Tasks in the order asked for (raises NotFoundError if one is missing)."""
        with self.ctx.read() as s:
            return [_get(s, tid) for tid in task_ids]

    def board_snapshot(self, week_start: date | None = None) -> BoardSnapshot:
        """Every open card in board order plus which are delegated and which are booked in a
        time block during the week starting ``week_start`` (none when ``None``), in one read.

        Plain SQL without ORM row processing: the board is rebuilt after every move, and at
        2,000 open cards the ORM's per-value conversions alone would cost tens of ms.
        """
        cards: dict[Quadrant, list[BoardCard]] = {q: [] for q in Quadrant}
        today = self.clock.today().isoformat()  # a deferred task stays off until its day
        with self.ctx.read() as s:
            conn = s.connection()
            rows = conn.exec_driver_sql(_BOARD_SQL, (TaskStatus.OPEN.value, today)).fetchall()
            delegated = self._delegated(conn)
            booked = self._booked(conn, week_start) if week_start is not None else frozenset()
        for card in _cards_from_rows(rows):
            cards[card.quadrant].append(card)
        return BoardSnapshot(cards, delegated, booked, week_start)

    def board_cards(self, task_ids: Iterable[int]) -> list[BoardCard]:
        """The cards of those tasks that are open (any order): what the board needs to update
        a few cards after a change notice that names them, without reloading the board."""
        ids = sorted({int(i) for i in task_ids})
        if not ids:
            return []
        found: list[BoardCard] = []
        today = self.clock.today().isoformat()
        with self.ctx.read() as s:
            conn = s.connection()
            for start in range(0, len(ids), 500):  # stay far below SQLite's variable limit
                chunk = ids[start : start + 500]
                sql = _CARDS_BY_ID_SQL.format(marks=",".join("?" * len(chunk)))
                rows = conn.exec_driver_sql(sql, (TaskStatus.OPEN.value, today, *chunk)).fetchall()
                found.extend(_cards_from_rows(rows))
        return found

    def delegated_task_ids(self) -> frozenset[int]:
        """Tasks with an open (active or blocked) delegation."""
        with self.ctx.read() as s:
            return self._delegated(s.connection())

    def booked_task_ids(self, week_start: date) -> frozenset[int]:
        """Tasks with a time block overlapping the week starting ``week_start``."""
        with self.ctx.read() as s:
            return self._booked(s.connection(), week_start)

    @staticmethod
    def _delegated(conn: Connection) -> frozenset[int]:
        values = tuple(d.value for d in _OPEN_DELEGATION)
        return frozenset(tid for (tid,) in conn.exec_driver_sql(_DELEGATED_SQL, values))

    def _booked(self, conn: Connection, week_start: date) -> frozenset[int]:
        begin, end = week_bounds(week_start, self.clock.tz)
        bounds = (utc_text(begin - timedelta(days=1)), utc_text(end), utc_text(begin))
        return frozenset(tid for (tid,) in conn.exec_driver_sql(_BOOKED_SQL, bounds))

    def completed_in_week(self, week_start: date) -> list[Task]:
        """The Done list: tasks completed during the calendar week starting ``week_start``."""
        begin, end = week_bounds(week_start, self.clock.tz)
        return self.completed_between(begin, end)

    def completed_between(self, start: datetime, end: datetime) -> list[Task]:
        stmt = (
            select(Task)
            .where(tables.tasks.c.status == TaskStatus.DONE)
            .where(tables.tasks.c.completed_at >= start, tables.tasks.c.completed_at < end)
            .order_by(tables.tasks.c.completed_at.desc())
        )
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def let_go_tasks(self) -> list[Task]:
        stmt = (
            select(Task)
            .where(tables.tasks.c.status == TaskStatus.LET_GO)
            .order_by(tables.tasks.c.let_go_at.desc())
        )
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

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
            task.position = _end_position(s, task.quadrant)
            s.add(task)
            s.flush()
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
            task = _get(s, task_id)
            if "quadrant" in cleaned and cleaned["quadrant"] != task.quadrant:
                task.position = _end_position(s, cleaned["quadrant"])
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
            moving = [_get(s, tid) for tid in task_ids]
            if any(t.status is not TaskStatus.OPEN for t in moving):
                raise ValidationError("Only tasks on the board can be moved.")
            before = [Placement(saved_id(t.id), t.quadrant, t.position) for t in moving]
            moving_ids = {t.id for t in moving if t.id is not None}  # saved rows: all
            if before_id is not None or index is None:
                # A drop names its anchor card (or none: the end): two indexed look-ups
                # find the gap, instead of reading every position in the quadrant.
                low, high, index = _gap_at_anchor(s, quadrant, moving_ids, before_id, len(moving))
            else:
                neighbours = [p for (_tid, p) in _neighbours(s, quadrant, moving_ids)]
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
                    ids = [tid for (tid, _p) in _neighbours(s, quadrant, moving_ids)]
                    index = ids.index(before_id)
                _renumber(s, quadrant)
                s.flush()
                return self._move_after_renumber(s, moving, quadrant, index, before)
            for i, task in enumerate(moving, start=1):
                task.quadrant = quadrant
                task.position = low + step * i
        return before

    def _move_after_renumber(
        self,
        s: Session,
        moving: list[Task],
        quadrant: Quadrant,
        index: int | None,
        before: list[Placement],
    ) -> list[Placement]:
        ids = {t.id for t in moving}
        order = [
            t
            for t in s.scalars(
                select(Task)
                .where(
                    tables.tasks.c.status == TaskStatus.OPEN, tables.tasks.c.quadrant == quadrant
                )
                .order_by(tables.tasks.c.position, tables.tasks.c.id)
            )
            if t.id not in ids
        ]
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
            tasks = [_get(s, tid) for tid in task_ids]
            target = not all(t.only_i_can for t in tasks)
            for task in tasks:
                task.only_i_can = target
        return target

    def complete(self, task_ids: Sequence[int]) -> None:
        now = self.clock.now()
        with self._write(_Touched(task_ids)) as s:
            for tid in task_ids:
                task = _get(s, tid)
                task.status = TaskStatus.DONE
                task.completed_at = now

    def reopen(self, task_ids: Sequence[int]) -> None:
        """Back on the board where it was (un-complete, or restore after letting go)."""
        with self._write(_Touched(task_ids)) as s:
            for tid in task_ids:
                task = _get(s, tid)
                task.status = TaskStatus.OPEN
                task.completed_at = None
                task.let_go_at = None

    def let_go(self, task_ids: Sequence[int]) -> None:
        now = self.clock.now()
        with self._write(_Touched(task_ids)) as s:
            for tid in task_ids:
                task = _get(s, tid)
                task.status = TaskStatus.LET_GO
                task.let_go_at = now

    def remove(self, task_ids: Sequence[int]) -> None:
        """Delete tasks for good (a confirmed purge). The database deletes their delegations
        and check-ins and unlinks their time blocks and action items; the undo step records
        those rows too (storage/row_changes.py)."""
        with self._write(_Touched(task_ids)) as s:
            for task in [_get(s, tid) for tid in task_ids]:
                s.delete(task)

    def purge(self, task_ids: Sequence[int]) -> None:
        """Destroy let-go tasks for good (after the user confirmed); the session can still
        undo it. Refuses tasks that are not let go."""
        with self.ctx.read() as s:
            tasks = [_get(s, tid) for tid in task_ids]
        if any(t.status is not TaskStatus.LET_GO for t in tasks):
            raise ValidationError("Only let-go tasks can be purged.")
        self.remove(task_ids)

    def let_go_ids(self) -> list[int]:
        with self.ctx.read() as s:
            return list(
                s.scalars(
                    select(tables.tasks.c.id).where(tables.tasks.c.status == TaskStatus.LET_GO)
                )
            )

    def purge_let_go(self) -> int:
        """Destroy every let-go task (the UI asks for confirmation first)."""
        with self.ctx.write(ChangeKind.TASKS) as s:
            count = s.scalar(select(func.count()).where(tables.tasks.c.status == TaskStatus.LET_GO))
            for task in s.scalars(select(Task).where(tables.tasks.c.status == TaskStatus.LET_GO)):
                s.delete(task)
        return int(count or 0)


def _get(s: Session, task_id: int) -> Task:
    task = s.get(Task, task_id)
    if task is None:
        raise NotFoundError("That task no longer exists.")
    return task


def _end_position(s: Session, quadrant: Quadrant) -> float:
    highest = s.scalar(
        select(func.max(tables.tasks.c.position)).where(
            tables.tasks.c.status == TaskStatus.OPEN,
            tables.tasks.c.quadrant == quadrant,
        )
    )
    return float(highest or 0.0) + 1.0


def _open_in(quadrant: Quadrant, excluding: set[int]) -> list[Any]:
    conditions = [tables.tasks.c.status == TaskStatus.OPEN, tables.tasks.c.quadrant == quadrant]
    if excluding:
        conditions.append(tables.tasks.c.id.not_in(excluding))
    return conditions


def _neighbours(s: Session, quadrant: Quadrant, excluding: set[int]) -> list[tuple[int, float]]:
    """(id, position) of the open tasks in ``quadrant`` in board order, minus ``excluding``."""
    stmt = (
        select(tables.tasks.c.id, tables.tasks.c.position)
        .where(*_open_in(quadrant, excluding))
        .order_by(tables.tasks.c.position, tables.tasks.c.id)
    )
    return [(tid, p) for (tid, p) in s.execute(stmt)]


def _gap_at_anchor(
    s: Session, quadrant: Quadrant, excluding: set[int], before_id: int | None, count: int
) -> tuple[float, float, int | None]:
    """The positions between which ``count`` cards go: before the open card ``before_id``
    in ``quadrant`` (when it is one, and not itself moving), else after the last card.
    The third value is not None exactly when the anchor was used."""
    anchor = None
    if before_id is not None and before_id not in excluding:
        anchor = s.scalar(
            select(tables.tasks.c.position).where(
                tables.tasks.c.id == before_id, *_open_in(quadrant, set())
            )
        )
    if anchor is None:
        last = s.scalar(
            select(func.max(tables.tasks.c.position)).where(*_open_in(quadrant, excluding))
        )
        low = float(last) if last is not None else 0.0
        return low, low + count + 1.0, None
    previous = s.scalar(
        select(tables.tasks.c.position)
        .where(*_open_in(quadrant, excluding))
        .where(
            (tables.tasks.c.position < anchor)
            | ((tables.tasks.c.position == anchor) & (tables.tasks.c.id < before_id))
        )
        .order_by(tables.tasks.c.position.desc(), tables.tasks.c.id.desc())
        .limit(1)
    )
    low = float(previous) if previous is not None else anchor - count - 1.0
    return low, float(anchor), 0


def _renumber(s: Session, quadrant: Quadrant) -> None:
    ids = s.scalars(
        select(tables.tasks.c.id)
        .where(tables.tasks.c.status == TaskStatus.OPEN, tables.tasks.c.quadrant == quadrant)
        .order_by(tables.tasks.c.position, tables.tasks.c.id)
    ).all()
    for i, tid in enumerate(ids, start=1):
        s.execute(update(Task).where(tables.tasks.c.id == tid).values(position=float(i)))


def _clean_line(value: str, what: str) -> str:
    value = (value or "").strip()
    if len(value) > 200 or "\n" in value:
        raise ValidationError(f"The {what} must be one line of at most 200 characters.")
    return value
