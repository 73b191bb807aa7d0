"""Why an existing vault refused a passphrase: wrong, damaged, or a passphrase change that
was interrupted (told by the verifier beside the vault, or by a backup it opens)."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import VaultDamagedError, VaultError, WrongPassphraseError


def explain_refusal(path: Path, passphrase: str, backup_dir: Path | None) -> VaultError:
    """The vault refused the key: wrong passphrase, or damage the verifier can tell."""
    from . import verifier

    found = verifier.verdict(path, passphrase)
    if found is verifier.Verdict.MATCHES:
        return VaultDamagedError(
            "The vault file is damaged: the passphrase is right, but the file cannot be read."
        )
    if found is verifier.Verdict.MATCHES_PENDING:
        return WrongPassphraseError(
            "A passphrase change was interrupted before it finished: "
            "the previous passphrase still opens the vault."
        )
    if found is verifier.Verdict.INTERRUPTED_CHANGE:
        return WrongPassphraseError(
            "A passphrase change was interrupted after it finished: "
            "the new passphrase opens the vault."
        )
    if found is verifier.Verdict.DIFFERS:
        return WrongPassphraseError("The passphrase is wrong.")
    if backup_dir is not None and a_backup_opens(backup_dir, passphrase):
        return VaultDamagedError(
            "The vault file cannot be read, but this passphrase opens a backup: "
            "the vault is damaged (or its passphrase was changed after that backup)."
        )
    return WrongPassphraseError("The passphrase is wrong, or the vault's first page is damaged.")


def a_backup_opens(backup_dir: Path, passphrase: str, newest: int = 3) -> bool:
    """Without a verifier: does the passphrase open one of the newest backups (read-only)?"""
    from .backups import list_backups, verify_copy

    for info in list_backups(backup_dir)[:newest]:
        try:
            verify_copy(info.path, passphrase)
        except VaultError:
            continue
        return True
    return False
