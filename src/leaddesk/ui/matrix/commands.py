"""Undo commands of the board: one per user action, calling the task service only.

Each command remembers just enough to put things back (placements or field snapshots taken
before acting), so undo restores the exact previous state, timestamps included.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ...domain.model import Quadrant
from ...services.tasks import Placement, TaskService, snapshot
from ..undo import ServiceCommand


def _plural(count: int, one: str, many: str | None = None) -> str:
    return one if count == 1 else (many or one + "s")


class CaptureTaskCommand(ServiceCommand):
    """File a new task (in the Inbox unless told otherwise); undo removes it again."""

    def __init__(
        self,
        tasks: TaskService,
        title: str,
        *,
        quadrant: Quadrant = Quadrant.INBOX,
        requester: str = "",
        needed_by: date | None = None,
    ) -> None:
        super().__init__("Capture task")
        self._tasks = tasks
        self._args: dict[str, Any] = {
            "quadrant": quadrant,
            "requester": requester,
            "needed_by": needed_by,
        }
        self._title = title
        self._removed: list[dict[str, Any]] | None = None
        self.task_id: int | None = None

    def apply(self) -> None:
        if self._removed is not None:  # redo: the same task, same id, comes back
            self._tasks.restore_snapshots(self._removed)
            self._removed = None
            return
        task = self._tasks.capture(self._title, **self._args)
        self.task_id = task.id

    def revert(self) -> None:
        assert self.task_id is not None
        self._removed = self._tasks.remove([self.task_id])


class MoveTasksCommand(ServiceCommand):
    """Move cards into a quadrant (before ``before_id``, or at the end): one undo step."""

    def __init__(
        self,
        tasks: TaskService,
        task_ids: Sequence[int],
        quadrant: Quadrant,
        *,
        before_id: int | None = None,
        text: str | None = None,
    ) -> None:
        count = len(task_ids)
        super().__init__(
            text or f"Move {count} {_plural(count, 'card')} to {Quadrant(quadrant).label}"
        )
        self._tasks = tasks
        self.task_ids = list(task_ids)
        self.quadrant = Quadrant(quadrant)
        self._before_id = before_id
        self._placements: list[Placement] = []

    def apply(self) -> None:
        self._placements = self._tasks.move(self.task_ids, self.quadrant, before_id=self._before_id)

    def revert(self) -> None:
        self._tasks.restore_placements(self._placements)

    @property
    def came_from(self) -> dict[int, Quadrant]:
        return {p.task_id: p.quadrant for p in self._placements}


class _SnapshotCommand(ServiceCommand):
    """Snapshot the tasks, act, and on undo restore every field from the snapshot."""

    def __init__(self, tasks: TaskService, task_ids: Sequence[int], text: str) -> None:
        super().__init__(text)
        self._tasks = tasks
        self.task_ids = list(task_ids)
        self._before: list[dict[str, Any]] = []

    def apply(self) -> None:
        self._before = [snapshot(t) for t in self._tasks.get_many(self.task_ids)]
        self.act()

    def act(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        self._tasks.restore_fields(self._before)


class CompleteTasksCommand(_SnapshotCommand):
    def __init__(self, tasks: TaskService, task_ids: Sequence[int]) -> None:
        n = len(task_ids)
        super().__init__(tasks, task_ids, f"Complete {n} {_plural(n, 'task')}")

    def act(self) -> None:
        self._tasks.complete(self.task_ids)


class ReopenTasksCommand(_SnapshotCommand):
    """Un-complete, or restore a let-go task: back on the board where it was."""

    def __init__(self, tasks: TaskService, task_ids: Sequence[int], text: str = "") -> None:
        n = len(task_ids)
        super().__init__(tasks, task_ids, text or f"Restore {n} {_plural(n, 'task')}")

    def act(self) -> None:
        self._tasks.reopen(self.task_ids)


class LetGoTasksCommand(_SnapshotCommand):
    def __init__(self, tasks: TaskService, task_ids: Sequence[int]) -> None:
        n = len(task_ids)
        super().__init__(tasks, task_ids, f"Let go of {n} {_plural(n, 'task')}")

    def act(self) -> None:
        self._tasks.let_go(self.task_ids)


class EditTaskCommand(_SnapshotCommand):
    """Edit fields of one task (from the editor); undo puts every field back."""

    def __init__(self, tasks: TaskService, task_id: int, changes: dict[str, Any]) -> None:
        super().__init__(tasks, [task_id], "Edit task")
        self.changes = dict(changes)

    def act(self) -> None:
        self._tasks.update(self.task_ids[0], **self.changes)


class PurgeTasksCommand(ServiceCommand):
    """Destroy let-go tasks after a confirmation; undo (this session only) brings them back."""

    def __init__(self, tasks: TaskService, task_ids: Sequence[int]) -> None:
        n = len(task_ids)
        super().__init__(f"Purge {n} let-go {_plural(n, 'task')}")
        self._tasks = tasks
        self.task_ids = list(task_ids)
        self._removed: list[dict[str, Any]] = []

    def apply(self) -> None:
        self._removed = self._tasks.purge(self.task_ids)

    def revert(self) -> None:
        self._tasks.restore_snapshots(self._removed)
