"""The person page's Growth tab: the growth goals table and the line to add one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
)

from ...roles import OBJECT_ROLE
from ..commands import AddGoalCommand, RemoveGoalCommand, perform_here
from ..models import GOAL_STATUS_LABELS, GoalsModel
from .common import PersonTab

if TYPE_CHECKING:
    from .shell import PersonPage


class _StatusDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):  # type: ignore[no-untyped-def]
        combo = QComboBox(parent)
        combo.setAccessibleName("Goal status")
        combo.addItems(list(GOAL_STATUS_LABELS.values()))
        return combo

    def setEditorData(self, editor, index):  # type: ignore[no-untyped-def]
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor, model, index):  # type: ignore[no-untyped-def]
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class GrowthTab(PersonTab):
    """The Growth tab: the goals table (edited in place) and the line to add a goal."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__(page)
        layout = QVBoxLayout(self)
        self.goals_model = GoalsModel(self.ctx, self)
        self.goals_model.applied = lambda _goal_id: self.load()
        self.goals_view = QTableView()
        self.goals_view.setAccessibleName("Growth goals")
        self.goals_view.setModel(self.goals_model)
        self.goals_view.setItemDelegateForColumn(GoalsModel.STATUS, _StatusDelegate(self))
        header = self.goals_view.horizontalHeader()
        header.setSectionResizeMode(GoalsModel.GOAL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(GoalsModel.NEXT_STEP, QHeaderView.ResizeMode.Stretch)
        self.goals_view.verticalHeader().hide()
        self.goals_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        layout.addWidget(self.goals_view, 1)
        add = QHBoxLayout()
        self.goal_text = QLineEdit()
        self.goal_text.setAccessibleName("New growth goal")
        self.goal_text.setPlaceholderText("Goal")
        self.goal_step = QLineEdit()
        self.goal_step.setAccessibleName("Next step of the new goal")
        self.goal_step.setPlaceholderText("Next step")
        self.goal_step.returnPressed.connect(self._on_add_goal_clicked)
        self.goal_text.returnPressed.connect(self._on_add_goal_clicked)
        self.add_goal_button = QPushButton("Add &goal")
        self.add_goal_button.setAccessibleName("Add growth goal")
        self.add_goal_button.clicked.connect(self._on_add_goal_clicked)
        self.remove_goal_button = QPushButton("Remove goal")
        self.remove_goal_button.setAccessibleName("Remove the selected growth goal")
        self.remove_goal_button.clicked.connect(self._on_remove_goal_clicked)
        add.addWidget(self.goal_text, 2)
        add.addWidget(self.goal_step, 2)
        add.addWidget(self.add_goal_button)
        add.addWidget(self.remove_goal_button)
        layout.addLayout(add)
        hint = QLabel(
            "Double-click a cell to edit the goal, next step, timeline (YYYY-MM-DD) or status."
        )
        hint.setStyleSheet("color:#666;")
        layout.addWidget(hint)

    def load(self) -> None:
        assert self.person is not None and self.person.id is not None
        self.goals_model.set_goals(
            self.ctx.services.notes.goals(self.person.id), read_only=self.read_only
        )
        self.goals_model.set_privacy(self.ctx.privacy_screen)

    def _goal_command(self) -> AddGoalCommand | None:
        goal = self.goal_text.text().strip()
        if not goal or self.person is None or self.read_only:
            return None
        return AddGoalCommand(
            self.ctx.services,
            self.person.id,  # type: ignore[arg-type]
            goal,
            next_step=self.goal_step.text(),
        )

    def _on_add_goal_clicked(self) -> None:
        command = self._goal_command()
        if command is None:
            self.goal_text.setFocus()
            return
        if perform_here(self.ctx, command, self):
            self.goal_text.clear()
            self.goal_step.clear()
            self.goal_text.setFocus()
            self.load()  # the goals only (no other tab shows them), in their order

    def _on_remove_goal_clicked(self) -> None:
        index = self.goals_view.currentIndex()
        goal = index.data(OBJECT_ROLE) if index.isValid() else None
        if goal is not None and perform_here(
            self.ctx, RemoveGoalCommand(self.ctx.services, goal.id), self
        ):
            self.load()

    def commit_open_goal_editor(self) -> None:
        """A goal cell being edited holds typed text only in its editor widget."""
        view = self.goals_view
        if view.state() != QAbstractItemView.State.EditingState:
            return
        index = view.currentIndex()
        editor = view.indexWidget(index) if index.isValid() else None
        if editor is None:
            return
        if isinstance(editor, QComboBox):
            value = editor.currentText()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            return
        command = self.goals_model.edit_command(index, value)
        view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if command is not None:
            self.ctx.push(command, quiet=True)

    def set_archived(self, archived: bool) -> None:
        for widget in (
            self.add_goal_button,
            self.remove_goal_button,
            self.goal_text,
            self.goal_step,
        ):
            widget.setEnabled(not archived)

    def set_privacy(self, on: bool) -> None:
        self.goals_model.set_privacy(on)
        echo = QLineEdit.EchoMode.Password if on else QLineEdit.EchoMode.Normal
        for line in (self.goal_text, self.goal_step):
            line.setEchoMode(echo)

    def save_draft(self) -> None:
        """Lock: save a typed new goal when valid (quietly dropped if not)."""
        command = self._goal_command()
        if command is not None and self.ctx.push(command, quiet=True):
            self.goal_text.clear()
            self.goal_step.clear()

    def clear_private(self) -> None:
        self.goals_model.clear()
        for line in (self.goal_text, self.goal_step):
            line.clear()
