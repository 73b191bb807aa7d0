"""Automatic encrypted backups beside the vault, their rotation, and restoring one.

A backup is a ``VACUUM INTO`` copy of the vault: a standard SQLCipher 4 file under the same
passphrase the vault had when the copy was made. They are taken at most once a day on unlock
and before every schema migration. Rotation keeps the newest backup of each of the last 7
days that have one, plus the newest of each of the 4 weeks before those, plus the newest
pre-migration backup (the one a failed upgrade would need).

Backups are ordered by the vault's commit counter (kept in the file name with the vault's
id), not by the clock: a backup taken once with the clock far ahead is not "newest" forever.
Rotation works per vault id, so the backups of a vault that is not the current one (the one
an empty or replaced vault file was) are never rotated away by the new vault's backups.

Nothing here ever deletes a vault: restoring moves the current vault (and its -wal/-shm
files) aside into ``set-aside/`` first; a damaged vault is moved aside the same way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..private_files import fsync_dir, fsync_file

if TYPE_CHECKING:
    from .vault import Vault

log = logging.getLogger(__name__)

SUFFIX = ".leaddesk-backup"
DAILY_KEPT = 7
WEEKLY_KEPT = 4
SET_ASIDE_DIR = "set-aside"
PARTIAL_STALE_SECONDS = 600
_NAME = re.compile(
    r"^leaddesk-(\d{8}T\d{6}Z)(?:-n(\d{1,15})-v([0-9a-f]{32}))?"
    r"(?:-(pre-migration|manual|before-restore))?(?:-\d+)?$"
)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file as the restore dialog lists it."""

    path: Path
    taken_at: datetime  # aware, UTC
    size_bytes: int
    reason: str  # "daily", "pre-migration", "manual"
    commits: int | None = None  # the vault's commit counter when taken (None: older name)
    vault_id: str | None = None  # which vault it is a copy of (None: older name)

    @property
    def day(self) -> date:
        return self.taken_at.date()


def stamp(now: datetime) -> str:
    """A UTC timestamp for file names (sorts by time, no characters a file system refuses)."""
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _parse(path: Path) -> tuple[datetime, str, int | None, str | None] | None:
    if not path.name.endswith(SUFFIX):
        return None
    match = _NAME.match(path.name[: -len(SUFFIX)])
    if not match:
        return None
    try:
        taken = datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None
    commits = int(match.group(2)) if match.group(2) else None
    return taken, match.group(4) or "daily", commits, match.group(3)


def parse_name(path: Path) -> tuple[datetime, str] | None:
    parsed = _parse(path)
    return None if parsed is None else (parsed[0], parsed[1])


def current_vault_id(backup_dir: Path) -> str | None:
    """The id of the vault these backups sit beside (from its verifier or counter copy)."""
    from ..paths import VAULT_FILENAME
    from . import verifier

    vault_path = backup_dir.parent / VAULT_FILENAME
    found = verifier.recorded_vault_id(vault_path)
    if found is None:
        commits = verifier.read_commits(vault_path)
        found = commits[0] if commits else None
    return found


def list_backups(backup_dir: Path, vault_id: str | None = None) -> list[BackupInfo]:
    """Every backup in ``backup_dir``, newest first.

    Newest means: the current vault's backups first (``vault_id``, else the id the verifier
    beside the vault records), by commit counter; then older-style names without a counter;
    the clock only breaks ties. Other vaults' backups follow, the same way.
    """
    found: list[BackupInfo] = []
    if not backup_dir.is_dir():
        return found
    for entry in backup_dir.iterdir():
        parsed = _parse(entry)
        if parsed is None or not entry.is_file():
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(entry, parsed[0], size, parsed[1], parsed[2], parsed[3]))
    current = vault_id or current_vault_id(backup_dir)
    found.sort(
        key=lambda b: (
            current is not None and b.vault_id == current,
            b.commits is not None,
            b.commits or 0,
            b.taken_at,
            b.path.name,
        ),
        reverse=True,
    )
    return found


def backup_path(
    backup_dir: Path,
    now: datetime,
    reason: str = "daily",
    *,
    commits: int | None = None,
    vault_id: str | None = None,
) -> Path:
    tag = "" if reason == "daily" else f"-{reason}"
    counter = f"-n{commits}-v{vault_id}" if commits is not None and vault_id else ""
    candidate = backup_dir / f"leaddesk-{stamp(now)}{counter}{tag}{SUFFIX}"
    return candidate


def remove_stale_partials(backup_dir: Path, older_than: float = PARTIAL_STALE_SECONDS) -> int:
    """Delete ``.partial`` copies a killed backup left behind (a younger one may still be
    being written by another LeadDesk process). Returns how many were removed."""
    removed = 0
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError):
        for entry in backup_dir.glob(f"*{SUFFIX}.partial"):
            with contextlib.suppress(OSError):
                if entry.stat().st_mtime < cutoff:
                    entry.unlink()
                    removed += 1
    return removed


