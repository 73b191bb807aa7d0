"""The tracker's user actions, as operations (ui/undo.py) on the one generic undo step.

Each is one user action; the step records the rows it changed (the delegation, its check-ins,
its task) and undo/redo put them back by id, so ids stay stable for the steps stacked after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...domain.errors import LeadDeskError
from ..undo import Operation

if TYPE_CHECKING:
    from ...services.container import Services
    from ..context import AppContext


class CreateDelegationCommand(Operation):
    """Hand a task to a person (the task moves to Delegate in the same step)."""

    def __init__(self, ctx: AppContext, **fields: Any) -> None:
        self.label = "Delegate task"
        self.fields = fields
        self.delegation_id: int | None = None

    def perform(self, services: Services) -> object:
        fields = dict(self.fields)
        task_id = fields.pop("task_id", None)
        person_id = fields.pop("person_id", None)
        created = services.delegations.create(task_id, person_id, **fields)
        self.fields = {}  # the undo step has it all now; keep no second copy of private text
        self.delegation_id = created.id
        return created


class DelegationActionCommand(Operation):
    """Any change to an existing delegation (edit, check-in, close, reopen, snooze)."""

    def __init__(
        self, ctx: AppContext, text: str, delegation_id: int, action: Callable[[], object]
    ) -> None:
        self.label = text
        self.delegation_id = delegation_id
        self._action: Callable[[], object] | None = action

    def perform(self, services: Services) -> object:
        action, self._action = self._action, None  # drop the closure: it may hold private text
        assert action is not None, "an action is performed once"
        return action()


def check_in_command(ctx: AppContext, delegation_id: int, **kw: Any) -> DelegationActionCommand:
    service = ctx.services.delegations
    return DelegationActionCommand(
        ctx, "Log check-in", delegation_id, lambda: service.check_in(delegation_id, **kw)
    )


def close_command(
    ctx: AppContext, delegation_id: int, status: Any, **kw: Any
) -> DelegationActionCommand:
    service = ctx.services.delegations
    text = "Close delegation as done" if str(status) == "done" else "Cancel delegation"
    return DelegationActionCommand(
        ctx, text, delegation_id, lambda: service.close(delegation_id, status, **kw)
    )


def reopen_command(ctx: AppContext, delegation_id: int) -> DelegationActionCommand:
    service = ctx.services.delegations
    return DelegationActionCommand(
        ctx, "Reopen delegation", delegation_id, lambda: service.reopen(delegation_id)
    )


def snooze_command(ctx: AppContext, delegation_id: int, until: Any) -> DelegationActionCommand:
    service = ctx.services.delegations
    text = "Snooze delegation" if until is not None else "Wake delegation"
    return DelegationActionCommand(
        ctx, text, delegation_id, lambda: service.snooze(delegation_id, until)
    )


def update_command(ctx: AppContext, delegation_id: int, **changes: Any) -> DelegationActionCommand:
    service = ctx.services.delegations
    return DelegationActionCommand(
        ctx, "Edit delegation", delegation_id, lambda: service.update(delegation_id, **changes)
    )


def push_or_explain(ctx: AppContext, command: Operation) -> str | None:
    """Like ``ctx.push``, but a refusal comes back as text for the dialog's inline error
    line (instead of a message box over a dialog the user is still filling in)."""
    try:
        ctx.perform(command.perform, command.label)
    except LeadDeskError as exc:
        return str(exc)
    return None
