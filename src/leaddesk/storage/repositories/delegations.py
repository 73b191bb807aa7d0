"""Delegations, their check-ins, and the tracker's rows: every query of
``services/delegations`` (issue 14, item 1).

The tracker reads plain column rows (:class:`TrackerRecord`: no ORM identity map, no
outcome or debrief text); the service turns them into its rows and applies the rules
(effective status, attention). The writes load and add the mapped domain objects, which the
service changes in its unit of work.

The *effective* status (``delegation_rules.effective_status``: an open delegation follows its
task once the task is done or let go) is expressed here in SQL, so that filters, pages and
counts agree with the rows the service derives.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import (
    Integer,
    String,
    and_,
    bindparam,
    false,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from ...domain.model import (
    CheckIn,
    Delegation,
    DelegationStatus,
    Person,
    Quadrant,
    Task,
    TaskStatus,
)
from .. import tables

OPEN_STATUSES = (DelegationStatus.ACTIVE, DelegationStatus.BLOCKED)
_OPEN_VALUES = [x.value for x in OPEN_STATUSES]
# A stored open status that follows the task: the task's status for each closed status.
_FOLLOWS = {DelegationStatus.DONE: TaskStatus.DONE, DelegationStatus.CANCELLED: TaskStatus.LET_GO}

_d = tables.delegations.c
_t = tables.tasks.c
_p = tables.people.c
_c = tables.check_ins.c


class TrackerRecord(NamedTuple):
    """One delegation's scheduling facts with its task's title and status and its person's
    name: what the tracker lists (``level``, ``status`` and ``task_status`` as stored text)."""

    id: int
    task_id: int
    person_id: int
    level: str
    status: str
    started_on: date | None
    due_on: date | None
    check_in_every_days: int
    next_check_in_on: date | None
    escalate_after_days: int | None
    last_news_on: date | None
    snoozed_until: date | None
    closed_on: date | None
    task_title: str
    task_status: str
    person_name: str


class PersonName(NamedTuple):
    id: int
    name: str
    archived: bool


class DelegationTexts(NamedTuple):
    """The private texts of one delegation (the details pane reads them on demand)."""

    why_this_person: str
    expected_outcome: str
    debrief_worked: str
    debrief_hard: str
    debrief_differently: str
    debrief_support: str


class CheckInLine(NamedTuple):
    on: date
    status_after: DelegationStatus
    note: str


def _text(column: Any, label: str) -> Any:
    """A column read as its stored text (the caller looks enums up in a dict: cheaper than
    the column type's conversion, row by row)."""
    return type_coerce(column, String).label(label)


def _record_query() -> Any:
    return (
        select(
            _d.id,
            _d.task_id,
            _d.person_id,
            _text(_d.level, "level"),
            _text(_d.status, "status"),
            _d.started_on,
            _d.due_on,
            _d.check_in_every_days,
            _d.next_check_in_on,
            _d.escalate_after_days,
            _d.last_news_on,
            _d.snoozed_until,
            _d.closed_on,
            _t.title,
            _text(_t.status, "task_status"),
            _p.name,
        )
        .select_from(tables.delegations)
        .join(tables.tasks, _t.id == _d.task_id)
        .join(tables.people, _p.id == _d.person_id)
    )


def effective_parts(wanted: Collection[DelegationStatus], status: Any) -> list[tuple[Any, bool]]:
    """Whether the effective status is one of ``wanted``, as (condition, needs the task
    joined) parts, any of which may hold; ``status`` is the delegation's status column (or
    an expression over it)."""
    stored_open = status.in_(_OPEN_VALUES)
    parts: list[tuple[Any, bool]] = []
    for wanted_status in sorted(wanted):
        if wanted_status.is_open:
            parts.append((and_(status == wanted_status.value, _t.status == TaskStatus.OPEN), True))
        else:
            parts.append((status == wanted_status.value, False))
            parts.append((and_(stored_open, _t.status == _FOLLOWS[wanted_status]), True))
    return parts


def effective_in(wanted: Collection[DelegationStatus], *, walk: bool = False) -> Any:
    """The parts of :func:`effective_parts` as one condition. ``walk``: compare
    ``status || ''`` so SQLite cannot use the status index and walks the delegations by id
    (newest first) instead, stopping at the page's end; through the index it gathered every
    match and sorted them (200 ms for a page of "Done" at fifty years)."""
    status: Any = type_coerce(_d.status, String)
    if walk:
        status = status.concat("")
    parts = [condition for condition, _joined in effective_parts(wanted, status)]
    return or_(*parts) if parts else false()


@functools.cache
def _prepared() -> dict[str, Any]:
    """The tracker's fixed statements, built once (building a statement and its cache key
    costs more than running it on the few open rows)."""
    return {
        "open": _record_query()
        .where(_d.status.in_(_OPEN_VALUES), _t.status == TaskStatus.OPEN)
        .order_by(_d.id.desc()),
        "people": select(_p.id, _p.name, _p.archived).order_by(_p.name),
    }


@functools.lru_cache(maxsize=64)
def _page_statement(
    by_person: bool, effective: frozenset[DelegationStatus] | None, after_cursor: bool
) -> Any:
    """A page of tracker records of one shape, built once (filters, the cursor and the limit
    are bound parameters ``person_id``, ``before_id``, ``limit``): building the statement
    cost about as much as running it."""
    stmt = _record_query()
    if by_person:
        stmt = stmt.where(_d.person_id == bindparam("person_id"))
    if effective is not None:
        stmt = stmt.where(effective_in(effective, walk=True))
    if after_cursor:
        stmt = stmt.where(_d.id < bindparam("before_id"))
    return stmt.order_by(_d.id.desc()).limit(bindparam("limit", type_=Integer))


@functools.lru_cache(maxsize=64)
def _count_statement(by_person: bool, effective: frozenset[DelegationStatus]) -> Any:
    """The count of one filter's shape (``person_id`` bound), built once; None: nothing
    can match."""
    counts: list[Any] = []
    for condition, joined in effective_parts(effective, _d.status):
        stmt = select(func.count()).select_from(tables.delegations)
        if joined:
            stmt = stmt.join(tables.tasks, _t.id == _d.task_id)
        stmt = stmt.where(condition)
        if by_person:
            stmt = stmt.where(_d.person_id == bindparam("person_id"))
        counts.append(stmt.scalar_subquery())
    if not counts:
        return None
    total: Any = counts[0]
    for more in counts[1:]:
        total = total + more
    return select(total)


# One delegation's texts beside each of its newest check-ins (one row with no check-in when
# it has none): the details pane in one statement, read as plain rows (``details_rows``):
# it runs on every selection, and a session with a Core statement cost more than the read.
# Parameters: delegation id, limit, delegation id.
DETAILS_SQL = (
    "SELECT d.why_this_person, d.expected_outcome, d.debrief_worked, d.debrief_hard, "
    'd.debrief_differently, d.debrief_support, c."on", c.status_after, c.note '
    "FROM delegations AS d LEFT OUTER JOIN ("
    'SELECT id, "on", status_after, note FROM check_ins WHERE delegation_id = ? '
    'ORDER BY "on" DESC, id DESC LIMIT ?) AS c ON 1 = 1 '
    'WHERE d.id = ? ORDER BY c."on" DESC, c.id DESC'
)
_STATUS_OF = {status.value: status for status in DelegationStatus}


def details_rows(
    raw: Any, delegation_id: int, check_ins: int
) -> tuple[DelegationTexts, list[CheckInLine]] | None:
    """A delegation's texts and its newest ``check_ins`` check-ins (newest first), on a
    DB-API connection (``ServiceHub.read_rows``), converted as the column types would
    (dates stored as ISO text, statuses as their value); None when there is no such
    delegation."""
    found = raw.execute(
        DETAILS_SQL, (delegation_id, max(int(check_ins), 0), delegation_id)
    ).fetchall()
    if not found:
        return None
    lines = [
        CheckInLine(date.fromisoformat(on), _STATUS_OF[status], note)
        for *_, on, status, note in found
        if on is not None
    ]
    return DelegationTexts(*found[0][:6]), lines


class DelegationRepository:
    """Delegations and check-ins over the session of one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- mapped objects (for the writes) -------------------------------------------------
    def get(self, delegation_id: int) -> Delegation | None:
        return self.session.get(Delegation, delegation_id)

    def task(self, task_id: int) -> Task | None:
        return self.session.get(Task, task_id)

    def person(self, person_id: int) -> Person | None:
        return self.session.get(Person, person_id)

    def add(self, record: Task | Delegation | CheckIn) -> None:
        """Add a new record to the unit of work (written, with its id, at the next flush)."""
        self.session.add(record)

    def flush(self) -> None:
        """Write the unit of work's pending changes now (new records get their ids)."""
        self.session.flush()

    def of_task(self, task_id: int) -> list[Delegation]:
        """Every delegation of a task, newest first."""
        stmt = select(Delegation).where(_d.task_id == task_id).order_by(_d.id.desc())
        return list(self.session.scalars(stmt))

    def check_ins(self, delegation_id: int) -> list[CheckIn]:
        """The check-ins of one delegation, newest first."""
        stmt = (
            select(CheckIn)
            .where(_c.delegation_id == delegation_id)
            .order_by(_c.on.desc(), _c.id.desc())
        )
        return list(self.session.scalars(stmt))

    def open_of_task(self, task_id: int, *, other_than: int | None = None) -> int | None:
        """The id of an open (stored status) delegation of a task, if any."""
        stmt = select(_d.id).where(_d.task_id == task_id, _d.status.in_(_OPEN_VALUES))
        if other_than is not None:
            stmt = stmt.where(_d.id != other_than)
        return self.session.scalars(stmt).first()

    def end_of_quadrant(self, quadrant: Quadrant) -> float:
        """The highest position among the open tasks of a quadrant (0 when empty)."""
        highest = self.session.scalar(
            select(func.max(_t.position)).where(
                _t.status == TaskStatus.OPEN, _t.quadrant == quadrant
            )
        )
        return float(highest or 0.0)

    # -- the tracker's rows -----------------------------------------------------------------
    def records(
        self,
        *,
        person_id: int | None = None,
        open_statuses: Collection[DelegationStatus] | None = None,
    ) -> list[TrackerRecord]:
        """Tracker records, newest first. ``open_statuses``: only delegations stored with one
        of these (open) statuses whose task is open, i.e. open in effect."""
        if (
            person_id is None
            and open_statuses is not None
            and set(open_statuses) == set(OPEN_STATUSES)
        ):
            return self._records(_prepared()["open"])  # the tracker's first screen
        stmt = _record_query()
        if person_id is not None:
            stmt = stmt.where(_d.person_id == person_id)
        if open_statuses is not None:
            stmt = stmt.where(
                _d.status.in_(sorted(x.value for x in open_statuses)),
                _t.status == TaskStatus.OPEN,
            )
        return self._records(stmt.order_by(_d.id.desc()))

    def page(
        self,
        *,
        person_id: int | None,
        effective: Collection[DelegationStatus] | None,
        before_id: int | None,
        limit: int,
    ) -> list[TrackerRecord]:
        """Up to ``limit`` records older than ``before_id``, newest first, whose effective
        status is one of ``effective`` (keyset paging: the delegations are walked by id)."""
        stmt = _page_statement(
            person_id is not None,
            None if effective is None else frozenset(effective),
            before_id is not None,
        )
        values: dict[str, int] = {"limit": max(int(limit), 1)}
        if person_id is not None:
            values["person_id"] = person_id
        if before_id is not None:
            values["before_id"] = before_id
        result = self.session.connection().execute(stmt, values)
        return [TrackerRecord._make(row) for row in result]

    def record(self, delegation_id: int) -> TrackerRecord | None:
        found = self._records(_record_query().where(_d.id == delegation_id))
        return found[0] if found else None

    def count(self, *, person_id: int | None, effective: Collection[DelegationStatus]) -> int:
        """How many delegations have an effective status in ``effective``: one index count
        per part (a stored closed status needs no join; the open delegations whose task
        decides are few). One count over the join with an OR took 280 ms at fifty years."""
        stmt = _count_statement(person_id is not None, frozenset(effective))
        if stmt is None:
            return 0
        values = {} if person_id is None else {"person_id": person_id}
        found = self.session.connection().execute(stmt, values).scalar()
        return int(found or 0)

    def any_exists(self) -> bool:
        """Whether any delegation was ever made."""
        return self.session.scalar(select(_d.id).limit(1)) is not None

    def people_by_name(self) -> list[PersonName]:
        """Everyone (archived too), by name: the tracker's filter and load per person."""
        found = self.session.connection().execute(_prepared()["people"])
        return [PersonName(int(i), n, bool(a)) for i, n, a in found]

    def open_counts_per_person(self) -> dict[int, int]:
        """Open-in-effect delegations (stored open, task open) per person."""
        stmt = (
            select(_d.person_id, func.count())
            .select_from(tables.delegations)
            .join(tables.tasks, _t.id == _d.task_id)
            .where(_d.status.in_(_OPEN_VALUES), _t.status == TaskStatus.OPEN)
            .group_by(_d.person_id)
        )
        return {int(pid): int(n) for pid, n in self.session.execute(stmt)}

    # -- the details pane ---------------------------------------------------------------
    def _records(self, stmt: Any) -> list[TrackerRecord]:
        # Plain rows through the connection: no ORM result layer (thousands of rows).
        result = self.session.connection().execute(stmt)
        return [TrackerRecord._make(row) for row in result]
