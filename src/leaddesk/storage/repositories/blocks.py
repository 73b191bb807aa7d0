"""Time blocks: the queries of the week (``services/blocks.py``, ``block_rows.py``,
``block_series.py``, ``series_storage.py``).

Two kinds of answer:

- :class:`~leaddesk.domain.model.TimeBlock` records (ORM-mapped) for the use cases that
  change what they read (the session tracks them until the unit of work ends);
- :class:`BlockRow`, a plain tuple with the same fields, for what is only shown: a week
  switch reads its blocks this way, with no identity map and no instrumented attributes
  (building ORM records was most of the read's cost), by one SQL text run on the session's
  connection and converted here as the column types would (a third of the Core query's
  cost: this read runs on every week switch).

The repository knows neither rules nor the clock: which rows a use case needs (one local
day, a series from an occurrence on, ...) is the service's decision.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from ...domain.model import BlockKind, BlockOutcome, Quadrant, TaskStatus, TimeBlock
from .. import tables
from ..types import utc_text

_c = tables.time_blocks.c

# A block lasts at most one local day (services/blocks.py), so a range query on ``start``
# that looks this far back catches every block reaching into the range.
LONGEST_BLOCK = timedelta(days=1)


class BlockRow(NamedTuple):
    """One stored block as shown (read-only): the fields of ``TimeBlock``, same names."""

    title: str
    kind: BlockKind
    start: datetime
    end: datetime
    task_id: int | None
    person_id: int | None
    protected: bool
    recurrence: str
    series_id: int | None
    outcome: BlockOutcome
    outcome_reason: str
    read_only: bool
    external_uid: str
    id: int

    @property
    def minutes(self) -> int:
        """Real elapsed minutes (in UTC, so a DST change is counted right)."""
        return int((self.end.astimezone(UTC) - self.start.astimezone(UTC)).total_seconds() // 60)


# The columns of BlockRow, in its order; the range is on the indexed ``start`` (stored as
# fixed-width UTC text, so text order is time order: storage/types.py).
ROWS_BETWEEN_SQL = (
    'SELECT title, kind, start, "end", task_id, person_id, protected, recurrence, series_id, '
    "outcome, outcome_reason, read_only, external_uid, id FROM time_blocks "
    "WHERE start >= ? AND start < ? ORDER BY start, id"
)
ROW_BY_ID_SQL = (
    'SELECT title, kind, start, "end", task_id, person_id, protected, recurrence, series_id, '
    "outcome, outcome_reason, read_only, external_uid, id FROM time_blocks WHERE id = ?"
)
SET_TIMES_SQL = 'UPDATE time_blocks SET start = ?, "end" = ?, protected = ? WHERE id = ?'
TASKS_BOOKED_SQL = (
    "SELECT task_id FROM time_blocks WHERE start >= ? AND start < ? AND task_id IS NOT NULL"
)


def _block_row(
    title: str,
    kind: str,
    begins: str,
    ends: str,
    task_id: int | None,
    person_id: int | None,
    protected: int,
    recurrence: str,
    series_id: int | None,
    outcome: str,
    reason: str,
    read_only: int,
    uid: str,
    block_id: int,
) -> BlockRow:
    """A stored row converted as the column types would (storage/types.py)."""
    return BlockRow(
        title,
        BlockKind(kind),
        datetime.fromisoformat(begins),
        datetime.fromisoformat(ends),
        task_id,
        person_id,
        bool(protected),
        recurrence,
        series_id,
        BlockOutcome(outcome),
        reason,
        bool(read_only),
        uid,
        block_id,
    )


class BookableTask(NamedTuple):
    """What the week's side panel and the fit check need of an open task."""

    id: int
    title: str
    quadrant: Quadrant
    estimate_minutes: int | None


class SeriesEnd(NamedTuple):
    """A repeating series' head and where its stored occurrences end."""

    id: int
    recurrence: str
    last: datetime


