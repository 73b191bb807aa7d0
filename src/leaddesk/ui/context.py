"""The AppContext: everything a window needs, passed explicitly (no globals).

It owns the unlocked services (or none while locked), the session's single undo stack, the
non-private settings and the privacy-screen state, and turns the services' change feed into
one Qt signal that each view filters by the kinds of records it shows.

It also keeps the session's open windows (dialogs, the quick note, quick capture): the one
place that keeps a parentless window alive while it is open (no module-level lists), saves
what every window holds before a lock, empties and closes them at the lock, and tells them
when the privacy screen changes. A window takes part through three optional methods
(``save_before_lock``, ``clear_private``, ``set_privacy``); ``ui/record_dialog.py`` is the
base class that provides them.
"""

from __future__ import annotations

import itertools
import logging
import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from shiboken6 import isValid

from ..domain.clock import Clock
from ..domain.errors import LeadDeskError, VaultDamagedError
from ..paths import AppPaths
from ..services.base import ChangeSet, RowChanges
from ..services.container import Services
from .settings import AppSettings
from .undo import Operation, OperationCommand

T = TypeVar("T")


class Outcome(Generic[T]):
    """What ``AppContext.run`` gives back: true when the action happened, with its result."""

    def __init__(self, ok: bool, value: T | None = None, changes: ChangeSet | None = None):
        self.ok = ok
        self.value = value
        self.changes = changes

    def __bool__(self) -> bool:
        return self.ok


log = logging.getLogger(__name__)


class LockedError(LeadDeskError):
    """The vault is locked: unlock it first."""


class SessionUndoStack(QUndoStack):
    """The session's one undo history.

    It survives a lock and unlock of the same vault (an accidental delete just before an
    idle lock can still be undone), but while the vault is locked undo and redo do nothing:
    the commands would reach a closed vault and the history would lose its place.
    """

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self._ctx = ctx

    def undo(self) -> None:
        if self._ctx.is_unlocked:
            super().undo()

    def redo(self) -> None:
        if self._ctx.is_unlocked:
            super().redo()


def _vault_identity(services: Services) -> tuple[str, int, int] | None:
    """Which vault file this is: path and inode. A restored backup or another vault has a
    different one (restoring replaces the file), so the undo history must not carry over."""
    try:
        path = Path(services.vault.path).resolve()
        st = os.stat(path)
    except (AttributeError, OSError, TypeError):
        return None
    return (str(path), st.st_dev, st.st_ino)


