"""The commit counter rises by exactly one per committed write transaction, whatever it wrote,
and its outside copy follows (issue 19 item 1); the raise rides on the row tracker's log
(a trigger) and its collection, so it costs no statement of its own (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from leaddesk.domain.model import Quadrant
from leaddesk.storage import verifier

_MOVE_ALL = text("UPDATE tasks SET position = position + 1")


def _vault(services: Any) -> Any:
    return services.tasks.hub.vault


def _stored(vault: Any) -> int:
    return int(vault.raw_connection.execute("SELECT commits FROM vault_meta").fetchone()[0])


def _statements(vault: Any, action: Any) -> list[str]:
    seen: list[str] = []
    raw = vault.raw_connection
    raw.set_trace_callback(seen.append)
    try:
        action()
    finally:
        raw.set_trace_callback(None)
    return seen


def test_every_write_transaction_raises_the_counter_once_and_records_it(services) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(services)
    start = _stored(vault)
    services.tasks.capture("one", quadrant=Quadrant.DO)
    assert _stored(vault) == vault.commits == start + 1
    services.tasks.capture("two", quadrant=Quadrant.DO)
    services.tasks.capture("three", quadrant=Quadrant.DO)
    with vault.transaction() as s:  # many tracked rows in one transaction: still one
        s.execute(_MOVE_ALL)
    assert _stored(vault) == vault.commits == start + 4
    assert verifier.read_commits(vault.path) == (vault.vault_id, start + 4)


def test_no_statement_of_its_own_for_a_tracked_write(services) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(services)
    services.tasks.capture("warm up", quadrant=Quadrant.DO)  # triggers installed
    seen = _statements(vault, lambda: services.tasks.capture("two", quadrant=Quadrant.DO))
    own = [s for s in seen if s.lstrip().upper().startswith("UPDATE") and "VAULT_META" in s.upper()]
    assert own == [], seen


def test_a_write_to_untracked_tables_only_still_raises_it(services) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(services)
    start = _stored(vault)
    with vault.transaction() as s:
        s.execute(text("UPDATE vault_meta SET vault_id = vault_id WHERE id = 1"))
    assert _stored(vault) == vault.commits == start + 1
    assert verifier.read_commits(vault.path) == (vault.vault_id, start + 1)


def test_nothing_written_or_rolled_back_raises_nothing(services) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(services)
    services.tasks.capture("one", quadrant=Quadrant.DO)
    start = _stored(vault)
    with vault.transaction():
        pass
    with pytest.raises(RuntimeError), vault.transaction() as s:
        s.execute(_MOVE_ALL)
        raise RuntimeError("abandon")
    assert _stored(vault) == vault.commits == start
    # A savepoint rolled back, then a write: the write still counts, once.
    with vault.transaction() as s:
        nested = s.begin_nested()
        s.execute(_MOVE_ALL)
        nested.rollback()
        s.execute(_MOVE_ALL)
    assert _stored(vault) == vault.commits == start + 1
