"""The delegation tracker's read model: rows with the effective status and what needs
attention, built from plain column rows (``DelegationRepository``: no ORM objects, no private
text), and what the tracker derives from the open rows (attention, load per person)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date

from ...domain import delegation_rules as rules
from ...domain.model import DelegationStatus, GuidanceLevel, TaskStatus
from ...storage.repositories.delegations import PersonName, TrackerRecord

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


_LEVELS = {x.value: x for x in GuidanceLevel}
_STATUSES = {x.value: x for x in DelegationStatus}
_TASK_STATUSES = {x.value: x for x in TaskStatus}
_OPEN_VALUES = frozenset({"active", "blocked"})
# The effective status of every (stored status, task status) pair as stored text, worked out
# once by the rule itself: history rows (most of a page) look theirs up instead.
_EFFECTIVE = {
    (status.value, task_status.value): rules.effective_status(status, task_status)
    for status in DelegationStatus
    for task_status in TaskStatus
}


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


@dataclasses.dataclass(frozen=True)
class TrackerOverview:
    """What the tracker shows at once, read in one unit of work (``overview``): the people
    to filter by, every open delegation, and what is derived from those rows."""

    today: date
    people: tuple[tuple[int, str], ...]  # (id, name) of everyone not archived, by name
    open_rows: tuple[TrackerRow, ...]  # open in effect, newest first
    attention: tuple[TrackerRow, ...]  # ``needs_attention``
    loads: tuple[PersonLoad, ...]  # ``load_per_person``
    has_any: bool  # whether any delegation was ever made (``rows_exist``)


def attention_of(open_rows: Iterable[TrackerRow], today: date) -> list[TrackerRow]:
    """The open, not snoozed rows with a reason to act today, most urgent first."""
    found = [
        row for row in open_rows if row.attention and not rules.is_snoozed(row.delegation, today)
    ]
    found.sort(key=lambda r: (-max(a.days for a in r.attention), r.id))
    return found


def loads_of(people: Iterable[PersonName], counts: Mapping[int, int]) -> list[PersonLoad]:
    """Active delegations per person (``counts``: open ones per person id): everyone not
    archived, and archived people still holding some; the busiest first."""
    loads = [
        PersonLoad(p.id, p.name, counts.get(p.id, 0))
        for p in people
        if not p.archived or counts.get(p.id)
    ]
    loads.sort(key=lambda x: (-x.active, x.name.casefold()))
    return loads


def tracker_row(values: TrackerRecord, today: date) -> TrackerRow:
    """A tracker row from one ``TrackerRecord`` (facts, title, task status, name).

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
    return TrackerRow(
        delegation, title, task_status, name, _EFFECTIVE[status, task_status_text], None, ()
    )
