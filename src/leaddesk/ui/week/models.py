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
from ..task_mime import TASK_IDS_MIME, encode_task_ids

TASK_ROLE = Qt.ItemDataRole.UserRole + 1
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 2
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


class UnbookedTasksModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._tasks: list[Task] = []

    def set_tasks(self, tasks: Sequence[Task]) -> None:
        self.beginResetModel()
        self._tasks = list(tasks)
        self.endResetModel()

    def task_at(self, row: int) -> Task:
        return self._tasks[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._tasks)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._tasks):
            return None
        task = self._tasks[index.row()]
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
        mime.setText("\n".join(task_line(t) for t in tasks))
        return mime
