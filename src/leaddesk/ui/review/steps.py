"""The five working screens of the Friday review (PRODUCT.md, "The weekly planning method").

Each page reads through services and writes through undoable commands or the review's own
autosave; none keeps private state of its own beyond what is on screen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ...domain.errors import LeadDeskError
from ...domain.model import BlockOutcome, Quadrant, Task
from ...services.base import ChangeKind, ChangeSet
from ..autosave import IDLE_MS, Autosave
from ..context import AppContext
from ..export_warning import confirm_plaintext_export
from ..file_dialogs import save_file_name
from ..matrix.prune_keys import PruneKeys

AUTOSAVE_MS = IDLE_MS
OUTCOME_TEXT = {
    BlockOutcome.PLANNED: "no outcome",
    BlockOutcome.DONE: "done",
    BlockOutcome.PARTLY_DONE: "partly done",
    BlockOutcome.SKIPPED: "skipped",
    BlockOutcome.DERAILED: "derailed",
}


ROOMY_TREE = "QTreeWidget::item { padding: 3px 2px; }"
WIDE_PLAN_PAGE = 900  # step 5 narrower than this (a 1280 px screen): no task list beside


def _heading(text: str, hint: str) -> QLabel:
    label = QLabel(f"<h2 style='margin:0'>{text}</h2><p style='margin-top:4px'>{hint}</p>")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def _one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class AutosaveTextEdit(QPlainTextEdit):
    """Plain text (pasted rich text arrives as text) that also saves when focus leaves."""

    focus_left = Signal()

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().focusOutEvent(event)
        self.focus_left.emit()


class StepPage(QWidget):
    """Base for a review step; ``week`` is the first day of the week under review."""

    title = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.week: date | None = None

    def load(self, week: date) -> None:
        self.week = week
        self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def clear_private(self) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Save anything typed but not yet saved (called on step change and lock)."""

    def main_widget(self) -> QWidget | None:
        """What the keyboard works on in this step (focused when the step opens)."""
        return None

    def focus_main(self) -> bool:
        """Focus the main widget; False when there is none to focus (e.g. inbox zero)."""
        widget = self.main_widget()
        if widget is None or not widget.isVisibleTo(self) or not widget.isEnabled():
            return False
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def on_changed(self, changes: ChangeSet) -> None:
        if self.week is not None and changes.touches(
            ChangeKind.TASKS,
            ChangeKind.BLOCKS,
            ChangeKind.DELEGATIONS,
            ChangeKind.NOTES,
            ChangeKind.PEOPLE,
        ):
            self.refresh()


