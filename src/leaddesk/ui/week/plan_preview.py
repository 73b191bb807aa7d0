"""'Plan next week' in the Week area: the proposal as ghost blocks, accepted in one step.

Ctrl+Shift+W (the global action, or the button in the Week bar) shows next week with the
planner's proposal (``PlanningService.propose``) drawn as dashed ghost blocks on the grid,
and a panel under it: what the proposal books, what does not fit and why. Enter accepts
(all blocks in one transaction: one undo step), Esc drops it. In the "does not fit" list,
D moves the selected task to Delegate and L lets it go. "Plan one-on-ones" proposes only
the one-on-ones due. Under the privacy screen ghost blocks and the list show kinds and
lengths, never titles; a lock drops the proposal. The panel is made when the first
proposal shows (issue 18, peak memory), in the place a hidden placeholder held.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsRectItem,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyleOptionGraphicsItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.capacity import format_minutes
from ...domain.errors import LeadDeskError
from ...domain.model import BlockKind, Quadrant
from ...domain.planner import Placement, PlanRules, Proposal, Unplaced
from ...domain.week import week_start
from ..lazy_pages import placeholder, put_in_place_of
from ..matrix.commands import LetGoTasksCommand, MoveTasksCommand
from .colors import KIND_COLORS, tint
from .commands import BlockChangeCommand
from .grid import WeekGrid
from .grid_geometry import MINUTE_HEIGHT, local_minutes

if TYPE_CHECKING:
    from ..context import AppContext
    from .area import WeekArea

PLAN_SETTINGS = (
    "week/lunch_start_minutes",
    "week/lunch_minutes",
    "week/buffer_percent",
)


def rules_from_settings(ctx: AppContext) -> PlanRules:
    """The planning rules from the preferences (working hours, lunch, buffer, focus)."""
    settings = ctx.settings

    def number(key: str, default: int) -> int:
        try:
            return int(settings.get(key))
        except (KeyError, TypeError, ValueError):
            return default

    start = min(max(number("week/day_start_hour", 8), 0), 23)
    end = min(max(number("week/day_end_hour", 18), start + 1), 24)
    lunch_start = number("week/lunch_start_minutes", 12 * 60)
    lunch_length = number("week/lunch_minutes", 60)
    lunch = (lunch_start, lunch_start + lunch_length) if lunch_length > 0 else None
    return PlanRules(
        day_start_minutes=start * 60,
        day_end_minutes=end * 60,
        lunch=lunch,
        buffer_percent=min(max(number("week/buffer_percent", 15), 0), 90),
        focus_target_percent=min(max(number("week/focus_target_percent", 20), 0), 100),
    )


class GhostItem(QGraphicsRectItem):
    """A proposed block: a dashed, see-through rectangle with its time and title."""

    def __init__(self, placement: Placement) -> None:
        super().__init__()
        self.placement = placement
        self.privacy = False
        self.setZValue(50)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def shown_title(self) -> str:
        p = self.placement
        if self.privacy:
            return f"Proposed: {p.kind.label}"
        return f"Proposed: {p.title}"

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        rect = self.rect()
        palette = widget.palette() if widget is not None else QPalette()
        fill = tint(self.placement.kind, palette.color(QPalette.ColorRole.Base), 0.22)
        fill.setAlpha(200)
        painter.fillRect(rect, fill)
        pen = QPen(QColor(KIND_COLORS[self.placement.kind]).darker(120), 1.5)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(rect.adjusted(0.75, 0.75, -0.75, -0.75))
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        font = QFont(painter.font())
        font.setItalic(True)
        painter.setFont(font)
        start = self.placement.start
        text = f"{start:%H:%M} {self.shown_title()}"
        painter.drawText(
            rect.adjusted(4, 1, -3, -1),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            text,
        )


class GhostLayer(QObject):
    """Ghost blocks on top of a week grid, kept in place when the grid is laid out again."""

    def __init__(self, grid: WeekGrid) -> None:
        super().__init__(grid)
        self.grid = grid
        self.items: list[GhostItem] = []
        self.privacy = False
        grid.columns_changed.connect(self.relayout)

    def show(self, placements: list[Placement]) -> None:
        self.clear()
        scene = self.grid.scene()
        for placement in placements:
            item = GhostItem(placement)
            item.privacy = self.privacy
            scene.addItem(item)
            self.items.append(item)
        self.relayout()

    def clear(self) -> None:
        scene = self.grid.scene()
        for item in self.items:
            scene.removeItem(item)
        self.items = []

    def set_privacy(self, on: bool) -> None:
        self.privacy = on
        for item in self.items:
            item.privacy = on
            item.update()

    def relayout(self) -> None:
        grid = self.grid
        index_of = {d: i for i, d in enumerate(grid.days)}
        for item in self.items:
            p = item.placement
            day = p.start.astimezone(grid.tz).date()
            if day not in index_of:
                item.setVisible(False)
                continue
            start, end = local_minutes(p.start, p.end, grid.tz)
            x = grid.column_x(index_of[day]) + 1
            item.setRect(
                QRectF(
                    x,
                    start * MINUTE_HEIGHT,
                    max(8.0, grid.column_width - 3),
                    max(10.0, (end - start) * MINUTE_HEIGHT - 1),
                )
            )
            item.setVisible(True)


class PlanPanel(QFrame):
    """The proposal's summary, what does not fit (with delegate / let go), accept / drop."""

    accept_requested = Signal()
    drop_requested = Signal()
    delegate_requested = Signal(int)  # task id
    let_go_requested = Signal(int)  # task id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PlanPanel")
        self.setAccessibleName("Proposed plan")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.privacy = False
        self.unplaced: list[Unplaced] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the proposal books")
        layout.addWidget(self.summary)
        self.misfit_label = QLabel("Does not fit (D: delegate · L: let go)")
        bold = QFont(self.misfit_label.font())
        bold.setBold(True)
        self.misfit_label.setFont(bold)
        layout.addWidget(self.misfit_label)
        self.misfits = QListWidget()
        self.misfits.setAccessibleName("What does not fit, with the reason")
        self.misfits.setMaximumHeight(110)
        self.misfits.installEventFilter(self)
        layout.addWidget(self.misfits)
        buttons = QHBoxLayout()
        self.hint = QLabel("Enter accepts (one undo step) · Esc drops")
        self.hint.setEnabled(False)
        buttons.addWidget(self.hint, 1)
        self.delegate_button = QPushButton("&Delegate")
        self.delegate_button.setToolTip("Move the selected task to Delegate (D)")
        self.delegate_button.clicked.connect(self._delegate_current)
        self.let_go_button = QPushButton("&Let go")
        self.let_go_button.setToolTip("Let the selected task go (L)")
        self.let_go_button.clicked.connect(self._let_go_current)
        self.drop_button = QPushButton("Drop")
        self.drop_button.setToolTip("Drop the proposal (Esc)")
        self.drop_button.clicked.connect(self.drop_requested.emit)
        self.accept_button = QPushButton("Accept plan")
        self.accept_button.setToolTip("Book every proposed block, as one undo step (Enter)")
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self.accept_requested.emit)
        for button, name in (
            (self.delegate_button, "Delegate the selected task"),
            (self.let_go_button, "Let the selected task go"),
            (self.drop_button, "Drop the proposal"),
            (self.accept_button, "Accept the proposed plan"),
        ):
            button.setAccessibleName(name)
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def set_proposal(self, proposal: Proposal, first_day: date) -> None:
        tasks = len(proposal.task_ids)
        meetings = sum(
            1 for p in proposal.placements if p.kind is BlockKind.ONE_ON_ONE and p.task_id is None
        )
        focus = sum(1 for p in proposal.placements if p.task_id is None and p.protected)
        parts = [f"Week of {first_day:%a} {first_day.day} {first_day:%b}: proposes {tasks} task"]
        parts[0] += "s" if tasks != 1 else ""
        if meetings:
            parts.append(f"{meetings} one-on-one{'s' if meetings != 1 else ''}")
        if focus:
            parts.append(f"{focus} protected focus block{'s' if focus != 1 else ''}")
        text = ", ".join(parts)
        text += (
            f" · {format_minutes(proposal.planned_minutes)} of "
            f"{format_minutes(proposal.free_minutes)} free "
            f"(buffer kept: {format_minutes(proposal.free_minutes - proposal.budget_minutes)})"
            f" · focus {format_minutes(proposal.focus_minutes)} / target "
            f"{format_minutes(proposal.focus_target_minutes)}"
        )
        if proposal.notes:
            text += "\n" + " ".join(proposal.notes)
        self.summary.setText(text)
        self.accept_button.setEnabled(bool(proposal.placements))
        self.set_unplaced(proposal.unplaced)

    def set_unplaced(self, unplaced: list[Unplaced]) -> None:
        self.unplaced = list(unplaced)
        self._fill()

    def set_privacy(self, on: bool) -> None:
        self.privacy = on
        self._fill()

    def _fill(self) -> None:
        row = self.misfits.currentRow()
        self.misfits.clear()
        for u in self.unplaced:
            title = "Task" if u.task_id is not None else "One-on-one"
            if not self.privacy:
                title = u.title
            where = f" [{u.quadrant.label}]" if u.quadrant is not None else ""
            item = QListWidgetItem(f"{title}{where} · {format_minutes(u.minutes)} — {u.reason}")
            item.setData(Qt.ItemDataRole.UserRole, u.task_id)
            self.misfits.addItem(item)
        self.misfit_label.setVisible(bool(self.unplaced))
        self.misfits.setVisible(bool(self.unplaced))
        self.delegate_button.setVisible(bool(self.unplaced))
        self.let_go_button.setVisible(bool(self.unplaced))
        if self.unplaced:
            self.misfits.setCurrentRow(min(max(row, 0), len(self.unplaced) - 1))

    def current_task_id(self) -> int | None:
        item = self.misfits.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _delegate_current(self) -> None:
        task_id = self.current_task_id()
        if task_id is not None:
            self.delegate_requested.emit(task_id)

    def _let_go_current(self) -> None:
        task_id = self.current_task_id()
        if task_id is not None:
            self.let_go_requested.emit(task_id)

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        if (
            watched is self.misfits
            and isinstance(event, QKeyEvent)
            and event.type() == event.Type.KeyPress
        ):
            return self._key(event)
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key(event):
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.accept_button.isEnabled():
            self.accept_requested.emit()
        elif key == Qt.Key.Key_Escape:
            self.drop_requested.emit()
        elif key == Qt.Key.Key_D:
            self._delegate_current()
        elif key == Qt.Key.Key_L:
            self._let_go_current()
        else:
            return False
        return True


