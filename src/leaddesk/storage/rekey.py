"""What a passphrase change needs beside ``Vault.rekey``: room on the disk, and the error
that says the change did not take (the current passphrase still opens the vault)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..domain.errors import DiskFullError, VaultError
from .opening import LOW_SPACE_BYTES, free_bytes


def ensure_room(raw: Any, path: Path) -> None:
    """Every page is written again into the -wal: refuse before touching anything when
    the disk cannot hold that (SQLCipher would fail without saying so)."""
    pages = int(raw.execute("PRAGMA page_count").fetchone()[0])
    size = int(raw.execute("PRAGMA page_size").fetchone()[0])
    needed = int(pages * (size + 24) * 1.1) + LOW_SPACE_BYTES
    free = free_bytes(path.parent)
    if free is not None and free < needed:
        raise DiskFullError(
            "The disk is full: the passphrase was not changed (re-encrypting the vault "
            f"needs about {needed / 1_000_000:.1f} MB free). The current passphrase "
            "still opens the vault."
        )


def failure(path: Path) -> VaultError:
    """The error for a rekey that did not take: a full disk when space is short."""
    free = free_bytes(path.parent)
    if free is not None and free < LOW_SPACE_BYTES * 4:
        return DiskFullError(
            "The disk is full: the passphrase was not changed. The current passphrase "
            "still opens the vault."
        )
    return VaultError(
        "The passphrase could not be changed; the current passphrase still opens the vault."
    )
