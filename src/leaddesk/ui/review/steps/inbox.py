"""Step 2 of the review: empty the inbox with single keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ....domain.model import Quadrant
from ...context import AppContext
from .base import StepPage, heading
from .triage import TaskTriageList, describe_task


class InboxPage(StepPage):
    title = "Empty the inbox"
    KEYS = {
        "1": Quadrant.DO,
        "2": Quadrant.SCHEDULE,
        "3": Quadrant.DELEGATE,
        "4": Quadrant.DELETE,
    }

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                self.title,
                "Decide each captured request now. Keys: <b>1</b> Do · <b>2</b> Schedule · "
                "<b>3</b> Delegate · <b>4</b> Delete · <b>L</b> let go. "
                "Shift/Ctrl-click to select several.",
            )
        )
        self.list = TaskTriageList(ctx, self.KEYS, "Inbox tasks to triage")
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        for key, quadrant in self.KEYS.items():
            button = QPushButton(f"{quadrant.label} ({key})")
            button.setAccessibleName(f"Move to {quadrant.label}")
            button.clicked.connect(lambda _=False, q=quadrant: self.list.move_selected(q))
            buttons.addWidget(button)
        let_go = QPushButton("Let go (L)")
        let_go.setAccessibleName("Let go")
        let_go.clicked.connect(self.list.let_go_selected)
        buttons.addWidget(let_go)
        buttons.addStretch(1)
        self.buttons = QWidget()
        self.buttons.setLayout(buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.buttons)
        # Inbox zero: one centred message filling the page (the list and its buttons go).
        self.empty = QLabel(
            "<p style='font-size:16px'><b>Inbox zero</b></p>"
            "<p>Nothing waits for a decision. <b>Ctrl+Enter</b>: on to pruning.</p>"
        )
        self.empty.setTextFormat(Qt.TextFormat.RichText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("InboxZero")
        layout.addWidget(self.empty, 1)
        self.when_empty: Callable[[], None] | None = None  # where the keyboard goes then

    def refresh(self) -> None:
        if not self.ctx.is_unlocked:
            return
        tasks = self.ctx.services.tasks.open_tasks(Quadrant.INBOX)
        had_focus = self.list.hasFocus()
        self.list.set_tasks(tasks, describe_task)
        self.empty.setVisible(not tasks)
        self.list.setVisible(bool(tasks))
        self.buttons.setVisible(bool(tasks))
        if had_focus and not tasks and self.when_empty is not None:
            self.when_empty()  # the emptied list took the focus with it

    def main_widget(self) -> QWidget | None:
        return self.list

    def clear_private(self) -> None:
        self.list.forget()
