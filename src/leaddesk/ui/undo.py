"""Undo: one generic command for every data change, and the operations that make them.

An :class:`Operation` is one user action as data (its label and arguments) plus what it does
with the services; ``AppContext.run`` (or ``push``) runs it in one step, records the rows it
changed and puts an :class:`OperationCommand` on the stack. Undo and redo put those rows back
by id (storage/row_changes.py), so services need no methods for undo. Views follow the
change signal, so nothing here touches a widget (orange-canvas-core).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from ..services.base import RowChanges

if TYPE_CHECKING:
    from ..services.container import Services


class Operation:
    """One user action, as data: the undo label and the action's arguments.

    :meth:`perform` does it with the session's services; ``AppContext.push`` runs it as one
    undo step. Results a caller needs afterwards (a new record's id) are kept on the object.
    ``merge_key`` (a Qt command id and what it is about): consecutive steps with the same key
    merge into one (typing in one note).
    """

    label = ""
    merge_key: tuple[int, object] | None = None

    def perform(self, services: Services) -> object:
        raise NotImplementedError


class OperationCommand(QUndoCommand):
    """The one undo command for data changes: a label and the rows the action changed.

    It holds no service object and no closure: undo and redo put the recorded rows back by
    id through the session's current services (``AppContext.replay``), so the step stays
    usable across a lock and unlock of the same vault. It is pushed after the action ran
    (``AppContext.run``): the stack's first ``redo`` finds the rows already there and does
    nothing. ``merge_key``: consecutive steps with the same key (typing in one note) merge
    into one step whose change is both changes.
    """

    def __init__(
        self,
        text: str,
        changes: RowChanges,
        replay: Callable[[RowChanges, bool], bool],
        *,
        merge_key: tuple[int, object] | None = None,
    ) -> None:
        super().__init__(text)
        self.changes = changes
        self._replay = replay
        self._merge_key = merge_key
        self._done = True  # pushed after the fact

    def id(self) -> int:
        return self._merge_key[0] if self._merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, OperationCommand)
            or self._merge_key is None
            or other._merge_key != self._merge_key
        ):
            return False
        self.changes = self.changes.merge(other.changes)
        return True

    def redo(self) -> None:
        if self._done:
            return
        if self._replay(self.changes, False):
            self._done = True
        else:
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._done:
            return
        if self._replay(self.changes, True):
            self._done = False
        else:
            self.setObsolete(True)
