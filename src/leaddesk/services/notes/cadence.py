"""One-on-one cadence: the last and next one-on-one with each person and the people list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, func, or_, select

from ...domain.cadence import CadenceStatus, cadence_status, last_one_on_one
from ...domain.model import BlockKind, BlockOutcome, NoteKind, Person
from ...storage import tables
from ..arguments import checked_arguments
from ..base import Service, saved_id

# One-on-one blocks with these outcomes mean the conversation happened.
MET_OUTCOMES = (BlockOutcome.DONE, BlockOutcome.PARTLY_DONE)


@dataclass(frozen=True)
class PersonOverview:
    """A row of the people list: the person and where they stand against their cadence."""

    person: Person
    cadence: CadenceStatus


@checked_arguments
class CadenceService(Service):
    """Where each person stands against their one-on-one cadence."""

    def last_one_on_one(self, person_id: int) -> date | None:
        return self._last_one_on_ones([person_id]).get(person_id)

    def cadence(self, person: Person) -> CadenceStatus:
        assert person.id is not None
        return cadence_status(
            self.last_one_on_one(person.id),
            person.one_on_one_every_days,
            self.clock.today(),
            person.started_on,
            self.next_booked([person.id]).get(person.id),
        )

    def people_overview(self, *, include_archived: bool = False) -> list[PersonOverview]:
        """Everyone with their cadence, in two grouped queries (not one per person)."""
        stmt = select(Person).order_by(tables.people.c.name)
        if not include_archived:
            stmt = stmt.where(tables.people.c.archived.is_(False))
        with self.ctx.read() as s:
            people = list(s.scalars(stmt))
        last = self._last_one_on_ones([p.id for p in people if p.id is not None])
        booked = self.next_booked([p.id for p in people if p.id is not None])
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
        now = self.clock.now()
        tz = self.clock.tz
        result: dict[int, datetime] = {}
        with self.ctx.read() as s:
            rows = s.execute(
                select(tables.time_blocks.c.person_id, func.min(tables.time_blocks.c.start))
                .where(
                    tables.time_blocks.c.person_id.in_(ids),
                    tables.time_blocks.c.kind == BlockKind.ONE_ON_ONE,
                    tables.time_blocks.c.outcome == BlockOutcome.PLANNED,
                    tables.time_blocks.c.start >= now,
                )
                .group_by(tables.time_blocks.c.person_id)
            )
            for pid, start in rows:
                if start is None:
                    continue
                if isinstance(start, str):  # min() over a custom type can come back raw
                    start = datetime.fromisoformat(start)
                if start.tzinfo is None:
                    start = start.replace(tzinfo=UTC)
                result[pid] = start.astimezone(tz)
        return result

    def _last_one_on_ones(self, person_ids: Iterable[int]) -> dict[int, date]:
        ids = list(person_ids)
        if not ids:
            return {}
        now = self.clock.now()
        tz = self.clock.tz
        result: dict[int, date] = {}
        with self.ctx.read() as s:
            note_rows = s.execute(
                select(tables.notes.c.person_id, func.max(tables.notes.c.written_on))
                .where(
                    tables.notes.c.person_id.in_(ids), tables.notes.c.kind == NoteKind.ONE_ON_ONE
                )
                .where(tables.notes.c.written_on <= now.date())
                .group_by(tables.notes.c.person_id)
            )
            for pid, day in note_rows:
                result[pid] = day
            # A block's day is its local start date, so fetch starts and convert in Python.
            block_rows = s.execute(
                select(tables.time_blocks.c.person_id, func.max(tables.time_blocks.c.start))
                .where(
                    tables.time_blocks.c.person_id.in_(ids),
                    tables.time_blocks.c.kind == BlockKind.ONE_ON_ONE,
                    or_(
                        tables.time_blocks.c.outcome.in_(MET_OUTCOMES),
                        # a one-on-one from the user's calendar that has ended took place
                        # unless marked otherwise (calendar_ics: one_on_one_person)
                        and_(
                            tables.time_blocks.c.read_only.is_(True),
                            tables.time_blocks.c.outcome == BlockOutcome.PLANNED,
                            tables.time_blocks.c.end <= now,
                        ),
                    ),
                    tables.time_blocks.c.start <= now,
                )
                .group_by(tables.time_blocks.c.person_id)
            )
            for pid, start in block_rows:
                if start is None:
                    continue
                if isinstance(start, str):  # max() over a custom type can come back raw
                    start = datetime.fromisoformat(start)
                if start.tzinfo is None:
                    start = start.replace(tzinfo=UTC)
                day = start.astimezone(tz).date()
                newest = last_one_on_one([result.get(pid)], [day])
                if newest is not None:
                    result[pid] = newest
        return result
