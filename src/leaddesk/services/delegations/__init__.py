"""Delegations and their check-ins, debriefs and the needs-attention list.

How a delegation and its task stay in step (one transaction per user action):

- Creating a delegation moves its task to the Delegate quadrant (if it sits elsewhere) and
  links the person to the task when the task has no person yet.
- Closing a delegation as done completes the task; closing it as cancelled leaves the task
  open on the board (the work is back on the lead's plate). Reopening a delegation reopens
  a task that closing had completed.
- Completing (or letting go of) the task from the board does not write to the delegation:
  the tracker *derives* the status instead (see ``delegation_rules.effective_status``), so
  the delegation shows as done (or cancelled) at once and follows the task if it is
  reopened. Closing such a delegation with a debrief then stores the status for good.

The tracker's rows (``TrackerRow``) and the queries behind them live in ``tracker``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain import delegation_rules as rules
from ...domain.errors import NotFoundError, ValidationError
from ...domain.model import (
    CheckIn,
    Delegation,
    DelegationStatus,
    GuidanceLevel,
    Person,
    Quadrant,
    Task,
    TaskStatus,
)
from ...domain.rules import clean_title
from ...storage import tables
from ..arguments import checked_arguments, fields_of
from ..base import ChangeKind, Service, saved_id
from .tracker import (
    OPEN_STATUSES,
    PAGE_SIZE,
    PersonLoad,
    TrackerRow,
    columns_of,
    effective_in,
    effective_parts,
    row_query,
    tracker_row,
)

EDITABLE_FIELDS = frozenset(
    {
        "person_id",
        "level",
        "why_this_person",
        "expected_outcome",
        "started_on",
        "due_on",
        "check_in_every_days",
        "next_check_in_on",
        "escalate_after_days",
    }
)
TEXT_FIELDS = ("why_this_person", "expected_outcome")
DEBRIEF_FIELDS = ("debrief_worked", "debrief_hard", "debrief_differently", "debrief_support")


def _fields(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


@checked_arguments
class DelegationService(Service):
    # -- reading --------------------------------------------------------------------------
    def get(self, delegation_id: int) -> Delegation:
        with self.ctx.read() as s:
            return _get(s, delegation_id)

    def check_ins(self, delegation_id: int) -> list[CheckIn]:
        """The check-ins of one delegation, newest first."""
        stmt = (
            select(CheckIn)
            .where(tables.check_ins.c.delegation_id == delegation_id)
            .order_by(tables.check_ins.c.on.desc(), tables.check_ins.c.id.desc())
        )
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def for_task(self, task_id: int) -> Delegation | None:
        """The newest delegation of a task (open ones first), e.g. for the board's badge."""
        stmt = (
            select(Delegation)
            .where(tables.delegations.c.task_id == task_id)
            .order_by(tables.delegations.c.id.desc())
        )
        with self.ctx.read() as s:
            found = list(s.scalars(stmt))
        for d in found:
            if d.status.is_open:
                return d
        return found[0] if found else None

    def rows(
        self,
        *,
        person_id: int | None = None,
        statuses: Iterable[DelegationStatus] | None = None,
    ) -> list[TrackerRow]:
        """Tracker rows, newest first; ``statuses`` filters on the *effective* status."""
        wanted = None if statuses is None else {DelegationStatus(x) for x in statuses}
        stmt = row_query()
        if person_id is not None:
            stmt = stmt.where(tables.delegations.c.person_id == person_id)
        if wanted is not None and wanted <= set(OPEN_STATUSES):
            # Effective open statuses need an open task: let SQL drop the history.
            stmt = stmt.where(
                tables.delegations.c.status.in_(sorted(wanted)),
                tables.tasks.c.status == TaskStatus.OPEN,
            )
        stmt = stmt.order_by(tables.delegations.c.id.desc())
        today = self.clock.today()
        with self.ctx.read() as s:
            raw = s.connection().execute(stmt).all()  # plain rows: no ORM result layer
        result = [tracker_row(values, today) for values in raw]
        if wanted is not None:
            result = [row for row in result if row.status in wanted]
        return result

    def rows_exist(self) -> bool:
        """Whether any delegation was ever made (the tracker's empty state needs to know)."""
        with self.ctx.read() as s:
            return s.scalar(select(tables.delegations.c.id).limit(1)) is not None

    def rows_page(
        self,
        *,
        person_id: int | None = None,
        statuses: Iterable[DelegationStatus] | None = None,
        before_id: int | None = None,
        limit: int = PAGE_SIZE,
    ) -> list[TrackerRow]:
        """One page of tracker rows, newest first (keyset paging: ``before_id`` is the last
        row's id of the page before). The effective status is filtered in SQL while the
        delegations are walked newest first, so a page stops after ``limit`` matches instead of
        collecting and sorting twenty years of history (fifty-year vault: 0.5 ms, not 200)."""
        d = columns_of(Delegation)
        stmt = row_query()
        if person_id is not None:
            stmt = stmt.where(d.person_id == person_id)
        if statuses is not None:
            stmt = stmt.where(effective_in({DelegationStatus(x) for x in statuses}, walk=True))
        if before_id is not None:
            stmt = stmt.where(d.id < before_id)
        stmt = stmt.order_by(d.id.desc()).limit(max(int(limit), 1))
        today = self.clock.today()
        with self.ctx.read() as s:
            raw = s.connection().execute(stmt).all()
        return [tracker_row(values, today) for values in raw]

    def count_rows(
        self,
        *,
        person_id: int | None = None,
        statuses: Iterable[DelegationStatus] | None = None,
    ) -> int:
        """How many tracker rows a filter holds (what ``rows`` would return, counted in SQL).

        Counted per part of the effective status, each through the status index: a stored
        closed status needs no join, and the open delegations whose task decides are few.
        (One count over the join with an OR took 280 ms at fifty years; the parts 0.3 ms.)"""
        wanted = (
            set(DelegationStatus) if statuses is None else {DelegationStatus(x) for x in statuses}
        )
        d, t = columns_of(Delegation), columns_of(Task)
        counts: list[Any] = []
        for condition, joined in effective_parts(wanted, d.status):
            stmt = select(func.count()).select_from(d)
            if joined:
                stmt = stmt.join(t, t.id == d.task_id)
            stmt = stmt.where(condition)
            if person_id is not None:
                stmt = stmt.where(d.person_id == person_id)
            counts.append(stmt.scalar_subquery())
        if not counts:
            return 0
        total: Any = counts[0]
        for more in counts[1:]:
            total = total + more
        with self.ctx.read() as s:
            return int(s.scalar(select(total)) or 0)

    def row(self, delegation_id: int) -> TrackerRow:
        with self.ctx.read() as s:
            stmt = row_query().where(tables.delegations.c.id == delegation_id)
            found = s.connection().execute(stmt).first()
        if found is None:
            raise NotFoundError("That delegation no longer exists.")
        return tracker_row(found, self.clock.today())

    def open_for_person(self, person_id: int) -> list[TrackerRow]:
        """Open delegations of one person (for the one-on-one agenda and the person page)."""
        return self.rows(person_id=person_id, statuses=OPEN_STATUSES)

    def needs_attention(self) -> list[TrackerRow]:
        """Open, not snoozed delegations with a reason to act today, most urgent first."""
        today = self.clock.today()
        found = [
            row
            for row in self.rows(statuses=OPEN_STATUSES)
            if row.attention and not rules.is_snoozed(row.delegation, today)
        ]
        found.sort(key=lambda r: (-max(a.days for a in r.attention), r.id))
        return found

    def load_per_person(self) -> list[PersonLoad]:
        """Active (open) delegations per team member, including those holding none."""
        stmt = (
            select(tables.delegations.c.person_id, func.count())
            .join(Task, tables.tasks.c.id == tables.delegations.c.task_id)
            .where(
                tables.delegations.c.status.in_([s.value for s in OPEN_STATUSES]),
                tables.tasks.c.status == TaskStatus.OPEN,
            )
            .group_by(tables.delegations.c.person_id)
        )
        with self.ctx.read() as s:
            counts: dict[int, int] = {pid: n for pid, n in s.execute(stmt).all()}
            people = list(s.scalars(select(Person).order_by(tables.people.c.name)))
        loads = [
            PersonLoad(saved_id(p.id), p.name, counts.get(saved_id(p.id), 0))
            for p in people
            if not p.archived or counts.get(saved_id(p.id))
        ]
        loads.sort(key=lambda x: (-x.active, x.name.casefold()))
        return loads

    def load_hint(self, loads: list[PersonLoad] | None = None) -> tuple[str, rules.LoadHint] | None:
        """The load hint worth showing (``(name, hint)``), if any."""
        loads = self.load_per_person() if loads is None else loads
        counts = {x.person_id: x.active for x in loads if x.active}
        hint = rules.load_hint(counts, team_size=len(loads))
        if hint is None:
            return None
        name = next(x.name for x in loads if x.person_id == hint.person_id)
        return name, hint

    # -- writing ------------------------------------------------------------------------
    def create(
        self,
        task_id: int | None,
        person_id: int | None,
        *,
        new_task_title: str | None = None,
        level: GuidanceLevel = GuidanceLevel.SELLING,
        why_this_person: str = "",
        expected_outcome: str = "",
        started_on: date | None = None,
        due_on: date | None = None,
        check_in_every_days: int = 7,
        next_check_in_on: date | None = None,
        escalate_after_days: int | None = None,
    ) -> Delegation:
        """Hand a task (an existing one, or a new one titled ``new_task_title``) to a person.

        The task moves to the Delegate quadrant in the same transaction.
        """
        started = started_on or self.clock.today()
        rules.validate_new_delegation(
            person_id=person_id,
            started_on=started,
            due_on=due_on,
            check_in_every_days=check_in_every_days,
            next_check_in_on=next_check_in_on,
            escalate_after_days=escalate_after_days,
        )
        chosen_person = rules.check_person(person_id)
        if (task_id is None) == (new_task_title is None):
            raise ValidationError("Choose the task to delegate.")
        title = clean_title(new_task_title) if new_task_title is not None else None
        delegation = Delegation(
            task_id=task_id or 0,
            person_id=chosen_person,
            level=GuidanceLevel(level),
            why_this_person=rules.check_text(why_this_person, "reason"),
            expected_outcome=rules.check_text(expected_outcome, "expected outcome"),
            started_on=started,
            due_on=due_on,
            check_in_every_days=check_in_every_days,
            next_check_in_on=next_check_in_on or rules.next_check_in(started, check_in_every_days),
            escalate_after_days=escalate_after_days,
            status=DelegationStatus.ACTIVE,
        )
        with self.ctx.write(ChangeKind.DELEGATIONS, ChangeKind.TASKS) as s:
            _get_person(s, chosen_person)
            if title is not None:
                task = Task(title=title, quadrant=Quadrant.DELEGATE, created_at=self.clock.now())
                task.position = _end_position(s, Quadrant.DELEGATE)
                s.add(task)
                s.flush()
            else:
                task = _get_task(s, saved_id(task_id))  # named, not new: an id is given
                if task.status != TaskStatus.OPEN:
                    raise ValidationError("Only an open task can be delegated.")
                if _open_delegation_of(s, saved_id(task.id)) is not None:
                    raise ValidationError("This task is already delegated.")
                if task.quadrant != Quadrant.DELEGATE:
                    task.position = _end_position(s, Quadrant.DELEGATE)
                    task.quadrant = Quadrant.DELEGATE
            if task.person_id is None:
                task.person_id = chosen_person
            delegation.task_id = saved_id(task.id)
            s.add(delegation)
            s.flush()
        return delegation

    @fields_of(Delegation)
    def update(self, delegation_id: int, **changes: Any) -> Delegation:
        """Edit the hand-over details; refused as a whole if any value is invalid."""
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise ValidationError(f"Unknown delegation fields: {', '.join(sorted(unknown))}.")
        cleaned = dict(changes)
        for name in TEXT_FIELDS:
            if name in cleaned:
                cleaned[name] = rules.check_text(cleaned[name], name.replace("_", " "))
        if "level" in cleaned:
            cleaned["level"] = GuidanceLevel(cleaned["level"])
        with self.ctx.write(ChangeKind.DELEGATIONS) as s:
            delegation = _get(s, delegation_id)
            merged = {**_fields(delegation), **cleaned}
            if "check_in_every_days" in cleaned and "next_check_in_on" not in cleaned:
                # A new cadence counts from the last contact, not from the old plan.
                contact = rules.last_contact(delegation) or self.clock.today()
                merged["next_check_in_on"] = rules.next_check_in(
                    contact, rules.check_cadence(merged["check_in_every_days"])
                )
                cleaned["next_check_in_on"] = merged["next_check_in_on"]
            rules.validate_new_delegation(
                person_id=merged["person_id"],
                started_on=merged["started_on"] or self.clock.today(),
                due_on=merged["due_on"],
                check_in_every_days=merged["check_in_every_days"],
                next_check_in_on=merged["next_check_in_on"],
                escalate_after_days=merged["escalate_after_days"],
            )
            if "person_id" in cleaned:
                _get_person(s, cleaned["person_id"])
            for key, value in cleaned.items():
                setattr(delegation, key, value)
        return delegation

    def check_in(
        self,
        delegation_id: int,
        *,
        on: date | None = None,
        note: str = "",
        status_after: DelegationStatus = DelegationStatus.ACTIVE,
    ) -> CheckIn:
        """Log news; the next check-in moves one cadence past this one, and a snooze ends."""
        today = self.clock.today()
        on = on or today
        status_after = DelegationStatus(status_after)
        if not status_after.is_open:
            raise ValidationError("To finish a delegation, close it (with a short debrief).")
        if on > today:
            raise ValidationError("A check-in cannot be in the future.")
        note = rules.check_text(note, "note")
        with self.ctx.write(ChangeKind.DELEGATIONS) as s:
            delegation = _get(s, delegation_id)
            if not delegation.status.is_open:
                raise ValidationError("This delegation is closed; reopen it to log a check-in.")
            if delegation.started_on is not None and on < delegation.started_on:
                raise ValidationError("A check-in cannot be before the delegation started.")
            entry = CheckIn(
                delegation_id=delegation_id, on=on, note=note, status_after=status_after
            )
            s.add(entry)
            if delegation.last_news_on is None or on >= delegation.last_news_on:
                delegation.last_news_on = on
                delegation.next_check_in_on = rules.next_check_in(
                    on, delegation.check_in_every_days
                )
                delegation.status = status_after
            delegation.snoozed_until = None
            s.flush()
        return entry

    def snooze(self, delegation_id: int, until: date | None) -> None:
        """Hide from "needs attention" up to and including ``until`` (None: wake it now)."""
        if until is not None:
            rules.check_snooze(until, self.clock.today())
        with self.ctx.write(ChangeKind.DELEGATIONS) as s:
            _get(s, delegation_id).snoozed_until = until

    def close(
        self,
        delegation_id: int,
        status: DelegationStatus = DelegationStatus.DONE,
        *,
        worked: str = "",
        hard: str = "",
        differently: str = "",
        support: str = "",
        closed_on: date | None = None,
    ) -> Delegation:
        """Finish as done (completes the task) or cancelled (the task stays open), with a
        debrief stored on the delegation."""
        status = DelegationStatus(status)
        if status.is_open:
            raise ValidationError("A delegation closes as done or cancelled.")
        today = self.clock.today()
        closed_on = closed_on or today
        if closed_on > today:
            raise ValidationError("A delegation cannot be closed in the future.")
        debrief = {
            "debrief_worked": rules.check_text(worked, "debrief"),
            "debrief_hard": rules.check_text(hard, "debrief"),
            "debrief_differently": rules.check_text(differently, "debrief"),
            "debrief_support": rules.check_text(support, "debrief"),
        }
        with self.ctx.write(ChangeKind.DELEGATIONS, ChangeKind.TASKS) as s:
            delegation = _get(s, delegation_id)
            if delegation.started_on is not None and closed_on < delegation.started_on:
                raise ValidationError("A delegation cannot close before it started.")
            task = s.get(Task, delegation.task_id)
            delegation.status = status
            delegation.closed_on = closed_on
            delegation.snoozed_until = None
            for key, value in debrief.items():
                setattr(delegation, key, value)
            done = status == DelegationStatus.DONE
            if done and task is not None and task.status != TaskStatus.DONE:
                task.status = TaskStatus.DONE
                task.completed_at = self.clock.now()
        return delegation

    def reopen(self, delegation_id: int) -> Delegation:
        """Back to active; a task that is done (or let go) goes back on the board."""
        with self.ctx.write(ChangeKind.DELEGATIONS, ChangeKind.TASKS) as s:
            delegation = _get(s, delegation_id)
            if _open_delegation_of(s, delegation.task_id, other_than=delegation_id) is not None:
                raise ValidationError("This task has another open delegation.")
            task = s.get(Task, delegation.task_id)
            if task is not None and task.status != TaskStatus.OPEN:
                task.status = TaskStatus.OPEN
                task.completed_at = None
                task.let_go_at = None
            delegation.status = DelegationStatus.ACTIVE
            delegation.closed_on = None
            delegation.next_check_in_on = rules.next_check_in(
                self.clock.today(), delegation.check_in_every_days
            )
        return delegation


