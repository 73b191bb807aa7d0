"""Undo commands: one per user action; ``apply``/``revert`` call services, never widgets.

Views follow the change signal, so a command never touches a widget (orange-canvas-core).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from ..domain.errors import LeadDeskError

log = logging.getLogger(__name__)


class ServiceCommand(QUndoCommand):
    """Base for every undoable action.

    ``AppContext.push`` calls :meth:`apply` once itself (so a refusal can be reported before
    anything lands on the stack); the stack's own first ``redo`` is then skipped. Later
    undo/redo failures (e.g. the record was purged meanwhile) are reported and make the
    command obsolete instead of raising into Qt.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._skip_first_redo = False
        self._report: Callable[[BaseException], None] | None = None

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def arm(self, report: Callable[[BaseException], None]) -> None:
        self._skip_first_redo = True
        self._report = report

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._guard(self.apply)

    def undo(self) -> None:
        self._guard(self.revert)

    def _guard(self, action: Callable[[], None]) -> None:
        try:
            action()
        except LeadDeskError as exc:
            log.info("undo/redo step failed: %s", type(exc).__name__)
            self.setObsolete(True)
            if self._report is not None:
                self._report(exc)


class CallbackCommand(ServiceCommand):
    """An undoable action made of two callables (for simple one-call actions)."""

    def __init__(self, text: str, apply: Callable[[], object], revert: Callable[[], object]):
        super().__init__(text)
        self._apply = apply
        self._revert = revert

    def apply(self) -> None:
        self._apply()

    def revert(self) -> None:
        self._revert()
