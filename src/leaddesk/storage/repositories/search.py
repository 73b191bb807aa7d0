"""The Ctrl+K search's reads: short columns matched with LIKE, each bounded by a LIMIT.

``pattern`` is a LIKE pattern escaped with ``\\`` (the service builds it); notes are searched
through their FTS5 index in ``notes.py``.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import TextClause, text
from sqlalchemy.orm import Session


class PersonMatch(NamedTuple):
    id: int
    name: str
    archived: bool


class TaskMatch(NamedTuple):
    id: int
    title: str
    quadrant: str
    status: str


class DelegationMatch(NamedTuple):
    id: int
    title: str  # the delegated task's
    person_name: str
    status: str
    task_id: int
    person_id: int


class ItemMatch(NamedTuple):
    """An action item or a topic; ``closed`` says whether it is done / resolved."""

    id: int
    text: str
    person_id: int
    person_name: str
    closed: bool


_PEOPLE = text(
    "SELECT id, name, archived FROM people WHERE name LIKE :p ESCAPE '\\' "
    "ORDER BY archived, name LIMIT :n"
)
_TASKS = text(
    "SELECT id, title, quadrant, status FROM tasks WHERE title LIKE :p ESCAPE '\\' "
    "ORDER BY status != 'open', id DESC LIMIT :n"
)
_DELEGATIONS = text(
    "SELECT d.id, t.title, p.name, d.status, d.task_id, d.person_id "
    "FROM delegations AS d JOIN tasks AS t ON t.id = d.task_id "
    "JOIN people AS p ON p.id = d.person_id "
    "WHERE t.title LIKE :p ESCAPE '\\' OR d.expected_outcome LIKE :p ESCAPE '\\' "
    "ORDER BY d.status NOT IN ('active', 'blocked'), d.id DESC LIMIT :n"
)


def _items(table: str, closed: str) -> str:
    return (
        f"SELECT x.id, x.text, x.person_id, p.name, x.{closed} IS NOT NULL "
        f"FROM {table} AS x JOIN people AS p ON p.id = x.person_id "
        "WHERE x.text LIKE :p ESCAPE '\\' "
        f"ORDER BY x.{closed} IS NOT NULL, x.id DESC LIMIT :n"
    )


_ACTION_ITEMS = text(_items("action_items", "done_on"))
_TOPICS = text(_items("topics", "resolved_on"))


class SearchRepository:
    """Open items first, then the newest, at most ``limit`` rows of each kind."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def people(self, pattern: str, limit: int) -> list[PersonMatch]:
        rows = self.s.execute(_PEOPLE, {"p": pattern, "n": limit})
        return [PersonMatch(r[0], r[1], bool(r[2])) for r in rows]

    def tasks(self, pattern: str, limit: int) -> list[TaskMatch]:
        rows = self.s.execute(_TASKS, {"p": pattern, "n": limit})
        return [TaskMatch(r[0], r[1], str(r[2]), str(r[3])) for r in rows]

    def delegations(self, pattern: str, limit: int) -> list[DelegationMatch]:
        rows = self.s.execute(_DELEGATIONS, {"p": pattern, "n": limit})
        return [DelegationMatch(r[0], r[1], r[2], str(r[3]), r[4], r[5]) for r in rows]

    def action_items(self, pattern: str, limit: int) -> list[ItemMatch]:
        return self._items(_ACTION_ITEMS, pattern, limit)

    def topics(self, pattern: str, limit: int) -> list[ItemMatch]:
        return self._items(_TOPICS, pattern, limit)

    def _items(self, query: TextClause, pattern: str, limit: int) -> list[ItemMatch]:
        rows = self.s.execute(query, {"p": pattern, "n": limit})
        return [ItemMatch(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]
