"""Step 3 of the review: analyze and prune Do and Schedule (delegate, delete, only I can)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ....domain.model import Quadrant
from ...context import AppContext
from ...matrix.prune_keys import PruneKeys
from .base import StepPage, heading
from .triage import TaskTriageList, describe_task


def balance_hints(counts: dict[Quadrant, int]) -> list[str]:
    """The planning method's hints on how the open work is spread (PRODUCT.md step 2)."""
    do, schedule = counts.get(Quadrant.DO, 0), counts.get(Quadrant.SCHEDULE, 0)
    delegate, delete = counts.get(Quadrant.DELEGATE, 0), counts.get(Quadrant.DELETE, 0)
    total = do + schedule + delegate + delete
    hints = []
    if total == 0:
        return ["The board is empty: capture what is on your plate first."]
    if do + schedule == total and total >= 4:
        hints.append(
            "Everything sits in the top two quadrants — the urgency effect. "
            "Is all of it really important?"
        )
    if do > total / 2 and do >= 3:
        hints.append(
            "Do holds most of the work: constant firefighting leaves no time for Schedule."
        )
    if schedule == 0:
        hints.append("Schedule is empty: no long-term work is planned.")
    return hints


class PrunePage(StepPage):
    title = "Analyze and prune"
    KEYS = {"g": Quadrant.DELEGATE, "x": Quadrant.DELETE, "1": Quadrant.DO, "2": Quadrant.SCHEDULE}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                self.title,
                "For each task in Do and Schedule ask: <i>what happens if I don't do this?</i> "
                "and <i>is this something only I can do?</i> "
                "Keys: <b>G</b> move to Delegate · <b>X</b> move to Delete · "
                "<b>O</b> toggle “only I can do this” · <b>E</b> change the estimate · "
                "<b>D</b> defer (not before a day).",
            )
        )
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.counts)
        self.hints = QLabel()
        self.hints.setWordWrap(True)
        self.hints.setObjectName("balanceHints")
        layout.addWidget(self.hints)
        self.list = TaskTriageList(ctx, self.KEYS, "Do and Schedule tasks to prune")
        layout.addWidget(self.list, 1)
        self.prune_keys = PruneKeys(self, ctx, [self.list])  # E: estimate, D: defer
        toggle = QShortcut(QKeySequence("O"), self.list)
        toggle.setContext(Qt.ShortcutContext.WidgetShortcut)
        toggle.activated.connect(self.toggle_only_i_can)
        buttons = QHBoxLayout()
        for text, quadrant in (
            ("Delegate (G)", Quadrant.DELEGATE),
            ("Delete (X)", Quadrant.DELETE),
        ):
            button = QPushButton(text)
            button.setAccessibleName(f"Move to {quadrant.label}")
            button.clicked.connect(lambda _=False, q=quadrant: self.list.move_selected(q))
            buttons.addWidget(button)
        only = QPushButton("Only I can do this (O)")
        only.setAccessibleName("Toggle only I can do this")
        only.clicked.connect(self.toggle_only_i_can)
        buttons.addWidget(only)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        if not self.ctx.is_unlocked:
            return
        board = self.ctx.services.tasks.board()
        counts = {q: len(board[q]) for q in Quadrant}
        self.counts.setText("  ·  ".join(f"<b>{q.label}</b> {counts[q]}" for q in Quadrant))
        hints = balance_hints(counts)
        self.hints.setText(
            "\n".join(f"• {h}" for h in hints)
            if hints
            else "The work is spread sensibly across the quadrants."
        )
        today = self.ctx.services.clock.today()
        tasks = [  # a deferred task is off the board until its day, so off this list too
            t
            for t in board[Quadrant.DO] + board[Quadrant.SCHEDULE]
            if t.not_before is None or t.not_before <= today
        ]
        self.list.set_tasks(tasks, lambda t: f"[{t.quadrant.label}]  {describe_task(t)}")

    def main_widget(self) -> QWidget | None:
        return self.list

    def toggle_only_i_can(self) -> None:
        ids = self.list.selected_ids()
        if not ids:
            return
        # one transaction and one undo step for all of them
        self.ctx.run(lambda s: s.tasks.toggle_only_i_can(ids), "Toggle “only I can do this”")

    def clear_private(self) -> None:
        self.list.forget()
        self.counts.clear()
        self.hints.clear()