# -- step 1 --------------------------------------------------------------------------------
class LookBackPage(StepPage):
    title = "Look back at this week"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _heading(
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
        from .insights import working_hours_per_week

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
                outcome += f": {_one_line(block.outcome_reason, 80)}"
            item = QTreeWidgetItem(
                [start.strftime("%a %d %b %H:%M"), _one_line(block.title), outcome]
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

    def _rebuild_deprioritized(self, tasks: list[Task], reasons: dict[str, str]) -> None:
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
            self.deprioritized_form.addRow(_one_line(task.title, 60), edit)

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


# -- shared: keyboard triage list ---------------------------------------------------------------
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
        self._shown: tuple[list[Task], Callable[[Task], str]] = ([], _describe)
        ctx.privacy_changed.connect(self._on_ctx_privacy_changed)

    def _on_ctx_privacy_changed(self, _on: bool) -> None:
        self.set_tasks(*self._shown)

    def set_tasks(self, tasks: list[Task], describe: Callable[[Task], str]) -> None:
        """Show ``tasks``; under the privacy screen without title or requester (issue 15)."""
        self._shown = (tasks, describe)
        hidden = self.ctx.privacy_screen
        selected = {i.data(Qt.ItemDataRole.UserRole) for i in self.selectedItems()}
        current = self.currentRow()
        self.clear()
        for task in tasks:
            item = QListWidgetItem(_describe_hidden(task) if hidden else describe(task))
            item.setData(Qt.ItemDataRole.UserRole, task.id)
            self.addItem(item)
            if task.id in selected:
                item.setSelected(True)
        if self.count():
            self.setCurrentRow(min(max(current, 0), self.count() - 1))

    def forget(self) -> None:
        """Lock: drop the rows and the tasks behind them (titles, requesters)."""
        self._shown = ([], _describe)
        self.clear()

    def selected_ids(self) -> list[int]:
        items = self.selectedItems() or ([self.currentItem()] if self.currentItem() else [])
        return [int(i.data(Qt.ItemDataRole.UserRole)) for i in items]

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


def _describe(task: Task) -> str:
    parts = [_one_line(task.title, 90)]
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


# -- step 2 --------------------------------------------------------------------------------------
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
            _heading(
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
        self.list.set_tasks(tasks, _describe)
        self.empty.setVisible(not tasks)
        self.list.setVisible(bool(tasks))
        self.buttons.setVisible(bool(tasks))
        if had_focus and not tasks and self.when_empty is not None:
            self.when_empty()  # the emptied list took the focus with it

    def main_widget(self) -> QWidget | None:
        return self.list

    def clear_private(self) -> None:
        self.list.forget()


# -- step 3 --------------------------------------------------------------------------------------
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
            _heading(
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
        self.list.set_tasks(tasks, lambda t: f"[{t.quadrant.label}]  {_describe(t)}")

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


# -- step 4 --------------------------------------------------------------------------------------
PERSON_ROW, DELEGATION_ROW = "person", "delegation"
PRIVATE_TEXT = "•••"  # a name under the privacy screen, as the people list shows it
ROW_KIND = Qt.ItemDataRole.UserRole
ROW_ID = Qt.ItemDataRole.UserRole + 1


class PeopleTree(QTreeWidget):
    """Step 4's list: Enter acts on the row (check in, open the brief), B books."""

    activated_row = Signal(str, int)
    book_requested = Signal(int)

    def keyPressEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        item = self.currentItem()
        kind = item.data(0, ROW_KIND) if item is not None else None
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if kind and plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_row.emit(str(kind), int(item.data(0, ROW_ID)))
            return
        if kind == PERSON_ROW and plain and event.text().lower() == "b":
            self.book_requested.emit(int(item.data(0, ROW_ID)))
            return
        super().keyPressEvent(event)


class PeoplePage(StepPage):
    title = "Check people and delegations"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _heading(
                self.title,
                "One-on-ones overdue or due next week, delegation check-ins due, and open "
                "action items — so nothing falls off the radar. Keys: <b>Enter</b> on a "
                "delegation logs a check-in, on a person opens their brief · <b>B</b> books "
                "the one-on-one next week.",
            )
        )
        self.tree = PeopleTree()
        self.tree.setAccessibleName("People and delegations needing attention")
        self.tree.setHeaderLabels(["What", "Who", "When"])
        header = self.tree.header()  # "When" is read in full ("booked Thu 14:00")
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet(ROOMY_TREE)
        self.tree.activated_row.connect(self.act_on)
        self.tree.book_requested.connect(self.book_one_on_one)
        self.tree.itemDoubleClicked.connect(self._on_double_clicked)
        layout.addWidget(self.tree, 1)
        self.status = QLabel()
        self.status.setObjectName("FieldHint")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        ctx.privacy_changed.connect(lambda _on: self.refresh())

    def main_widget(self) -> QWidget | None:
        return self.tree

    def refresh(self) -> None:
        if self.week is None or not self.ctx.is_unlocked:
            return
        today = self.ctx.clock.today()
        horizon = self.week + timedelta(days=13)  # the end of next week
        check = self.ctx.services.reviews.people_check(horizon)
        booked = self.ctx.services.notes.next_booked(
            [d.person.id for d in check.one_on_ones if d.person.id is not None]
        )
        current = self.tree.currentItem()
        keep = (current.data(0, ROW_KIND), current.data(0, ROW_ID)) if current else None
        self.tree.clear()
        first: list[QTreeWidgetItem] = []
        again: list[QTreeWidgetItem] = []

        def section(
            title: str, rows: list[tuple[list[str], str | None, int | None]], empty: str
        ) -> None:
            parent = QTreeWidgetItem([f"{title} ({len(rows)})", "", ""])
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            self.tree.addTopLevelItem(parent)
            for texts, kind, row_id in rows or [([empty, "", ""], None, None)]:
                child = QTreeWidgetItem(texts)
                if kind is not None and row_id is not None:
                    child.setData(0, ROW_KIND, kind)
                    child.setData(0, ROW_ID, row_id)
                    first.append(child)
                    if keep == (kind, row_id):
                        again.append(child)
                parent.addChild(child)
            parent.setExpanded(True)

        # Under the privacy screen no colleague's name and no free text shows (issue 15).
        hidden = self.ctx.privacy_screen

        def who(name: str) -> str:
            return PRIVATE_TEXT if hidden and name else name

        def one_on_one(d) -> tuple[list[str], str | None, int | None]:  # type: ignore[no-untyped-def]
            at = booked.get(d.person.id) if d.person.id is not None else None
            if at is not None:
                what, when = "One-on-one booked", f"booked {at:%a %H:%M}"
            else:
                what = "Overdue one-on-one" if d.overdue else "One-on-one due"
                when = f"due {d.due_on:%a %d %b}"
            when += f" · last {d.last:%d %b}" if d.last else " · none yet"
            return [what, who(d.person.name), when], PERSON_ROW, d.person.id

        section(
            "One-on-ones", [one_on_one(d) for d in check.one_on_ones], "Everyone is on cadence."
        )
        section(
            "Delegation check-ins",
            [
                (
                    [
                        "Delegated task (hidden)"
                        if hidden
                        else _one_line(task.title if task else "(task removed)", 70),
                        who(person.name) if person else "",
                        _check_in_text(d.next_check_in_on, today),
                    ],
                    DELEGATION_ROW,
                    d.id,
                )
                for d, person, task in check.check_ins
            ],
            "No check-ins due.",
        )

        def item_text(text: str) -> str:
            return "Hidden while the privacy screen is on" if hidden else _one_line(text, 70)

        def action_rows(actions) -> list[tuple[list[str], str | None, int | None]]:  # type: ignore[no-untyped-def]
            return [
                (
                    [item_text(a.text), who(p.name) if p else "", ""],
                    PERSON_ROW if p else None,
                    p.id if p else None,
                )
                for a, p in actions
            ]

        section("My open action items", action_rows(check.my_actions), "None open.")
        section("Their open action items", action_rows(check.their_actions), "None open.")
        target = (again or first or [None])[0]
        if target is not None:
            self.tree.setCurrentItem(target)

    # -- acting -------------------------------------------------------------------------
    def _on_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        kind = item.data(0, ROW_KIND)
        if kind:
            self.act_on(str(kind), int(item.data(0, ROW_ID)))

    def act_on(self, kind: str, row_id: int) -> None:
        """Enter: a delegation logs a check-in; a person opens their brief in People."""
        if not self.ctx.is_unlocked:
            return
        if kind == DELEGATION_ROW:
            module = importlib.import_module("leaddesk.ui.delegation.checkin")
            module.open_check_in(self.ctx, self, row_id)
            return
        window = self.window()
        show = getattr(window, "show_area", None)
        ensure = getattr(window, "ensure_area", None)
        if not callable(show) or not callable(ensure):
            return
        show("people")
        people = ensure("people")
        open_person = getattr(people, "open_person", None)
        if callable(open_person):
            open_person(row_id)

    def book_one_on_one(self, person_id: int) -> bool:
        """B: book this person's one-on-one in next week's first free slot that fits the
        planner's rules (one undo step); a booked one shows "booked Thu 14:00"."""
        if self.week is None or not self.ctx.is_unlocked:
            return False
        from ..week.commands import BlockChangeCommand
        from ..week.plan_preview import rules_from_settings

        if person_id in self.ctx.services.notes.next_booked([person_id]):
            self.status.setText("That one-on-one is already booked.")
            return False
        planning = self.ctx.services.planning
        first = self.week + timedelta(days=7)
        try:
            proposal = planning.propose(first, rules_from_settings(self.ctx), include_tasks=False)
        except LeadDeskError as exc:
            self.ctx.report(exc, self)
            return False
        placements = [p for p in proposal.placements if p.person_id == person_id]
        if not placements:
            self.status.setText("No free slot next week for that one-on-one.")
            return False
        slot = placements[0]
        done = self.ctx.push(
            BlockChangeCommand(self.ctx, "Book one-on-one", lambda: planning.accept([slot]))
        )
        if done:
            start = slot.start.astimezone(self.ctx.clock.tz)
            self.status.setText(f"One-on-one booked {start:%a %H:%M}. Ctrl+Z undoes it.")
        return bool(done)

    def clear_private(self) -> None:
        self.tree.clear()
        self.status.clear()


def _check_in_text(due: date | None, today: date) -> str:
    if due is None:
        return ""
    if due < today:
        return f"overdue since {due:%a %d %b}"
    return "check in today" if due == today else f"check in {due:%a %d %b}"


# -- step 5 --------------------------------------------------------------------------------------
class PlanPage(StepPage):
    """Next week's grid (the week area's own widget) with unfinished work to carry over."""

    title = "Plan next week"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _heading(
                self.title,
                "Drag key tasks into next week's slots, or press <b>Space</b> on "
                "<i>Plan next week…</i> and <b>Enter</b> to book the proposal. Does it fit? "
                "If not, remove or delegate. Keep breaks and a realistic buffer; protect "
                "focus time. <b>Ctrl+Enter</b> finishes the review.",
            )
        )
        row = QHBoxLayout()
        self.carry = QLabel()
        self.carry.setWordWrap(True)
        row.addWidget(self.carry, 1)
        self.export_md = QPushButton("Export plan as Markdown…")
        self.export_md.setAccessibleName("Export next week's plan as Markdown")
        self.export_md.clicked.connect(lambda: self._on_export_clicked("md"))
        self.export_pdf = QPushButton("Export as PDF…")
        self.export_pdf.setAccessibleName("Export next week's plan as PDF")
        self.export_pdf.clicked.connect(lambda: self._on_export_clicked("pdf"))
        row.addWidget(self.export_md)
        row.addWidget(self.export_pdf)
        layout.addLayout(row)
        self.week_view: QWidget | None = None
        try:
            module = importlib.import_module("leaddesk.ui.week.area")
            self.week_view = module.WeekArea(ctx, self)
        except (ImportError, AttributeError):
            self.week_view = QLabel("The week view is not available in this build.")
        self._slim_week_bar()
        # The week's own minimum width must not push the review (its steps, Back and
        # Finish) past a laptop screen: narrower than that, the grid scrolls sideways here.
        holder = QScrollArea()
        holder.setWidgetResizable(True)
        holder.setFrameShape(QFrame.Shape.NoFrame)
        holder.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        holder.setWidget(self.week_view)
        layout.addWidget(holder, 1)
        self._holder = holder
        QApplication.instance().focusChanged.connect(self._on_focus_changed)
        capacity = getattr(getattr(self.week_view, "capacity_panel", None), "table", None)
        if isinstance(capacity, QWidget):  # read-only figures: ~40 Tab presses otherwise
            capacity.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """On a laptop screen the week's task list folds away so the grid and the
        capacity stay readable ("Plan next week…" proposes those tasks); wider, it shows."""
        super().resizeEvent(event)
        splitter = getattr(self.week_view, "splitter", None)
        if isinstance(splitter, QSplitter) and splitter.count() == 3:
            splitter.widget(0).setVisible(event.size().width() >= WIDE_PLAN_PAGE)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """The keyboard's widget is scrolled into view (e.g. the proposal's Accept below
        the grid on a 720 px screen)."""
        view = self.week_view
        if new is not None and view is not None and self.isVisible() and view.isAncestorOf(new):
            # After the layout has placed a panel that was just shown (the proposal's).
            QTimer.singleShot(0, lambda: self._scroll_to(new))

    def _scroll_to(self, widget: QWidget) -> None:
        if isValid(widget) and widget.isVisible():
            self._holder.ensureWidgetVisible(widget, 8, 8)

    def _slim_week_bar(self) -> None:
        """The review plans next week: the week's calendar import/export, new blocks by
        kind, Today and the date jump are not part of it (they stay in the Week area; its
        keys, e.g. Ctrl+Shift+B for a new block, still work here)."""
        names = (
            "import_button",
            "export_button",
            "kind_combo",
            "date_edit",
            "new_button",
            "today_button",
        )
        hidden = [w for w in (getattr(self.week_view, n, None) for n in names) if w is not None]
        for widget in hidden:
            widget.hide()
        if self.week_view is None:
            return
        for label in self.week_view.findChildren(QLabel):
            if label.buddy() in hidden:
                label.hide()

    def main_widget(self) -> QWidget | None:
        """On "Plan next week…": Space proposes next week, Enter then books the proposal."""
        controller = getattr(self.week_view, "plan_controller", None)
        button = getattr(controller, "button", None)
        return button if isinstance(button, QWidget) else self.week_view

    def refresh(self) -> None:
        if self.week is None or not self.ctx.is_unlocked:
            return
        self._refresh_carry()
        go = getattr(self.week_view, "go_to", None)  # WeekArea.go_to refreshes the grid
        if callable(go):
            go(self.week + timedelta(days=7))

    def _refresh_carry(self) -> None:
        if self.week is None or not self.ctx.is_unlocked:
            return
        look = self.ctx.services.reviews.look_back(self.week)
        unfinished = look.deprioritized
        open_scheduled = [
            t
            for t in self.ctx.services.tasks.open_tasks()
            if t.quadrant in (Quadrant.DO, Quadrant.SCHEDULE)
        ]
        self.carry.setText(
            f"{len(unfinished)} task(s) from this week were skipped or derailed and are still "
            f"open; {len(open_scheduled)} open task(s) in Do and Schedule wait for time. "
            "Plan next week… proposes them."
        )

    def on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(ChangeKind.TASKS, ChangeKind.BLOCKS):
            self._refresh_carry()

    def export_plan(self, path: Path, fmt: str) -> None:
        """Write next week's plan (blocks and tasks, never notes) as Markdown or PDF."""
        assert self.week is not None
        next_week = self.week + timedelta(days=7)
        if fmt == "md":
            self.ctx.services.plan_export.write_markdown(next_week, path)  # 0600, atomic
            return
        module = importlib.import_module("leaddesk.ui.plan_pdf")
        module.render_plan_pdf(self.ctx.services, next_week, path)

    def _on_export_clicked(self, fmt: str) -> None:
        if self.week is None or not confirm_plaintext_export(
            self.ctx, self, "time blocks and task titles, never private notes"
        ):
            return
        suffix, kind = (".md", "Markdown (*.md)") if fmt == "md" else (".pdf", "PDF (*.pdf)")
        name = save_file_name(self, "Export next week's plan", f"leaddesk-plan{suffix}", kind)
        if not name:
            return
        try:
            self.export_plan(Path(name), fmt)
        except (OSError, ImportError) as exc:
            QMessageBox.warning(self, "LeadDesk", f"The plan could not be exported ({exc}).")

    def clear_private(self) -> None:
        self.carry.clear()
        clear = getattr(self.week_view, "clear_private", None)
        if callable(clear):
            clear()


STEP_CLASSES: tuple[type[StepPage], ...] = (
    LookBackPage,
    InboxPage,
    PrunePage,
    PeoplePage,
    PlanPage,
)
