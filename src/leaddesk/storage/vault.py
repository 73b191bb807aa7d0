"""The vault: one standard SQLCipher 4 file, opened with the passphrase alone.

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
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from ..domain.errors import (
    CipherUnavailableError,
    DiskFullError,
    PassphraseChangedElsewhereError,
    PlaintextVaultError,
    VaultDamagedError,
    VaultError,
    VaultExistsError,
    VaultLockedError,
    VaultNotFoundError,
    VaultPermissionError,
    VaultReadOnlyError,
    WrongPassphraseError,
)
from ..private_files import tighten_mode
from . import row_changes

__all__ = [
    "CipherUnavailableError",
    "DiskFullError",
    "PassphraseChangedElsewhereError",
    "PlaintextVaultError",
    "Vault",
    "VaultDamagedError",
    "VaultError",
    "VaultExistsError",
    "VaultLockedError",
    "VaultNotFoundError",
    "VaultPermissionError",
    "VaultReadOnlyError",
    "WrongPassphraseError",
]

log = logging.getLogger(__name__)

PLAINTEXT_HEADER = b"SQLite format 3\x00"
MIN_PASSPHRASE_LENGTH = 1
COMPANIONS = ("-wal", "-shm")
# Below this much free space an open that fails is reported as a full disk: the -shm alone
# needs 32 KiB, and the first write needs room for a few pages in the -wal.
LOW_SPACE_BYTES = 256 * 1024
IDLE_CHECKPOINT_SECONDS = 3.0

# SQLite primary result codes (sqlite3.h), for telling OS trouble from a wrong key.
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_AUTH = 23
_SQLITE_NOTADB = 26

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
WAL_LOST = (
    "The vault file is damaged: saved changes are missing because its write-ahead log "
    "(the -wal file beside it) was damaged or removed. The damaged files are kept."
)


def _driver() -> Any:
    try:
        import sqlcipher3
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise CipherUnavailableError(
            "SQLCipher is not available (the sqlcipher3 package is missing); "
            "LeadDesk refuses to store anything unencrypted."
        ) from exc
    return sqlcipher3


def _quote(passphrase: str) -> str:
    if not passphrase:
        raise VaultError("The passphrase cannot be empty.")
    if "\x00" in passphrase:
        raise VaultError("The passphrase cannot contain a NUL character.")
    return "'" + passphrase.replace("'", "''") + "'"


def _is_plaintext_sqlite(path: Path) -> bool:
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


def _free_bytes(directory: Path) -> int | None:
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
    free = _free_bytes(directory)
    if free is not None and free < LOW_SPACE_BYTES:
        return DiskFullError(DISK_FULL_AT_OPEN)
    return None


def _error_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _open_failure(path: Path, exc: BaseException) -> VaultError:
    """An open failed with something other than "not a database": say what is in the way."""
    code = _error_code(exc)
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


def _connect(sqlcipher: Any, target: str, *, uri: bool, path: Path) -> Any:
    try:
        return sqlcipher.connect(target, uri=uri, check_same_thread=False, isolation_level=None)
    except sqlcipher.Error as exc:
        raise _open_failure(path, exc) from _scrub(exc)


def _key_and_prove(sqlcipher: Any, conn: Any, key: str, path: Path) -> None:
    """Set the key and prove it with a real read; OS trouble is told apart from a bad key."""
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key}")
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
        code = _error_code(exc)
        if code in (None, _SQLITE_NOTADB, _SQLITE_CORRUPT):
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
    conn, _ = _open(path, passphrase, creating=creating, read_only=read_only)
    return conn


def _open(
    path: Path,
    passphrase: str,
    *,
    creating: bool = False,
    read_only: bool = False,
    probe: Any = None,
) -> tuple[Any, bool]:
    """(connection, opened read-only). ``probe(conn)`` runs on the first keyed connection,
    before anything can be written (the commit-counter check uses it)."""
    sqlcipher = _driver()
    if not creating:
        if not path.exists():
            if path.parent.exists() and not os.access(path.parent, os.R_OK | os.X_OK):
                raise VaultPermissionError(FOLDER_PERMISSION)
            raise VaultNotFoundError("No vault exists at the chosen location.")
        _check_readable(path)
        if path.stat().st_size == 0:
            raise VaultDamagedError("The vault file is empty.")
        if _is_plaintext_sqlite(path):
            raise PlaintextVaultError(
                "The vault file is an unencrypted SQLite database; LeadDesk will not use it."
            )
        read_only = read_only or _media_read_only(path.parent)
    key = _quote(passphrase)
    if read_only or (not creating and _companions_exist(path)):
        # Prove the key (and run the probe) on a connection that cannot write.
        conn = _connect(sqlcipher, _read_only_uri(path), uri=True, path=path)
        proven = False
        try:
            _key_and_prove(sqlcipher, conn, key, path)
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
        free = _free_bytes(path.parent)
        if free is not None and free < LOW_SPACE_BYTES:
            raise DiskFullError(DISK_FULL_AT_OPEN)  # the -shm alone would not fit
    conn = _connect(sqlcipher, str(path), uri=False, path=path)
    try:
        _key_and_prove(sqlcipher, conn, key, path)
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
    sqlcipher = _driver()
    conn = sqlcipher.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
        return str(row[0]) if row and row[0] else ""
    finally:
        conn.close()


_OPEN_VAULTS: weakref.WeakSet[Vault] = weakref.WeakSet()


def _read_meta(conn: Any) -> tuple[str, int] | None:
    """(vault id, commits) from ``vault_meta``; None before migration 0003."""
    sqlcipher = _driver()
    try:
        row = conn.execute("SELECT vault_id, commits FROM vault_meta WHERE id = 1").fetchone()
    except sqlcipher.OperationalError:
        return None
    return (str(row[0]), int(row[1])) if row else None


class Vault:
    """An unlocked vault: one long-lived connection (key derivation costs ~130 ms a connect)."""

    def __init__(self, path: Path, raw_connection: Any, *, read_only: bool = False) -> None:
        from . import tables  # noqa: F401  (maps the domain classes: open needs no migration)

        self.path = path
        self.read_only = read_only
        sqlcipher = _driver()
        self._raw = raw_connection
        self.engine: Engine = create_engine(
            "sqlite+pysqlite://",
            module=sqlcipher,
            creator=lambda: self._raw,  # re-read: a passphrase change swaps the connection
            poolclass=StaticPool,
            hide_parameters=True,
        )
        # The driver runs in autocommit (isolation_level=None); SQLAlchemy's transactions
        # are made explicit here, which also makes SAVEPOINTs work (SQLAlchemy docs,
        # "Serializable isolation / Savepoints / Transactional DDL" for pysqlite).
        event.listen(self.engine, "begin", _emit_begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._closed = False
        # What each committed write did to the rows (storage/row_changes.py), for undo.
        self._tracked_conn: Any = None
        self.on_row_changes: Callable[[row_changes.RowChanges], None] | None = None
        # The commit counter (vault_meta.commits) and its outside copy (verifier.py).
        self.vault_id: str | None = None
        self.commits = 0
        self._recorder: Any = None
        self._unsaved_log = False  # commits since the last checkpoint
        self._last_commit = 0.0
        self._verifier_signature: tuple[int, int, int, bool] | None = None
        self.check_room_before_rekey = True
        _OPEN_VAULTS.add(self)

    # -- lifecycle --------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, passphrase: str) -> Vault:
        """Create a new vault at ``path`` with the whole schema; refuses to overwrite.

        An empty vault file is only replaced when nothing shows that a vault lived there
        (no verifier, no backups): otherwise it is a damaged vault whose backups matter.
        """
        from . import verifier
        from .backups import _move_stray_companions, list_backups

        if path.exists():
            if path.stat().st_size > 0:
                raise VaultExistsError("A vault already exists at the chosen location.")
            if verifier.verifier_path(path).exists() or list_backups(path.parent / "backups"):
                raise VaultDamagedError(
                    "The vault file is empty (damaged), and backups of it exist: unlock to "
                    "restore one instead of creating a new vault."
                )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tighten_mode(path.parent, directory=True)
        # Whatever was beside a vault that is gone belongs to that vault, not to this one.
        verifier.forget(path)
        _move_stray_companions(path)
        existed = path.exists()
        try:
            raw = open_raw_connection(path, passphrase, creating=True)
        except BaseException:
            # A full disk or a refused pragma can fail after the driver created the file:
            # never leave an empty file behind, it would read as a damaged vault later.
            if not existed:
                _remove_new_files(path)
            raise
        vault = cls(path, raw)
        try:
            from .migrate import upgrade_to_head

            upgrade_to_head(vault.engine)
            vault._load_meta()
            vault._start_counting()
        except BaseException:
            vault.close()
            _remove_new_files(path)
            raise
        if _is_plaintext_sqlite(path):  # fail closed, should never happen
            vault.close()
            raise PlaintextVaultError("The new vault was written unencrypted; aborting.")
        # The passphrase verifier is written at the first unlock (verifier.settle), which
        # keeps creating a vault (and every test that does) 0.2 s faster.
        log.info("vault created")
        return vault

    @classmethod
    def open(
        cls,
        path: Path,
        passphrase: str,
        *,
        backup_dir: Path | None = None,
        read_only: bool = False,
    ) -> Vault:
        """Unlock an existing vault, check it, back it up (daily) and bring its schema up to date.

        A passphrase that the verifier beside the vault recognises but the vault refuses
        means the file is damaged (:class:`VaultDamagedError`), not a wrong passphrase. With
        ``backup_dir``, a backup is taken at most once a day and always before a migration.
        A vault whose commit counter is behind its outside copy lost saved changes with its
        ``-wal``: damage too. On read-only media the vault opens read-only.
        """
        from . import verifier

        expected = verifier.read_commits(path)

        def check_commits(conn: Any) -> None:
            # Before anything can checkpoint: the -wal is kept as it was for the set-aside.
            if expected is None:
                return
            meta = _read_meta(conn)
            if meta is not None and meta[0] == expected[0] and meta[1] < expected[1]:
                log.warning("commit counter behind its outside copy: -wal lost")
                raise VaultDamagedError(WAL_LOST)

        try:
            raw, opened_read_only = _open(
                path, passphrase, read_only=read_only, probe=check_commits
            )
        except WrongPassphraseError:
            raise _refused(path, passphrase, backup_dir) from None
        vault = cls(path, raw, read_only=opened_read_only)
        try:
            if not opened_read_only:
                _tighten_modes(path, backup_dir)
                if backup_dir is not None:
                    from .backups import remove_stale_partials

                    remove_stale_partials(backup_dir)  # of a backup killed mid-copy
            # Every unlock: every page's HMAC (disk damage anywhere). Once a day, before the
            # daily backup, also the B-tree walk, so a damaged vault never rotates a good
            # backup out. Measured at fifty years: 0.4 s vs 1.3 s for both on every unlock.
            vault.check_integrity(full=backup_dir is None or _daily_backup_due(backup_dir))
            from .migrate import needs_upgrade

            if needs_upgrade(vault.engine):
                if opened_read_only:
                    raise VaultReadOnlyError(
                        "This vault must be upgraded for this version of LeadDesk, which "
                        "cannot be done on a read-only disk; nothing was changed."
                    )
                if backup_dir is not None:
                    from .backups import rotate, take_backup

                    vault._load_meta()
                    take_backup(vault, backup_dir, reason="pre-migration")
                    rotate(backup_dir, vault.vault_id)
                from .migrate import upgrade_to_head

                upgrade_to_head(vault.engine)
                vault._load_meta()
            else:
                vault._load_meta()
                if backup_dir is not None and not opened_read_only:
                    vault._catch_up_with(backup_dir)
                    vault._daily_backup(backup_dir)
            if opened_read_only:
                with contextlib.suppress(OSError):
                    verifier.settle(path, passphrase, vault.vault_id)
            else:
                verifier.settle(path, passphrase, vault.vault_id)
                vault._start_counting()
            vault._verifier_signature = verifier.signature(path)
        except BaseException:
            vault.close()
            raise
        log.info("vault unlocked%s", " read-only" if opened_read_only else "")
        return vault

    def _load_meta(self) -> None:
        meta = _read_meta(self._raw)
        if meta is not None:
            self.vault_id, self.commits = meta

    def _start_counting(self) -> None:
        """From now on every write transaction raises the counter and records it outside."""
        from . import verifier

        if self.vault_id is None or self.read_only:
            return
        if self._recorder is not None:
            self._recorder.close()
        self._recorder = verifier.CommitRecorder(self.path, self.vault_id)
        self._recorder.record(self.commits)

    def _catch_up_with(self, backup_dir: Path) -> None:
        """Keep the counter ahead of every backup of this vault (a restored backup starts
        lower), so the newest backup is always the one with the highest counter."""
        from .backups import list_backups

        highest = max(
            (
                b.commits
                for b in list_backups(backup_dir)
                if b.vault_id == self.vault_id and b.commits is not None
            ),
            default=-1,
        )
        if self.vault_id is None or highest <= self.commits:
            return
        with translate_errors():
            self._raw.execute("UPDATE vault_meta SET commits = ? WHERE id = 1", (highest + 1,))
        self.commits = highest + 1

    def _daily_backup(self, backup_dir: Path) -> None:
        """A missed daily backup must not keep the user out of their vault: log and go on."""
        from .backups import daily_backup

        try:
            daily_backup(self, backup_dir)
        except (VaultError, OSError) as exc:
            log.warning("daily backup failed: %s", type(exc).__name__)

    def check_integrity(self, *, full: bool = True) -> None:
        """Raise :class:`VaultDamagedError` unless every page's HMAC verifies (and, with
        ``full``, the B-trees hold too).

        Runs at unlock, so a damaged file is reported (and a backup offered) before the user
        works in it. The HMAC scan costs ~4 ms per MB; the B-tree walk ~9 ms per MB more.
        The WAL is checkpointed first: SQLCipher's page check reads the main file.
        """
        ok = self.integrity_ok(quick=True) if full else self._pages_authentic()
        if not ok:
            raise VaultDamagedError("The vault file is damaged: some pages cannot be read.")

    def _pages_authentic(self) -> bool:
        try:
            self.checkpoint()  # a full disk may refuse it: the main file is checked anyway
            with translate_errors():
                return not self._raw.execute("PRAGMA cipher_integrity_check").fetchall()
        except VaultDamagedError:
            return False

    def checkpoint(self) -> bool:
        """Copy the ``-wal`` into the vault file and empty it (TRUNCATE).

        Saved work then no longer lives only in the ``-wal``. Called on lock, close and quit,
        and after a few idle seconds (:meth:`checkpoint_if_idle`). Never raises: a busy or
        full disk leaves the log as it is (the commit counter still notices a lost -wal).
        """
        if self._closed or self.read_only:
            return False
        try:
            row = self._raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except Exception as exc:  # driver errors, whatever the module
            log.info("checkpoint skipped: %s", type(exc).__name__)
            return False
        done = bool(row) and row[0] == 0
        if done:
            self._unsaved_log = False
        return done

    def checkpoint_if_idle(self, idle_seconds: float = IDLE_CHECKPOINT_SECONDS) -> bool:
        """Checkpoint when something was written and nothing for ``idle_seconds`` (cheap
        no-op otherwise): the UI calls it from a timer after changes settle."""
        if not self._unsaved_log or time.monotonic() - self._last_commit < idle_seconds:
            return False
        return self.checkpoint()

    def close(self) -> None:
        if self._closed:
            return
        self.checkpoint()
        self._closed = True
        self.engine.dispose()
        with contextlib.suppress(Exception):
            self._raw.close()
        if self._recorder is not None:
            self._recorder.close()
            self._recorder = None
        _OPEN_VAULTS.discard(self)
        log.info("vault closed")

    @property
    def closed(self) -> bool:
        return self._closed

    # -- use --------------------------------------------------------------------------
    def session(self) -> Session:
        if self._closed:
            raise VaultError("The vault is locked.")
        return self._sessions()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error.

        A transaction that wrote something also raises the commit counter, in the same
        transaction (one statement), and records it outside the vault once committed.
        """
        if self.read_only:
            raise VaultReadOnlyError(READ_ONLY_WRITE)
        counted: int | None = None
        changes: row_changes.RowChanges | None = None
        with self.session() as session, translate_errors(), session.begin():
            if self._tracked_conn is not self._raw:  # the row tracker (row_changes.py)
                row_changes.install(self._raw)
                self._tracked_conn = self._raw
            before = self._raw.total_changes
            yield session
            session.flush()
            if self._raw.total_changes != before:
                changes = row_changes.collect(self._raw)
            if self._recorder is not None and self._raw.total_changes != before:
                rows = self._raw.execute(
                    "UPDATE vault_meta SET commits = commits + 1 WHERE id = 1 RETURNING commits"
                ).fetchall()
                counted = int(rows[0][0]) if rows else None
        self._last_commit = time.monotonic()
        self._unsaved_log = True
        if counted is not None and self._recorder is not None:
            self.commits = counted
            self._recorder.record(counted)
        if changes and self.on_row_changes is not None:
            self.on_row_changes(changes)

    def backup_to(self, target: Path, *, replace: bool = False) -> Path:
        """An encrypted copy under the same key (``VACUUM INTO``), written atomically, 0600
        from the first byte (the copy is made into an empty private file)."""
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
                self._raw.execute("VACUUM INTO " + _sql_string(str(partial)))
            if _is_plaintext_sqlite(partial):
                raise PlaintextVaultError("The backup came out unencrypted; it was removed.")
            _fsync(partial)
            os.replace(partial, target)
        except BaseException:
            with contextlib.suppress(OSError):
                partial.unlink()
            raise
        return target

    def rekey(self, new_passphrase: str, *, old_passphrase: str | None = None) -> None:
        """Change the passphrase in place, crash-safe, and only believe it once it is proven.

        In WAL mode SQLCipher rewrites every page under the new key into the WAL and commits
        them in one transaction, so a kill at any moment leaves exactly one of the old and new
        passphrases working (tests/security/test_crash_durability.py kills it at random).
        The verifier beside the vault is kept in step: the new one waits as ``.pending``
        until a fresh connection has opened the vault with the new passphrase, then replaces
        the old one. ``PRAGMA rekey`` can fail without raising (a full disk): then the
        pending verifier is dropped, the old passphrase keeps working, and with
        ``old_passphrase`` the session goes on over a fresh connection (the old one may hold
        half-switched keys); without it the vault is closed (unlock again).
        """
        from . import verifier

        if self.read_only:
            raise VaultReadOnlyError(READ_ONLY_WRITE)
        key = _quote(new_passphrase)
        self.checkpoint()
        if self.check_room_before_rekey:
            self._ensure_room_for_rekey()
        verifier.write_pending(self.path, new_passphrase, self.vault_id)
        try:
            with translate_errors():
                self._raw.execute(f"PRAGMA rekey = {key}")
            fresh = open_raw_connection(self.path, new_passphrase)  # proves it took
        except BaseException as exc:
            with contextlib.suppress(FileNotFoundError):
                verifier.pending_path(self.path).unlink()
            self._recover_from_failed_rekey(old_passphrase)
            if isinstance(exc, VaultError) and not isinstance(exc, WrongPassphraseError):
                raise
            raise self._rekey_failure() from None
        verifier.commit_pending(self.path)
        self._swap_connection(fresh)
        self.checkpoint()
        self._verifier_signature = verifier.signature(self.path)

    def _ensure_room_for_rekey(self) -> None:
        """Every page is written again into the -wal: refuse before touching anything when
        the disk cannot hold that (SQLCipher would fail without saying so)."""
        pages = int(self._raw.execute("PRAGMA page_count").fetchone()[0])
        size = int(self._raw.execute("PRAGMA page_size").fetchone()[0])
        needed = int(pages * (size + 24) * 1.1) + LOW_SPACE_BYTES
        free = _free_bytes(self.path.parent)
        if free is not None and free < needed:
            raise DiskFullError(
                "The disk is full: the passphrase was not changed (re-encrypting the vault "
                f"needs about {needed / 1_000_000:.1f} MB free). The current passphrase "
                "still opens the vault."
            )

    def _rekey_failure(self) -> VaultError:
        free = _free_bytes(self.path.parent)
        if free is not None and free < LOW_SPACE_BYTES * 4:
            return DiskFullError(
                "The disk is full: the passphrase was not changed. The current passphrase "
                "still opens the vault."
            )
        return VaultError(
            "The passphrase could not be changed; the current passphrase still opens the vault."
        )

    def _recover_from_failed_rekey(self, old_passphrase: str | None) -> None:
        if old_passphrase is not None:
            try:
                fresh = open_raw_connection(self.path, old_passphrase)
            except VaultError as exc:
                log.warning("reopen after a failed rekey: %s", type(exc).__name__)
            else:
                self._swap_connection(fresh)
                return
        log.warning("passphrase change failed; the vault is closed")
        self.close()

    def _swap_connection(self, fresh: Any) -> None:
        old, self._raw = self._raw, fresh
        self.engine.dispose()  # the pool reconnects through the creator: the fresh one
        with contextlib.suppress(Exception):
            old.close()

    def integrity_ok(self, *, quick: bool = False) -> bool:
        """``integrity_check`` (or ``quick_check``) and ``cipher_integrity_check`` both clean."""
        check = "quick_check" if quick else "integrity_check"
        try:
            self.checkpoint()  # a full disk may refuse it: the main file is checked anyway
            with translate_errors():
                rows = self._raw.execute(f"PRAGMA {check}").fetchall()
                ok = [tuple(r) for r in rows] == [("ok",)]
                cipher_rows = self._raw.execute("PRAGMA cipher_integrity_check").fetchall()
        except VaultDamagedError:
            return False
        return ok and not cipher_rows

    @property
    def raw_connection(self) -> Any:
        """The keyed DB-API connection, for FTS and bulk paths that bypass the ORM."""
        if self._closed:
            raise VaultError("The vault is locked.")
        return self._raw

    def passphrase_changed_elsewhere(self) -> bool:
        """Another process changed the passphrase since this one opened (or rekeyed) it."""
        from . import verifier

        known = self._verifier_signature
        return known is not None and verifier.signature(self.path) != known


