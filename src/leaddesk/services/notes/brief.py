"""The pre-one-on-one brief: open items, topics, delegations, requests and the last note."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ...domain.cadence import CadenceStatus, cadence_status
from ...domain.model import (
    ActionItem,
    ActionOwner,
    DelegationStatus,
    Note,
    Person,
    Quadrant,
    Task,
    TaskStatus,
    Topic,
)
from ...storage import tables
from ..arguments import checked_arguments
from ..base import Service, ServiceContext
from .cadence import CadenceService
from .common import get_row


@dataclass(frozen=True)
class OpenDelegation:
    delegation_id: int
    task_id: int
    title: str
    next_check_in_on: date | None
    due_on: date | None
    status: DelegationStatus


@dataclass(frozen=True)
class OpenRequest:
    """An open task someone asked for (a request from this person)."""

    task_id: int
    title: str
    quadrant: Quadrant
    needed_by: date | None


@dataclass(frozen=True)
class Brief:
    """The pre-one-on-one brief for one person."""

    person: Person
    cadence: CadenceStatus
    mine: list[ActionItem]
    theirs: list[ActionItem]
    topics: list[Topic]
    delegations: list[OpenDelegation]
    last_note: Note | None
    requests: list[OpenRequest] = dataclasses.field(default_factory=list)


@checked_arguments
class BriefService(Service):
    """The pre-one-on-one brief."""

    def __init__(self, ctx: ServiceContext, cadence: CadenceService) -> None:
        super().__init__(ctx)
        self.cadence = cadence  # the people list's own cadence figures

    def brief(self, person_id: int) -> Brief:
        today = self.clock.today()
        with self.ctx.read() as s:
            person = get_row(s, Person, person_id, "person")
            items = list(
                s.scalars(
                    select(ActionItem)
                    .where(
                        tables.action_items.c.person_id == person_id,
                        tables.action_items.c.done_on.is_(None),
                    )
                    .order_by(tables.action_items.c.created_on, tables.action_items.c.id)
                )
            )
            topics = list(
                s.scalars(
                    select(Topic)
                    .where(
                        tables.topics.c.person_id == person_id,
                        tables.topics.c.resolved_on.is_(None),
                    )
                    .order_by(tables.topics.c.created_on, tables.topics.c.id)
                )
            )
            open_statuses = [st for st in DelegationStatus if st.is_open]
            delegations = [
                OpenDelegation(d_id, t_id, title, check, due, DelegationStatus(status))
                for d_id, t_id, title, check, due, status in s.execute(
                    select(
                        tables.delegations.c.id,
                        tables.delegations.c.task_id,
                        tables.tasks.c.title,
                        tables.delegations.c.next_check_in_on,
                        tables.delegations.c.due_on,
                        tables.delegations.c.status,
                    )
                    .join(Task, tables.tasks.c.id == tables.delegations.c.task_id)
                    .where(
                        tables.delegations.c.person_id == person_id,
                        tables.delegations.c.status.in_(open_statuses),
                    )
                    .order_by(
                        tables.delegations.c.next_check_in_on.is_(None),
                        tables.delegations.c.next_check_in_on,
                    )
                )
            ]
            last_note = s.scalars(
                select(Note)
                .where(tables.notes.c.person_id == person_id)
                .order_by(tables.notes.c.written_on.desc(), tables.notes.c.id.desc())
                .limit(1)
            ).first()
            # Requests from them: open tasks linked to them with a requester, or whose
            # requester is their name (typed before requesters were linked to people).
            name = person.name.casefold()
            t = tables.tasks.c
            requests = [
                OpenRequest(t_id, title, Quadrant(quadrant), needed)
                for t_id, title, quadrant, needed, requester, linked in s.execute(
                    select(t.id, t.title, t.quadrant, t.needed_by, t.requester, t.person_id)
                    .where(t.status == TaskStatus.OPEN, t.requester != "")
                    .order_by(t.needed_by.is_(None), t.needed_by, t.id)
                )
                if linked == person_id or requester.strip().casefold() == name
            ]
        last = self.cadence.last_one_on_one(person_id)
        return Brief(
            person=person,
            cadence=cadence_status(
                last,
                person.one_on_one_every_days,
                today,
                person.started_on,
                self.cadence.next_booked([person_id]).get(person_id),
            ),
            mine=[i for i in items if i.owner is ActionOwner.MINE],
            theirs=[i for i in items if i.owner is ActionOwner.THEIRS],
            topics=topics,
            delegations=delegations,
            last_note=last_note,
            requests=requests,
        )
