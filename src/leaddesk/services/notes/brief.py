"""The pre-one-on-one brief: open items, topics, delegations, requests and the last note."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from ...domain.cadence import CadenceStatus, cadence_status
from ...domain.model import (
    ActionItem,
    ActionOwner,
    Note,
    Person,
    Quadrant,
    Topic,
)
from ...storage.repositories.notes import NotesRepository, OpenDelegationRow
from ..arguments import checked_arguments
from ..base import ChangeKind, Service, ServiceHub, saved_id
from .cadence import CadenceService
from .common import get_row

OpenDelegation = OpenDelegationRow  # a delegation held by the person, as the brief lists it


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

    def __init__(self, hub: ServiceHub, cadence: CadenceService) -> None:
        super().__init__(hub)
        self.cadence = cadence  # the people list's own cadence figures

    def brief(self, person_id: int) -> Brief:
        """Everything in one read (one unit of work), the cadence included."""
        with self.hub.read() as s:
            repo = NotesRepository(s)
            person = get_row(repo, Person, person_id, "person")
            items = repo.open_action_items(person_id)
            topics = repo.open_topics(person_id)
            delegations = repo.open_delegations(person_id)
            last_note = repo.last_note(person_id)
            requests = self._requests(repo, person)
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

    def refreshed_brief(self, previous: Brief, changed: Collection[ChangeKind]) -> Brief:
        """``previous`` after a change of the kinds ``changed``, re-reading only what those
        kinds can change: a note saved elsewhere re-reads the open items, topics, the last
        note and the last one-on-one, not the delegations, requests or booked one-on-ones.
        A change of people (or of anything else) reads the whole brief again."""
        kinds = set(changed)
        person = previous.person
        person_id = saved_id(person.id)
        if not kinds <= _PARTIAL:
            return self.brief(person_id)
        notes = ChangeKind.NOTES in kinds
        tasks = ChangeKind.TASKS in kinds
        blocks = ChangeKind.BLOCKS in kinds
        last_on, booked = previous.cadence.last_on, previous.cadence.booked_at
        mine, theirs, topics = previous.mine, previous.theirs, previous.topics
        last_note, delegations, requests = (
            previous.last_note,
            previous.delegations,
            previous.requests,
        )
        with self.hub.read() as s:
            repo = NotesRepository(s)
            if notes:
                items = repo.open_action_items(person_id)
                mine = [i for i in items if i.owner is ActionOwner.MINE]
                theirs = [i for i in items if i.owner is ActionOwner.THEIRS]
                topics = repo.open_topics(person_id)
                last_note = repo.last_note(person_id)
            if tasks or ChangeKind.DELEGATIONS in kinds:
                delegations = repo.open_delegations(person_id)
            if tasks:
                requests = self._requests(repo, person)
            if notes or blocks:
                last_on = self.cadence._last_one_on_ones(repo, [person_id]).get(person_id)
            if blocks:
                booked = self.cadence._booked(repo, [person_id]).get(person_id)
        cadence = cadence_status(
            last_on, person.one_on_one_every_days, self.clock.today(), person.started_on, booked
        )
        return Brief(
            person=person,
            cadence=cadence,
            mine=mine,
            theirs=theirs,
            topics=topics,
            delegations=delegations,
            last_note=last_note,
            requests=requests,
        )

    @staticmethod
    def _requests(repo: NotesRepository, person: Person) -> list[OpenRequest]:
        """Requests from them: open tasks linked to them with a requester, or whose requester
        is their name (typed before requesters were linked to people)."""
        name = person.name.casefold()
        return [
            OpenRequest(row.task_id, row.title, row.quadrant, row.needed_by)
            for row in repo.open_requests()
            if row.person_id == person.id or row.requester.strip().casefold() == name
        ]


# The kinds of change a brief can follow in part (a change of people reads it all again).
_PARTIAL = frozenset(
    {ChangeKind.NOTES, ChangeKind.TASKS, ChangeKind.DELEGATIONS, ChangeKind.BLOCKS}
)
