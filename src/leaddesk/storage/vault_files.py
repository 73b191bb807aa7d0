"""The files a vault is made of on disk, beside the database itself: their modes (0600 files,
0700 folders, tightened at unlock) and removing what a failed create left. (A finished copy
is flushed to the disk with ``private_files.fsync_file``.)"""

from __future__ import annotations

import contextlib
from pathlib import Path

from ..private_files import tighten_mode
from .opening import COMPANIONS


def tighten_modes(path: Path, backup_dir: Path | None) -> None:
    """Vault, -wal, -shm, verifier files and backups 0600, their folders 0700 (a vault made
    by an older version, or copied in with umask 022)."""
    from . import verifier

    tighten_mode(path.parent, directory=True)
    for companion in ("", *COMPANIONS):
        tighten_mode(Path(str(path) + companion))
    for beside in (
        verifier.verifier_path(path),
        verifier.pending_path(path),
        verifier.commits_path(path),
    ):
        tighten_mode(beside)
    if backup_dir is not None and backup_dir.is_dir():
        tighten_mode(backup_dir, directory=True)
        with contextlib.suppress(OSError):
            for entry in backup_dir.iterdir():
                if entry.is_file():
                    tighten_mode(entry)


def daily_backup_due(backup_dir: Path) -> bool:
    from datetime import UTC, datetime

    from .backups import has_backup_on

    return not has_backup_on(backup_dir, datetime.now(UTC).date())


def remove_new_files(path: Path) -> None:
    """Remove a vault file (and its -wal/-shm) that a failed create just made."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()
