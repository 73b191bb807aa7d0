"""One-on-one cadence: the last and next one-on-one with each person and the people list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from ...domain.cadence import CadenceStatus, cadence_status, last_one_on_one
from ...domain.model import Person
from ...storage.repositories.notes import NotesRepository
from ..arguments import checked_arguments
from ..base import Service, saved_id


@dataclass(frozen=True)
class PersonOverview:
    """A row of the people list: the person and where they stand against their cadence."""

    person: Person
    cadence: CadenceStatus


@checked_arguments
class CadenceService(Service):
    """Where each person stands against their one-on-one cadence."""

    def last_one_on_one(self, person_id: int) -> date | None:
        with self.hub.read() as s:
            return self._last_one_on_ones(NotesRepository(s), [person_id]).get(person_id)

    def cadence(self, person: Person) -> CadenceStatus:
        with self.hub.read() as s:
            return self._cadence_in(NotesRepository(s), person)

    def _cadence_in(self, repo: NotesRepository, person: Person) -> CadenceStatus:
        """:meth:`cadence` inside a unit of work the caller holds (the brief's)."""
        person_id = saved_id(person.id)
        return cadence_status(
            self._last_one_on_ones(repo, [person_id]).get(person_id),
            person.one_on_one_every_days,
            self.clock.today(),
            person.started_on,
            self._booked(repo, [person_id]).get(person_id),
        )

    def people_overview(self, *, include_archived: bool = False) -> list[PersonOverview]:
        """Everyone with their cadence, in three grouped queries (not one per person)."""
        with self.hub.read() as s:
            repo = NotesRepository(s)
            people = repo.people(include_archived=include_archived)
            ids = [saved_id(p.id) for p in people]
            last = self._last_one_on_ones(repo, ids)
            booked = self._booked(repo, ids)
        today = self.clock.today()
        return [
            PersonOverview(
                p,
                cadence_status(
                    last.get(saved_id(p.id)),
                    p.one_on_one_every_days,
                    today,
                    p.started_on,
                    booked.get(saved_id(p.id)),
                ),
            )
            for p in people
        ]

    def next_booked(self, person_ids: Iterable[int]) -> dict[int, datetime]:
        """The next planned one-on-one block with each person from now on (local time), in
        one grouped query: a booked one-on-one shows as "booked Thu 14:00", not overdue."""
        ids = list(person_ids)
        if not ids:
            return {}
        with self.hub.read() as s:
            return self._booked(NotesRepository(s), ids)

    def _booked(self, repo: NotesRepository, person_ids: list[int]) -> dict[int, datetime]:
        """:meth:`next_booked` inside the caller's unit of work."""
        if not person_ids:
            return {}
        tz = self.clock.tz
        found = repo.next_planned_one_on_ones(person_ids, self.clock.now())
        return {pid: start.astimezone(tz) for pid, start in found.items()}

    def _last_one_on_ones(self, repo: NotesRepository, person_ids: list[int]) -> dict[int, date]:
        """Each person's last one-on-one: the newer of their last one-on-one note and their
        last one-on-one block that took place (a block's day is its local start date)."""
        if not person_ids:
            return {}
        now = self.clock.now()
        tz = self.clock.tz
        result = repo.last_one_on_one_notes(person_ids, now.date())
        for pid, start in repo.last_met_one_on_one_starts(person_ids, now).items():
            newest = last_one_on_one([result.get(pid)], [start.astimezone(tz).date()])
            if newest is not None:
                result[pid] = newest
        return result