def _refused(path: Path, passphrase: str, backup_dir: Path | None) -> VaultError:
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
    if backup_dir is not None and _a_backup_opens(backup_dir, passphrase):
        return VaultDamagedError(
            "The vault file cannot be read, but this passphrase opens a backup: "
            "the vault is damaged (or its passphrase was changed after that backup)."
        )
    return WrongPassphraseError("The passphrase is wrong, or the vault's first page is damaged.")


def _tighten_modes(path: Path, backup_dir: Path | None) -> None:
    """Vault, -wal, -shm, verifier files and backups 0600, their folders 0700 (a vault made
    by an older version, or copied in with umask 022)."""
    from . import verifier

    tighten_mode(path.parent, directory=True)
    for companion in ("", *COMPANIONS):
        tighten_mode(Path(str(path) + companion))
    for beside in (
        verifier.verifier_path(path),
        verifier.pending_path(path),
        verifier.commits_path(path),
    ):
        tighten_mode(beside)
    if backup_dir is not None and backup_dir.is_dir():
        tighten_mode(backup_dir, directory=True)
        with contextlib.suppress(OSError):
            for entry in backup_dir.iterdir():
                if entry.is_file():
                    tighten_mode(entry)


def _daily_backup_due(backup_dir: Path) -> bool:
    from datetime import UTC, datetime

    from .backups import has_backup_on

    return not has_backup_on(backup_dir, datetime.now(UTC).date())


