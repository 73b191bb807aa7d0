"""Tasks on the Eisenhower board: capture, edit, move, complete, let go, restore, purge."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..domain.errors import NotFoundError, ValidationError
from ..domain.model import Quadrant, Task, TaskStatus
from ..domain.rules import check_positive, clean_title
from .base import ChangeKind, Service

EDITABLE_FIELDS = frozenset(
    {
        "title",
        "notes",
        "quadrant",
        "estimate_minutes",
        "due_on",
        "needed_by",
        "requester",
        "person_id",
        "only_i_can",
    }
)


@dataclasses.dataclass(frozen=True)
class Placement:
    """Where a task was: enough to put it back exactly (undo of a move)."""

    task_id: int
    quadrant: Quadrant
    position: float


def snapshot(task: Task) -> dict[str, Any]:
    """Every stored field of a task, for undoing a removal or an edit."""
    return {f.name: getattr(task, f.name) for f in dataclasses.fields(Task)}


class TaskService(Service):
    # -- reading ----------------------------------------------------------------------
    def get(self, task_id: int) -> Task:
        with self.ctx.read() as s:
            return _get(s, task_id)

    def open_tasks(self, quadrant: Quadrant | None = None) -> list[Task]:
        """Open tasks in board order (quadrant, then position)."""
        stmt = select(Task).where(Task.status == TaskStatus.OPEN)  # type: ignore[arg-type]
        if quadrant is not None:
            stmt = stmt.where(Task.quadrant == quadrant)  # type: ignore[arg-type]
        stmt = stmt.order_by(Task.quadrant, Task.position, Task.id)  # type: ignore[arg-type]
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def board(self) -> dict[Quadrant, list[Task]]:
        columns: dict[Quadrant, list[Task]] = {q: [] for q in Quadrant}
        for task in self.open_tasks():
            columns[task.quadrant].append(task)
        return columns

    def completed_between(self, start: datetime, end: datetime) -> list[Task]:
        stmt = (
            select(Task)
            .where(Task.status == TaskStatus.DONE)  # type: ignore[arg-type]
            .where(Task.completed_at >= start, Task.completed_at < end)  # type: ignore[operator]
            .order_by(Task.completed_at.desc())  # type: ignore[attr-defined]
        )
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    def let_go_tasks(self) -> list[Task]:
        stmt = (
            select(Task)
            .where(Task.status == TaskStatus.LET_GO)  # type: ignore[arg-type]
            .order_by(Task.let_go_at.desc())  # type: ignore[attr-defined]
        )
        with self.ctx.read() as s:
            return list(s.scalars(stmt))

    # -- writing ----------------------------------------------------------------------
    def capture(
        self,
        title: str,
        *,
        quadrant: Quadrant = Quadrant.INBOX,
        requester: str = "",
        needed_by: date | None = None,
        person_id: int | None = None,
        estimate_minutes: int | None = None,
        due_on: date | None = None,
    ) -> Task:
        """A new task at the end of its quadrant (the inbox unless told otherwise)."""
        task = Task(
            title=clean_title(title),
            quadrant=Quadrant(quadrant),
            requester=_clean_line(requester, "requester"),
            needed_by=needed_by,
            person_id=person_id,
            estimate_minutes=check_positive(estimate_minutes, "estimate"),
            due_on=due_on,
            created_at=self.clock.now(),
        )
        with self.ctx.write(ChangeKind.TASKS) as s:
            task.position = _end_position(s, task.quadrant)
            s.add(task)
            s.flush()
        return task

    def update(self, task_id: int, **changes: Any) -> Task:
        """Edit fields of a task; refused as a whole if any value is invalid."""
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise ValidationError(f"Unknown task fields: {', '.join(sorted(unknown))}.")
        cleaned = dict(changes)
        if "title" in cleaned:
            cleaned["title"] = clean_title(cleaned["title"])
        if "requester" in cleaned:
            cleaned["requester"] = _clean_line(cleaned["requester"], "requester")
        if "estimate_minutes" in cleaned:
            cleaned["estimate_minutes"] = check_positive(cleaned["estimate_minutes"], "estimate")
        if "quadrant" in cleaned:
            cleaned["quadrant"] = Quadrant(cleaned["quadrant"])
        if "notes" in cleaned and len(cleaned["notes"]) > 5_000_000:
            raise ValidationError("The notes are too long (at most 5 MB).")
        with self.ctx.write(ChangeKind.TASKS) as s:
            task = _get(s, task_id)
            if "quadrant" in cleaned and cleaned["quadrant"] != task.quadrant:
                task.position = _end_position(s, cleaned["quadrant"])
            for key, value in cleaned.items():
                setattr(task, key, value)
        return task

    def move(
        self, task_ids: Sequence[int], quadrant: Quadrant, index: int | None = None
    ) -> list[Placement]:
        """Move tasks (in the given order) into ``quadrant`` before the open task at ``index``
        (``None``: at the end). Returns where they were, for undo."""
        if not task_ids:
            return []
        quadrant = Quadrant(quadrant)
        with self.ctx.write(ChangeKind.TASKS) as s:
            moving = [_get(s, tid) for tid in task_ids]
            before = [Placement(t.id, t.quadrant, t.position) for t in moving]  # type: ignore[arg-type]
            moving_ids = {t.id for t in moving}
            neighbours = [
                p
                for (tid, p) in s.execute(
                    select(Task.id, Task.position)  # type: ignore[call-overload]
                    .where(Task.status == TaskStatus.OPEN, Task.quadrant == quadrant)
                    .order_by(Task.position, Task.id)
                )
                if tid not in moving_ids
            ]
            if index is None or index >= len(neighbours):
                low = neighbours[-1] if neighbours else 0.0
                high = low + len(moving) + 1.0
            else:
                index = max(index, 0)
                high = neighbours[index]
                low = neighbours[index - 1] if index > 0 else high - len(moving) - 1.0
            step = (high - low) / (len(moving) + 1)
            if step < 1e-6:
                _renumber(s, quadrant)
                s.flush()
                return self._move_after_renumber(s, moving, quadrant, index, before)
            for i, task in enumerate(moving, start=1):
                task.quadrant = quadrant
                task.position = low + step * i
        return before

    def _move_after_renumber(
        self,
        s: Session,
        moving: list[Task],
        quadrant: Quadrant,
        index: int | None,
        before: list[Placement],
    ) -> list[Placement]:
        ids = {t.id for t in moving}
        order = [
            t
            for t in s.scalars(
                select(Task)
                .where(Task.status == TaskStatus.OPEN, Task.quadrant == quadrant)  # type: ignore[arg-type]
                .order_by(Task.position, Task.id)  # type: ignore[arg-type]
            )
            if t.id not in ids
        ]
        at = len(order) if index is None else min(max(index, 0), len(order))
        order[at:at] = moving
        for i, task in enumerate(order):
            task.quadrant = quadrant
            task.position = float(i + 1)
        return before

    def restore_placements(self, placements: Iterable[Placement]) -> None:
        with self.ctx.write(ChangeKind.TASKS) as s:
            for p in placements:
                task = _get(s, p.task_id)
                task.quadrant = p.quadrant
                task.position = p.position

    def complete(self, task_ids: Sequence[int]) -> None:
        now = self.clock.now()
        with self.ctx.write(ChangeKind.TASKS) as s:
            for tid in task_ids:
                task = _get(s, tid)
                task.status = TaskStatus.DONE
                task.completed_at = now

    def reopen(self, task_ids: Sequence[int]) -> None:
        """Back on the board where it was (un-complete, or restore after letting go)."""
        with self.ctx.write(ChangeKind.TASKS) as s:
            for tid in task_ids:
                task = _get(s, tid)
                task.status = TaskStatus.OPEN
                task.completed_at = None
                task.let_go_at = None

    def let_go(self, task_ids: Sequence[int]) -> None:
        now = self.clock.now()
        with self.ctx.write(ChangeKind.TASKS) as s:
            for tid in task_ids:
                task = _get(s, tid)
                task.status = TaskStatus.LET_GO
                task.let_go_at = now

    def remove(self, task_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Delete tasks for good (undo of a capture, or a confirmed purge); returns snapshots."""
        with self.ctx.write(ChangeKind.TASKS) as s:
            tasks = [_get(s, tid) for tid in task_ids]
            snapshots = [snapshot(t) for t in tasks]
            for task in tasks:
                s.delete(task)
        return snapshots

    def restore_snapshots(self, snapshots: Iterable[dict[str, Any]]) -> None:
        """Put removed tasks back with their original ids (undo of a removal)."""
        with self.ctx.write(ChangeKind.TASKS) as s:
            for data in snapshots:
                s.add(Task(**data))

    def purge_let_go(self) -> int:
        """Destroy every let-go task (the UI asks for confirmation first)."""
        with self.ctx.write(ChangeKind.TASKS) as s:
            count = s.scalar(
                select(func.count()).where(Task.status == TaskStatus.LET_GO)  # type: ignore[arg-type]
            )
            for task in s.scalars(select(Task).where(Task.status == TaskStatus.LET_GO)):  # type: ignore[arg-type]
                s.delete(task)
        return int(count or 0)


def _get(s: Session, task_id: int) -> Task:
    task = s.get(Task, task_id)
    if task is None:
        raise NotFoundError("That task no longer exists.")
    return task


def _end_position(s: Session, quadrant: Quadrant) -> float:
    highest = s.scalar(
        select(func.max(Task.position)).where(  # type: ignore[arg-type]
            Task.status == TaskStatus.OPEN,  # type: ignore[arg-type]
            Task.quadrant == quadrant,  # type: ignore[arg-type]
        )
    )
    return float(highest or 0.0) + 1.0


def _renumber(s: Session, quadrant: Quadrant) -> None:
    ids = s.scalars(
        select(Task.id)  # type: ignore[call-overload]
        .where(Task.status == TaskStatus.OPEN, Task.quadrant == quadrant)
        .order_by(Task.position, Task.id)
    ).all()
    for i, tid in enumerate(ids, start=1):
        s.execute(update(Task).where(Task.id == tid).values(position=float(i)))  # type: ignore[arg-type]


def _clean_line(value: str, what: str) -> str:
    value = (value or "").strip()
    if len(value) > 200 or "\n" in value:
        raise ValidationError(f"The {what} must be one line of at most 200 characters.")
    return value
