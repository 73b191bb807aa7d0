"""A write that is no user action (a calendar subscription's refresh) can skip the row
tracker (``Vault.transaction(tracked=False)``, ``ServiceHub.write(undoable=False)``):
nothing is logged for undo, but the commit counter still rises (a lost -wal must still be
noticed), listeners still hear the change, a failure still rolls everything back, and the
tracker is back for the next write. Inside a recorded user action it stays tracked."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from leaddesk.domain.model import Quadrant
from leaddesk.services.base import ChangeKind, ChangeSet
from leaddesk.storage import row_changes, verifier

_INSERT = text(
    'INSERT INTO time_blocks (title, kind, start, "end", protected, recurrence, outcome, '
    "outcome_reason, read_only, external_uid) VALUES ('x', 'meeting', "
    "'2026-12-07T09:00:00.000000+00:00', '2026-12-07T10:00:00.000000+00:00', 0, '', "
    "'planned', '', 1, :uid)"
)


def _vault(services: Any) -> Any:
    return services.tasks.hub.vault


def _stored(vault: Any) -> int:
    return int(vault.raw_connection.execute("SELECT commits FROM vault_meta").fetchone()[0])


def _blocks(vault: Any) -> int:
    return int(vault.raw_connection.execute("SELECT count(*) FROM time_blocks").fetchone()[0])


def _heard(vault: Any) -> list[row_changes.RowChanges]:
    heard: list[row_changes.RowChanges] = []
    vault.on_row_changes = heard.append
    return heard


def test_an_untracked_write_logs_no_rows_but_raises_the_counter(services) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(services)
    services.tasks.capture("warm up", quadrant=Quadrant.DO)  # the tracker is installed
    heard = _heard(vault)
    start = _stored(vault)
    with vault.transaction(tracked=False) as s:
        for n in range(3):
            s.execute(_INSERT, {"uid": f"u{n}|c=s1"})
    assert _blocks(vault) == 3
    assert heard == []  # nothing for undo
    assert _stored(vault) == vault.commits == start + 1
    assert verifier.read_commits(vault.path) == (vault.vault_id, start + 1)
    # the tracker is back for the next write, and the pause left nothing behind
    with vault.transaction() as s:
        s.execute(_INSERT, {"uid": "tracked|c=s1"})
    assert len(heard) == 1 and heard[0].tables() == {"time_blocks"}
    assert _stored(vault) == start + 2
    paused = vault.raw_connection.execute(f"SELECT count(*) FROM temp.{row_changes.PAUSE_TABLE}")
    assert paused.fetchone()[0] == 0


def test_a_failed_untracked_write_changes_nothing_and_resumes_the_tracker(services) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(services)
    services.tasks.capture("warm up", quadrant=Quadrant.DO)
    heard = _heard(vault)
    start, blocks = _stored(vault), _blocks(vault)
    with pytest.raises(RuntimeError), vault.transaction(tracked=False) as s:
        s.execute(_INSERT, {"uid": "half|c=s1"})
        raise RuntimeError("abandon")
    assert _blocks(vault) == blocks and _stored(vault) == start  # not half-applied
    services.tasks.capture("after", quadrant=Quadrant.DO)
    assert len(heard) == 1 and heard[0].tables() == {"tasks"}  # tracked again


def test_the_first_transaction_of_a_connection_may_be_untracked(services) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(services)
    vault._tracked_conn = None  # as after unlock or a passphrase change: installs first
    start = _stored(vault)
    with vault.transaction(tracked=False) as s:
        s.execute(_INSERT, {"uid": "first|c=s1"})
    assert _stored(vault) == start + 1 and _blocks(vault) == 1


def test_an_untracked_write_with_nothing_written_raises_nothing(services) -> None:  # type: ignore[no-untyped-def]
    vault = _vault(services)
    services.tasks.capture("warm up", quadrant=Quadrant.DO)
    start = _stored(vault)
    with vault.transaction(tracked=False):
        pass
    assert _stored(vault) == vault.commits == start


def test_a_write_that_is_no_user_action_is_announced_but_not_an_undo_step(services) -> None:  # type: ignore[no-untyped-def]
    ctx = services.tasks.hub
    announced: list[ChangeSet] = []
    ctx.subscribe(announced.append)
    start = _stored(ctx.vault)
    with ctx.operation() as recorded_before:
        pass
    assert not recorded_before.rows
    with ctx.write(ChangeKind.BLOCKS, undoable=False) as s:
        s.execute(_INSERT, {"uid": "refresh|c=s1"})
    assert [c.kinds for c in announced] == [frozenset({ChangeKind.BLOCKS})]
    assert _stored(ctx.vault) == start + 1
    # inside a recorded user action the same write stays part of its undo step
    with ctx.operation() as recorded, ctx.write(ChangeKind.BLOCKS, undoable=False) as s:
        s.execute(_INSERT, {"uid": "inside|c=s1"})
    assert recorded.rows.tables() == {"time_blocks"}
