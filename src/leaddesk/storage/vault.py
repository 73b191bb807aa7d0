"""The vault: one standard SQLCipher 4 file, opened with the passphrase alone.

``Vault`` is an unlocked vault: unlock and create, the one long-lived connection and its
transactions, checkpoints, backups and passphrase change. Opening the file is in
storage/opening.py, the commit counter in storage/commit_counter.py, driver errors in
storage/driver_errors.py, what a refused passphrase means in storage/refusal.py.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.dialects import sqlite as _sqlite_dialect  # noqa: F401
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
from . import commit_counter, row_changes
from .driver_errors import OPEN_VAULTS, translate_errors
from .opening import (
    READ_ONLY_WRITE,
    driver,
    is_plaintext_sqlite,
    open_checked,
    open_raw_connection,
    quote_passphrase,
    rekey,
)
from .page_check import PageCheck, PageState
from .refusal import explain_refusal
from .rekey import ensure_room as ensure_room_for_rekey
from .rekey import failure as rekey_failure
from .vault_files import daily_backup_due, remove_new_files, tighten_modes

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

# The sqlite dialect is imported above, with this module (start-up's preload imports it
# while the user types), not by create_engine at the first unlock: ~15 ms off the unlock.

IDLE_CHECKPOINT_SECONDS = 3.0
# How long a write waits for the background page check (storage/page_check.py) before it is
# refused: the check takes ~4 ms per MB on its own core, 0.3 s for fifty years of history.
PAGE_CHECK_WAIT_SECONDS = 30.0
STILL_CHECKING = (
    "LeadDesk is still checking the vault file for damage, so the change was not saved. "
    "Try again in a moment."
)
DAMAGED_PAGES = "The vault file is damaged: some pages cannot be read."
# The whole-file passes (the B-tree walk of the day's first unlock, VACUUM INTO for every
# backup) run with this small page cache. Through the session's 16 MiB cache they filled it
# with pages read once, and VACUUM INTO gives its target a cache as large as the source's:
# the first unlock of a day peaked ~23 MB higher at five years, ~33 MB at fifty (VmHWM,
# in-process), under 1 MB with this cache (benchmarks/README.md). CPU: the same at fifty;
# at five years (which fit the session cache) the backup now decrypts the pages the walk
# had left cached: ~+30 ms once a day. The full integrity_check (on request only) looks
# each index entry up in its table: with 256 KiB it took 1.7x as long at fifty, not 1.08x.
WHOLE_FILE_CACHE_KIB = 256
FULL_CHECK_CACHE_KIB = 1024


class Vault:
    """An unlocked vault: one long-lived connection (key derivation costs ~130 ms a connect)."""

    def __init__(self, path: Path, raw_connection: Any, *, read_only: bool = False) -> None:
        from . import tables  # noqa: F401  (maps the domain classes: open needs no migration)

        self.path = path
        self.read_only = read_only
        sqlcipher = driver()
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
        self._counted_conn: Any = None  # the connection with the counter's trigger
        self.on_row_changes: Callable[[row_changes.RowChanges], None] | None = None
        # The commit counter (vault_meta.commits) and its outside copy (verifier.py).
        self.vault_id: str | None = None
        self.commits = 0
        self._recorder: Any = None
        self._unsaved_log = False  # commits since the last checkpoint
        self._last_commit = 0.0
        self._verifier_signature: tuple[int, int, int, bool] | None = None
        self.check_room_before_rekey = True
        # The every-page check running in the background (open(check_pages_later=True)):
        # writes wait for it. None once it has found every page sound (or never ran).
        self._page_check: PageCheck | None = None
        # The same check, kept after its verdict while the day's backup may follow it on
        # its thread (close stops it, a passphrase change too).
        self._background: PageCheck | None = None
        self._backup_due_in: Path | None = None  # the day's backup waits for the check
        self._damage_seen = False  # a read met a damaged page: no more writes this session
        OPEN_VAULTS.add(self)

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
                remove_new_files(path)
            raise
        vault = cls(path, raw)
        try:
            from .migrate import upgrade_to_head

            upgrade_to_head(vault.engine)
            vault._load_meta()
            vault._start_counting()
        except BaseException:
            vault.close()
            remove_new_files(path)
            raise
        if is_plaintext_sqlite(path):  # fail closed, should never happen
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
        check_pages_later: bool = False,
    ) -> Vault:
        """Unlock an existing vault, check it, back it up (daily) and bring its schema up to date.

        A passphrase that the verifier beside the vault recognises but the vault refuses
        means the file is damaged (:class:`VaultDamagedError`), not a wrong passphrase. With
        ``backup_dir``, a backup is taken at most once a day and always before a migration.
        A vault whose commit counter is behind its outside copy lost saved changes with its
        ``-wal``: damage too. On read-only media the vault opens read-only.

        ``check_pages_later``: the every-page HMAC scan runs in the background
        (storage/page_check.py, from :meth:`start_page_check` or the first write on)
        instead of before this returns; on the first unlock of a day the B-tree walk and
        then the daily backup too (the backup only if both checks are clean). Pages read
        before the check ends are still checked as they are read; every write waits for the
        check (not the backup), and a damaged result refuses them
        (:meth:`when_pages_checked` tells the caller). A migration still checks and backs up
        here, first, and so does the first unlock of a day of a vault behind its backups
        (restored: its counter is raised before the backup is named).
        """
        from . import verifier

        check_commits = commit_counter.wal_loss_check(path)

        try:
            raw, opened_read_only = open_checked(
                path, passphrase, read_only=read_only, probe=check_commits
            )
        except WrongPassphraseError:
            raise explain_refusal(path, passphrase, backup_dir) from None
        vault = cls(path, raw, read_only=opened_read_only)
        try:
            if not opened_read_only:
                tighten_modes(path, backup_dir)
                if backup_dir is not None:
                    from .backups import remove_stale_partials

                    remove_stale_partials(backup_dir)  # of a backup killed mid-copy
            # Every unlock: every page's HMAC (disk damage anywhere). Once a day, before the
            # daily backup, also the B-tree walk, so a damaged vault never rotates a good
            # backup out. Measured at fifty years: 0.4 s vs 1.3 s for both on every unlock.
            # With check_pages_later all of it runs in the background (writes wait for the
            # check): 1.8 s of CPU off the fifty-year first unlock of a day.
            upgrade = vault._upgrade_due()
            full = backup_dir is None or daily_backup_due(backup_dir)
            later = check_pages_later and not (upgrade or opened_read_only)
            if later and full and backup_dir is not None:
                vault._load_meta()
                later = not vault._behind_backups(backup_dir)
            if later:
                vault.checkpoint()  # the scan reads the main file
                then = None
                if full and backup_dir is not None:
                    then = _daily_backup_after_check(backup_dir)
                    vault._backup_due_in = backup_dir
                # Started by start_page_check (the window painted) or the first write.
                vault._page_check = PageCheck(path, passphrase, walk=full, then=then)
                vault._background = vault._page_check
            else:
                vault.check_integrity(full=full)
            if upgrade:
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
                    if not later:  # later: after the background check, on its connection
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

    def _upgrade_due(self) -> bool:
        from .migrate import needs_upgrade

        with translate_errors():
            return needs_upgrade(self.engine)

    # -- the background page check -----------------------------------------------------
    @property
    def page_state(self) -> PageState:
        """HEALTHY once every page is known sound (or was checked at unlock), RUNNING while
        the background check runs, DAMAGED when it found damage."""
        check = self._page_check
        return PageState.HEALTHY if check is None else check.state

    def start_page_check(self) -> None:
        """Start the background page check (the UI does once its window has painted; the
        first write does if nothing did). Does nothing if there is none or it runs."""
        check = self._page_check
        if check is not None and not self._closed:
            check.start()

    def when_pages_checked(self, callback: Callable[[PageState], None]) -> None:
        """``callback(state)`` once the background page check has finished: at once if it
        has (or never ran: HEALTHY), else from the check's thread."""
        check = self._page_check
        if check is None:
            callback(PageState.HEALTHY)
        else:
            check.when_done(callback)

    def wait_for_background(self, timeout: float | None = None) -> bool:
        """Block until the background check and the daily backup after it are over (they
        are started if nothing started them); whether they are (True if there were none)."""
        work = self._background
        return work is None or self._closed or work.join(timeout)

    def _stop_background(self) -> None:
        """Stop the background work (its connection lets go of the file): a backup being
        copied is dropped, and the next unlock takes it."""
        work, self._background = self._background, None
        if work is not None:
            work.cancel()

    def damage_seen(self) -> None:
        """A read met a damaged page (the caller saw :class:`VaultDamagedError`): refuse
        every write from now on, whatever the page check says."""
        self._damage_seen = True

    def _await_page_check(self) -> None:
        """Before any write: wait for the background page check; refuse on damage."""
        if self._damage_seen:
            raise VaultDamagedError(DAMAGED_PAGES)
        check = self._page_check
        if check is None:
            return
        state = check.wait(PAGE_CHECK_WAIT_SECONDS)
        if state is PageState.RUNNING:
            raise VaultError(STILL_CHECKING)
        if state is PageState.UNCHECKED:  # the scan could not run: run it here, once
            sound = self.integrity_ok(quick=True) if check.walks else self._pages_authentic()
            state = PageState.HEALTHY if sound else PageState.DAMAGED
            if sound and self._backup_due_in is not None:
                self._page_check = None  # the backup's own wait must not come back here
                self._daily_backup(self._backup_due_in)  # the day's backup with it
        if state is PageState.DAMAGED:
            raise VaultDamagedError(DAMAGED_PAGES)
        self._page_check = None
        self._backup_due_in = None

    def _load_meta(self) -> None:
        meta = commit_counter.read_meta(self._raw)
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

    def _behind_backups(self, backup_dir: Path) -> bool:
        """A backup of this vault has a higher counter (the vault was restored from one)."""
        if self.vault_id is None:
            return False
        return commit_counter.highest_in_backups(backup_dir, self.vault_id) > self.commits

    def _catch_up_with(self, backup_dir: Path) -> None:
        """Keep the counter ahead of every backup of this vault (a restored backup starts
        lower), so the newest backup is always the one with the highest counter."""
        highest = commit_counter.highest_in_backups(backup_dir, self.vault_id)
        if self.vault_id is None or highest <= self.commits:
            return
        self._await_page_check()  # a write
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
            raise VaultDamagedError(DAMAGED_PAGES)

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
        # While the background backup reads its snapshot, TRUNCATE would wait (the busy
        # timeout, up to 5 s on the GUI thread) for it: copy what can be copied instead.
        work = self._background
        mode = "PASSIVE" if work is not None and work.busy() else "TRUNCATE"
        try:
            row = self._raw.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        except Exception as exc:  # driver errors, whatever the module
            log.info("checkpoint skipped: %s", type(exc).__name__)
            return False
        done = bool(row) and row[0] == 0 and mode == "TRUNCATE"
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
        if self._page_check is not None:
            self._page_check.cancel()  # its connection must be gone before the checkpoint
        self._stop_background()  # the backup after it too (no partial file is left)
        self.checkpoint()
        self._closed = True
        self.engine.dispose()
        with contextlib.suppress(Exception):
            self._raw.close()
        if self._recorder is not None:
            self._recorder.close()
            self._recorder = None
        OPEN_VAULTS.discard(self)
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
    def transaction(self, *, tracked: bool = True) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error.

        A transaction that wrote something also raises the commit counter, in the same
        transaction (a trigger on the row tracker's log, storage/commit_counter.py), and
        records it outside the vault once committed.

        ``tracked=False``: the row tracker records nothing (no undo step can be made of it,
        ``on_row_changes`` is not called), for bulk writes that are no user action; the
        counter is still raised.
        """
        if self.read_only:
            raise VaultReadOnlyError(READ_ONLY_WRITE)
        counted: int | None = None
        changes: row_changes.RowChanges | None = None
        self._await_page_check()  # nothing is written to a vault not known to be sound
        with self.session() as session, translate_errors(), session.begin():
            if self._tracked_conn is not self._raw:  # the row tracker (row_changes.py)
                row_changes.install(self._raw)
                self._tracked_conn = self._raw
            counting = self._recorder is not None
            if counting and self._counted_conn is not self._raw:
                commit_counter.install(self._raw)
                self._counted_conn = self._raw
            if not tracked:
                session.connection()  # BEGIN first: a rollback then resumes the tracker too
                row_changes.pause(self._raw)
            before = self._raw.total_changes
            yield session
            session.flush()
            wrote = self._raw.total_changes != before
            if not tracked:
                row_changes.resume(self._raw)
            if wrote:
                if counting:
                    changes, counted = commit_counter.collect_counted(self._raw)
                    if counted is None:  # only untracked tables were written
                        counted = commit_counter.bump(self._raw)
                else:
                    changes = row_changes.collect(self._raw)
        self._last_commit = time.monotonic()
        self._unsaved_log = True
        if counted is not None and self._recorder is not None:
            self.commits = counted
            self._recorder.record(counted)
        if changes and self.on_row_changes is not None:
            self.on_row_changes(changes)

    def backup_to(self, target: Path, *, replace: bool = False) -> Path:
        """An encrypted copy under the same key (``VACUUM INTO``), written atomically, 0600
        from the first byte (the copy is made into an empty private file).

        The copy runs with a small page cache (:data:`WHOLE_FILE_CACHE_KIB`; the target
        inherits the source's), so its memory does not grow with the vault. The online
        backup API would bound it too, but its target needs its own key derivation (~130 ms
        more CPU) and keeps the free pages; ``VACUUM INTO`` keys the target with the
        vault's own key and writes it compact.
        """
        from .backups import copy_into

        if target.exists() and not replace:
            raise VaultExistsError("A backup with that name already exists.")
        self._await_page_check()  # a backup of a damaged vault must not rotate a good one out
        with self._small_cache():  # the target's cache too
            return copy_into(self._raw, target, replace=replace)

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
        quote_passphrase(new_passphrase)  # empty or NUL: refused before anything is touched
        self._await_page_check()  # rewrites every page
        self._stop_background()  # a backup copied meanwhile would keep the old passphrase
        self.checkpoint()
        if self.check_room_before_rekey:
            ensure_room_for_rekey(self._raw, self.path)
        verifier.write_pending(self.path, new_passphrase, self.vault_id)
        try:
            with translate_errors():
                rekey(self._raw, new_passphrase)
            fresh = open_raw_connection(self.path, new_passphrase)  # proves it took
        except BaseException as exc:
            with contextlib.suppress(FileNotFoundError):
                verifier.pending_path(self.path).unlink()
            self._recover_from_failed_rekey(old_passphrase)
            if isinstance(exc, VaultError) and not isinstance(exc, WrongPassphraseError):
                raise
            raise rekey_failure(self.path) from None
        verifier.commit_pending(self.path)
        self._swap_connection(fresh)
        self.checkpoint()
        self._verifier_signature = verifier.signature(self.path)

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
            cache = WHOLE_FILE_CACHE_KIB if quick else FULL_CHECK_CACHE_KIB
            with translate_errors(), self._small_cache(cache):  # reads every page
                rows = self._raw.execute(f"PRAGMA {check}").fetchall()
                ok = [tuple(r) for r in rows] == [("ok",)]
                cipher_rows = self._raw.execute("PRAGMA cipher_integrity_check").fetchall()
        except VaultDamagedError:
            return False
        return ok and not cipher_rows

    @contextlib.contextmanager
    def _small_cache(self, kib: int | None = None) -> Iterator[None]:
        """Run a whole-file pass with a ``kib`` KiB page cache (:data:`WHOLE_FILE_CACHE_KIB`),
        then give the session its cache size back (the pages the pass read go with it)."""
        conn = self._raw
        before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        conn.execute(f"PRAGMA cache_size = -{int(kib or WHOLE_FILE_CACHE_KIB)}")
        try:
            yield
        finally:
            with contextlib.suppress(driver().Error):  # a slower session, never a failure
                conn.execute(f"PRAGMA cache_size = {before}")

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


def _emit_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def _daily_backup_after_check(backup_dir: Path) -> Callable[[Any], object]:
    """What the background check does once it found the vault sound on the first unlock of
    a day: the daily backup from its own connection (the check logs a missed one)."""

    def back_up(conn: Any) -> None:
        from .backups import daily_backup_from

        daily_backup_from(conn, backup_dir)

    return back_up
