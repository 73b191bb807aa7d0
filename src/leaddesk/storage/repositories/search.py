"""The Ctrl+K search's reads: short columns matched with LIKE, each bounded by a LIMIT.

``pattern`` is a LIKE pattern escaped with ``\\`` (the service builds it); notes are searched
through their FTS5 index in ``notes.py``. The statements run on the vault's DB-API connection
in one read transaction (``ServiceHub.read_rows``): plain rows, no ORM session per keystroke.

Tasks and delegations list the open ones first, then the newest. Both are read newest first
and stop once the LIMIT of closed ones is reached, instead of sorting every match of a common
word (13,000 tasks at five years); the open ones come through the status index (delegations,
and tasks when the read stopped early). The rows and their order are those of one
``ORDER BY open-first, id DESC LIMIT n`` over every match (tests/services/test_search_rows.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NamedTuple


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


_LIKE = "LIKE :p ESCAPE '\\'"
_PEOPLE = (
    f"SELECT id, name, archived FROM people WHERE name {_LIKE} ORDER BY archived, name LIMIT :n"
)
# Tasks: every match newest first, read until the LIMIT of others (not open) is reached; the
# open ones come from that read when it went through every match, else from the status index.
_TASK_COLUMNS = "SELECT id, title, quadrant, status FROM tasks WHERE "
_TASKS_NEWEST = f"{_TASK_COLUMNS}title {_LIKE} ORDER BY id DESC"
_OPEN_TASKS = f"{_TASK_COLUMNS}status = 'open' AND title {_LIKE} ORDER BY id DESC LIMIT :n"
# Delegations: open first, then newest, as two bounded parts merged (the module docstring).
_OPEN_DELEGATION = "('active', 'blocked')"
# CROSS JOIN keeps the delegations the outer loop (newest first for the others' part).
_DELEGATION_COLUMNS = (
    "SELECT d.id, t.title, p.name, d.status, d.task_id, d.person_id "
    "FROM delegations AS d CROSS JOIN tasks AS t ON t.id = d.task_id "
    "CROSS JOIN people AS p ON p.id = d.person_id WHERE "
)


def _delegations(match: str) -> str:
    return f"""
SELECT id, title, name, status, task_id, person_id FROM (
    SELECT * FROM ({_DELEGATION_COLUMNS}d.status IN {_OPEN_DELEGATION} AND {match}
        ORDER BY d.id DESC LIMIT :n)
    UNION ALL
    SELECT * FROM ({_DELEGATION_COLUMNS}+d.status NOT IN {_OPEN_DELEGATION}
        AND {match} ORDER BY d.id DESC LIMIT :n)
) ORDER BY status NOT IN {_OPEN_DELEGATION}, id DESC LIMIT :n
"""


# Its task's title matches, or its expected outcome does.
_DELEGATIONS = _delegations(f"(t.title {_LIKE} OR d.expected_outcome {_LIKE})")
# The same when every task whose title matches is known (:ids, a JSON list): the others'
# part then reads no task of a delegation that does not match.
_DELEGATIONS_OF_TASKS = _delegations(
    f"(d.task_id IN (SELECT value FROM json_each(:ids)) OR d.expected_outcome {_LIKE})"
)


def _items(table: str, closed: str) -> str:
    return (
        f"SELECT x.id, x.text, x.person_id, p.name, x.{closed} IS NOT NULL "
        f"FROM {table} AS x JOIN people AS p ON p.id = x.person_id "
        f"WHERE x.text {_LIKE} "
        f"ORDER BY x.{closed} IS NOT NULL, x.id DESC LIMIT :n"
    )


_ACTION_ITEMS = _items("action_items", "done_on")
_TOPICS = _items("topics", "resolved_on")


class SearchRepository:
    """Open items first, then the newest, at most ``limit`` rows of each kind, read on the
    DB-API connection ``raw`` (inside ``hub.read_rows()``)."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw

    def _rows(self, sql: str, pattern: str, limit: int) -> list[Any]:
        rows: list[Any] = self._raw.execute(sql, {"p": pattern, "n": int(limit)}).fetchall()
        return rows

    def people(self, pattern: str, limit: int) -> list[PersonMatch]:
        rows = self._rows(_PEOPLE, pattern, limit)
        return [PersonMatch(r[0], r[1], bool(r[2])) for r in rows]

    def tasks(self, pattern: str, limit: int) -> list[TaskMatch]:
        """Open tasks first, then the others, each newest first: at most ``limit``. One read
        of the matches newest first, stopped once ``limit`` others are in: a word in
        thousands of titles stops early, a rare one reads every title once."""
        limit = max(int(limit), 0)
        if not limit:
            return []
        opened: list[Any] = []
        others: list[Any] = []
        every_match_read = True
        cursor = self._raw.execute(_TASKS_NEWEST, {"p": pattern})
        try:
            for row in cursor:
                if row[3] == "open":
                    opened.append(row)
                    continue
                others.append(row)
                if len(others) == limit:
                    every_match_read = False
                    break
        finally:
            cursor.close()
        if not every_match_read:  # older open tasks may match too
            opened = self._rows(_OPEN_TASKS, pattern, limit)
        rows = (opened + others)[:limit]
        return [TaskMatch(r[0], r[1], str(r[2]), str(r[3])) for r in rows]

    def delegations(
        self, pattern: str, limit: int, matching_task_ids: Sequence[int] | None = None
    ) -> list[DelegationMatch]:
        """Delegations whose task's title or expected outcome matches. ``matching_task_ids``:
        every task whose title matches, when the caller has them all (a ``tasks`` answer
        shorter than its limit), so that titles are not matched a second time."""
        if matching_task_ids is None:
            rows = self._rows(_DELEGATIONS, pattern, limit)
        else:
            ids = json.dumps([int(i) for i in matching_task_ids])
            args = {"p": pattern, "n": int(limit), "ids": ids}
            rows = self._raw.execute(_DELEGATIONS_OF_TASKS, args).fetchall()
        return [DelegationMatch(r[0], r[1], r[2], str(r[3]), r[4], r[5]) for r in rows]

    def action_items(self, pattern: str, limit: int) -> list[ItemMatch]:
        return self._items(_ACTION_ITEMS, pattern, limit)

    def topics(self, pattern: str, limit: int) -> list[ItemMatch]:
        return self._items(_TOPICS, pattern, limit)

    def _items(self, sql: str, pattern: str, limit: int) -> list[ItemMatch]:
        rows = self._rows(sql, pattern, limit)
        return [ItemMatch(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]
