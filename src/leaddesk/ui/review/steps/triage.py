"""The keyboard triage list that steps 2 and 3 share: single keys move tasks between quadrants."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from ....domain.model import Quadrant, Task
from ...context import AppContext
from ...roles import ID_ROLE
from .base import one_line


class TaskTriageList(QListWidget):
    """A list of tasks moved with single keys; every move is one undoable command."""

    moved = Signal()

    def __init__(self, ctx: AppContext, keys: dict[str, Quadrant], name: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.keys = keys
        self.setAccessibleName(name)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setUniformItemSizes(True)
        self.setAlternatingRowColors(True)
        self.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        self._shown: tuple[list[Task], Callable[[Task], str]] = ([], describe_task)
        ctx.privacy_changed.connect(self._on_ctx_privacy_changed)

    def _on_ctx_privacy_changed(self, _on: bool) -> None:
        self.set_tasks(*self._shown)

    def set_tasks(self, tasks: list[Task], describe: Callable[[Task], str]) -> None:
        """Show ``tasks``; under the privacy screen without title or requester (issue 15)."""
        self._shown = (tasks, describe)
        hidden = self.ctx.privacy_screen
        selected = {i.data(ID_ROLE) for i in self.selectedItems()}
        current = self.currentRow()
        self.clear()
        for task in tasks:
            item = QListWidgetItem(_describe_hidden(task) if hidden else describe(task))
            item.setData(ID_ROLE, task.id)
            self.addItem(item)
            if task.id in selected:
                item.setSelected(True)
        if self.count():
            self.setCurrentRow(min(max(current, 0), self.count() - 1))

    def forget(self) -> None:
        """Lock: drop the rows and the tasks behind them (titles, requesters)."""
        self._shown = ([], describe_task)
        self.clear()

    def selected_ids(self) -> list[int]:
        items = self.selectedItems() or ([self.currentItem()] if self.currentItem() else [])
        return [int(i.data(ID_ROLE)) for i in items]

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        key = event.text().lower()
        if key in self.keys and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.move_selected(self.keys[key])
            return
        if key == "l" and "l" not in self.keys:
            self.let_go_selected()
            return
        super().keyPressEvent(event)

    def move_selected(self, quadrant: Quadrant) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        noun = "task" if len(ids) == 1 else f"{len(ids)} tasks"
        label = f"Move {noun} to {quadrant.label}"
        if self.ctx.run(lambda s: s.tasks.move(ids, quadrant), label):
            self.moved.emit()
            if quadrant is Quadrant.DELEGATE and len(ids) == 1:
                _offer_delegation(self.ctx, self, ids[0])

    def let_go_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        noun = "task" if len(ids) == 1 else f"{len(ids)} tasks"
        self.ctx.run(lambda s: s.tasks.let_go(ids), f"Let go of {noun}")


def _offer_delegation(ctx: AppContext, parent: QWidget, task_id: int) -> None:
    try:
        module = importlib.import_module("leaddesk.ui.delegation.create")
    except ImportError:
        return
    offer = getattr(module, "offer_delegation", None)
    if offer is not None:
        offer(ctx, parent, task_id)


def describe_task(task: Task) -> str:
    parts = [one_line(task.title, 90)]
    if task.requester:
        parts.append(f"from {task.requester}")
    if task.needed_by:
        parts.append(f"needed by {task.needed_by:%a %d %b}")
    if task.estimate_minutes:
        parts.append(f"~{task.estimate_minutes} min")
    if task.only_i_can:
        parts.append("only I can")
    return "  ·  ".join(parts)


def _describe_hidden(task: Task) -> str:
    """What a triage row says under the privacy screen: no title, no requester."""
    parts = [f"[{task.quadrant.label}]  Task (hidden)"]
    if task.needed_by:
        parts.append(f"needed by {task.needed_by:%a %d %b}")
    if task.estimate_minutes:
        parts.append(f"~{task.estimate_minutes} min")
    return "  ·  ".join(parts)
