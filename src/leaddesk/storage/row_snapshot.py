"""A read of plain rows straight on the vault's keyed DB-API connection, for hot reads that
need no ORM (the review's figures): one read transaction of its own (BEGIN ... ROLLBACK, so
the statements see one state of the vault), with no SQLAlchemy session, pool checkout or
``begin`` event (~55 µs of a ~0.45 ms look-back). Inside a transaction already open on that
connection it reads in that one. Driver errors are the caller's to translate
(``ServiceHub.read_rows`` does, as ``hub.read()`` does)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def row_snapshot(raw: Any) -> Iterator[Any]:
    """``raw`` inside one read transaction (see the module docstring)."""
    if raw.in_transaction:
        yield raw
        return
    raw.execute("BEGIN")
    try:
        yield raw
    finally:
        raw.execute("ROLLBACK")
