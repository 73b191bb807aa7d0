"""Undo commands of the tracker. Each one is one user action; undo and redo put back exact
snapshots from the service, so ids stay stable for the commands stacked after them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ...domain.errors import LeadDeskError
from ...services.delegations import DelegationSnapshot
from ..undo import ServiceCommand

if TYPE_CHECKING:
    from ..context import AppContext


class CreateDelegationCommand(ServiceCommand):
    """Hand a task to a person (the task moves to Delegate in the same step)."""

    def __init__(self, ctx: AppContext, **fields: Any) -> None:
        super().__init__("Delegate task")
        self.ctx = ctx
        self.fields = fields
        self.delegation_id: int | None = None
        self._task_before: dict[str, Any] | None = None
        self._after: DelegationSnapshot | None = None

    def apply(self) -> None:
        service = self.ctx.services.delegations
        if self._after is not None:
            service.restore(self._after)
            return
        fields = dict(self.fields)
        task_id = fields.pop("task_id", None)
        person_id = fields.pop("person_id", None)
        self._task_before = None if task_id is None else service.task_state(task_id)
        created = service.create(task_id, person_id, **fields)
        self.fields = {}  # the snapshot has it all now; keep no second copy of private text
        assert created.id is not None
        self.delegation_id = created.id
        self._after = service.snapshot(created.id)

    def revert(self) -> None:
        assert self.delegation_id is not None
        self.ctx.services.delegations.discard(self.delegation_id, self._task_before)


class DelegationActionCommand(ServiceCommand):
    """Any change to an existing delegation (edit, check-in, close, reopen, snooze)."""

    def __init__(
        self, ctx: AppContext, text: str, delegation_id: int, action: Callable[[], object]
    ) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.delegation_id = delegation_id
        self._action: Callable[[], object] | None = action
        self._before: DelegationSnapshot | None = None
        self._after: DelegationSnapshot | None = None

    def apply(self) -> None:
        service = self.ctx.services.delegations
        if self._after is not None:
            service.restore(self._after)
            return
        assert self._action is not None
        self._before = service.snapshot(self.delegation_id)
        self._action()
        self._action = None  # drop the closure: it may hold private text
        self._after = service.snapshot(self.delegation_id)

    def revert(self) -> None:
        assert self._before is not None
        self.ctx.services.delegations.restore(self._before)


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


def push_or_explain(ctx: AppContext, command: ServiceCommand) -> str | None:
    """Like ``ctx.push``, but a refusal comes back as text for the dialog's inline error
    line (instead of a message box over a dialog the user is still filling in)."""
    try:
        command.apply()
    except LeadDeskError as exc:
        return str(exc)
    command.arm(ctx.report)
    ctx.undo_stack.push(command)
    return None