class BlockRepository:
    """Blocks over the session of one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._driver: Any = None  # see _driver_connection

    def _driver_connection(self) -> Any:
        """The unit of work's own DB-API connection (its transaction begun), for the
        statements of a block move: a drag's hot path, where SQLAlchemy's compile-free
        ``exec_driver_sql`` still built an execution context and a result per statement
        (~0.1 ms each). Driver errors are translated by the unit of work, as any other."""
        driver = self._driver
        if driver is None:
            driver = self._driver = self.session.connection().connection.driver_connection
            assert driver is not None
        return driver

    # -- one block ----------------------------------------------------------------------
    def get(self, block_id: int) -> TimeBlock | None:
        return self.session.get(TimeBlock, block_id)

    def add(self, block: TimeBlock) -> None:
        self.session.add(block)

    # -- ranges -------------------------------------------------------------------------
    def overlapping(self, start: datetime, end: datetime) -> list[TimeBlock]:
        """Records of the blocks overlapping ``[start, end)``, by start then id."""
        stmt = (
            select(TimeBlock)
            .where(_c.start >= start - LONGEST_BLOCK, _c.start < end)
            .order_by(_c.start, _c.id)
        )
        return [b for b in self.session.scalars(stmt) if b.end > start]

    def rows_overlapping(self, start: datetime, end: datetime) -> list[BlockRow]:
        """:meth:`overlapping` as plain rows (nothing tracked: for showing only)."""
        found = self.session.connection().exec_driver_sql(
            ROWS_BETWEEN_SQL, (utc_text(start - LONGEST_BLOCK), utc_text(end))
        )
        rows = [_block_row(*values) for values in found]
        return [r for r in rows if r.end > start]

    def row(self, block_id: int) -> BlockRow | None:
        """One block as a plain row (not tracked): a move reads it so (see
        ``BlockService.update``) and writes it back with :meth:`set_times`."""
        found = self._driver_connection().execute(ROW_BY_ID_SQL, (block_id,)).fetchone()
        return None if found is None else _block_row(*found)

    def set_times(self, block_id: int, start: datetime, end: datetime, protected: bool) -> None:
        """A block's times and protection, written as the record's flush would."""
        self._driver_connection().execute(
            SET_TIMES_SQL, (utc_text(start), utc_text(end), int(protected), block_id)
        )

    def starting_between(
        self, start: datetime, end: datetime, *, except_id: int | None = None
    ) -> list[TimeBlock]:
        """Records of the blocks starting in ``[start, end)`` (``except_id`` left out)."""
        stmt = select(TimeBlock).where(_c.start >= start, _c.start < end)
        if except_id is not None:
            stmt = stmt.where(_c.id != except_id)
        return list(self.session.scalars(stmt))

    def task_ids_booked(self, start: datetime, end: datetime) -> set[int]:
        """Ids of the tasks with a block starting in ``[start, end)`` (one index range)."""
        found = self.session.connection().exec_driver_sql(
            TASKS_BOOKED_SQL, (utc_text(start), utc_text(end))
        )
        return {int(row[0]) for row in found}

    # -- series ---------------------------------------------------------------------------
    def of_series(self, series_id: int, since: datetime | None = None) -> list[TimeBlock]:
        """Records of a series (from ``since`` on, when given), by start."""
        stmt = select(TimeBlock).where(_c.series_id == series_id)
        if since is not None:
            stmt = stmt.where(_c.start >= since)
        return list(self.session.scalars(stmt.order_by(_c.start)))

    def latest_series_start(self) -> datetime | None:
        """The start of the latest stored occurrence of any series."""
        latest: datetime | None = self.session.scalar(
            select(func.max(_c.start)).where(_c.series_id.is_not(None))
        )
        return latest

    def series_ending_before(self, target: datetime) -> list[SeriesEnd]:
        """Every series head with a rule whose stored occurrences end before ``target``:
        one grouped read."""
        last_of_series = (
            select(_c.series_id, func.max(_c.start).label("last"))
            .where(_c.series_id.is_not(None))
            .group_by(_c.series_id)
            .subquery()
        )
        stmt = (
            select(_c.id, _c.recurrence, last_of_series.c.last)
            .join(last_of_series, last_of_series.c.series_id == _c.id)
            .where(_c.recurrence != "", last_of_series.c.last < target)
        )
        return [SeriesEnd(int(r.id), r.recurrence, r.last) for r in self.session.execute(stmt)]

    def delete_series_rows_after(self, series_id: int, newest_id: int) -> None:
        """Delete the rows of a series whose id is above ``newest_id``."""
        self.session.execute(
            delete(tables.time_blocks).where(_c.series_id == series_id, _c.id > newest_id)
        )

    # -- tasks a week can book ------------------------------------------------------------
    def bookable_tasks(self, today: date) -> list[BookableTask]:
        """Open Do and Schedule tasks not deferred past ``today``, in board order."""
        t = tables.tasks.c
        stmt = (
            select(t.id, t.title, t.quadrant, t.estimate_minutes)
            .where(
                t.status == TaskStatus.OPEN,
                t.quadrant.in_([Quadrant.DO, Quadrant.SCHEDULE]),
                or_(t.not_before.is_(None), t.not_before <= today),
            )
            .order_by(t.quadrant, t.position, t.id)
        )
        return [BookableTask._make(r) for r in self.session.execute(stmt)]


__all__ = ["BlockRepository", "BlockRow", "BookableTask", "SeriesEnd"]
