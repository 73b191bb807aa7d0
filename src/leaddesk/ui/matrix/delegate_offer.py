"""The matrix board's hand-over to the delegation tracker: a card that lands in Delegate
gets the tracker's "delegate to whom?" dialog, and Cancel there takes the move back."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QWidget

from ...domain.errors import LeadDeskError
from ...domain.model import Quadrant
from ..context import AppContext

if TYPE_CHECKING:
    from .area import MatrixArea

DELEGATION_HOOK = "leaddesk.ui.delegation.create"


def offer_delegation(ctx: AppContext, parent: QWidget, task_id: int) -> bool:
    """Call the delegation tracker's offer for a task just moved into Delegate, if that
    flow is installed. Returns whether it was called."""
    try:
        module = importlib.import_module(DELEGATION_HOOK)
    except ImportError:
        return False
    offer = getattr(module, "offer_delegation", None)
    if offer is None:
        return False
    offer(ctx, parent, task_id)
    return True


class DelegateOfferMixin:
    """Offer and take-back methods of :class:`MatrixArea` (its ``_delegate_moves`` state)."""

    def _on_model_moved_in(self: MatrixArea, quadrant: Quadrant, task_ids: list[int]) -> None:
        if quadrant == Quadrant.DELEGATE:
            # Cancel in the delegate dialog takes the move back (issue 15): remember where
            # each card came from, and which undo step moved them.
            origins = self.models[quadrant].last_came_from
            stack = self.ctx.undo_stack
            step = (stack.index(), stack.count(), frozenset(origins))
            for task_id in task_ids:
                if task_id in origins:
                    self._delegate_moves[task_id] = (origins[task_id], step)
            # after the drop or key press has finished, never inside QDrag.exec
            QTimer.singleShot(0, self, lambda ids=list(task_ids): self._offer_delegations(ids))

    def _offer_delegations(self: MatrixArea, task_ids: list[int]) -> None:
        if not self.ctx.is_unlocked:
            return
        for task_id in task_ids:
            if not offer_delegation(self.ctx, self, task_id):
                return
        self._follow_delegate_dialog()

    def _follow_delegate_dialog(self: MatrixArea) -> None:
        """Watch the open delegate dialog (if it offers a card moved here) for its Cancel;
        the next card's dialog, opened by the offer queue, is watched in turn."""
        try:
            find_open = importlib.import_module(DELEGATION_HOOK).find_open_dialog
        except (ImportError, AttributeError):
            return
        dialog = find_open(self.ctx)
        task_id = getattr(dialog, "task_id", None)
        if dialog is None or task_id not in self._delegate_moves:
            return
        if dialog.property("matrix_followed"):
            return
        dialog.setProperty("matrix_followed", True)
        dialog.finished.connect(lambda result, t=task_id: self._on_delegate_finished(t, result))

    def _on_delegate_finished(self: MatrixArea, task_id: int, result: int) -> None:
        origin, step = self._delegate_moves.pop(task_id, (None, None))
        if result != QDialog.DialogCode.Accepted and origin is not None and step is not None:
            self.take_back_delegate_move(task_id, origin, step)
        QTimer.singleShot(1, self, self._follow_delegate_dialog)  # the queue's next card

    def take_back_delegate_move(
        self: MatrixArea, task_id: int, origin: Quadrant, step: tuple[int, int, frozenset[int]]
    ) -> bool:
        """The delegate dialog was cancelled: the card goes back where it came from. When
        the move of this one card is still the last step, it is undone (no new step);
        otherwise the card alone moves back as a step of its own."""
        if not self.ctx.is_unlocked:
            return False
        try:
            task = self.ctx.services.tasks.get(task_id)
        except LeadDeskError:  # purged meanwhile
            return False
        if task.quadrant != Quadrant.DELEGATE:
            return False  # moved on meanwhile: nothing to take back
        delegation = self.ctx.services.delegations.for_task(task_id)
        if delegation is not None and delegation.status.is_open:
            return False
        stack = self.ctx.undo_stack
        index, count, moved = step
        if stack.index() == index and stack.count() == count and moved == {task_id}:
            stack.undo()
            return True
        return self.models[origin].move_cards_before_row([task_id], -1)
