"""Autosave timing for every editor that saves as the user types: one helper, one rule.

A plain debounce (restart a short timer on every key) never fires while the user keeps
typing: an audit typed for 16.5 s, killed the app 0.3 s after the last key and lost all of
it. :class:`Autosave` saves after ``idle_ms`` without a key (the usual ~700 ms) **and** at
the latest ``max_wait_ms`` (<= 2 s) after the first key that is not saved yet, so steady
typing is written at least every two seconds. Each save goes through the editor's normal
undoable command; saves of one editing visit merge into one undo step (the commands'
``id``/``mergeWith``), so the extra saves do not add undo steps.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

IDLE_MS = 700  # a pause this long saves
MAX_WAIT_MS = 2000  # and steady typing saves at least this often


class Autosave(QObject):
    """Calls ``save()`` after a pause in typing, and at least every ``max_wait_ms``.

    Call :meth:`touch` on every edit; :meth:`flush` saves at once (focus change, close,
    lock) and :meth:`stop` forgets the pending save (the text was dropped or reloaded).
    """

    def __init__(
        self,
        save: Callable[[], object],
        parent: QObject | None = None,
        *,
        idle_ms: int = IDLE_MS,
        max_wait_ms: int = MAX_WAIT_MS,
    ) -> None:
        super().__init__(parent)
        if max_wait_ms < idle_ms:
            raise ValueError("max_wait_ms must not be shorter than idle_ms")
        self._save = save
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(idle_ms)
        self.idle_timer.timeout.connect(self.flush)
        self.max_timer = QTimer(self)
        self.max_timer.setSingleShot(True)
        self.max_timer.setInterval(max_wait_ms)
        self.max_timer.timeout.connect(self.flush)

    def touch(self) -> None:
        """An edit happened: save after the next pause, or when the maximum wait is up."""
        self.idle_timer.start()  # restarts: a pause is measured from the last key
        if not self.max_timer.isActive():
            self.max_timer.start()  # not restarted: measured from the first unsaved key

    def isActive(self) -> bool:  # named like QTimer.isActive, which it replaces
        """True while a save is pending."""
        return self.idle_timer.isActive() or self.max_timer.isActive()

    def stop(self) -> None:
        """Forget the pending save (without saving)."""
        self.idle_timer.stop()
        self.max_timer.stop()

    def flush(self) -> object:
        """Save now (stops both timers first, so a slow save is not re-entered)."""
        self.stop()
        return self._save()
