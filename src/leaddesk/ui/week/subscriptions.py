"""Keeping subscribed calendars fresh while the vault is unlocked.

* On unlock, every source is read once; file and folder sources are then watched
  (``QFileSystemWatcher``) and read again a second after they change.
* Address sources are fetched on unlock and every 15 minutes while unlocked. Without an
  address source no timer runs and nothing touches the network.
* Reading runs off the GUI thread (``CalendarSourceService.fetch``: no database); the result
  is written on the GUI thread (``store``), which tells every view through ``ctx.changed``.
  Refreshes are not undo steps: they mirror another calendar.
* Locking stops the timer and the watcher and drops results that arrive afterwards.

Paths and addresses are never logged or shown in messages; logs carry source ids.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from ...domain.errors import LeadDeskError
from ...services.base import ChangeKind, ChangeSet
from ...services.calendar.sources import REFRESH_MINUTES, CalendarSource, Fetched
from ..context import AppContext
from ..dialogs.background import BackgroundCall

log = logging.getLogger(__name__)


class CalendarSubscriptions(QObject):
    """One per main window; follows the context's lock state."""

    refreshed = Signal(int)  # source id, after its result was stored

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._on_path_changed)
        self.watcher.directoryChanged.connect(self._on_path_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MINUTES * 60 * 1000)
        self.timer.timeout.connect(self._on_timer)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(1000)
        self._debounce.timeout.connect(self._on_debounce)
        self._changed_paths: set[str] = set()
        self._addresses: tuple[str, ...] | None = None
        self._known: dict[int, CalendarSource] = {}
        self._queue: list[int] = []
        self._running: BackgroundCall | None = None
        self._running_id: int | None = None
        self._stop = threading.Event()
        ctx.unlocked.connect(self._on_unlocked)
        ctx.locked.connect(self._on_locked)
        ctx.changed.connect(self._on_changed)
        if ctx.is_unlocked:
            self._on_unlocked()

    # -- lock state -------------------------------------------------------------------
    def _on_unlocked(self) -> None:
        self._stop = threading.Event()
        self._sync(refresh_all=True)

    def _on_locked(self) -> None:
        self._stop.set()
        self.timer.stop()
        self._debounce.stop()
        self._queue.clear()
        self._known.clear()
        self._addresses = None
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)

    def _on_changed(self, changes: ChangeSet) -> None:
        # Sources and "my addresses" are settings: a source added, renamed or removed in
        # Preferences says SETTINGS. Ordinary block edits (BLOCKS alone) read nothing here.
        if ChangeKind.SETTINGS in changes.kinds and self.ctx.is_unlocked:
            self._sync(refresh_all=False)

    def _sync(self, *, refresh_all: bool) -> None:
        try:
            sources = {s.id: s for s in self.ctx.services.calendar_sources.sources()}
        except LeadDeskError as exc:
            log.info("calendar sources not readable (%s)", type(exc).__name__)
            return
        new = [i for i in sources if i not in self._known]
        addresses = tuple(self.ctx.services.calendar_sources.my_addresses())
        if addresses != self._addresses:  # "declined" depends on them: read everything again
            refresh_all = refresh_all or self._addresses is not None
            self._addresses = addresses
        self._known = sources
        wanted = {s.location for s in sources.values() if s.kind in ("file", "folder")}
        current = set(self.watcher.files() + self.watcher.directories())
        if current - wanted:
            self.watcher.removePaths(list(current - wanted))
        if wanted - current:
            self.watcher.addPaths(sorted(wanted - current))
        if any(s.kind == "url" for s in sources.values()):
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()
        for source_id in sources if refresh_all else new:
            self.request(source_id)

    # -- refreshing -------------------------------------------------------------------
    def request(self, source_id: int) -> None:
        """Read ``source_id`` again soon (one source at a time, in order)."""
        if source_id not in self._queue and source_id != self._running_id:
            self._queue.append(source_id)
        self._next()

    def refresh_all(self) -> None:
        for source_id in list(self._known):
            self.request(source_id)

    @property
    def busy(self) -> bool:
        return self._running is not None or bool(self._queue)

    def _next(self) -> None:
        if self._running is not None or not self._queue or not self.ctx.is_unlocked:
            return
        source_id = self._queue.pop(0)
        service = self.ctx.services.calendar_sources
        if source_id not in self._known:
            self._next()
            return
        try:
            # fresh from the vault: the last refresh's key, and what matching depends on now
            source = service.get(source_id)
        except LeadDeskError:
            self._next()
            return
        stop = self._stop
        self._running_id = source_id
        self._running = BackgroundCall(lambda: service.fetch(source, cancel=stop.is_set), self)
        self._running.done.connect(self._on_fetched)
        self._running.start()

    def _on_fetched(self, fetched: Fetched | None, error: BaseException | None) -> None:
        call, self._running = self._running, None
        source_id, self._running_id = self._running_id, None
        if call is not None:
            call.wait()
        if self.ctx.is_unlocked and not self._stop.is_set() and fetched is not None:
            try:
                self.ctx.services.calendar_sources.store(fetched)
            except LeadDeskError as exc:
                log.info("calendar source %s not stored (%s)", source_id, type(exc).__name__)
            else:
                if source_id is not None:
                    self.refreshed.emit(source_id)
        elif error is not None:
            log.info("calendar source %s not read (%s)", source_id, type(error).__name__)
        self._next()

    def _on_timer(self) -> None:
        for source in self._known.values():
            if source.kind == "url":
                self.request(source.id)

    def _on_path_changed(self, path: str) -> None:
        self._changed_paths.add(path)
        self._debounce.start()

    def _on_debounce(self) -> None:
        paths, self._changed_paths = self._changed_paths, set()
        for source in self._known.values():
            if source.location in paths:
                self.request(source.id)
                # an editor that saves by replacing the file drops it from the watch list
                if source.kind == "file" and source.location not in self.watcher.files():
                    self.watcher.addPath(source.location)
