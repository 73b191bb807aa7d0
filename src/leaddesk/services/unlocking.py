"""Opening and creating the vault (unlock, create, the background page check): the UI's
only door to storage."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from ..domain.clock import Clock
from ..domain.errors import CipherUnavailableError
from ..paths import AppPaths
from ..storage.opening import cipher_version
from ..storage.page_check import PageState
from ..storage.vault import Vault
from .container import Services

log = logging.getLogger(__name__)


def prepare() -> None:
    """Import what an unlock imports on its way (the preload thread calls this while the
    user types): the SQLCipher driver, the migration check and the backups' date parsing.
    Imported by the unlock itself they sat between the key derivation and the window
    (~7 ms of CPU, besides the raw unlock's own work)."""
    from ..storage import backups, migrate, verifier  # noqa: F401
    from ..storage.opening import driver

    with contextlib.suppress(CipherUnavailableError):  # the unlock says so in plain words
        driver()
    # The backups' file names are parsed with strptime: its module and the format's pattern.
    datetime.strptime("20000101T000000Z", "%Y%m%dT%H%M%SZ")


def vault_exists(paths: AppPaths) -> bool:
    return paths.vault_exists


def create_vault(paths: AppPaths, passphrase: str, clock: Clock | None = None) -> Services:
    """A new, empty vault (raises VaultExistsError rather than overwrite one)."""
    paths.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    vault = Vault.create(paths.vault, passphrase)
    return Services(vault, clock)


def unlock_vault(
    paths: AppPaths,
    passphrase: str,
    clock: Clock | None = None,
    *,
    check_pages_later: bool = False,
) -> Services:
    """Unlock the vault (raises WrongPassphraseError, VaultNotFoundError, ...).

    ``check_pages_later``: the every-page damage check runs in the background, from
    :func:`start_page_check` on (storage/page_check.py); writes wait for it. On the first
    unlock of a day the B-tree walk and then the daily backup follow it there (writes do not
    wait for the backup; a lock stops it and the next unlock takes it). The caller
    must then hear its result (:func:`when_pages_checked`) and take a
    :class:`VaultDamagedError` from any read as damage. Without it, every page is checked
    before this returns.
    """
    vault = Vault.open(
        paths.vault, passphrase, backup_dir=paths.backups, check_pages_later=check_pages_later
    )
    return Services(vault, clock)


def start_page_check(services: Services) -> None:
    """Start the background page check of an unlock with ``check_pages_later`` (the window
    calls this once it has painted; the first write starts it otherwise)."""
    services.vault.start_page_check()


def damage_seen(services: Services) -> None:
    """A read of this session met a damaged page: the vault refuses every write from now on
    (the UI then locks and offers a backup)."""
    services.vault.damage_seen()


def when_pages_checked(services: Services, callback: Callable[[bool], None]) -> None:
    """``callback(damaged)`` once the background page check of ``services``' vault has
    finished: at once if it already has (or never ran), else from the check's thread."""
    services.vault.when_pages_checked(lambda state: callback(state is PageState.DAMAGED))


def checkpoint_if_idle(services: Services) -> bool:
    """Move saved changes from the vault's -wal into the vault file once writes have paused
    for a few seconds (the UI calls this from a timer after changes). Never raises."""
    vault = services.vault
    if vault.closed:
        return False
    return vault.checkpoint_if_idle()


def sqlcipher_version() -> str:
    return cipher_version()
