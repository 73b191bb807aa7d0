"""A small passphrase verifier beside the vault: tells a wrong passphrase from a damaged file.

SQLCipher gives the same error for a wrong key and for a damaged first page, so the vault
alone cannot say which one happened. The verifier is a random salt plus
PBKDF2-HMAC-SHA512(passphrase, salt) with SQLCipher 4's own 256,000 iterations: guessing the
passphrase from it costs exactly as much as guessing it from the vault, so it adds no weakness.
The salt is independent of the vault's salt, so the stored value is never the vault's key.

During a passphrase change a second file (``.pending``) holds the new passphrase's verifier
until the re-encryption has committed; :func:`settle` resolves a change that was interrupted.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
from enum import Enum
from pathlib import Path

from ..private_files import fsync_dir, write_private_bytes

ITERATIONS = 256_000  # SQLCipher 4 default (kdf_iter)
ALGORITHM = "pbkdf2-hmac-sha512"
SALT_BYTES = 16
FORMAT_VERSION = 1


class Verdict(Enum):
    """What a verifier says about a passphrase."""

    MATCHES = "matches"
    MATCHES_PENDING = "matches_pending"  # new passphrase of a change that never committed
    INTERRUPTED_CHANGE = "interrupted_change"  # old passphrase of a change that committed
    DIFFERS = "differs"
    UNKNOWN = "unknown"  # no (readable) verifier


def verifier_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".verifier")


def pending_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".verifier.pending")


def _derive(passphrase: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, iterations)


def _encode(passphrase: str) -> bytes:
    salt = os.urandom(SALT_BYTES)
    record = {
        "version": FORMAT_VERSION,
        "algorithm": ALGORITHM,
        "iterations": ITERATIONS,
        "salt": salt.hex(),
        "digest": _derive(passphrase, salt, ITERATIONS).hex(),
    }
    return json.dumps(record).encode("ascii")


def _check(path: Path, passphrase: str) -> bool | None:
    """True/False when ``path`` holds a readable verifier, None when it does not."""
    try:
        record = json.loads(path.read_bytes())
        if record.get("algorithm") != ALGORITHM:
            return None
        iterations = int(record["iterations"])
        if iterations < ITERATIONS:  # never accept a weaker file planted beside the vault
            return None
        salt = bytes.fromhex(record["salt"])
        digest = bytes.fromhex(record["digest"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return hmac.compare_digest(_derive(passphrase, salt, iterations), digest)


def write(vault_path: Path, passphrase: str) -> None:
    """Record ``passphrase`` as the vault's current one (and forget any pending change)."""
    write_private_bytes(verifier_path(vault_path), _encode(passphrase))
    with contextlib.suppress(FileNotFoundError):
        pending_path(vault_path).unlink()


def write_pending(vault_path: Path, new_passphrase: str) -> None:
    """Before re-encrypting: remember the new passphrase's verifier next to the current one."""
    write_private_bytes(pending_path(vault_path), _encode(new_passphrase))


def commit_pending(vault_path: Path) -> None:
    """After the re-encryption committed: the pending verifier becomes the current one."""
    pending = pending_path(vault_path)
    if pending.exists():
        os.replace(pending, verifier_path(vault_path))
        fsync_dir(vault_path.parent)


def verdict(vault_path: Path, passphrase: str) -> Verdict:
    """Check a passphrase the vault refused against the verifier (~0.2 s per derivation).

    With a pending change on disk the re-encryption may or may not have committed, so a
    match of either the old or the new verifier means "the other one opens it", not damage.
    """
    current = _check(verifier_path(vault_path), passphrase)
    if pending_path(vault_path).exists():
        if current:
            return Verdict.INTERRUPTED_CHANGE
        if _check(pending_path(vault_path), passphrase):
            return Verdict.MATCHES_PENDING
    if current:
        return Verdict.MATCHES
    if current is None:
        return Verdict.UNKNOWN
    return Verdict.DIFFERS


def settle(vault_path: Path, passphrase: str) -> None:
    """The vault just opened with ``passphrase``: make the verifier agree with it.

    Cheap in the normal case (a file exists, no pending change): nothing is derived. After an
    interrupted passphrase change, or when no verifier exists yet, one derivation settles it.
    """
    has_current = verifier_path(vault_path).exists()
    has_pending = pending_path(vault_path).exists()
    if has_current and not has_pending:
        return
    if has_pending and _check(pending_path(vault_path), passphrase):
        commit_pending(vault_path)  # the change had committed before the interruption
        return
    if has_current and _check(verifier_path(vault_path), passphrase):
        with contextlib.suppress(FileNotFoundError):
            pending_path(vault_path).unlink()  # the change never committed
        return
    write(vault_path, passphrase)
