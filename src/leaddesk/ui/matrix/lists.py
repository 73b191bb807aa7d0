"""The Done list (this week's completed tasks) and the Let-go list, side by side in tabs.

Both put tasks back on the board where they were. Let-go tasks are only destroyed by an
explicit, confirmed purge (and even that can be undone until the vault is locked).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Task
from ..context import AppContext
from .commands import PurgeTasksCommand, ReopenTasksCommand
from .model import TaskListModel


def _local(ctx: AppContext, task: Task, field: str) -> str:
    when = getattr(task, field)
    if when is None:
        return ""
    return when.astimezone(ctx.clock.tz).strftime("%a %d %b, %H:%M")


class _FullWidthDelegate(QStyledItemDelegate):
    """A narrow size hint makes each row as wide as the view, so long titles are elided
    instead of growing a horizontal scroll bar."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        return QSize(10, super().sizeHint(option, index).height())


def _list_view(model: TaskListModel, name: str) -> QListView:
    view = QListView()
    view.setModel(model)
    view.setItemDelegate(_FullWidthDelegate(view))
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setUniformItemSizes(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAccessibleName(name)
    return view


class FinishedListsPanel(QTabWidget):
    DONE_TAB = 0
    LET_GO_TAB = 1

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("finished-lists")
        self.setAccessibleName("Done and let-go lists")
        self.done_model = TaskListModel(lambda t: _local(ctx, t, "completed_at"), self)
        self.let_go_model = TaskListModel(lambda t: _local(ctx, t, "let_go_at"), self)

        self.done_view = _list_view(self.done_model, "Done this week")
        self.done_empty = QLabel("Nothing completed this week yet. Space on a card completes it.")
        self.reopen_button = QPushButton("Put back on the board")
        self.reopen_button.setAccessibleName("Put back on the board")
        self.reopen_button.setToolTip("Un-complete the selected tasks (Ctrl+Z also works)")
        self.reopen_button.clicked.connect(self._on_reopen_clicked)
        self.addTab(self._page(self.done_view, self.done_empty, [self.reopen_button]), "Done")

        self.let_go_view = _list_view(self.let_go_model, "Let go")
        self.let_go_empty = QLabel(
            "Nothing let go. Cards in Delete leave the board with the Delete key and wait here."
        )
        self.restore_button = QPushButton("Restore")
        self.restore_button.setAccessibleName("Restore to the board")
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.purge_selected_button = QPushButton("Purge selected…")
        self.purge_selected_button.setAccessibleName("Purge selected let-go tasks")
        self.purge_selected_button.clicked.connect(self._on_purge_selected_clicked)
        self.purge_all_button = QPushButton("Purge all…")
        self.purge_all_button.setAccessibleName("Purge all let-go tasks")
        self.purge_all_button.clicked.connect(self._on_purge_all_clicked)
        self.addTab(
            self._page(
                self.let_go_view,
                self.let_go_empty,
                [self.restore_button, self.purge_selected_button, self.purge_all_button],
            ),
            "Let go",
        )

    @staticmethod
    def _page(view: QListView, empty: QLabel, buttons: list[QPushButton]) -> QWidget:
        page = QWidget()
        empty.setWordWrap(True)
        empty.setEnabled(False)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(empty)
        layout.addWidget(view, 1)
        layout.addLayout(row)
        return page

    # -- content ---------------------------------------------------------------------
    def refresh(self, week_start: date) -> None:
        tasks = self.ctx.services.tasks
        self.done_model.set_tasks(tasks.completed_in_week(week_start))
        self.let_go_model.set_tasks(tasks.let_go_tasks())
        self.done_empty.setVisible(self.done_model.rowCount() == 0)
        self.let_go_empty.setVisible(self.let_go_model.rowCount() == 0)
        self.setTabText(self.DONE_TAB, f"Done this week ({self.done_model.rowCount()})")
        self.setTabText(self.LET_GO_TAB, f"Let go ({self.let_go_model.rowCount()})")
        has_let_go = self.let_go_model.rowCount() > 0
        self.purge_all_button.setEnabled(has_let_go)

    def clear(self) -> None:
        self.done_model.clear()
        self.let_go_model.clear()

    @staticmethod
    def _selected(view: QListView, model: TaskListModel) -> list[int]:
        rows = sorted(i.row() for i in view.selectionModel().selectedRows())
        return [model.task_id(r) for r in rows]

    # -- actions ---------------------------------------------------------------------
    def _on_reopen_clicked(self) -> None:
        ids = self._selected(self.done_view, self.done_model)
        if ids:
            self.ctx.push(ReopenTasksCommand(self.ctx.services.tasks, ids, "Un-complete"))

    def _on_restore_clicked(self) -> None:
        ids = self._selected(self.let_go_view, self.let_go_model)
        if ids:
            self.ctx.push(ReopenTasksCommand(self.ctx.services.tasks, ids))

    def _on_purge_selected_clicked(self) -> None:
        self.purge(self._selected(self.let_go_view, self.let_go_model))

    def _on_purge_all_clicked(self) -> None:
        self.purge([self.let_go_model.task_id(r) for r in range(self.let_go_model.rowCount())])

    def purge(self, ids: list[int]) -> bool:
        """Destroy let-go tasks after an explicit confirmation (No is the default)."""
        if not ids:
            return False
        noun = "task" if len(ids) == 1 else "tasks"
        answer = QMessageBox.question(
            self,
            "Purge let-go tasks",
            f"Destroy {len(ids)} let-go {noun} for good?\n\n"
            "Until you lock LeadDesk, Undo can still bring them back; after that they are gone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self.ctx.push(PurgeTasksCommand(self.ctx.services.tasks, ids))
