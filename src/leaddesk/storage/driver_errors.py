"""Driver errors turned into plain-words :class:`VaultError`s, free of SQL and data.

A page that reads as damaged is first checked against a passphrase change made by another
process (:data:`OPEN_VAULTS`), which is not damage.
"""

from __future__ import annotations

import contextlib
import sys
import weakref
from collections.abc import Iterator
from typing import Protocol

from ..domain.errors import (
    DiskFullError,
    PassphraseChangedElsewhereError,
    VaultDamagedError,
    VaultError,
    VaultLockedError,
    VaultReadOnlyError,
)
from .opening import READ_ONLY_WRITE


class _OpenVault(Protocol):
    def passphrase_changed_elsewhere(self) -> bool: ...


# Every vault open in this process (storage/vault.py adds itself).
OPEN_VAULTS: weakref.WeakSet[_OpenVault] = weakref.WeakSet()


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """Turn driver errors into :class:`VaultError` with a message free of SQL and data."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        raise _translate_checked(exc.orig) from None
    except Exception as exc:
        if type(exc).__module__.startswith("sqlcipher3") or _is_stdlib_sqlite_error(exc):
            raise _translate_checked(exc) from None
        raise


def _is_stdlib_sqlite_error(exc: BaseException) -> bool:
    """Whether ``exc`` is the standard library's ``sqlite3.Error`` (never expected here).

    Only looked up where ``sqlite3`` is already loaded (an instance cannot exist otherwise):
    importing it would load the system's libsqlite3 beside SQLCipher's, ~1 MB resident for
    nothing (issue 18, peak RSS)."""
    sqlite3 = sys.modules.get("sqlite3")
    return sqlite3 is not None and isinstance(exc, sqlite3.Error)


def _translate_checked(exc: BaseException | None) -> VaultError:
    """As :func:`_translate`, but pages another process re-encrypted are not "damage"."""
    error = _translate(exc)
    if isinstance(error, VaultDamagedError) and any(
        v.passphrase_changed_elsewhere() for v in list(OPEN_VAULTS)
    ):
        return PassphraseChangedElsewhereError(
            "The passphrase was changed in another LeadDesk window or program. Lock and "
            "unlock with the new passphrase; nothing was lost."
        )
    return error


def _translate(exc: BaseException | None) -> VaultError:
    message = str(exc).lower() if exc is not None else ""
    if "full" in message:
        return DiskFullError("The disk is full: the last change could not be saved.")
    if "malformed" in message or "not a database" in message or "corrupt" in message:
        return VaultDamagedError("The vault file is damaged.")
    if "readonly" in message or "read-only" in message:
        return VaultReadOnlyError(READ_ONLY_WRITE)
    if "locked" in message or "busy" in message:
        return VaultLockedError("The vault is busy in another program; try again.")
    if "constraint" in message:
        return VaultError("The change conflicts with existing data and was not saved.")
    return VaultError(f"The vault reported an error ({type(exc).__name__}).")
