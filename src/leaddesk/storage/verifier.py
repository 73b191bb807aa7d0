"""A small passphrase verifier beside the vault: tells a wrong passphrase from a damaged file.

SQLCipher gives the same error for a wrong key and for a damaged first page, so the vault
alone cannot say which one happened. The verifier is a random salt plus
PBKDF2-HMAC-SHA512(passphrase, salt) with SQLCipher 4's own 256,000 iterations: guessing the
passphrase from it costs exactly as much as guessing it from the vault, so it adds no weakness.
The salt is independent of the vault's salt, so the stored value is never the vault's key.

During a passphrase change a second file (``.pending``) holds the new passphrase's verifier
until the re-encryption has committed; :func:`settle` resolves a change that was interrupted.

The verifier is bound to its vault: both hold the vault's random id (``vault_meta``), so a
verifier left over from a vault that was removed is rebuilt at the next unlock instead of
misreading a damaged vault. Beside it, the commit counter's outside copy (``.commits``)
lets the unlock notice saved changes lost with a damaged or deleted ``-wal``.
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


def commits_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".commits")


def _encode(passphrase: str, vault_id: str | None = None) -> bytes:
    salt = os.urandom(SALT_BYTES)
    record: dict[str, object] = {
        "version": FORMAT_VERSION,
        "algorithm": ALGORITHM,
        "iterations": ITERATIONS,
        "salt": salt.hex(),
        "digest": _derive(passphrase, salt, ITERATIONS).hex(),
    }
    if vault_id:
        record["vault_id"] = vault_id
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


def recorded_vault_id(vault_path: Path) -> str | None:
    """The vault id the verifier beside ``vault_path`` was written for (None: none known)."""
    try:
        record = json.loads(verifier_path(vault_path).read_bytes())
        value = record.get("vault_id")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and value else None


def write(vault_path: Path, passphrase: str, vault_id: str | None = None) -> None:
    """Record ``passphrase`` as the vault's current one (and forget any pending change).

    Also called after a restore or an import: the vault in place may be older than the last
    recorded commit, so the commit counter's outside copy is dropped (it starts again).
    """
    write_private_bytes(verifier_path(vault_path), _encode(passphrase, vault_id))
    with contextlib.suppress(FileNotFoundError):
        pending_path(vault_path).unlink()
    if vault_id is None:
        forget_commits(vault_path)


def write_pending(vault_path: Path, new_passphrase: str, vault_id: str | None = None) -> None:
    """Before re-encrypting: remember the new passphrase's verifier next to the current one."""
    write_private_bytes(pending_path(vault_path), _encode(new_passphrase, vault_id))


def forget(vault_path: Path) -> None:
    """A new vault replaces one that is gone: its verifier and counter copy must not stay."""
    for stale in (verifier_path(vault_path), pending_path(vault_path), commits_path(vault_path)):
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()


def signature(vault_path: Path) -> tuple[int, int, int, bool]:
    """Cheap fingerprint of the verifier files: changes when another process changes the
    passphrase (a new file is renamed in), without deriving anything."""
    try:
        st = verifier_path(vault_path).stat()
        current = (st.st_ino, st.st_mtime_ns, st.st_size)
    except OSError:
        current = (0, 0, 0)
    return (*current, pending_path(vault_path).exists())


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


def settle(vault_path: Path, passphrase: str, vault_id: str | None = None) -> None:
    """The vault just opened with ``passphrase``: make the verifier agree with it.

    Cheap in the normal case (a verifier of this vault exists, no pending change): nothing is
    derived. After an interrupted passphrase change, when no verifier exists yet, or when the
    verifier was written for another vault (``vault_id`` differs), one derivation settles it.
    """
    has_current = verifier_path(vault_path).exists()
    has_pending = pending_path(vault_path).exists()
    bound = vault_id is None or recorded_vault_id(vault_path) == vault_id
    if has_current and not has_pending and bound:
        return
    if has_pending and _check(pending_path(vault_path), passphrase):
        commit_pending(vault_path)  # the change had committed before the interruption
        if bound:
            return
    elif has_current and bound and _check(verifier_path(vault_path), passphrase):
        with contextlib.suppress(FileNotFoundError):
            pending_path(vault_path).unlink()  # the change never committed
        return
    write(vault_path, passphrase, vault_id)


# -- the commit counter's outside copy ----------------------------------------------------
# Fixed width, rewritten in place. The vault file's inode is kept too: a vault file renamed
# into place (a restore, an import) is another file, whose counter this copy never saw.
_COMMITS_FORMAT = "{vault_id:>32} {commits:020d} {inode:020d}\n"


def read_commits(vault_path: Path) -> tuple[str, int] | None:
    """(vault id, commits) from the outside copy, or None when there is none, it is
    unreadable, or it was written for another file than the one at ``vault_path`` now."""
    try:
        vault_id, count, inode = commits_path(vault_path).read_text("ascii").split()
        if int(inode) != vault_path.stat().st_ino:
            return None
        return vault_id, int(count)
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def forget_commits(vault_path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        commits_path(vault_path).unlink()


class CommitRecorder:
    """Writes the commit counter beside the vault after every commit: one ``pwrite``.

    No fsync: the copy is written after the commit returned (durable), so it is never ahead
    of what the vault holds unless the ``-wal`` lost committed frames, which is what it is
    there to notice. A power cut may leave it behind, which only weakens the check.
    """

    def __init__(self, vault_path: Path, vault_id: str) -> None:
        self._vault_id = vault_id
        self._fd: int | None = None
        try:
            self._inode = vault_path.stat().st_ino
            self._fd = os.open(commits_path(vault_path), os.O_WRONLY | os.O_CREAT, 0o600)
        except OSError:
            self._fd = None

    def record(self, commits: int) -> None:
        if self._fd is None:
            return
        data = _COMMITS_FORMAT.format(
            vault_id=self._vault_id, commits=commits, inode=self._inode
        ).encode("ascii")
        with contextlib.suppress(OSError):  # a full disk must not fail a finished commit
            if hasattr(os, "pwrite"):
                os.pwrite(self._fd, data, 0)
            else:  # pragma: no cover - Windows
                os.lseek(self._fd, 0, os.SEEK_SET)
                os.write(self._fd, data)

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
