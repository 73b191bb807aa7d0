"""Opening the vault file: a keyed, proven DB-API connection, or a plain-words error.

Connect order matters (DESIGN.md): silence SQLCipher's logging, set the key, pin
compatibility 4, prove the key with a real read, and only then switch on WAL. A wrong key
therefore never writes a byte: the file stays unchanged and no -wal/-shm files appear. When a
``-wal``/``-shm`` is already there (after a crash, or while another process has the vault
open), the key is first proven on a read-only connection that cannot replay or checkpoint the
log, so a wrong passphrase leaves all three files byte-for-byte as they were.

An open that fails for a reason of the operating system (full disk, read-only media,
permission denied, a lock held by another program) is reported as that, never as a wrong
passphrase or damage. On read-only media the vault opens read-only.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any

from ..domain.errors import (
    CipherUnavailableError,
    DiskFullError,
    PlaintextVaultError,
    VaultDamagedError,
    VaultError,
    VaultLockedError,
    VaultNotFoundError,
    VaultPermissionError,
    VaultReadOnlyError,
    WrongPassphraseError,
)
from ..private_files import tighten_mode

log = logging.getLogger(__name__)

PLAINTEXT_HEADER = b"SQLite format 3\x00"
MIN_PASSPHRASE_LENGTH = 1
COMPANIONS = ("-wal", "-shm")
# Below this much free space an open that fails is reported as a full disk: the -shm alone
# needs 32 KiB, and the first write needs room for a few pages in the -wal.
LOW_SPACE_BYTES = 256 * 1024

# SQLite primary result codes (sqlite3.h), for telling OS trouble from a wrong key.
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_AUTH = 23
SQLITE_NOTADB = 26

DISK_FULL_AT_OPEN = (
    "The disk is full: LeadDesk needs a little free space beside the vault to open it. "
    "Free some space and try again; nothing was changed."
)
READ_ONLY_WRITE = (
    "The vault is open read-only (its disk or folder cannot be written): you can read "
    "everything, but changes cannot be saved."
)
FILE_PERMISSION = (
    "LeadDesk is not allowed to read and write the vault file (permission denied). "
    "Check the file's owner and permissions; nothing was changed."
)
FOLDER_PERMISSION = (
    "LeadDesk is not allowed to write in the vault's folder (permission denied); it needs "
    "to create small working files beside the vault. Check the folder's owner and "
    "permissions; nothing was changed."
)
LOCKED_AT_OPEN = (
    "The vault is locked by another program. Close the other program (or the other "
    "LeadDesk) and try again; nothing was changed."
)


def driver() -> Any:
    try:
        import sqlcipher3
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise CipherUnavailableError(
            "SQLCipher is not available (the sqlcipher3 package is missing); "
            "LeadDesk refuses to store anything unencrypted."
        ) from exc
    return sqlcipher3


def quote_passphrase(passphrase: str) -> str:
    if not passphrase:
        raise VaultError("The passphrase cannot be empty.")
    if "\x00" in passphrase:
        raise VaultError("The passphrase cannot contain a NUL character.")
    return "'" + passphrase.replace("'", "''") + "'"


def is_plaintext_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(len(PLAINTEXT_HEADER)) == PLAINTEXT_HEADER
    except OSError:
        return False


def _companions_exist(path: Path) -> bool:
    return any(Path(str(path) + c).exists() for c in COMPANIONS)


def _media_read_only(directory: Path) -> bool:
    try:
        return bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # pragma: no cover - no statvfs (Windows)
        return False


def free_bytes(directory: Path) -> int | None:
    try:
        st = os.statvfs(directory)
    except (OSError, AttributeError):  # pragma: no cover
        return None
    return st.f_bavail * st.f_frsize


def diagnose(path: Path) -> VaultError | None:
    """What the operating system says is in the way of using the vault, if anything.

    Read-only media, missing permission on the file or its folder, no free space: each in
    plain words. None when nothing is visibly wrong.
    """
    directory = path.parent
    if _media_read_only(directory):
        return VaultReadOnlyError(READ_ONLY_WRITE)
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        return VaultPermissionError(FILE_PERMISSION)
    if not os.access(directory, os.W_OK | os.X_OK):
        return VaultPermissionError(FOLDER_PERMISSION)
    for companion in COMPANIONS:
        other = Path(str(path) + companion)
        if other.exists() and not os.access(other, os.R_OK | os.W_OK):
            return VaultPermissionError(FILE_PERMISSION)
    free = free_bytes(directory)
    if free is not None and free < LOW_SPACE_BYTES:
        return DiskFullError(DISK_FULL_AT_OPEN)
    return None


def error_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _open_failure(path: Path, exc: BaseException) -> VaultError:
    """An open failed with something other than "not a database": say what is in the way."""
    code = error_code(exc)
    if code == _SQLITE_FULL:
        return DiskFullError(DISK_FULL_AT_OPEN)
    found = diagnose(path)
    if found is not None:
        return found
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return VaultLockedError(LOCKED_AT_OPEN)
    if code == _SQLITE_READONLY:
        return VaultReadOnlyError(READ_ONLY_WRITE)
    if code in (_SQLITE_PERM, _SQLITE_AUTH, _SQLITE_CANTOPEN):
        return VaultPermissionError(
            "The vault could not be opened: the system refused access to it or to its "
            "folder. Check the permissions; nothing was changed."
        )
    if code == _SQLITE_IOERR:
        return VaultError(
            "The vault could not be read from the disk (an input/output error). Check the "
            "disk; nothing was changed."
        )
    return VaultError(f"The vault could not be opened ({type(exc).__name__}).")


def _check_readable(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except PermissionError:
        raise VaultPermissionError(FILE_PERMISSION) from None
    except IsADirectoryError:
        raise VaultDamagedError("The vault path is a folder, not a vault file.") from None
    except OSError as exc:
        raise VaultError(
            f"The vault file could not be read ({type(exc).__name__}); nothing was changed."
        ) from None


# Prepared statements the driver keeps per connection. sqlcipher3's cache (pysqlite's old
# one) never evicts a statement once used: when full, each new statement takes the last slot
# and the next new one evicts it, so statements first run after it filled were prepared again
# on every run (the look-back's three statements thrashed: 0.35 -> 1.0 ms). The default 100
# filled at unlock with one-shot pragmas and row-log triggers plus ~60 of the app's reads;
# a session uses ~120-250 distinct statements (~5 KB each).
CACHED_STATEMENTS = 512


def _connect(sqlcipher: Any, target: str, *, uri: bool, path: Path) -> Any:
    try:
        return sqlcipher.connect(
            target,
            uri=uri,
            check_same_thread=False,
            isolation_level=None,
            cached_statements=CACHED_STATEMENTS,
        )
    except sqlcipher.Error as exc:
        raise _open_failure(path, exc) from _scrub(exc)


def set_key(conn: Any, passphrase: str) -> None:
    """Key ``conn`` through SQLCipher's ``sqlite3_key``, never as ``PRAGMA key`` text.

    The driver caches every statement it runs with its SQL text for the connection's life
    (``CACHED_STATEMENTS`` of them, never evicted once used), so a ``PRAGMA key = '...'``
    run through ``execute`` kept the passphrase in memory for the whole session. The C call
    is the same key derivation (a passphrase, or a raw ``x'...'`` key, alike) with no SQL.
    """
    quote_passphrase(passphrase)  # the same refusals: empty, NUL
    conn.set_key(passphrase)


def rekey(conn: Any, passphrase: str) -> None:
    """``PRAGMA rekey`` without SQL text in the statement cache (see :func:`set_key`)."""
    quote_passphrase(passphrase)
    conn.reset_key(passphrase)


def _key_and_prove(sqlcipher: Any, conn: Any, passphrase: str, path: Path) -> None:
    """Set the key and prove it with a real read; OS trouble is told apart from a bad key."""
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        set_key(conn, passphrase)
        conn.execute("PRAGMA cipher_compatibility = 4")
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0]:
            raise CipherUnavailableError(
                "The SQLite driver reports no SQLCipher version; refusing to continue."
            )
        conn.execute("PRAGMA busy_timeout = 2000")
    except sqlcipher.Error as exc:
        raise _open_failure(path, exc) from _scrub(exc)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher.DatabaseError as exc:
        code = error_code(exc)
        if code in (None, SQLITE_NOTADB, SQLITE_CORRUPT):
            raise WrongPassphraseError(
                "The passphrase is wrong, or the vault's first page is damaged."
            ) from _scrub(exc)
        raise _open_failure(path, exc) from _scrub(exc)


def _read_only_uri(path: Path) -> str:
    """Read without writing a byte: no WAL recovery into the -shm, no checkpoint on close.

    With a -wal/-shm present the log is read through a read-only -shm; without them the file
    is opened ``immutable`` (SQLite cannot create the -shm a WAL read needs otherwise).
    """
    base = path.resolve().as_uri()
    if _companions_exist(path):
        return base + "?mode=ro&readonly_shm=1"
    return base + "?mode=ro&immutable=1"


def _settings(conn: Any, *, read_only: bool) -> None:
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    # Decrypted pages stay cached on the one long-lived connection: 16 MiB holds the
    # working set of a five-year vault, so warm queries pay no decryption (benchmark).
    conn.execute("PRAGMA cache_size = -16384")
    conn.execute("PRAGMA busy_timeout = 5000")


def open_raw_connection(
    path: Path, passphrase: str, *, creating: bool = False, read_only: bool = False
) -> Any:
    """A keyed, verified DB-API connection, or a :class:`VaultError`. Used by every opener.

    ``read_only``: open without ever writing (also chosen by itself on read-only media).
    """
    conn, _ = open_checked(path, passphrase, creating=creating, read_only=read_only)
    return conn


def open_checked(
    path: Path,
    passphrase: str,
    *,
    creating: bool = False,
    read_only: bool = False,
    probe: Any = None,
) -> tuple[Any, bool]:
    """(connection, opened read-only). ``probe(conn)`` runs on the first keyed connection,
    before anything can be written (the commit-counter check uses it)."""
    sqlcipher = driver()
    if not creating:
        if not path.exists():
            if path.parent.exists() and not os.access(path.parent, os.R_OK | os.X_OK):
                raise VaultPermissionError(FOLDER_PERMISSION)
            raise VaultNotFoundError("No vault exists at the chosen location.")
        _check_readable(path)
        if path.stat().st_size == 0:
            raise VaultDamagedError("The vault file is empty.")
        if is_plaintext_sqlite(path):
            raise PlaintextVaultError(
                "The vault file is an unencrypted SQLite database; LeadDesk will not use it."
            )
        read_only = read_only or _media_read_only(path.parent)
    quote_passphrase(passphrase)  # refused before any file is touched
    if read_only or (not creating and _companions_exist(path)):
        # Prove the key (and run the probe) on a connection that cannot write.
        conn = _connect(sqlcipher, _read_only_uri(path), uri=True, path=path)
        proven = False
        try:
            _key_and_prove(sqlcipher, conn, passphrase, path)
            proven = True
            if probe is not None:
                probe(conn)
            if read_only:
                _settings(conn, read_only=True)
                return conn, True
        except (WrongPassphraseError, VaultDamagedError, CipherUnavailableError):
            conn.close()
            raise
        except VaultError as exc:
            conn.close()
            if read_only or proven:
                raise
            # An odd pair of files (a -wal without its -shm...) that a read-only connection
            # cannot use: the ordinary open below reads them (and recovers the log).
            log.info("read-only key check not possible: %s", type(exc).__name__)
        except BaseException:
            conn.close()
            raise
        else:
            conn.close()
            probe = None
    # No "file:" URI and no mode=rwc games: the driver opens an existing file without
    # writing to it until a write is made, which happens only after the key is verified.
    if creating:
        _create_private_file(path)
    companions_before = _companions_exist(path)
    if not companions_before and not creating:
        free = free_bytes(path.parent)
        if free is not None and free < LOW_SPACE_BYTES:
            raise DiskFullError(DISK_FULL_AT_OPEN)  # the -shm alone would not fit
    conn = _connect(sqlcipher, str(path), uri=False, path=path)
    try:
        _key_and_prove(sqlcipher, conn, passphrase, path)
        if probe is not None:
            probe(conn)
        try:
            _settings(conn, read_only=False)
        except sqlcipher.Error as exc:
            raise _open_failure(path, exc) from _scrub(exc)
    except BaseException as exc:
        conn.close()
        if not companions_before and not isinstance(exc, (WrongPassphraseError, VaultDamagedError)):
            _remove_fresh_companions(path)
        raise
    return conn, False


def _remove_fresh_companions(path: Path) -> None:
    """A failed open must leave the folder as it found it: drop the (empty) -wal and the
    -shm it had just begun to create."""
    wal = Path(str(path) + "-wal")
    with contextlib.suppress(OSError):
        if wal.stat().st_size == 0:
            wal.unlink()
            Path(str(path) + "-shm").unlink()


def _create_private_file(path: Path) -> None:
    """The new vault starts as an empty 0600 file: SQLite gives the -wal and -shm the same
    mode, so none of the three is ever readable by others, whatever the umask."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    except PermissionError:
        raise VaultPermissionError(FOLDER_PERMISSION) from None
    except OSError as exc:
        found = diagnose(path)
        raise found or VaultError(
            f"The vault could not be created ({type(exc).__name__})."
        ) from None
    os.close(fd)
    tighten_mode(path)


def _scrub(exc: BaseException) -> Exception:
    """Driver errors can quote SQL; keep only the exception type for the chain."""
    return Exception(type(exc).__name__)


def cipher_version() -> str:
    sqlcipher = driver()
    conn = sqlcipher.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
        return str(row[0]) if row and row[0] else ""
    finally:
        conn.close()
