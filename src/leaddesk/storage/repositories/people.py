"""The people a lead works with: every query of ``services/people`` (issue 14, item 1).

People come back as the domain's mapped :class:`~leaddesk.domain.model.Person` (the service
changes and returns them); the notes' queries about people (the people list with cadence,
the brief) are in ``repositories/notes.py``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.model import Person
from .. import tables


class PeopleRepository:
    """People, over the session of one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, person_id: int) -> Person | None:
        return self.session.get(Person, person_id)

    def listed(self, *, include_archived: bool) -> list[Person]:
        """By name; archived people only with ``include_archived``."""
        stmt = select(Person).order_by(tables.people.c.name)
        if not include_archived:
            stmt = stmt.where(tables.people.c.archived.is_(False))
        return list(self.session.scalars(stmt))

    def add(self, person: Person) -> None:
        """Insert ``person`` now (its id is set when this returns)."""
        self.session.add(person)
        self.session.flush()
