"""The vault's commit counter (``vault_meta.commits``) and its outside copy.

Every write transaction raises the counter inside the vault, and the count is then recorded
beside the vault (``verifier.CommitRecorder``). An unlock whose counter is behind that copy
lost saved changes with its ``-wal``: damage (issue 19 item 1). Backups are ordered by it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain.errors import VaultDamagedError
from . import verifier
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