def take_backup(
    vault: Vault, backup_dir: Path, *, reason: str = "daily", now: datetime | None = None
) -> BackupInfo:
    """An encrypted copy of ``vault`` now (never overwrites an existing backup)."""
    return _take(vault.backup_to, backup_dir, reason, now, vault.commits, vault.vault_id)


def _take(
    copy: Callable[[Path], object],
    backup_dir: Path,
    reason: str,
    now: datetime | None,
    commits: int,
    vault_id: str | None,
) -> BackupInfo:
    now = now or datetime.now(UTC)
    target = backup_path(backup_dir, now, reason, commits=commits, vault_id=vault_id)
    if target.exists():  # two in the same second: keep both
        target = target.with_name(target.name.replace(SUFFIX, f"-{os.getpid()}{SUFFIX}"))
    backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        os.chmod(backup_dir, 0o700)
    copy(target)
    with contextlib.suppress(OSError):
        os.chmod(target, 0o600)
    fsync_dir(backup_dir)
    log.info("backup taken (%s)", reason)
    return BackupInfo(
        target,
        now.astimezone(UTC),
        target.stat().st_size,
        reason,
        commits if vault_id else None,
        vault_id,
    )


def copy_into(conn: Any, target: Path, *, replace: bool = False) -> Path:
    """``VACUUM INTO`` from the keyed connection ``conn``: an encrypted copy under the same
    key, written atomically (into ``<target>.partial``, renamed once complete and flushed),
    0600 from the first byte. A copy that fails or is interrupted leaves no file behind.
    The target gets ``conn``'s page cache size: keep it small (storage/vault.py)."""
    from ..domain.errors import PlaintextVaultError, VaultExistsError
    from ..private_files import tighten_mode
    from .driver_errors import translate_errors
    from .opening import is_plaintext_sqlite

    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and not replace:
        raise VaultExistsError("A backup with that name already exists.")
    partial = target.with_name(target.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        tighten_mode(partial)
        with translate_errors():
            conn.execute("VACUUM INTO " + _sql_string(str(partial)))
        if is_plaintext_sqlite(partial):
            raise PlaintextVaultError("The backup came out unencrypted; it was removed.")
        fsync_file(partial)
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return target


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def has_backup_on(backup_dir: Path, day: date) -> bool:
    return any(b.day == day for b in list_backups(backup_dir))


def daily_backup(vault: Vault, backup_dir: Path, now: datetime | None = None) -> BackupInfo | None:
    """At most one backup a day: take one unless today (UTC) already has one; then rotate."""
    now = now or datetime.now(UTC)
    if has_backup_on(backup_dir, now.astimezone(UTC).date()):
        return None
    info = take_backup(vault, backup_dir, now=now)
    rotate(backup_dir, vault.vault_id)
    return info


def daily_backup_from(
    conn: Any, backup_dir: Path, now: datetime | None = None
) -> BackupInfo | None:
    """:func:`daily_backup` on a connection of its own (the background page check's, after
    it found the vault sound): the GUI's connection goes on meanwhile.

    The name carries the counter read just before the copy; a write committed in between
    is in the copy but not in the name (the copy can only be newer than its name says,
    never older, so the order of the backups holds)."""
    from . import commit_counter

    now = now or datetime.now(UTC)
    if has_backup_on(backup_dir, now.astimezone(UTC).date()):
        return None
    meta = commit_counter.read_meta(conn)
    vault_id, commits = meta if meta is not None else (None, 0)
    info = _take(
        lambda target: copy_into(conn, target), backup_dir, "daily", now, commits, vault_id
    )
    rotate(backup_dir, vault_id)
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


def rotate(backup_dir: Path, vault_id: str | None = None) -> list[Path]:
    """Delete backups beyond the rotation (only files this module named). Returns them.

    Each vault's backups are rotated among themselves: a new vault's daily backups never
    push out the last backups of the vault that was there before. Stale ``.partial`` files
    of killed backups are removed too.
    """
    remove_stale_partials(backup_dir)
    backups = list_backups(backup_dir, vault_id)
    groups: dict[str | None, list[BackupInfo]] = {}
    for b in backups:
        groups.setdefault(b.vault_id, []).append(b)
    keep: set[Path] = set()
    for group in groups.values():
        keep |= backups_to_keep(group)  # newest first by commit counter
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
    target = free_name(aside_dir, f"{vault_path.stem}-{stamp(now)}-{reason}", vault_path.suffix)
    # The -wal may hold committed pages: it travels with its vault, under the same base name.
    for companion in VAULT_COMPANIONS:
        source = Path(str(vault_path) + companion)
        if source.exists():
            os.replace(source, Path(str(target) + companion))
    fsync_dir(aside_dir)
    fsync_dir(vault_path.parent)
    from . import verifier

    verifier.forget_commits(vault_path)  # it counted the vault that just moved aside
    log.info("vault moved aside (%s)", reason)
    return target


def free_name(directory: Path, stem: str, suffix: str) -> Path:
    """A name in ``directory`` that neither the file nor its -wal/-shm uses yet."""
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
            stem = f"{vault_path.name}-{stamp(datetime.now(UTC))}-stray"
            os.replace(stray, free_name(aside_dir, stem, companion))


def put_in_place(source: Path, vault_path: Path) -> None:
    """Copy ``source`` to ``vault_path`` atomically (copy, fsync, rename, fsync dir)."""
    partial = vault_path.with_name(vault_path.name + ".restoring")
    shutil.copyfile(source, partial)
    with contextlib.suppress(OSError):
        os.chmod(partial, 0o600)
    fsync_file(partial)
    if vault_path.exists():
        raise FileExistsError("refusing to overwrite a vault")
    _move_stray_companions(vault_path)
    os.replace(partial, vault_path)
    fsync_dir(vault_path.parent)


@dataclass(frozen=True)
class BackupRekeyReport:
    """What a passphrase change did to the backups (nothing is ever skipped in silence)."""

    rekeyed: list[BackupInfo]
    already_new: list[BackupInfo]  # an earlier, interrupted change had done them
    other_passphrase: list[BackupInfo]  # neither passphrase opens them: an earlier one does
    failed: list[BackupInfo]  # damaged, or the disk refused: still under the old passphrase


def rekey_backups(backup_dir: Path, old: str, new: str) -> BackupRekeyReport:
    """Re-encrypt every backup from ``old`` to ``new``, each one crash-safe in place.

    Backups neither passphrase opens (left under an earlier passphrase by an interrupted
    change) are reported in ``other_passphrase`` for the user to see, with their dates.
    """
    from ..domain.errors import VaultError, WrongPassphraseError
    from .opening import open_raw_connection, rekey

    report = BackupRekeyReport([], [], [], [])
    for info in list_backups(backup_dir):
        try:
            conn = open_raw_connection(info.path, old)
        except WrongPassphraseError:
            try:
                verify_copy(info.path, new)
            except WrongPassphraseError:
                report.other_passphrase.append(info)
            except VaultError:
                report.failed.append(info)
            else:
                report.already_new.append(info)
            continue
        except VaultError:
            report.failed.append(info)
            continue
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            rekey(conn, new)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")  # one file again, as it was
        except Exception as exc:  # driver errors, whatever the module
            log.warning("a backup could not be re-encrypted: %s", type(exc).__name__)
            report.failed.append(info)
            continue
        finally:
            conn.close()
        try:
            verify_copy(info.path, new)  # PRAGMA rekey can fail without saying so
        except VaultError:
            report.failed.append(info)
        else:
            report.rekeyed.append(info)
    if report.other_passphrase or report.failed:
        log.warning(
            "%d backups under an earlier passphrase, %d not re-encrypted",
            len(report.other_passphrase),
            len(report.failed),
        )
    return report


def backups_not_opening_with(backup_dir: Path, passphrase: str) -> list[BackupInfo]:
    """The backups ``passphrase`` does not open (read-only check, one key derivation each).

    After an interrupted passphrase change some backups may still be under an earlier
    passphrase; a later change cannot re-encrypt them (it does not know that passphrase).
    The passphrase-change flow lists these plainly instead of skipping them in silence.
    """
    from ..domain.errors import VaultError, WrongPassphraseError

    left: list[BackupInfo] = []
    for info in list_backups(backup_dir):
        try:
            verify_copy(info.path, passphrase)
        except WrongPassphraseError:
            left.append(info)
        except VaultError:
            continue  # damaged: not a passphrase matter
    return left


def verify_copy(path: Path, passphrase: str) -> None:
    """Prove that a backup or export opens with ``passphrase`` and is intact, read-only.

    Opened with ``mode=ro``, so checking a candidate never writes a byte to it (backups are
    single files in rollback-journal mode, as ``VACUUM INTO`` writes them). Raises
    :class:`WrongPassphraseError`, :class:`VaultDamagedError` or :class:`VaultNotFoundError`.
    """
    from ..domain.errors import (
        PlaintextVaultError,
        VaultDamagedError,
        VaultError,
        VaultNotFoundError,
        VaultPermissionError,
        WrongPassphraseError,
    )
    from .opening import (
        SQLITE_CORRUPT,
        SQLITE_NOTADB,
        driver,
        error_code,
        is_plaintext_sqlite,
        set_key,
    )

    if not path.is_file():
        raise VaultNotFoundError("The backup file does not exist any more.")
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except PermissionError:
        raise VaultPermissionError(
            "LeadDesk is not allowed to read that backup (permission denied)."
        ) from None
    except OSError as exc:
        raise VaultError(f"That backup could not be read ({type(exc).__name__}).") from None
    if path.stat().st_size == 0:
        raise VaultDamagedError("That backup is empty.")
    if is_plaintext_sqlite(path):
        raise PlaintextVaultError("That file is not encrypted; LeadDesk will not use it.")
    sqlcipher = driver()
    conn = sqlcipher.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        set_key(conn, passphrase)
        conn.execute("PRAGMA cipher_compatibility = 4")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError as exc:
            if error_code(exc) not in (None, SQLITE_NOTADB, SQLITE_CORRUPT):
                # The disk or the system is in the way, not the passphrase.
                name = getattr(exc, "sqlite_errorname", type(exc).__name__)
                raise VaultError(f"That backup could not be read ({name}).") from None
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