def _a_backup_opens(backup_dir: Path, passphrase: str, newest: int = 3) -> bool:
    """Without a verifier: does the passphrase open one of the newest backups (read-only)?"""
    from .backups import list_backups, verify_copy

    for info in list_backups(backup_dir)[:newest]:
        try:
            verify_copy(info.path, passphrase)
        except VaultError:
            continue
        return True
    return False


def _remove_new_files(path: Path) -> None:
    """Remove a vault file (and its -wal/-shm) that a failed create just made."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()


def _emit_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """Turn driver errors into :class:`VaultError` with a message free of SQL and data."""
    from sqlalchemy.exc import DBAPIError

    try:
        yield
    except DBAPIError as exc:
        raise _translate_checked(exc.orig) from None
    except sqlite3.Error as exc:  # pragma: no cover - stdlib errors never expected here
        raise _translate_checked(exc) from None
    except Exception as exc:
        if type(exc).__module__.startswith("sqlcipher3"):
            raise _translate_checked(exc) from None
        raise


def _translate_checked(exc: BaseException | None) -> VaultError:
    """As :func:`_translate`, but pages another process re-encrypted are not "damage"."""
    error = _translate(exc)
    if isinstance(error, VaultDamagedError) and any(
        v.passphrase_changed_elsewhere() for v in list(_OPEN_VAULTS)
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
