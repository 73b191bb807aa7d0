"""Form drafts: what was typed into an open form, kept in the vault's key/value settings.

A draft is one row of ``vault_settings`` under a key that starts with :data:`DRAFT_PREFIX`
(``draft/<form>/<record>``), so it is encrypted like every other row and needs no table of
its own. The service (``services/drafts.py``) builds the keys and checks what is kept.

A draft of an existing record (``draft/task/12``) goes with the record: the services' delete
paths call :meth:`DraftRepository.drop_orphans` in the delete's own transaction (so the undo
step of the delete holds the draft row too: ``vault_settings`` is a tracked table), and
:data:`RECORD_TABLES` says which table holds the record of each form.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Table, delete, insert, select
from sqlalchemy.orm import Session

from .. import tables

DRAFT_PREFIX = "draft/"

# The table that holds the record a form's draft belongs to (the form's record id is that
# table's id). A form not named here (a create form, ``draft/<form>/new``) is never an orphan.
RECORD_TABLES: dict[str, Table] = {
    "task": tables.tasks,
    "delegation-for-task": tables.tasks,  # the delegation dialog opened on a task
    "block": tables.time_blocks,
    "delegation": tables.delegations,
    "check-in": tables.delegations,
    "debrief": tables.delegations,
    "calendar-name": tables.calendar_sources,
    "derail": tables.time_blocks,  # "What derailed it?" asked for a block
    "overrun": tables.time_blocks,  # "It ran until ...": the new end of an overrun block
    "estimate": tables.tasks,  # the board's E prompt, for the first card selected
    "defer": tables.tasks,  # the board's D prompt, likewise
    "person": tables.people,
    # what is typed on a person's page, kept per person (ui/people/page/typed_drafts.py)
    "person-brief": tables.people,
    "person-feedback": tables.people,
    "person-growth": tables.people,
}


class DraftRepository:
    """Drafts by key, over the session of one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def value(self, key: str) -> Any:
        """The stored value under ``key``, or None."""
        stmt = select(tables.vault_settings.c.value).where(tables.vault_settings.c.key == key)
        return self.session.execute(stmt).scalar_one_or_none()

    def values(self, keys: list[str]) -> dict[str, Any]:
        """The stored values of those of ``keys`` that are there, in one statement."""
        column = tables.vault_settings.c.key
        stmt = select(column, tables.vault_settings.c.value).where(column.in_(keys))
        return {key: value for key, value in self.session.execute(stmt)}

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key``, replacing what was there."""
        self.remove(key)
        self.session.execute(insert(tables.vault_settings).values(key=key, value=value))

    def remove(self, key: str) -> bool:
        """Forget ``key``; True when there was something to forget."""
        stmt = delete(tables.vault_settings).where(tables.vault_settings.c.key == key)
        result = cast("CursorResult[Any]", self.session.execute(stmt))  # a DELETE's result
        return bool(result.rowcount)

    def draft_keys(self) -> list[str]:
        """Every draft key, in key order."""
        column = tables.vault_settings.c.key
        # LIKE treats "_" and "%" as wildcards: compare the prefix exactly instead.
        stmt = (
            select(column)
            .where(column >= DRAFT_PREFIX, column < DRAFT_PREFIX[:-1] + "0")
            .order_by(column)
        )
        return list(self.session.scalars(stmt))

    def record_missing(self, form: str, record_id: int) -> bool:
        """Is ``record_id`` a record of ``form``'s table that no longer exists? (False for a
        form with no record table.)"""
        table = RECORD_TABLES.get(form)
        if table is None:
            return False
        stmt = select(table.c.id).where(table.c.id == record_id)
        return self.session.execute(stmt).first() is None

    def orphan_keys(self) -> list[str]:
        """The keys of drafts whose record no longer exists (deleted since, or by an undo
        of its creation)."""
        orphans = []
        for key in self.draft_keys():
            form, _, record = key[len(DRAFT_PREFIX) :].partition("/")
            if record.isdigit() and self.record_missing(form, int(record)):
                orphans.append(key)
        return orphans

    def drop_orphans(self) -> list[str]:
        """Forget every draft whose record no longer exists (the session's pending deletes
        are flushed first); returns their keys. One read when there is no draft at all."""
        self.session.flush()
        orphans = self.orphan_keys()
        if orphans:
            column = tables.vault_settings.c.key
            self.session.execute(delete(tables.vault_settings).where(column.in_(orphans)))
        return orphans
