"""Tasks as stored: the board's cards, the lists, and positions within a quadrant.

``TaskService`` (services/tasks.py) decides what happens (where a moved card goes, what may
be moved, when a task is done); this module only reads and writes the rows it is told to.
The board's reads are plain SQL without ORM row processing: the board is rebuilt after
every move, and at 2,000 open cards the ORM's per-value conversions alone would cost tens
of ms.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ...domain.model import DelegationStatus, Quadrant, Task, TaskStatus
from .. import tables
from ..types import utc_text


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


_CARD_COLUMNS = (
    "SELECT id, title, quadrant, position, estimate_minutes, due_on, needed_by, requester,"
    " person_id, only_i_can FROM tasks WHERE status = ? AND (not_before IS NULL OR not_before <= ?)"
)
_BOARD_SQL = _CARD_COLUMNS + " ORDER BY quadrant, position, id"
_CARDS_BY_ID_SQL = _CARD_COLUMNS + " AND id IN ({marks})"
_DELEGATED_SQL = "SELECT DISTINCT task_id FROM delegations WHERE status IN (?, ?)"
# A block stays within one local day (services.blocks), so one that reaches into the week
# started at most a day before it: the lower bound keeps this an index range of one week
# instead of a scan of every block since the vault began (20 ms at fifty years).
_BOOKED_SQL = (
    "SELECT DISTINCT task_id FROM time_blocks"
    ' WHERE task_id IS NOT NULL AND start >= ? AND start < ? AND "end" > ?'
)
_OPEN_DELEGATION = (DelegationStatus.ACTIVE, DelegationStatus.BLOCKED)
_QUADRANT_BY_VALUE = {q.value: q for q in Quadrant}
_ID_CHUNK = 500  # ids per IN (...): far below SQLite's variable limit


def _parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _cards_from_rows(rows: Iterable[Sequence[Any]]) -> Iterator[BoardCard]:
    """BoardCards from plain card rows (dates parsed once per distinct day: thousands of
    cards share a few hundred due dates)."""
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


class TaskRepository:
    """The task rows of one unit of work (a ``Session`` from ``ctx.read()``/``write()``)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- whole tasks ----------------------------------------------------------------------
    def get(self, task_id: int) -> Task | None:
        return self.session.get(Task, task_id)

    def add(self, task: Task) -> None:
        """Store a new task (its id is set once this returns)."""
        self.session.add(task)
        self.session.flush()

    def delete(self, task: Task) -> None:
        self.session.delete(task)

    def open_tasks(self, quadrant: Quadrant | None = None) -> list[Task]:
        """Open tasks in board order (quadrant, then position, then id)."""
        t = tables.tasks.c
        stmt = select(Task).where(t.status == TaskStatus.OPEN)
        if quadrant is not None:
            stmt = stmt.where(t.quadrant == quadrant)
        return list(self.session.scalars(stmt.order_by(t.quadrant, t.position, t.id)))

    def completed_between(self, start: datetime, end: datetime) -> list[Task]:
        """Done tasks completed in [start, end), newest first."""
        t = tables.tasks.c
        stmt = (
            select(Task)
            .where(t.status == TaskStatus.DONE, t.completed_at >= start, t.completed_at < end)
            .order_by(t.completed_at.desc())
        )
        return list(self.session.scalars(stmt))

    def let_go(self) -> list[Task]:
        """Let-go tasks, the most recently let go first."""
        t = tables.tasks.c
        stmt = select(Task).where(t.status == TaskStatus.LET_GO).order_by(t.let_go_at.desc())
        return list(self.session.scalars(stmt))

    def let_go_ids(self) -> list[int]:
        t = tables.tasks.c
        return list(self.session.scalars(select(t.id).where(t.status == TaskStatus.LET_GO)))

    # -- the board's cards ----------------------------------------------------------------
    def board_cards(self, today: date) -> list[BoardCard]:
        """Every open card shown on ``today`` (deferred ones stay off until their day), in
        board order."""
        conn = self.session.connection()
        params = (TaskStatus.OPEN.value, today.isoformat())
        return list(_cards_from_rows(conn.exec_driver_sql(_BOARD_SQL, params).fetchall()))

    def cards_by_id(self, task_ids: Iterable[int], today: date) -> list[BoardCard]:
        """The cards among ``task_ids`` that are open and shown on ``today`` (any order)."""
        ids = sorted(set(task_ids))
        conn = self.session.connection()
        found: list[BoardCard] = []
        for start in range(0, len(ids), _ID_CHUNK):
            chunk = ids[start : start + _ID_CHUNK]
            sql = _CARDS_BY_ID_SQL.format(marks=",".join("?" * len(chunk)))
            params = (TaskStatus.OPEN.value, today.isoformat(), *chunk)
            found.extend(_cards_from_rows(conn.exec_driver_sql(sql, params).fetchall()))
        return found

    def delegated_ids(self) -> frozenset[int]:
        """Tasks with an open (active or blocked) delegation."""
        conn = self.session.connection()
        values = tuple(d.value for d in _OPEN_DELEGATION)
        return frozenset(tid for (tid,) in conn.exec_driver_sql(_DELEGATED_SQL, values))

    def booked_ids(self, begin: datetime, end: datetime) -> frozenset[int]:
        """Tasks with a time block overlapping [begin, end)."""
        conn = self.session.connection()
        bounds = (utc_text(begin - timedelta(days=1)), utc_text(end), utc_text(begin))
        return frozenset(tid for (tid,) in conn.exec_driver_sql(_BOOKED_SQL, bounds))

    # -- positions within a quadrant ---------------------------------------------------------
    @staticmethod
    def _open_in(quadrant: Quadrant, excluding: set[int] | frozenset[int]) -> list[Any]:
        t = tables.tasks.c
        conditions = [t.status == TaskStatus.OPEN, t.quadrant == quadrant]
        if excluding:
            conditions.append(t.id.not_in(excluding))
        return conditions

    def last_position(self, quadrant: Quadrant, excluding: set[int] | None = None) -> float | None:
        """The highest position of an open task in ``quadrant`` (None: none there)."""
        stmt = select(func.max(tables.tasks.c.position)).where(
            *self._open_in(quadrant, excluding or set())
        )
        value = self.session.scalar(stmt)
        return None if value is None else float(value)

    def gap_before(
        self, anchor_id: int, quadrant: Quadrant, excluding: set[int]
    ) -> tuple[float, float | None] | None:
        """(position of ``anchor_id``, position of the open card just before it in board
        order among those not ``excluding``, or None when it is first), in ONE statement;
        None when ``anchor_id`` is not an open card of ``quadrant``. (A drop reads this
        between the moved cards' own read and their write: one round trip, not two.)"""
        anchor = tables.tasks.alias("anchor")
        prev = tables.tasks.alias("prev")
        conditions = [prev.c.status == TaskStatus.OPEN, prev.c.quadrant == quadrant]
        if excluding:
            conditions.append(prev.c.id.not_in(excluding))
        previous = (
            select(prev.c.position)
            .where(*conditions)
            .where(
                (prev.c.position < anchor.c.position)
                | ((prev.c.position == anchor.c.position) & (prev.c.id < anchor.c.id))
            )
            .order_by(prev.c.position.desc(), prev.c.id.desc())
            .limit(1)
            .correlate(anchor)
            .scalar_subquery()
        )
        stmt = select(anchor.c.position, previous).where(
            anchor.c.id == anchor_id,
            anchor.c.status == TaskStatus.OPEN,
            anchor.c.quadrant == quadrant,
        )
        row = self.session.execute(stmt).first()
        if row is None:
            return None
        return float(row[0]), None if row[1] is None else float(row[1])

    def neighbours(self, quadrant: Quadrant, excluding: set[int]) -> list[tuple[int, float]]:
        """(id, position) of the open tasks in ``quadrant`` in board order, minus ``excluding``."""
        t = tables.tasks.c
        stmt = (
            select(t.id, t.position)
            .where(*self._open_in(quadrant, excluding))
            .order_by(t.position, t.id)
        )
        return [(tid, float(p)) for (tid, p) in self.session.execute(stmt)]

    def open_in_order(self, quadrant: Quadrant) -> list[Task]:
        """The open tasks of ``quadrant`` as records, in board order."""
        t = tables.tasks.c
        stmt = select(Task).where(*self._open_in(quadrant, set())).order_by(t.position, t.id)
        return list(self.session.scalars(stmt))

    def renumber(self, quadrant: Quadrant) -> None:
        """Positions 1, 2, 3 ... for the open tasks of ``quadrant``, in their order."""
        t = tables.tasks.c
        ids = self.session.scalars(
            select(t.id).where(*self._open_in(quadrant, set())).order_by(t.position, t.id)
        ).all()
        for i, tid in enumerate(ids, start=1):
            self.session.execute(update(Task).where(t.id == tid).values(position=float(i)))