class PlanController(QObject):
    """Owns the proposal shown in one Week area (see the module docstring)."""

    def __init__(self, area: WeekArea) -> None:
        super().__init__(area)
        self.area = area
        self.ctx: AppContext = area.ctx
        self.proposal: Proposal | None = None
        self.first_day: date | None = None
        self.ghosts = GhostLayer(area.grid)
        self._panel: PlanPanel | None = None  # made when a proposal first shows
        self._panel_slot = placeholder()
        self._panel_slot.hide()
        layout = area.layout()
        layout.insertWidget(max(0, layout.count() - 1), self._panel_slot)  # above the status
        self.button = QToolButton()
        self.button.setText("Plan next week…")
        self.button.setToolTip("Propose next week: tasks and the one-on-ones due (Ctrl+Shift+W)")
        self.button.setAccessibleName("Plan next week")
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.button.clicked.connect(lambda _checked=False: self.plan_next_week())
        # One button (the row must fit a laptop screen): a click plans the week, its menu
        # plans the one-on-ones alone.
        menu = QMenu(self.button)
        self.one_on_ones_action = menu.addAction(
            "Plan &one-on-ones only…", lambda: self.plan_next_week(tasks=False)
        )
        self.one_on_ones_action.setToolTip("Propose a slot for everyone due a one-on-one next week")
        self.button.setMenu(menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.ctx.privacy_changed.connect(self._on_privacy_changed)
        self.ctx.locked.connect(self.drop)
        self._on_privacy_changed(self.ctx.privacy_screen)

    @property
    def panel(self) -> PlanPanel:
        """The proposal's panel, made now if it was not yet (hidden, in its slot's place
        in the area and in the keyboard order, screened if the privacy screen is on)."""
        panel = self._panel
        if panel is None:
            panel = self._panel = PlanPanel()
            panel.hide()
            put_in_place_of(self._panel_slot, panel)
            panel.set_privacy(self.ctx.privacy_screen)
            panel.accept_requested.connect(self.accept)
            panel.drop_requested.connect(self.drop)
            panel.delegate_requested.connect(self.delegate)
            panel.let_go_requested.connect(self.let_go)
        return panel

    # -- showing ------------------------------------------------------------------------
    def next_week_start(self) -> date:
        first_weekday = int(self.ctx.settings.get("week/first_weekday")) % 7
        return week_start(self.ctx.clock.today(), first_weekday) + timedelta(days=7)

    def plan_next_week(self, *, tasks: bool = True) -> Proposal | None:
        """Show next week with a fresh proposal (tasks and one-on-ones, or one-on-ones)."""
        if not self.ctx.is_unlocked:
            return None
        first = self.next_week_start()
        self.area.go_to(first)
        try:
            proposal = self.ctx.services.planning.propose(
                first, rules_from_settings(self.ctx), include_tasks=tasks
            )
        except LeadDeskError as exc:
            self.ctx.report(exc, self.area)
            return None
        self.show(proposal, first)
        return proposal

    def show(self, proposal: Proposal, first_day: date) -> None:
        self.proposal = proposal
        self.first_day = first_day
        self.ghosts.show(proposal.placements)
        self.panel.set_proposal(proposal, first_day)
        self.panel.show()
        target = self.panel.accept_button if proposal.placements else self.panel.drop_button
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.panel.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @property
    def is_showing(self) -> bool:
        return self.proposal is not None

    def drop(self) -> None:
        self.proposal = None
        self.first_day = None
        self.ghosts.clear()
        if self._panel is not None:
            self._panel.hide()

    # -- acting -------------------------------------------------------------------------
    def accept(self) -> bool:
        """Book every proposed block as one undoable step; the ghosts go."""
        if self.proposal is None or not self.proposal.placements:
            return False
        placements = list(self.proposal.placements)
        planning = self.ctx.services.planning
        count = len(placements)
        command = BlockChangeCommand(
            self.ctx, f"Plan the week ({count} blocks)", lambda: planning.accept(placements)
        )
        self.ghosts.clear()
        if not self.ctx.push(command):
            self.ghosts.show(placements)  # refused (e.g. the week changed): nothing booked
            return False
        self.drop()
        self.area.status_label.setText(f"Booked {count} blocks. Ctrl+Z undoes the whole plan.")
        return True

    def book_now(self, task_ids: list[int]) -> bool:
        """Book tasks in the week shown, each at the earliest free slot that fits around
        lunch, the stand-up and the other blocks (the planner's rules, without a buffer
        share or focus blocks), as one undo step. The task list keeps its place: the row
        after the booked one becomes current, instead of jumping to the top."""
        if not task_ids or not self.ctx.is_unlocked:
            return False
        rules = dataclasses.replace(
            rules_from_settings(self.ctx), buffer_percent=0, focus_target_percent=0, batch=False
        )
        planning = self.ctx.services.planning
        try:
            proposal = planning.propose(
                self.area.first_day, rules, task_ids=task_ids, include_one_on_ones=False
            )
        except LeadDeskError as exc:
            self.ctx.report(exc, self.area)
            return False
        placements = [p for p in proposal.placements if p.task_id is not None]
        if not placements:
            reason = proposal.unplaced[0].reason if proposal.unplaced else ""
            text = "No free working time left this week for it."
            QMessageBox.information(self.area, "Week", f"{text} {reason}".strip())
            return False
        view = self.area.tasks_panel.view
        row = view.currentIndex().row()
        label = "Book task" if len(task_ids) == 1 else f"Book {len(task_ids)} tasks"
        done = self.ctx.push(
            BlockChangeCommand(self.ctx, label, lambda: planning.accept(placements))
        )
        model = view.model()
        if done and model is not None and model.rowCount():
            view.setCurrentIndex(model.index(min(max(row, 0), model.rowCount() - 1), 0))
        return done

    def _task_command(self, task_id: int, make: Callable[[], object]) -> None:
        if self.ctx.push(make()):  # type: ignore[arg-type]
            remaining = [u for u in self.panel.unplaced if u.task_id != task_id]
            self.panel.set_unplaced(remaining)
            if self.proposal is not None:
                self.proposal = Proposal(
                    placements=self.proposal.placements,
                    unplaced=remaining,
                    defaulted=self.proposal.defaulted,
                    free_minutes=self.proposal.free_minutes,
                    budget_minutes=self.proposal.budget_minutes,
                    planned_minutes=self.proposal.planned_minutes,
                    focus_minutes=self.proposal.focus_minutes,
                    focus_target_minutes=self.proposal.focus_target_minutes,
                    rests=self.proposal.rests,
                    notes=self.proposal.notes,
                )

    def delegate(self, task_id: int) -> None:
        tasks = self.ctx.services.tasks
        self._task_command(task_id, lambda: MoveTasksCommand(tasks, [task_id], Quadrant.DELEGATE))

    def let_go(self, task_id: int) -> None:
        tasks = self.ctx.services.tasks
        self._task_command(task_id, lambda: LetGoTasksCommand(tasks, [task_id]))

    def _on_privacy_changed(self, on: bool) -> None:
        self.ghosts.set_privacy(on)
        if self._panel is not None:
            self._panel.set_privacy(on)


def plan_next_week(ctx: AppContext, window: QWidget) -> None:
    """Global "Plan next week" action (Ctrl+Shift+W): show the Week area and propose."""
    show = getattr(window, "show_area", None)
    ensure = getattr(window, "ensure_area", None)
    if callable(show):
        show("week")
    area = ensure("week") if callable(ensure) else None
    controller = getattr(area, "plan_controller", None)
    if isinstance(controller, PlanController) and ctx.is_unlocked:
        controller.plan_next_week()
