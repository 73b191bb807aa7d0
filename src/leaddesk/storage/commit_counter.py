"""The vault's commit counter (``vault_meta.commits``) and its outside copy.

Every write transaction raises the counter inside the vault, and the count is then recorded
beside the vault (``verifier.CommitRecorder``). An unlock whose counter is behind that copy
lost saved changes with its ``-wal``: damage (issue 19 item 1). Backups are ordered by it.

The raise costs no statement of its own when the write touched a tracked table: a temporary
trigger raises the counter when the row-state tracker logs the transaction's first row
(its log is empty at the start of every write transaction: ``Vault.transaction`` empties it
before each commit), and the tracker's collection reads the new count back in the same
statement (:func:`collect_counted`). A write that touched only untracked tables (the
counter itself, calendar subscriptions) raises it with :func:`bump`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain.errors import VaultDamagedError
from . import row_changes, verifier
from .opening import driver

log = logging.getLogger(__name__)

WAL_LOST = (
    "The vault file is damaged: saved changes are missing because its write-ahead log "
    "(the -wal file beside it) was damaged or removed. The damaged files are kept."
)


def read_meta(conn: Any) -> tuple[str, int] | None:
    """(vault id, commits) from ``vault_meta``; None before migration 0003."""
    sqlcipher = driver()
    try:
        row = conn.execute("SELECT vault_id, commits FROM vault_meta WHERE id = 1").fetchone()
    except sqlcipher.OperationalError:
        return None
    return (str(row[0]), int(row[1])) if row else None


def wal_loss_check(path: Path) -> Callable[[Any], None]:
    """The probe an unlock runs on its first keyed connection: :class:`VaultDamagedError`
    when the vault's counter is behind the outside copy (the -wal lost committed work)."""
    expected = verifier.read_commits(path)

    def check_commits(conn: Any) -> None:
        # Before anything can checkpoint: the -wal is kept as it was for the set-aside.
        if expected is None:
            return
        meta = read_meta(conn)
        if meta is not None and meta[0] == expected[0] and meta[1] < expected[1]:
            log.warning("commit counter behind its outside copy: -wal lost")
            raise VaultDamagedError(WAL_LOST)

    return check_commits


_BUMP_TRIGGER = (
    "CREATE TEMP TRIGGER IF NOT EXISTS leaddesk_commit_counter "
    f"AFTER INSERT ON temp.{row_changes.LOG_TABLE} WHEN new.seq = 1 BEGIN "
    "UPDATE main.vault_meta SET commits = commits + 1 WHERE id = 1; END"
)
_COUNT = "(SELECT commits FROM main.vault_meta WHERE id = 1)"


def install(conn: Any) -> None:
    """The trigger that raises the counter with the tracker's first logged row of a write
    transaction (after ``row_changes.install`` on the same connection; idempotent)."""
    conn.execute(_BUMP_TRIGGER)


def collect_counted(conn: Any) -> tuple[row_changes.RowChanges, int | None]:
    """The tracker's changes and the counter the trigger raised, in one statement; the
    counter is None when nothing tracked was written (then :func:`bump` it)."""
    changes, count = row_changes.collect_with(conn, _COUNT)
    return changes, None if count is None else int(count)


def bump(conn: Any) -> int | None:
    """Raise the counter inside the current transaction (one statement); the new count."""
    rows = conn.execute(
        "UPDATE vault_meta SET commits = commits + 1 WHERE id = 1 RETURNING commits"
    ).fetchall()
    return int(rows[0][0]) if rows else None


def highest_in_backups(backup_dir: Path, vault_id: str | None) -> int:
    """The highest counter among this vault's backups (-1 without any)."""
    from .backups import list_backups

    return max(
        (
            b.commits
            for b in list_backups(backup_dir)
            if b.vault_id == vault_id and b.commits is not None
        ),
        default=-1,
    )
