"""Passphrase change, backups, restore, and the encrypted export/import of everything.

What needs the unlocked vault lives on :class:`SecurityService`; what must work while the
vault is locked or damaged (listing backups, restoring, importing, moving a damaged vault
aside) are module functions taking the :class:`AppPaths`.

Nothing here deletes a vault: restore and import keep the current one aside (a hard link in
``set-aside/``) once its replacement is complete and verified, then rename the replacement in.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..domain.errors import (
    DiskFullError,
    LeadDeskError,
    ValidationError,
    VaultError,
    VaultExistsError,
    WrongPassphraseError,
)
from ..domain.passphrase import GENERATED_WORDS, check_new_passphrase, generate
from ..paths import AppPaths
from ..storage import backups as _backups
from ..storage import replace as _replace
from ..storage import verifier as _verifier
from ..storage.backups import BackupInfo
from ..storage.opening import open_raw_connection
from .arguments import checked_arguments
from .base import Service

__all__ = [
    "BackupInfo",
    "RestoreResult",
    "SecurityService",
    "import_backup",
    "list_backups",
    "newest_backup_that_opens",
    "restore_backup",
    "suggest_passphrase",
]

log = logging.getLogger(__name__)

BACKUP_FORMAT_SUFFIX = ".leaddesk-backup"


@dataclass(frozen=True)
class RestoreResult:
    """Where the replaced vault went (None when there was none) and what was put in place."""

    set_aside: Path | None
    restored_from: Path


@checked_arguments
class SecurityService(Service):
    # -- passphrase ----------------------------------------------------------------------
    def change_passphrase(self, old: str, new: str, *, rekey_backups: bool = True) -> int:
        """Re-encrypt the vault under ``new`` after proving ``old``; crash-safe (see Vault.rekey).

        Backups made under the old passphrase are re-encrypted too (each one crash-safe on
        its own), so a leaked old passphrase opens nothing LeadDesk keeps. Returns how many
        backups could not be re-encrypted (they still open with the old passphrase).
        """
        _check_new_passphrase(old, new)
        vault = self.hub.vault
        try:
            # Read-only: proving the old passphrase must never write to the open vault.
            probe = open_raw_connection(vault.path, old, read_only=True)
        except WrongPassphraseError:
            raise ValidationError("The current passphrase is not right.") from None
        probe.close()
        # With the old passphrase the session goes on over a fresh connection if the
        # re-encryption did not take (a full disk): the old passphrase keeps working.
        vault.rekey(new, old_passphrase=old)
        log.info("passphrase changed")
        if not rekey_backups:
            return 0
        report = _backups.rekey_backups(self._backup_dir(), old, new)
        left = len(report.failed) + len(report.other_passphrase)
        if left:
            log.warning("%d backups do not open with the new passphrase", left)
        return left

    def backups_not_opening_with(self, passphrase: str) -> list[BackupInfo]:
        """The backups ``passphrase`` does not open, newest first: after a passphrase change
        these are the ones it left behind (damaged, or under an earlier passphrase that an
        interrupted change never finished), for the user to see rather than a silent skip."""
        return _backups.backups_not_opening_with(self._backup_dir(), passphrase)

    # -- backups and export --------------------------------------------------------------
    def backup_now(self, backup_dir: Path | None = None) -> BackupInfo:
        """A backup outside the daily rhythm ("manual": never rotated away)."""
        folder = self._backup_dir() if backup_dir is None else _as_path(backup_dir)
        try:
            return _backups.take_backup(self.hub.vault, folder, reason="manual")
        except OSError as exc:
            raise _file_error(exc) from None

    def _backup_dir(self) -> Path:
        """``AppPaths.backups``: the backups folder beside the vault."""
        return self.hub.vault.path.parent / "backups"

    def export_backup(self, target: Path) -> BackupInfo:
        """An encrypted copy of everything for moving machines, under the same passphrase.

        The file is a standard SQLCipher 4 database (``VACUUM INTO``), written atomically;
        an existing file is never overwritten.
        """
        target = _as_path(target)
        try:
            if target.exists():
                raise ValidationError("A file with that name already exists; choose another.")
            if target.parent and not target.parent.is_dir():
                raise ValidationError("The folder for the export does not exist.")
            self.hub.vault.backup_to(target)
        except VaultExistsError:
            raise ValidationError("A file with that name already exists; choose another.") from None
        except OSError as exc:
            raise _file_error(exc) from None
        log.info("encrypted export written")
        return BackupInfo(target, datetime.now(UTC), target.stat().st_size, "export")

    def integrity_ok(self) -> bool:
        return self.hub.vault.integrity_ok()


def _check_new_passphrase(old: str, new: str) -> None:
    if not isinstance(old, str) or not isinstance(new, str):
        raise ValidationError("The passphrase must be text.")
    if not new:
        raise ValidationError("The new passphrase cannot be empty.")
    if "\x00" in new:
        raise ValidationError("The new passphrase cannot contain a NUL character.")
    if new == old:
        raise ValidationError("The new passphrase is the same as the current one.")
    check_new_passphrase(new)


WORD_LIST_RESOURCE = ("wordlists", "eff_large_wordlist.txt")


@functools.cache
def _word_list() -> tuple[str, ...]:
    from importlib import resources

    text = (
        resources.files("leaddesk.resources")
        .joinpath(*WORD_LIST_RESOURCE)
        .read_text(encoding="utf-8")
    )
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def suggest_passphrase(words: int = GENERATED_WORDS) -> str:
    """A diceware-style passphrase: ``words`` words from the shipped EFF large word list
    (7,776 words), chosen with ``secrets``; six words are about 77 bits."""
    return generate(_word_list(), words)


# -- while locked ----------------------------------------------------------------------
def list_backups(paths: AppPaths) -> list[BackupInfo]:
    """The automatic and manual backups, newest first (date and size for the dialog)."""
    return _backups.list_backups(paths.backups)


def _verify_openable(path: Path, passphrase: str) -> None:
    """Raise unless ``path`` opens with ``passphrase`` and passes both integrity checks."""
    _backups.verify_copy(Path(path), passphrase)


def newest_backup_that_opens(paths: AppPaths, passphrase: str) -> BackupInfo | None:
    """The backup to offer after damage: the newest one this passphrase opens intact."""
    for info in _backups.list_backups(paths.backups):
        try:
            _verify_openable(info.path, passphrase)
        except VaultError:
            continue
        return info
    return None


def restore_backup(paths: AppPaths, backup: Path, passphrase: str) -> RestoreResult:
    """Put ``backup`` in place of the vault; the current vault is kept aside, never lost.

    The vault must be locked (closed) by the caller first. The replacement is built and
    verified in a temporary file beside the vault (a fresh schema, the backup's rows),
    and only then is the current vault kept aside (hard link) and the replacement renamed
    over it: a wrong passphrase, a damaged backup, a full disk or a kill at any moment
    leaves a working vault at the vault path (see ``storage/replace.py``).
    """
    return _replace_vault(paths, _as_path(backup), passphrase, "before-restore")


def import_backup(paths: AppPaths, source: Path, passphrase: str) -> RestoreResult:
    """Make an encrypted export (from another machine) this machine's vault.

    Same guarantees as :func:`restore_backup`. Only the data is imported, into a fresh
    schema made by LeadDesk: the file's own triggers, views and extra tables never come
    along. The schema is brought up to date on the next unlock (after a pre-migration
    backup). Importing the vault's own file is refused (it would replace the vault by itself).
    """
    source = _as_path(source)
    if not source.is_file():
        raise ValidationError("The file to import does not exist.")
    return _replace_vault(paths, source, passphrase, "before-import")


def _as_path(value: object) -> Path:
    """A file path given by the caller; a name SQLite could not be handed is refused."""
    if not isinstance(value, str | Path) or not str(value) or "\x00" in str(value):
        raise ValidationError("Choose a file.")
    try:
        str(value).encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError("That file name is not valid text; choose another.") from None
    return Path(value)


def _file_error(exc: OSError) -> LeadDeskError:
    """A plain message for a file that could not be written (export, manual backup)."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError("There is not enough free disk space for that file.")
    if exc.errno == errno.ENAMETOOLONG:
        return ValidationError("That file name is too long; choose a shorter one.")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return ValidationError("The folder for that file does not exist.")
    if exc.errno in (errno.EEXIST, errno.EISDIR):
        return ValidationError("A file with that name already exists; choose another.")
    if exc.errno == errno.EROFS:
        return VaultError("That folder is on a read-only disk.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return VaultError("LeadDesk may not write in that folder (permission denied).")
    return VaultError(f"The file could not be written ({type(exc).__name__}).")


def _is_the_vault(paths: AppPaths, source: Path) -> bool:
    for companion in ("", "-wal", "-shm"):
        current = Path(str(paths.vault) + companion)
        with contextlib.suppress(OSError):
            if current.exists() and os.path.samefile(source, current):
                return True
    return False


def _replace_vault(paths: AppPaths, source: Path, passphrase: str, reason: str) -> RestoreResult:
    if not isinstance(passphrase, str) or not passphrase:
        raise ValidationError("Enter the passphrase the file was made with.")
    if not source.is_file():
        raise ValidationError("The backup file does not exist any more.")
    if _is_the_vault(paths, source):
        raise ValidationError(
            "That file is the vault itself (or a link to it), so there is nothing to import; "
            "nothing was changed."
        )
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    _replace.remove_leftovers(paths.vault)
    incoming = _replace.incoming_path(paths.vault)
    try:
        _replace.rebuild_copy(source, passphrase, incoming)
        aside = _replace.swap_in(incoming, paths.vault, reason)
    except OSError as exc:
        raise _os_error(exc) from None
    finally:
        with contextlib.suppress(OSError):
            incoming.unlink()
    try:
        _verifier.write(paths.vault, passphrase)
    except OSError:
        # The verifier only tells damage from a wrong passphrase; it is rebuilt at unlock.
        log.warning("the passphrase verifier could not be written")
    log.info("vault replaced (%s)", reason)
    return RestoreResult(aside, source)


def _os_error(exc: OSError) -> VaultError:
    """A plain, true message for a file-system failure while replacing the vault."""
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFullError("There is not enough free disk space; your vault was left as it was.")
    if exc.errno == errno.EROFS:
        return VaultError("The vault's folder is on a read-only disk; nothing was changed.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return VaultError(
            "LeadDesk may not write in the vault's folder (permission denied); nothing was changed."
        )
    return VaultError(
        f"The vault could not be replaced ({type(exc).__name__}); your vault was left in place."
    )
