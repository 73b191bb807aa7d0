"""The delegation tracker's read model: rows with the effective status and what needs
attention, built from one column query (no ORM objects, no private text)."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from sqlalchemy import String, and_, false, or_, select, type_coerce

from ...domain import delegation_rules as rules
from ...domain.model import Delegation, DelegationStatus, GuidanceLevel, Person, Task, TaskStatus
from ...storage import tables

OPEN_STATUSES = (DelegationStatus.ACTIVE, DelegationStatus.BLOCKED)
PAGE_SIZE = 200  # tracker rows per page of history (``rows_page``)


@dataclasses.dataclass(frozen=True, slots=True)
class DelegationFacts:
    """The scheduling facts of a delegation, without its private text.

    The tracker loads thousands of these with one column query (no ORM identity map, no
    outcome or debrief text); the details pane loads the full ``Delegation`` on demand.
    """

    id: int
    task_id: int
    person_id: int
    level: GuidanceLevel
    status: DelegationStatus
    started_on: date | None
    due_on: date | None
    check_in_every_days: int
    next_check_in_on: date | None
    escalate_after_days: int | None
    last_news_on: date | None
    snoozed_until: date | None
    closed_on: date | None


_FACT_NAMES = tuple(f.name for f in dataclasses.fields(DelegationFacts))
_LEVELS = {x.value: x for x in GuidanceLevel}
_STATUSES = {x.value: x for x in DelegationStatus}
_TASK_STATUSES = {x.value: x for x in TaskStatus}
_OPEN_VALUES = frozenset({"active", "blocked"})


def _raw(column: Any, label: str) -> Any:
    """A column read as its stored text (enums are looked up in a dict, much cheaper)."""
    return type_coerce(column, String).label(label)


def row_query() -> Any:
    columns = []
    for name in _FACT_NAMES:
        column = getattr(Delegation, name)
        columns.append(_raw(column, name) if name in ("level", "status") else column)
    return (
        select(
            *columns,
            tables.tasks.c.title,
            _raw(tables.tasks.c.status, "task_status"),
            tables.people.c.name,
        )
        .join(Task, tables.tasks.c.id == tables.delegations.c.task_id)
        .join(Person, tables.people.c.id == tables.delegations.c.person_id)
    )


@dataclasses.dataclass(frozen=True)
class TrackerRow:
    """One line of the tracker: a delegation with what the table shows next to it."""

    delegation: DelegationFacts
    task_title: str
    task_status: TaskStatus
    person_name: str
    status: DelegationStatus  # effective: follows the linked task (see module docstring)
    days_since_news: int | None
    attention: tuple[rules.Attention, ...]  # ignoring snooze; see ``needs_attention``

    @property
    def id(self) -> int:
        assert self.delegation.id is not None
        return self.delegation.id

    @property
    def is_open(self) -> bool:
        return self.status.is_open


@dataclasses.dataclass(frozen=True)
class PersonLoad:
    person_id: int
    name: str
    active: int


_FOLLOWS = {DelegationStatus.DONE: TaskStatus.DONE, DelegationStatus.CANCELLED: TaskStatus.LET_GO}


def effective_parts(wanted: set[DelegationStatus], status: Any) -> list[tuple[Any, bool]]:
    """Whether the effective status is one of ``wanted`` (``rules.effective_status``: an
    open delegation follows its task once the task is done or let go), as (condition, needs
    the task joined) parts, any of which may hold."""
    task_status = columns_of(Task).status
    stored_open = status.in_([x.value for x in OPEN_STATUSES])
    parts: list[tuple[Any, bool]] = []
    for wanted_status in sorted(wanted):
        if wanted_status.is_open:
            parts.append(
                (and_(status == wanted_status.value, task_status == TaskStatus.OPEN), True)
            )
        else:
            parts.append((status == wanted_status.value, False))
            parts.append((and_(stored_open, task_status == _FOLLOWS[wanted_status]), True))
    return parts


def effective_in(wanted: set[DelegationStatus], *, walk: bool = False) -> Any:
    """The parts of ``effective_parts`` as one condition. ``walk``: compare ``status || ''``
    so SQLite cannot use the status index, and walks the delegations by id (newest first)
    instead, stopping at the page's end; through the index it gathered every match and
    sorted them (200 ms for a page of "Done" at fifty years)."""
    status: Any = type_coerce(columns_of(Delegation).status, String)
    if walk:
        status = status.concat("")
    parts = [condition for condition, _joined in effective_parts(wanted, status)]
    return or_(*parts) if parts else false()


def columns_of(model: type) -> Any:
    """A mapped class as its columns, for query building (the dataclass's attribute types
    describe the values, not the SQL expressions)."""
    return model


def tracker_row(values: Any, today: date) -> TrackerRow:
    """A tracker row from one result of ``row_query`` (facts, title, task status, name).

    Built positionally and without rule work for closed rows: history is most of the
    table, and this runs once per row on every reload.
    """
    (
        id_,
        task_id,
        person_id,
        level,
        status,
        started_on,
        due_on,
        every,
        next_on,
        escalate,
        news_on,
        snoozed,
        closed_on,
        title,
        task_status_text,
        name,
    ) = values
    delegation = DelegationFacts(
        id_,
        task_id,
        person_id,
        _LEVELS[level],
        _STATUSES[status],
        started_on,
        due_on,
        every,
        next_on,
        escalate,
        news_on,
        snoozed,
        closed_on,
    )
    task_status = _TASK_STATUSES[task_status_text]
    if status in _OPEN_VALUES and task_status is TaskStatus.OPEN:
        return TrackerRow(
            delegation,
            title,
            task_status,
            name,
            delegation.status,
            rules.days_since_news(delegation, today),
            tuple(rules.attention_for(delegation, today, task_status, ignore_snooze=True)),
        )
    shown = rules.effective_status(delegation.status, task_status)
    return TrackerRow(delegation, title, task_status, name, shown, None, ())
