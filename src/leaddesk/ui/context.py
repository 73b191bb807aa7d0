"""The AppContext: everything a window needs, passed explicitly (no globals).

It owns the unlocked services (or none while locked), the session's single undo stack, the
non-private settings and the privacy-screen state, and turns the services' change feed into
one Qt signal that each view filters by the kinds of records it shows.
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.clock import Clock
from ..domain.errors import LeadDeskError
from ..paths import AppPaths
from ..services.base import ChangeSet
from ..services.container import Services
from .settings import AppSettings
from .undo import ServiceCommand

log = logging.getLogger(__name__)


class LockedError(LeadDeskError):
    """The vault is locked: unlock it first."""


class AppContext(QObject):
    changed = Signal(object)  # ChangeSet, after every committed service action
    about_to_lock = Signal()  # last chance to save typed text (autosave flushes)
    locked = Signal()
    unlocked = Signal()
    privacy_changed = Signal(bool)  # privacy screen on/off

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
        self.undo_stack = QUndoStack(self)
        self._services: Services | None = None
        self._privacy = False

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
        """Start a session with freshly unlocked services."""
        self._services = services
        services.subscribe(self._on_services_changed)
        self.unlocked.emit()

    def lock(self) -> None:
        """Forget everything private: close the vault and clear the undo history."""
        if self._services is None:
            return
        self.about_to_lock.emit()
        services, self._services = self._services, None
        self.undo_stack.clear()
        services.close()
        self.locked.emit()

    def _on_services_changed(self, changes: ChangeSet) -> None:
        self.changed.emit(changes)

    # -- undo --------------------------------------------------------------------------
    def push(self, command: ServiceCommand) -> bool:
        """Perform ``command`` now and put it on the undo stack.

        A refused action (validation, locked vault, full disk) shows its message and leaves
        neither the data nor the undo stack changed. Returns True when the action happened.
        """
        try:
            command.apply()
        except LeadDeskError as exc:
            self.report(exc)
            return False
        command.arm(self.report)
        self.undo_stack.push(command)
        return True

    # -- privacy screen ----------------------------------------------------------------
    @property
    def privacy_screen(self) -> bool:
        return self._privacy

    def set_privacy_screen(self, on: bool) -> None:
        if on != self._privacy:
            self._privacy = on
            self.privacy_changed.emit(on)

    # -- errors ------------------------------------------------------------------------
    def report(self, exc: BaseException, parent: QWidget | None = None) -> None:
        """Show a refused or failed action to the user; log only its type, never content."""
        if isinstance(exc, LeadDeskError):
            log.info("action refused: %s", type(exc).__name__)
            QMessageBox.warning(parent, "LeadDesk", str(exc))
        else:
            # The type and where it happened, never the message: it could quote private text.
            frames = traceback.extract_tb(exc.__traceback__)
            where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
            log.error("unexpected error: %s at %s", type(exc).__name__, where)
            QMessageBox.critical(parent, "LeadDesk", "Something went wrong; nothing was saved.")
