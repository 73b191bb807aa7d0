"""The every-page HMAC scan of an unlocked vault, off the unlock's critical path.

``PRAGMA cipher_integrity_check`` reads every page of the vault file and checks its HMAC:
about 4 ms per MB, 300 ms at fifty years of history. Run before the main window opened, it
made start-up grow with history. SQLCipher checks a page's HMAC anyway whenever it reads
that page, so the pages the first screen reads are checked as they are read (a damaged one
raises :class:`VaultDamagedError` right there, which the UI turns into the restore offer).
The scan of every other page runs here: on a read-only connection of its own, in a thread
(SQLite releases the GIL while a statement runs). The UI starts it once the main window has
painted (:meth:`PageCheck.start`), so its key derivation (~100 ms of CPU) and scan do not
compete with building the window on a two-core machine; the first write starts it if nothing
did.

Until the scan has finished, every write waits for it (``Vault.transaction`` calls
:meth:`PageCheck.wait`), so nothing is ever written to a damaged vault; a damaged result
refuses every write. Whoever wants to hear the result registers with
:meth:`PageCheck.when_done` (the UI offers the restore). The scan reads the main file only,
so the vault checkpoints its ``-wal`` before it starts one.

If the scan cannot run at all (its connection cannot be opened), the result is
``UNCHECKED`` and the vault runs the scan on its own connection before its first write.

The first unlock of a day does more here, on the same connection and in this order
(``walk`` and ``then``): the HMAC scan, the B-tree walk (``PRAGMA quick_check``), and only if
both are clean, the daily backup (``then(conn)``: ``VACUUM INTO`` reads a WAL snapshot, so
the session goes on reading and, once the verdict is out, writing). Writes wait for the
verdict, not for the backup. :meth:`PageCheck.cancel` (lock, close) stops whatever runs:
a statement in progress is aborted, so a backup being copied is dropped (its ``.partial``
removed) and the next unlock takes it.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..domain.errors import VaultDamagedError, VaultError
from .driver_errors import translate_errors

log = logging.getLogger(__name__)

# The scan reads pages straight from the file, not through the page cache; the connection
# only needs what proving the key reads. The B-tree walk and the backup's VACUUM INTO read
# each page once, so they keep it too (VACUUM INTO gives its target the same cache).
_CHECK_CACHE_KIB = 256
# A statement in progress asks every this many VM steps whether it should stop (cancel):
# VACUUM INTO of the fifty-year vault takes 5.8 M steps, 58 k calls of a few ns each, no
# measurable time; with 1000, the small statements of a small vault's copy never asked.
_PROGRESS_STEPS = 100


class PageState(enum.Enum):
    RUNNING = "running"  # not finished (or not started yet)
    HEALTHY = "healthy"  # every page's HMAC verified
    DAMAGED = "damaged"  # at least one page failed its HMAC (or the file is cut short)
    UNCHECKED = "unchecked"  # the scan could not run; the vault checks before writing


class PageCheck:
    """One background scan of ``path`` with ``passphrase`` (dropped once connected).

    ``walk``: the B-tree walk (``quick_check``) too, after the HMAC scan. ``then(conn)``:
    called on the check's connection after a HEALTHY verdict has been announced (the daily
    backup); its failure is logged, it is no verdict on the pages.
    """

    def __init__(
        self,
        path: Path,
        passphrase: str,
        *,
        walk: bool = False,
        then: Callable[[Any], object] | None = None,
    ) -> None:
        self._path = path
        self._passphrase = passphrase
        self._walk = walk
        self._then = then
        self._state = PageState.RUNNING
        self._done = threading.Event()
        self._finished = threading.Event()  # the thread is over (verdict and ``then``)
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[PageState], None]] = []
        self._conn: Any = None
        self._cancelled = False
        self._started = False
        self._thread = threading.Thread(target=self._run, name="leaddesk-page-check", daemon=True)

    def start(self) -> PageCheck:
        """Start the scan (once; later calls do nothing)."""
        with self._lock:
            if self._started or self._cancelled:
                return self
            self._started = True
        self._thread.start()
        return self

    @property
    def state(self) -> PageState:
        return self._state

    @property
    def walks(self) -> bool:
        """The B-tree walk is part of this check (the first unlock of a day)."""
        return self._walk

    @property
    def cancelled(self) -> bool:
        """:meth:`cancel` was called (the vault is closing)."""
        return self._cancelled

    def busy(self) -> bool:
        """Started and its thread not over yet (the check, or the backup after it)."""
        return self._started and not self._finished.is_set()

    def join(self, timeout: float | None = None) -> bool:
        """Block until the thread is over, ``then`` included (it is started if nothing
        started it yet); whether it is."""
        self.start()
        return self._finished.wait(timeout)

    def wait(self, timeout: float | None = None) -> PageState:
        """Block until the scan has finished (at most ``timeout`` seconds; it is started if
        nothing started it yet); the state then."""
        self.start()
        self._done.wait(timeout)
        return self._state

    def when_done(self, callback: Callable[[PageState], None]) -> None:
        """Call ``callback(state)`` once the scan has finished: at once (in this thread) if it
        already has, else from the scan's thread."""
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(callback)
                return
        callback(self._state)

    def cancel(self, timeout: float = 10.0) -> None:
        """Stop the scan (the vault is closing) and wait for its thread to let go of the file."""
        with self._lock:
            self._cancelled = True
            conn = self._conn
            started = self._started
        if not started:
            self._passphrase = ""
            self._finish(PageState.UNCHECKED)
            self._finished.set()
            return
        if conn is not None:  # VM statements also stop at their next progress call
            try:
                conn.interrupt()
            except Exception as exc:  # a connection that just closed itself
                log.info("page check interrupt: %s", type(exc).__name__)
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    # -- the scan's thread ---------------------------------------------------------------
    def _run(self) -> None:
        try:
            self._scan()
        except BaseException as exc:  # never let the thread die with the state RUNNING
            log.warning("page check failed: %s", type(exc).__name__)
        finally:
            self._finish(PageState.UNCHECKED)  # no-op once a verdict was announced
            self._finished.set()

    def _scan(self) -> None:
        from .opening import open_raw_connection

        passphrase, self._passphrase = self._passphrase, ""
        try:
            conn = open_raw_connection(self._path, passphrase, read_only=True)
        except VaultError as exc:
            log.warning("page check could not open the vault: %s", type(exc).__name__)
            return
        try:
            with self._lock:
                if self._cancelled:
                    return
                self._conn = conn
            conn.execute(f"PRAGMA cache_size = -{_CHECK_CACHE_KIB}")
            # A cancel stops a VM statement (the walk, VACUUM INTO) at its next progress
            # call, even one started just after the cancel (interrupt() misses those).
            conn.set_progress_handler(lambda: 1 if self._cancelled else 0, _PROGRESS_STEPS)
            state = self._verdict(conn)
            if self._cancelled:
                return
            self._finish(state)
            if state is PageState.HEALTHY and self._then is not None:
                try:
                    self._then(conn)
                except Exception as exc:  # a missed backup is logged, the session goes on
                    if self._cancelled:  # locked or closed: the next unlock takes it
                        log.info("background backup stopped: %s", type(exc).__name__)
                    else:
                        log.warning("background backup failed: %s", type(exc).__name__)
        finally:
            with self._lock:
                self._conn = None
            try:
                conn.close()
            except Exception as exc:
                log.info("page check close: %s", type(exc).__name__)

    def _verdict(self, conn: Any) -> PageState:
        try:
            with translate_errors():
                if conn.execute("PRAGMA cipher_integrity_check").fetchall():
                    return PageState.DAMAGED
                if self._walk:
                    rows = conn.execute("PRAGMA quick_check").fetchall()
                    if [tuple(r) for r in rows] != [("ok",)]:
                        return PageState.DAMAGED
        except VaultDamagedError:
            return PageState.DAMAGED
        except VaultError as exc:  # interrupted, busy, I/O: not a verdict on the pages
            log.info("page check stopped: %s", type(exc).__name__)
            return PageState.UNCHECKED
        return PageState.HEALTHY

    def _finish(self, state: PageState) -> None:
        with self._lock:
            if self._done.is_set():  # the verdict is announced once
                return
            self._state = state
            callbacks, self._callbacks = self._callbacks, []
            self._done.set()
        if state is PageState.DAMAGED:
            log.warning("page check: the vault file is damaged")
        for callback in callbacks:
            try:
                callback(state)
            except Exception as exc:  # a listener's failure must not hide the result
                log.warning("page check listener failed: %s", type(exc).__name__)