class AppContext(QObject):
    changed = Signal(object)  # ChangeSet, after every committed service action
    about_to_lock = Signal()  # last chance to save typed text (autosave flushes)
    locked = Signal()
    unlocked = Signal()
    privacy_changed = Signal(bool)  # privacy screen on/off
    # The vault file was found damaged during the session (a read met a damaged page, or the
    # background page check found one): once per session; the shell offers the restore.
    vault_damaged = Signal()
    _pages_checked = Signal(object, bool)  # (services, damaged), from the check's thread

    def __init__(
        self,
        paths: AppPaths,
        settings: AppSettings,
        clock: Clock | None = None,
        *,
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.settings = settings
        self.clock = clock or Clock()
        self.demo = demo
        self.undo_stack: QUndoStack = SessionUndoStack(self)
        # The Edit menu's actions follow the group: no active stack while locked means
        # Undo/Redo are disabled and show no command text (texts can name records).
        self.undo_group = QUndoGroup(self)
        self.undo_group.addStack(self.undo_stack)
        self._services: Services | None = None
        # The locked vault's identity: unlocking the same file keeps the undo history.
        self._dormant_identity: tuple[str, int, int] | None = None
        self._privacy = False
        self._windows: dict[int, QWidget] = {}  # open windows, by a token (see keep_open)
        self._window_tokens = itertools.count(1)
        self._damage_announced = False
        # Queued even when emitted in this thread: the result is handled from the event loop,
        # after whoever attached the services has built its window.
        self._pages_checked.connect(self._on_pages_checked, Qt.ConnectionType.QueuedConnection)

    # -- session ---------------------------------------------------------------------
    @property
    def services(self) -> Services:
        if self._services is None:
            raise LockedError("The vault is locked.")
        return self._services

    @property
    def is_unlocked(self) -> bool:
        return self._services is not None

    def attach(self, services: Services) -> None:
        """Start a session with freshly unlocked services.

        Unlocking the same vault again keeps the undo history usable: its steps hold only
        rows by id and reach the vault through whichever services are current. Any other
        vault, or a restored one, starts with an empty history.
        """
        identity = _vault_identity(services)
        if identity is None or identity != self._dormant_identity:
            self.undo_stack.clear()  # ids in old commands would name other records
        services.subscribe(self._on_services_changed)
        self._dormant_identity = None
        self._services = services
        self._damage_announced = False
        self.undo_group.setActiveStack(self.undo_stack)
        from ..services.unlocking import when_pages_checked

        when_pages_checked(services, lambda damaged: self._pages_checked.emit(services, damaged))
        self.unlocked.emit()

    def lock(self, *, forget_history: bool = False) -> None:
        """Forget everything private on screen and close the vault.

        The undo history is kept (disabled while locked) for unlocking the same vault again;
        ``forget_history`` drops it, for a restore or import that replaces the vault.
        """
        if self._services is None:
            if forget_history:
                self.forget_undo_history()
            return
        self._each_window("save_before_lock")  # typed text in dialogs, while still open
        self.about_to_lock.emit()  # the areas' own unsaved typing
        services, self._services = self._services, None
        self.undo_group.setActiveStack(None)
        self._dormant_identity = _vault_identity(services)
        services.close()
        if forget_history:
            self.forget_undo_history()
        self._close_windows_after_lock()
        self.locked.emit()

    # -- damage found during the session ---------------------------------------------------
    def damage_found(self) -> None:
        """The vault file is damaged (a read raised :class:`VaultDamagedError`, or the
        background page check found a damaged page): tell the shell once per session, which
        locks and offers the newest backup that opens, as an unlock that finds damage does.
        Writes are refused by the vault meanwhile."""
        if self._services is None or self._damage_announced:
            return
        self._damage_announced = True
        log.warning("vault damage found during the session")
        from ..services.unlocking import damage_seen

        damage_seen(self._services)  # not a byte more is written, typed text included
        self.vault_damaged.emit()

    def _on_pages_checked(self, services: Services, damaged: bool) -> None:
        if damaged and services is self._services:
            self.damage_found()

    def forget_undo_history(self) -> None:
        """Drop the undo history for good (passphrase changed, backup restored, other vault)."""
        self.undo_stack.clear()
        self._dormant_identity = None

    def _on_services_changed(self, changes: ChangeSet) -> None:
        self.changed.emit(changes)

    # -- undo --------------------------------------------------------------------------
    def push(
        self,
        command: Operation,
        *,
        quiet: bool = False,
        initiator: object | None = None,
    ) -> bool:
        """Run ``command`` (an :class:`Operation`) as one undo step through :meth:`run`;
        True when the action happened. ``quiet``: a refusal is only logged (by type), for
        saving typed text while the vault locks, where a message box would block the lock.
        """
        outcome = self.run(
            command.perform, command.label, initiator, quiet=quiet, merge_key=command.merge_key
        )
        return outcome.ok

    def run(
        self,
        op: Callable[[Services], T],
        label: str,
        initiator: object | None = None,
        *,
        quiet: bool = False,
        merge_key: tuple[int, object] | None = None,
    ) -> Outcome[T]:
        """Run one user action, record it as one undo step and announce it once.

        ``op`` gets the services and does the action (its writes are one step: if it fails
        half way, what it wrote is put back). The step holds only the rows the action changed
        (by id); it goes on the undo stack after the fact, then ONE change set (every kind and
        id the action touched, and ``initiator``) is emitted, after the push. A refused action
        shows its message (``quiet``: only logged) and changes nothing. An action that
        changed no row puts no step on the stack. ``merge_key``: (Qt command id, what) for
        steps that merge into the previous one (typing in one note).
        """
        try:
            return self.perform(op, label, initiator, merge_key=merge_key)
        except LeadDeskError as exc:
            if quiet:
                log.info("action refused: %s", type(exc).__name__)
            else:
                self.report(exc)
            return Outcome(False)

    def perform(
        self,
        op: Callable[[Services], T],
        label: str,
        initiator: object | None = None,
        *,
        merge_key: tuple[int, object] | None = None,
    ) -> Outcome[T]:
        """:meth:`run` for callers that show a refusal themselves: a refused action raises
        its ``LeadDeskError`` (``LockedError`` while locked) and changes nothing."""
        services = self.services
        with services.hub.operation() as recorded:
            value = op(services)
        changes = recorded.change_set()
        if recorded.rows:
            self.undo_stack.push(
                OperationCommand(label, recorded.rows, self._replay, merge_key=merge_key)
            )
        announced = ChangeSet(changes.kinds, changes.ids, initiator)
        if announced.kinds:
            self.changed.emit(announced)
        return Outcome(True, value, announced)

    def _replay(self, changes: RowChanges, backwards: bool) -> bool:
        """Undo (``backwards``) or redo a recorded step through the current session's
        services; a step that no longer fits the records is reported. True when done."""
        if not self.is_unlocked:
            return False
        ctx = self.services.hub
        try:
            if backwards:
                ctx.undo(changes)
            else:
                ctx.redo(changes)
        except LeadDeskError as exc:
            log.info("undo/redo step failed: %s", type(exc).__name__)
            self.report(exc)
            return False
        return True

    # -- privacy screen ----------------------------------------------------------------
    @property
    def privacy_screen(self) -> bool:
        return self._privacy

    def set_privacy_screen(self, on: bool) -> None:
        if on != self._privacy:
            self._privacy = on
            self._each_window("set_privacy", on)
            self.privacy_changed.emit(on)

    # -- open windows -----------------------------------------------------------------
    def keep_open(self, window: QWidget) -> None:
        """Keep ``window`` (alive and) known until it finishes or is destroyed.

        Its ``save_before_lock()`` runs before a lock, ``clear_private()`` right after the
        vault closed (then it is closed), and ``set_privacy(on)`` on every privacy change,
        for whichever of these methods it has.
        """
        if any(w is window for w in self._windows.values()):
            return
        token = next(self._window_tokens)
        self._windows[token] = window
        # Drop the reference on the next turn of the event loop, never inside one of the
        # window's own signal handlers (Python would delete it while Qt still uses it).
        window.destroyed.connect(lambda *_: self._windows.pop(token, None))
        if isinstance(window, QDialog):
            window.finished.connect(lambda *_: self._forget_window_later(token))

    def _forget_window_later(self, token: int) -> None:
        QTimer.singleShot(0, self, lambda: self._windows.pop(token, None))

    @property
    def open_windows(self) -> list[QWidget]:
        """The session's windows that are still open, oldest first."""
        return [w for w in self._windows.values() if isValid(w) and w.isVisible()]

    def find_open_window(self, kind: type[QWidget]) -> QWidget | None:
        """The newest open window of ``kind``, if any."""
        for window in reversed(self.open_windows):
            if isinstance(window, kind):
                return window
        return None

    def _each_window(self, method: str, *args: object) -> None:
        """Call ``method`` on every open window that has it; one failing window must not
        stop the others (at a lock, every other window still has to save and forget)."""
        for window in list(self._windows.values()):
            if not isValid(window):
                continue
            call: Callable[..., object] | None = getattr(window, method, None)
            if call is None:
                continue
            try:
                call(*args)
            except Exception as exc:
                log.error(
                    "window %s failed in %s: %s", type(window).__name__, method, type(exc).__name__
                )

    def _close_windows_after_lock(self) -> None:
        """Empty every open window (the vault is closed now) and close it."""
        self._each_window("clear_private")
        for window in list(self._windows.values()):
            if isValid(window) and window.isVisible():
                if isinstance(window, QDialog):
                    QDialog.done(window, QDialog.DialogCode.Rejected)  # not an override
                else:
                    window.hide()

    # -- errors ------------------------------------------------------------------------
    def report(self, exc: BaseException, parent: QWidget | None = None) -> None:
        """Show a refused or failed action to the user; log only its type, never content.

        Damage is not a message box: :meth:`damage_found` leads to the restore offer."""
        if isinstance(exc, VaultDamagedError) and self._services is not None:
            log.info("action refused: %s", type(exc).__name__)
            self.damage_found()
        elif isinstance(exc, LeadDeskError):
            log.info("action refused: %s", type(exc).__name__)
            QMessageBox.warning(parent, "LeadDesk", str(exc))
        else:
            # The type and where it happened, never the message: it could quote private text.
            frames = traceback.extract_tb(exc.__traceback__)
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
            log.error("unexpected error: %s at %s", type(exc).__name__, where)
            QMessageBox.critical(parent, "LeadDesk", "Something went wrong; nothing was saved.")