def _get(s: Session, delegation_id: int) -> Delegation:
    delegation = s.get(Delegation, delegation_id)
    if delegation is None:
        raise NotFoundError("That delegation no longer exists.")
    return delegation


def _get_task(s: Session, task_id: int) -> Task:
    task = s.get(Task, task_id)
    if task is None:
        raise NotFoundError("That task no longer exists.")
    return task


def _get_person(s: Session, person_id: int) -> Person:
    person = s.get(Person, person_id)
    if person is None:
        raise NotFoundError("That person no longer exists.")
    return person


def _open_delegation_of(s: Session, task_id: int, other_than: int | None = None) -> int | None:
    stmt = select(tables.delegations.c.id).where(
        tables.delegations.c.task_id == task_id,
        tables.delegations.c.status.in_([x.value for x in OPEN_STATUSES]),
    )
    if other_than is not None:
        stmt = stmt.where(tables.delegations.c.id != other_than)
    return s.scalars(stmt).first()


def _end_position(s: Session, quadrant: Quadrant) -> float:
    highest = s.scalar(
        select(func.max(tables.tasks.c.position)).where(
            tables.tasks.c.status == TaskStatus.OPEN,
            tables.tasks.c.quadrant == quadrant,
        )
    )
    return float(highest or 0.0) + 1.0
