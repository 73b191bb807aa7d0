"""Automatic encrypted backups beside the vault, their rotation, and restoring one.

A backup is a ``VACUUM INTO`` copy of the vault: a standard SQLCipher 4 file under the same
passphrase the vault had when the copy was made. They are taken at most once a day on unlock
and before every schema migration. Rotation keeps the newest backup of each of the last 7
days that have one, plus the newest of each of the 4 weeks before those, plus the newest
pre-migration backup (the one a failed upgrade would need).

Nothing here ever deletes a vault: restoring moves the current vault (and its -wal/-shm
files) aside into ``set-aside/`` first; a damaged vault is moved aside the same way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..private_files import fsync_dir

if TYPE_CHECKING:
    from .vault import Vault

log = logging.getLogger(__name__)

SUFFIX = ".leaddesk-backup"
DAILY_KEPT = 7
WEEKLY_KEPT = 4
SET_ASIDE_DIR = "set-aside"
_NAME = re.compile(r"^leaddesk-(\d{8}T\d{6}Z)(?:-(pre-migration|manual|before-restore))?$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the restore dialog lists it."""

    path: Path
    taken_at: datetime  # aware, UTC
    size_bytes: int
    reason: str  # "daily", "pre-migration", "manual"

    @property
    def day(self) -> date:
        return self.taken_at.date()


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_name(path: Path) -> tuple[datetime, str] | None:
    if not path.name.endswith(SUFFIX):
        return None
    match = _NAME.match(path.name[: -len(SUFFIX)])
    if not match:
        return None
    taken = datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return taken, match.group(2) or "daily"


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Every backup in ``backup_dir``, newest first."""
    found: list[BackupInfo] = []
    if not backup_dir.is_dir():
        return found
    for entry in backup_dir.iterdir():
        parsed = parse_name(entry)
        if parsed is None or not entry.is_file():
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(entry, parsed[0], size, parsed[1]))
    found.sort(key=lambda b: (b.taken_at, b.path.name), reverse=True)
    return found


def backup_path(backup_dir: Path, now: datetime, reason: str = "daily") -> Path:
    tag = "" if reason == "daily" else f"-{reason}"
    candidate = backup_dir / f"leaddesk-{_stamp(now)}{tag}{SUFFIX}"
    return candidate


def take_backup(
    vault: Vault, backup_dir: Path, *, reason: str = "daily", now: datetime | None = None
) -> BackupInfo:
    """An encrypted copy of ``vault`` now (never overwrites an existing backup)."""
    now = now or datetime.now(UTC)
    target = backup_path(backup_dir, now, reason)
    if target.exists():  # two in the same second: keep both
        target = target.with_name(target.name.replace(SUFFIX, f"-{os.getpid()}{SUFFIX}"))
    backup_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(backup_dir, 0o700)
    vault.backup_to(target)
    with contextlib.suppress(OSError):
        os.chmod(target, 0o600)
    fsync_dir(backup_dir)
    log.info("backup taken (%s)", reason)
    return BackupInfo(target, now.astimezone(UTC), target.stat().st_size, reason)


def has_backup_on(backup_dir: Path, day: date) -> bool:
    return any(b.day == day for b in list_backups(backup_dir))


def daily_backup(vault: Vault, backup_dir: Path, now: datetime | None = None) -> BackupInfo | None:
    """At most one backup a day: take one unless today (UTC) already has one; then rotate."""
    now = now or datetime.now(UTC)
    if has_backup_on(backup_dir, now.astimezone(UTC).date()):
        return None
    info = take_backup(vault, backup_dir, now=now)
    rotate(backup_dir)
    return info


def backups_to_keep(backups: list[BackupInfo]) -> set[Path]:
    """7 daily + 4 weekly + the newest pre-migration backup (``backups`` newest first)."""
    keep: set[Path] = set()
    days: list[date] = []
    for b in backups:
        if b.day not in days:
            days.append(b.day)
            if len(days) <= DAILY_KEPT:
                keep.add(b.path)
    recent_days = set(days[:DAILY_KEPT])
    weeks: list[tuple[int, int]] = []
    for b in backups:
        if b.day in recent_days:
            continue
        week = b.day.isocalendar()[:2]
        if week not in weeks:
            weeks.append(week)
            if len(weeks) <= WEEKLY_KEPT:
                keep.add(b.path)
    for b in backups:
        if b.reason == "pre-migration":
            keep.add(b.path)
            break
    return keep


def rotate(backup_dir: Path) -> list[Path]:
    """Delete backups beyond the rotation (only files this module named). Returns them."""
    backups = list_backups(backup_dir)
    keep = backups_to_keep(backups)
    removed: list[Path] = []
    for b in backups:
        if b.path not in keep and b.reason in ("daily", "pre-migration"):
            with contextlib.suppress(OSError):
                b.path.unlink()
                removed.append(b.path)
    if removed:
        log.info("rotated out %d old backups", len(removed))
    return removed


# -- moving vaults aside and restoring ----------------------------------------------------
VAULT_COMPANIONS = ("", "-wal", "-shm")


def set_aside(vault_path: Path, reason: str, now: datetime | None = None) -> Path | None:
    """Move the vault and its -wal/-shm aside (never delete). Returns the new vault path."""
    if not vault_path.exists():
        return None
    now = now or datetime.now(UTC)
    aside_dir = vault_path.parent / SET_ASIDE_DIR
    aside_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(aside_dir, 0o700)
    target = _free_name(aside_dir, f"{vault_path.stem}-{_stamp(now)}-{reason}", vault_path.suffix)
    # The -wal may hold committed pages: it travels with its vault, under the same base name.
    for companion in VAULT_COMPANIONS:
        source = Path(str(vault_path) + companion)
        if source.exists():
            os.replace(source, Path(str(target) + companion))
    fsync_dir(aside_dir)
    fsync_dir(vault_path.parent)
    log.info("vault moved aside (%s)", reason)
    return target


def _free_name(directory: Path, stem: str, suffix: str) -> Path:
    target = directory / f"{stem}{suffix}"
    counter = 1
    while any(Path(str(target) + c).exists() for c in VAULT_COMPANIONS):
        counter += 1
        target = directory / f"{stem}-{counter}{suffix}"
    return target


def _move_stray_companions(vault_path: Path) -> None:
    """A -wal/-shm without its vault must never meet a new vault: SQLite would replay it."""
    for companion in VAULT_COMPANIONS[1:]:
        stray = Path(str(vault_path) + companion)
        if stray.exists():
            aside_dir = vault_path.parent / SET_ASIDE_DIR
            aside_dir.mkdir(parents=True, exist_ok=True)
            stem = f"{vault_path.name}-{_stamp(datetime.now(UTC))}-stray"
            os.replace(stray, _free_name(aside_dir, stem, companion))


def put_in_place(source: Path, vault_path: Path) -> None:
    """Copy ``source`` to ``vault_path`` atomically (copy, fsync, rename, fsync dir)."""
    partial = vault_path.with_name(vault_path.name + ".restoring")
    shutil.copyfile(source, partial)
    with contextlib.suppress(OSError):
        os.chmod(partial, 0o600)
    fd = os.open(partial, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    if vault_path.exists():
        raise FileExistsError("refusing to overwrite a vault")
    _move_stray_companions(vault_path)
    os.replace(partial, vault_path)
    fsync_dir(vault_path.parent)


def verify_copy(path: Path, passphrase: str) -> None:
    """Prove that a backup or export opens with ``passphrase`` and is intact, read-only.

    Opened with ``mode=ro``, so checking a candidate never writes a byte to it (backups are
    single files in rollback-journal mode, as ``VACUUM INTO`` writes them). Raises
    :class:`WrongPassphraseError`, :class:`VaultDamagedError` or :class:`VaultNotFoundError`.
    """
    from ..domain.errors import (
        PlaintextVaultError,
        VaultDamagedError,
        VaultNotFoundError,
        WrongPassphraseError,
    )
    from .vault import _driver, _is_plaintext_sqlite, _quote

    if not path.is_file():
        raise VaultNotFoundError("The backup file does not exist any more.")
    if path.stat().st_size == 0:
        raise VaultDamagedError("That backup is empty.")
    if _is_plaintext_sqlite(path):
        raise PlaintextVaultError("That file is not encrypted; LeadDesk will not use it.")
    sqlcipher = _driver()
    conn = sqlcipher.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        conn.execute("PRAGMA cipher_compatibility = 4")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError:
            raise WrongPassphraseError(
                "This passphrase does not open that backup (it may have been made before "
                "the passphrase was changed), or the backup is damaged."
            ) from None
        try:
            rows = [tuple(r) for r in conn.execute("PRAGMA integrity_check").fetchall()]
            cipher_rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        except sqlcipher.DatabaseError:
            rows, cipher_rows = [], [("error",)]
    finally:
        conn.close()
    if rows != [("ok",)] or cipher_rows:
        raise VaultDamagedError("That backup is damaged; choose another one.")
