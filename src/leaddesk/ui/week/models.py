"""The side panel's model: open Do and Schedule tasks that have no time booked this week.

Rows drag as ``application/x-leaddesk-task-ids`` (comma-separated ids, the same format the
board uses) with the titles as plain-text fallback; the week grid accepts that drop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from ...domain.capacity import DEFAULT_TASK_MINUTES, format_minutes
from ...domain.model import Quadrant, Task
from ..roles import OBJECT_ROLE, TASK_ID_ROLE
from ..task_mime import TASK_IDS_MIME, encode_task_ids

TASK_ROLE = OBJECT_ROLE  # the Task of a row (item roles: ui/roles.py)
SHORT_TITLE = 200

Index = QModelIndex | QPersistentModelIndex


def task_line(task: Task) -> str:
    title = task.title.splitlines()[0] if task.title else ""
    if len(title) > SHORT_TITLE:
        title = title[: SHORT_TITLE - 1] + "…"
    return title


def task_estimate_text(task: Task) -> str:
    if task.estimate_minutes:
        return format_minutes(task.estimate_minutes)
    return f"~{format_minutes(DEFAULT_TASK_MINUTES)}"


_TEXT_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)


def private_task_text(task: Task, role: int) -> str:
    """A row's text under the privacy screen: "Task" with its quadrant and estimate."""
    badge = "Do" if task.quadrant is Quadrant.DO else "Sched."
    if role == Qt.ItemDataRole.DisplayRole:
        return f"Task\n{badge} · {task_estimate_text(task)}"
    if role == Qt.ItemDataRole.ToolTipRole:
        return (
            f"Task (title hidden by the privacy screen)\n{task.quadrant.label} · estimate "
            f"{task_estimate_text(task)}\nDrag onto the week to book time."
        )
    return f"Task, {task.quadrant.label}, {task_estimate_text(task)}"


class UnbookedTasksModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._tasks: list[Task] = []
        self.privacy = False  # see set_privacy

    def set_privacy(self, on: bool) -> None:
        """Privacy screen: titles are left out of every text the rows give (display,
        tooltip, accessible text, dragged plain text); quadrant and estimate stay."""
        if on == self.privacy:
            return
        self.privacy = on
        if self._tasks:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._tasks) - 1, 0))

    def set_tasks(self, tasks: Sequence[Task]) -> None:
        """Show ``tasks``, removing and inserting only the rows that differ.

        Two weeks' lists are mostly the same open tasks, so a week switch touches a few
        rows instead of resetting hundreds (and the selection and scroll position stay).
        Rows are compared by value: an edited title is a removed plus an inserted row.
        """
        new = list(tasks)
        if new == self._tasks:
            return  # a block moved within the week: the same tasks are still unbooked
        if not self._tasks or not new:
            self.beginResetModel()
            self._tasks = new
            self.endResetModel()
            return
        before, after = set(self._tasks), set(new)
        if [t for t in self._tasks if t in after] != [t for t in new if t in before]:
            self.beginResetModel()  # reordered (e.g. cards moved on the board): rebuild
            self._tasks = new
            self.endResetModel()
            return
        # Both lists keep the board's order, so: drop the rows that left (from the end, so
        # row numbers stay valid), then insert the new ones where the new list has them.
        gone = [row for row, task in enumerate(self._tasks) if task not in after]
        for first, last in reversed(_runs(gone)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._tasks[first : last + 1]
            self.endRemoveRows()
        arrived = [row for row, task in enumerate(new) if task not in before]
        for first, last in _runs(arrived):
            self.beginInsertRows(QModelIndex(), first, last)
            self._tasks[first:first] = new[first : last + 1]
            self.endInsertRows()

    def task_at(self, row: int) -> Task:
        return self._tasks[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tasks)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tasks):
            return None
        task = self._tasks[index.row()]
        if self.privacy and role in _TEXT_ROLES:
            return private_task_text(task, role)
        if role == Qt.ItemDataRole.DisplayRole:
            badge = "Do" if task.quadrant is Quadrant.DO else "Sched."
            return f"{task_line(task)}\n{badge} · {task_estimate_text(task)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{task_line(task)}\n{task.quadrant.label} · estimate {task_estimate_text(task)}"
                "\nDrag onto the week to book time."
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{task_line(task)}, {task.quadrant.label}, {task_estimate_text(task)}"
        if role == TASK_ROLE:
            return task
        if role == TASK_ID_ROLE:
            return task.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def mimeTypes(self) -> list[str]:
        return [TASK_IDS_MIME, "text/plain"]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        tasks = [self._tasks[r] for r in rows]
        mime.setData(TASK_IDS_MIME, encode_task_ids([t.id for t in tasks if t.id is not None]))
        mime.setText("\n".join("Task" if self.privacy else task_line(t) for t in tasks))
        return mime


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
