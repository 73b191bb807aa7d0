"""Form drafts: what was typed into an open form, kept in the vault's key/value settings.

A draft is one row of ``vault_settings`` under a key that starts with :data:`DRAFT_PREFIX`
(``draft/<form>/<record>``), so it is encrypted like every other row and needs no table of
its own. The service (``services/drafts.py``) builds the keys and checks what is kept.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, delete, insert, select
from sqlalchemy.orm import Session

from .. import tables

DRAFT_PREFIX = "draft/"


class DraftRepository:
    """Drafts by key, over the session of one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def value(self, key: str) -> Any:
        """The stored value under ``key``, or None."""
        stmt = select(tables.vault_settings.c.value).where(tables.vault_settings.c.key == key)
        return self.session.execute(stmt).scalar_one_or_none()

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
