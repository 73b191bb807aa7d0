"""Opening and creating the vault for a session: the UI's only door to storage."""

from __future__ import annotations

import logging

from ..domain.clock import Clock
from ..paths import AppPaths
from ..storage.opening import cipher_version
from ..storage.vault import Vault
from .container import Services

log = logging.getLogger(__name__)


def vault_exists(paths: AppPaths) -> bool:
    return paths.vault_exists


def create_vault(paths: AppPaths, passphrase: str, clock: Clock | None = None) -> Services:
    """A new, empty vault (raises VaultExistsError rather than overwrite one)."""
    paths.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    vault = Vault.create(paths.vault, passphrase)
    return Services(vault, clock)


def unlock_vault(paths: AppPaths, passphrase: str, clock: Clock | None = None) -> Services:
    """Unlock the vault (raises WrongPassphraseError, VaultNotFoundError, ...)."""
    vault = Vault.open(paths.vault, passphrase, backup_dir=paths.backups)
    return Services(vault, clock)


def checkpoint_if_idle(services: Services) -> bool:
    """Move saved changes from the vault's -wal into the vault file once writes have paused
    for a few seconds (the UI calls this from a timer after changes). Never raises."""
    vault = services.vault
    if vault.closed:
        return False
    return vault.checkpoint_if_idle()


def sqlcipher_version() -> str:
    return cipher_version()
