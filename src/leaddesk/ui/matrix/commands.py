"""The board's user actions, as operations (ui/undo.py): data plus one task-service call.

Undo and redo need nothing from here: the generic step records the rows each action changed
and puts them back by id (ids, timestamps, positions and whatever a purge took with the tasks
included). The first argument (the task service) is what the call sites hand over; the action
runs on the session's services when it is performed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ...domain.model import Quadrant
from ...services.tasks import TaskService
from ..undo import Operation

if TYPE_CHECKING:
    from ...services.container import Services


def _plural(count: int, one: str, many: str | None = None) -> str:
    return one if count == 1 else (many or one + "s")


class CaptureTaskCommand(Operation):
    """File a new task (in the Inbox unless told otherwise); ``task_id`` once filed."""

    def __init__(
        self,
        tasks: TaskService | None,
        title: str,
        *,
        quadrant: Quadrant = Quadrant.INBOX,
        requester: str = "",
        needed_by: date | None = None,
    ) -> None:
        self.label = "Capture task"
        self._args: dict[str, Any] = {
            "quadrant": quadrant,
            "requester": requester,
            "needed_by": needed_by,
        }
        self._title = title
        self.task_id: int | None = None

    def perform(self, services: Services) -> object:
        task = services.tasks.capture(self._title, **self._args)
        self.task_id = task.id
        return task


class MoveTasksCommand(Operation):
    """Move cards into a quadrant (before ``before_id``, or at the end): one undo step, also
    for a multi-card drag."""

    def __init__(
        self,
        tasks: TaskService | None,
        task_ids: Sequence[int],
        quadrant: Quadrant,
        *,
        before_id: int | None = None,
        text: str | None = None,
    ) -> None:
        count = len(task_ids)
        self.label = text or f"Move {count} {_plural(count, 'card')} to {Quadrant(quadrant).label}"
        self.task_ids = list(task_ids)
        self.quadrant = Quadrant(quadrant)
        self._before_id = before_id
        self.came_from: dict[int, Quadrant] = {}

    def perform(self, services: Services) -> object:
        placements = services.tasks.move(self.task_ids, self.quadrant, before_id=self._before_id)
        self.came_from = {p.task_id: p.quadrant for p in placements}
        return placements


class CompleteTasksCommand(Operation):
    def __init__(self, tasks: TaskService | None, task_ids: Sequence[int]) -> None:
        n = len(task_ids)
        self.label = f"Complete {n} {_plural(n, 'task')}"
        self.task_ids = list(task_ids)

    def perform(self, services: Services) -> object:
        services.tasks.complete(self.task_ids)
        return None


class ReopenTasksCommand(Operation):
    """Un-complete, or restore a let-go task: back on the board where it was."""

    def __init__(self, tasks: TaskService | None, task_ids: Sequence[int], text: str = "") -> None:
        n = len(task_ids)
        self.label = text or f"Restore {n} {_plural(n, 'task')}"
        self.task_ids = list(task_ids)

    def perform(self, services: Services) -> object:
        services.tasks.reopen(self.task_ids)
        return None


class LetGoTasksCommand(Operation):
    def __init__(self, tasks: TaskService | None, task_ids: Sequence[int]) -> None:
        n = len(task_ids)
        self.label = f"Let go of {n} {_plural(n, 'task')}"
        self.task_ids = list(task_ids)

    def perform(self, services: Services) -> object:
        services.tasks.let_go(self.task_ids)
        return None


class EditTaskCommand(Operation):
    """Edit fields of one task (from the editor)."""

    def __init__(self, tasks: TaskService | None, task_id: int, changes: dict[str, Any]) -> None:
        self.label = "Edit task"
        self.task_ids = [task_id]
        self.changes = dict(changes)

    def perform(self, services: Services) -> object:
        return services.tasks.update(self.task_ids[0], **self.changes)


class PurgeTasksCommand(Operation):
    """Destroy let-go tasks after a confirmation; undo (this session only) brings them back,
    with what the database removed or unlinked along with them."""

    def __init__(self, tasks: TaskService | None, task_ids: Sequence[int]) -> None:
        n = len(task_ids)
        self.label = f"Purge {n} let-go {_plural(n, 'task')}"
        self.task_ids = list(task_ids)

    def perform(self, services: Services) -> object:
        services.tasks.purge(self.task_ids)  # refuses tasks that are not let go
        return None
