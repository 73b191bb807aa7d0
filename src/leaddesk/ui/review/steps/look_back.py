"""Step 1 of the review: look back at the week (outcomes, lessons, what was pushed aside)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ....domain.model import BlockOutcome
from ....services.base import ChangeKind, ChangeSet
from ....services.reviews import OpenTask
from ...autosave import Autosave
from ...context import AppContext
from .base import ROOMY_TREE, StepPage, heading, one_line

OUTCOME_TEXT = {
    BlockOutcome.PLANNED: "no outcome",
    BlockOutcome.DONE: "done",
    BlockOutcome.PARTLY_DONE: "partly done",
    BlockOutcome.SKIPPED: "skipped",
    BlockOutcome.DERAILED: "derailed",
}


class AutosaveTextEdit(QPlainTextEdit):
    """Plain text (pasted rich text arrives as text) that also saves when focus leaves."""

    focus_left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab moves on (to Back/Next), never types a tab

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusOutEvent(event)
        self.focus_left.emit()


class LookBackPage(StepPage):
    title = "Look back at this week"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                self.title,
                "How much of the plan got done, what derailed it, what was pushed aside — "
                "and what you take from it. Around 50% done is a normal start.",
            )
        )
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.blocks = QTreeWidget()
        self.blocks.setAccessibleName("Planned blocks and their outcomes")
        self.blocks.setHeaderLabels(["When", "Block", "Outcome"])
        self.blocks.setRootIsDecorated(False)
        self.blocks.setStyleSheet(ROOMY_TREE)
        self.blocks.setUniformRowHeights(True)
        self.blocks.setColumnWidth(0, 150)
        self.blocks.setColumnWidth(1, 360)
        self.blocks.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read-only: not a Tab stop
        layout.addWidget(self.blocks, 2)
        self.deprioritized_box = QWidget()
        self.deprioritized_form = QFormLayout(self.deprioritized_box)
        self.deprioritized_edits: dict[int, QLineEdit] = {}
        layout.addWidget(QLabel("<b>Deprioritized</b> — booked this week, skipped or derailed:"))
        layout.addWidget(self.deprioritized_box)
        lessons_label = QLabel(
            "<b>&Lessons</b> — what derailed the plan, was it avoidable? "
            "Estimates off, breaks forgotten, too much taken on?"
        )
        lessons_label.setWordWrap(True)
        self.lessons = AutosaveTextEdit()
        self.lessons.setAccessibleName("Lessons of the week")
        self.lessons.setPlaceholderText("Free text, saved as you type.")
        lessons_label.setBuddy(self.lessons)
        layout.addWidget(lessons_label)
        layout.addWidget(self.lessons, 1)
        self._timer = Autosave(self.flush, self)  # after a pause, and every 2 s of typing
        self.lessons.textChanged.connect(self._on_lessons_changed)
        self.lessons.focus_left.connect(self.flush)
        self._loading = False

    def refresh(self) -> None:
        if self.week is None or not self.ctx.is_unlocked:
            return
        if self._timer.isActive():
            self.flush()  # save typing the autosave timer has not reached before reloading
        from ..week_hours import working_hours_per_week

        look = self.ctx.services.reviews.look_back(
            self.week,
            working_hours_per_week=working_hours_per_week(self.ctx),
            focus_target_percent=self.ctx.settings.get("week/focus_target_percent"),
        )
        f = look.figures
        pct = "nothing planned" if f.plan_done_percent is None else f"{f.plan_done_percent:.0f}%"
        self.summary.setText(
            f"<p style='font-size:15px'><b>Plan vs done: {pct}</b> "
            f"({f.done:g} of {f.planned} planned blocks; partly done counts half) · "
            f"{len(look.completed)} tasks completed · {len(look.derailed)} derailed · "
            f"focus {f.focus_hours:g} h of {f.focus_target_hours:g} h target</p>"
        )
        self.blocks.clear()
        tz = self.ctx.clock.tz
        for block in look.blocks:
            start = block.start.astimezone(tz)
            outcome = OUTCOME_TEXT[block.outcome]
            if block.outcome is BlockOutcome.DERAILED and block.outcome_reason:
                outcome += f": {one_line(block.outcome_reason, 80)}"
            item = QTreeWidgetItem(
                [start.strftime("%a %d %b %H:%M"), one_line(block.title), outcome]
            )
            self.blocks.addTopLevelItem(item)
        if not look.blocks:
            self.blocks.addTopLevelItem(QTreeWidgetItem(["", "Nothing was planned this week.", ""]))
        review = self.ctx.services.reviews.get(self.week)
        self._loading = True
        if review is not None and self.lessons.toPlainText() != review.lessons:
            self.lessons.setPlainText(review.lessons)
        self._loading = False
        reasons = review.deprioritized if review else {}
        self._rebuild_deprioritized(look.deprioritized, reasons)

    def main_widget(self) -> QWidget | None:
        return self.lessons

    def _on_lessons_changed(self) -> None:
        if not self._loading:
            self._timer.touch()

    def _rebuild_deprioritized(self, tasks: list[OpenTask], reasons: dict[str, str]) -> None:
        while self.deprioritized_form.rowCount():
            self.deprioritized_form.removeRow(0)
        self.deprioritized_edits = {}
        if not tasks:
            self.deprioritized_form.addRow(QLabel("Nothing was pushed aside."))
            return
        for task in tasks:
            assert task.id is not None
            edit = QLineEdit(reasons.get(str(task.id), ""))
            edit.setPlaceholderText("Why was it deprioritized?")
            edit.setAccessibleName(f"Why task {task.id} was deprioritized")
            edit.textEdited.connect(lambda _text: self._timer.touch())
            edit.editingFinished.connect(self.flush)
            self.deprioritized_edits[task.id] = edit
            self.deprioritized_form.addRow(one_line(task.title, 60), edit)

    def flush(self) -> None:
        self._timer.stop()
        if self.week is None or self._loading or not self.ctx.is_unlocked:
            return
        reasons = {
            str(tid): edit.text().strip()
            for tid, edit in self.deprioritized_edits.items()
            if edit.text().strip()
        }
        self.ctx.services.reviews.save(
            self.week, lessons=self.lessons.toPlainText(), deprioritized=reasons
        )

    def on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(ChangeKind.BLOCKS, ChangeKind.TASKS):
            self.refresh()

    def clear_private(self) -> None:
        self._timer.stop()
        self.blocks.clear()
        self.summary.clear()
        self._loading = True
        self.lessons.clear()
        self._loading = False
        self._rebuild_deprioritized([], {})
