"""The pre-one-on-one brief: open items, topics, delegations, requests and the last note."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from ...domain.cadence import CadenceStatus
from ...domain.model import (
    ActionItem,
    ActionOwner,
    DelegationStatus,
    Note,
    Person,
    Quadrant,
    Topic,
)
from ...storage.repositories.notes import NotesRepository
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
        """Everything in one read (one unit of work), the cadence included."""
        with self.ctx.read() as s:
            repo = NotesRepository(s)
            person = get_row(repo, Person, person_id, "person")
            items = repo.open_action_items(person_id)
            topics = repo.open_topics(person_id)
            delegations = [OpenDelegation(*row) for row in repo.open_delegations(person_id)]
            last_note = repo.last_note(person_id)
            # Requests from them: open tasks linked to them with a requester, or whose
            # requester is their name (typed before requesters were linked to people).
            name = person.name.casefold()
            requests = [
                OpenRequest(row.task_id, row.title, row.quadrant, row.needed_by)
                for row in repo.open_requests()
                if row.person_id == person_id or row.requester.strip().casefold() == name
            ]
            cadence = self.cadence._cadence_in(repo, person)
        return Brief(
            person=person,
            cadence=cadence,
            mine=[i for i in items if i.owner is ActionOwner.MINE],
            theirs=[i for i in items if i.owner is ActionOwner.THEIRS],
            topics=topics,
            delegations=delegations,
            last_note=last_note,
            requests=requests,
        )
