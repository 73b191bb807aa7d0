"""The Week area: navigation bar, unbooked tasks + legend, the grid, the capacity panel.

The capacity panel is made the first time it shows or is asked for (issue 18, peak memory:
it folds away on a 1280 px screen, and a session may never show it); a hidden placeholder
holds its place in the splitter and in the keyboard order until then.

Every change goes through ``BlockService`` inside an undoable command; the area rebuilds
from the vault when ``ctx.changed`` reports blocks or tasks (tasks: the side panel and
the "does it fit?" figure depend on them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo

from PySide6.QtCore import QDate, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.block_edit import (
    SeriesQuestion,
    diff_block_edit,
    new_block_span,
)
from ...domain.capacity import WeekCapacity
from ...domain.date_range import MAX_DATE, MIN_DATE, in_range
from ...domain.errors import LeadDeskError
from ...domain.model import BlockKind, TimeBlock
from ...domain.week import week_days, week_start
from ...services.base import ChangeKind, ChangeSet
from ...services.blocks import (
    BlockChange,
    BlockRow,
    Scope,
    UnbookedTask,
    WeekRows,
    unbooked,
    week_after,
    week_capacity_of,
)
from ..area import Area
from ..context import AppContext
from ..lazy_pages import placeholder, put_in_place_of
from .block_menu import BlockMenuActions
from .calendar_exchange import export_calendar_file, import_calendar_file
from .calendar_import import CalendarImport
from .commands import BlockChangeCommand
from .editor import BlockEditor, ask_rule_scope, ask_scope
from .grid import WeekGrid
from .panels import CapacityPanel, DayHeader, Legend, UnbookedTasksPanel, week_title
from .plan_preview import PlanController
from .subscriptions import CalendarSubscriptions
from .toolbar import WeekToolbar

log = logging.getLogger(__name__)

WEEK_SETTINGS = (
    "week/first_weekday",
    "week/day_start_hour",
    "week/day_end_hour",
    "week/show_weekends",
    "week/focus_target_percent",
)

ScopeChooser = Callable[[QWidget, str], Scope | None]
ReasonAsker = Callable[[QWidget], str | None]


# Below this width the grid and both panels do not fit with readable day columns.
NARROW_WEEK_AREA = 1250


class WeekSplitter(QSplitter):
    """The task list, the grid and the capacity panel side by side. The grid scrolls, so
    height beyond the splitter's minimum is welcome but never needed: it asks for no more.
    A scroll area around the week (the review's plan step) then keeps the week's bar and
    the proposal in view on a 720 px screen; it used to hold the week at its preferred
    height and scroll the bar away."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumSizeHint().height())


class WeekArea(BlockMenuActions, Area):
    title = "Week"
    shows = frozenset({ChangeKind.BLOCKS, ChangeKind.TASKS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("WeekArea")
        self.anchor: date = ctx.clock.today()
        self.blocks: list[BlockRow] = []  # the shown week's blocks (plain rows, read-only)
        self._week: WeekRows | None = None  # what was read for the shown week
        # Open Do/Schedule tasks (any week's candidates), kept until tasks change: a week
        # switch or a block edit then only asks which of them this week has booked.
        self._plan_tasks: list[UnbookedTask] | None = None
        # Repeating blocks are stored up to here at least (extend_series last covered it);
        # forgotten on a change of blocks (a new series is stored only 26 weeks ahead).
        self._series_stored_until: datetime | None = None
        self._series_stored_for: date | None = None  # the week extend_series last covered
        self._extending = False  # extend_series is writing: its own notice lands here
        # Replaceable for tests and scripting: how the area asks its questions.
        self.scope_chooser: ScopeChooser = ask_scope
        self.rule_scope_chooser: Callable[[QWidget], Scope | None] = ask_rule_scope
        self.reason_asker: ReasonAsker = self._ask_reason
        self._reason_block: int | None = None  # the block whose derail reason is asked
        self._build()
        self._on_ctx_privacy_changed(ctx.privacy_screen)
        self.track(ctx.privacy_changed, self._on_ctx_privacy_changed)
        self.track(ctx.settings.changed, self._on_settings_changed)
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(60_000)
        self._clock_timer.timeout.connect(self._on_clock_timer_timeout)
        self._clock_timer.start()
        # subscribed calendars: read on unlock, on file change, every 15 min for addresses
        self.subscriptions = CalendarSubscriptions(ctx, self)

    # -- building -----------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        self._folded_for_narrow = False  # the capacity panel folded for a narrow area
        self.fold_capacity_when_narrow = True  # the review's plan step keeps it (task list folds)
        self.toolbar = WeekToolbar(self)
        bar = self.toolbar.bar
        layout.addLayout(bar)

        # the toolbar's controls, by the names tests and the review's plan step use
        self.prev_button = self.toolbar.prev_button
        self.today_button = self.toolbar.today_button
        self.next_button = self.toolbar.next_button
        self.title_label = self.toolbar.title_label
        self.date_edit = self.toolbar.date_edit
        self.kind_combo = self.toolbar.kind_combo
        self.new_button = self.toolbar.new_button
        self.calendar_button = self.toolbar.calendar_button

        self.splitter = WeekSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(self.splitter, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        self.tasks_panel = UnbookedTasksPanel()
        self.tasks_panel.book_requested.connect(self._on_tasks_panel_book_requested)
        left_layout.addWidget(self.tasks_panel, 1)
        self.legend = Legend()
        left_layout.addWidget(self.legend)
        self.splitter.addWidget(left)

        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.setSpacing(0)
        self.grid = WeekGrid()
        self.header = DayHeader(self.grid)
        center_layout.addWidget(self.header)
        center_layout.addWidget(self.grid, 1)
        self.splitter.addWidget(center)

        # The capacity panel: made when first shown or asked for (the module docstring).
        self._capacity_panel: CapacityPanel | None = None
        self._capacity_wanted = True  # shown unless folded or turned off (Calendar menu)
        self._capacity_of: Callable[[], tuple[WeekCapacity, list[date]]] | None = None
        self._capacity_slot = placeholder()
        self._capacity_slot.hide()
        self.splitter.addWidget(self._capacity_slot)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([220, 800, 320])

        self.status_label = QLabel()
        self.status_label.setAccessibleName("Week status")
        layout.addWidget(self.status_label)

        self.grid.block_change_requested.connect(self._on_grid_block_change_requested)
        self.grid.block_draw_requested.connect(self._on_grid_block_draw_requested)
        self.grid.tasks_dropped.connect(self._on_grid_tasks_dropped)
        self.grid.block_activated.connect(self.edit_block)
        self.grid.empty_slot_activated.connect(self.new_block_dialog)
        self.grid.block_delete_requested.connect(self.delete_block)
        self.grid.block_menu_requested.connect(self._on_grid_block_menu_requested)

        self._add_shortcut("Previous week", QKeySequence("Alt+Left"), self.go_previous)
        self._add_shortcut("Next week", QKeySequence("Alt+Right"), self.go_next)
        self._add_shortcut("This week", QKeySequence("Alt+Home"), self.go_today)
        self._add_shortcut("Go to date", QKeySequence("Ctrl+G"), self._focus_date_edit)
        self._add_shortcut("New block", QKeySequence("Ctrl+Shift+B"), self.new_block_dialog)
        QWidget.setTabOrder(self.prev_button, self.today_button)
        QWidget.setTabOrder(self.today_button, self.next_button)
        QWidget.setTabOrder(self.next_button, self.date_edit)
        QWidget.setTabOrder(self.date_edit, self.kind_combo)
        QWidget.setTabOrder(self.kind_combo, self.new_button)
        QWidget.setTabOrder(self.new_button, self.calendar_button)
        QWidget.setTabOrder(self.calendar_button, self.tasks_panel.view)
        QWidget.setTabOrder(self.tasks_panel.view, self.tasks_panel.book_button)
        QWidget.setTabOrder(self.tasks_panel.book_button, self.grid)
        # "Plan next week" (Ctrl+Shift+W): the proposal as ghost blocks, Accept / Drop.
        self.plan_controller = PlanController(self)
        bar.addWidget(self.plan_controller.button)

    @property
    def capacity_panel(self) -> CapacityPanel:
        """The capacity panel, made now if it was not yet (see the module docstring)."""
        panel = self._capacity_panel
        if panel is None:
            panel = self._capacity_panel = CapacityPanel()
            put_in_place_of(self._capacity_slot, panel)  # hidden, in the slot's place
            QWidget.setTabOrder(self.grid, panel.table)
            if self._capacity_of is not None:
                panel.set_capacity(*self._capacity_of())
            panel.setVisible(self._capacity_wanted)
        return panel

    def _add_shortcut(self, text: str, keys: QKeySequence, slot: Callable[[], object]) -> None:
        action = QAction(text, self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)

    # -- settings and week --------------------------------------------------------------
    def _setting(self, key: str) -> int:
        return int(self.ctx.settings.get(key))

    @property
    def tz(self) -> tzinfo:
        return self.ctx.services.clock.tz if self.ctx.is_unlocked else self.ctx.clock.tz

    @property
    def first_day(self) -> date:
        return week_start(self.anchor, self._setting("week/first_weekday") % 7)

    @property
    def shown_days(self) -> list[date]:
        days = week_days(self.first_day)
        if not self.ctx.settings.get("week/show_weekends"):
            days = [d for d in days if d.weekday() < 5]
        return days

    def _hours(self) -> tuple[int, int]:
        start = min(max(self._setting("week/day_start_hour"), 0), 23)
        end = min(max(self._setting("week/day_end_hour"), start + 1), 24)
        return start, end

    # -- navigation ---------------------------------------------------------------------
    def go_previous(self) -> None:
        self.go_to(self.anchor - timedelta(days=7))

    def go_next(self) -> None:
        self.go_to(self.anchor + timedelta(days=7))

    def go_today(self) -> None:
        self.go_to(self.ctx.clock.today())

    def go_to(self, day: date) -> bool:
        """Show the week of ``day``; a week outside the dates LeadDesk keeps is refused with
        a message and nothing changes (it crashed with OverflowError near 9999-12-31)."""
        if not self._week_in_range(day):
            self.status_label.setText(
                f"LeadDesk shows weeks between {MIN_DATE:%d %b %Y} and {MAX_DATE:%d %b %Y}."
            )
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(QDate(self.anchor.year, self.anchor.month, self.anchor.day))
            self.date_edit.blockSignals(False)
            return False
        self.anchor = day
        self._show_week()
        return True

    def _week_in_range(self, day: date) -> bool:
        if not in_range(day):
            return False
        first = week_start(day, self._setting("week/first_weekday") % 7)
        return in_range(first) and in_range(first + timedelta(days=6))

    def _focus_date_edit(self) -> None:
        self.date_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _on_date_edit_changed(self, value: QDate) -> None:
        day = value.toPython()
        if isinstance(day, date) and week_start(day) != week_start(self.anchor):
            self.go_to(day)

    # -- refreshing ---------------------------------------------------------------------
    def refresh(self) -> None:
        """Everything from the vault again, the open tasks included."""
        self._plan_tasks = None
        self._series_stored_until = None
        self._series_stored_for = None
        self._show_week()

    def _show_week(self, week: WeekRows | None = None) -> None:
        """The anchor's week: its blocks, what it has not booked yet, its capacity (from
        ``week`` when the caller knows it, e.g. after its own change, else read)."""
        if not self.ctx.is_unlocked:
            return
        services = self.ctx.services
        first = self.first_day
        days = self.shown_days
        start_hour, end_hour = self._hours()
        now = services.clock.now()
        tz = self.tz
        # Repeating blocks are stored ahead only so far: store this week's (an explicit,
        # announced write; one read when nothing is due) before reading it, unless an
        # earlier call covered it since blocks last changed (a week already shown, or
        # before one shown); a change in the shown week stores no new weeks.
        week_end = datetime.combine(first, datetime.min.time(), tz) + timedelta(days=7)
        stored = self._series_stored_until
        if week is not None:
            pass  # the shown week after this view's own change: nothing new to store
        elif first != self._series_stored_for and (stored is None or week_end > stored):
            # first: the write's own notice lands here again
            self._series_stored_for, self._series_stored_until = first, week_end
            self._extending = True
            try:
                services.blocks.extend_series(week_end)
            finally:
                self._extending = False
        if week is None:
            week = services.blocks.week_rows(first)
        self._week = week
        self.blocks = week.blocks
        recurring = {b.id for b in self.blocks if b.series_id is not None}
        self.title_label.setText(week_title(days, first))
        anchor = QDate(self.anchor.year, self.anchor.month, self.anchor.day)
        if self.date_edit.date() != anchor:  # setDate repaints the field even when equal
            self.date_edit.blockSignals(True)
            self.date_edit.setDate(anchor)
            self.date_edit.blockSignals(False)
        self.grid.set_week(
            days,
            self.blocks,
            tz,
            now=now,
            day_start_hour=start_hour,
            day_end_hour=end_hour,
            recurring_ids=recurring,
        )
        self.header.set_days(days, now.astimezone(tz).date(), self.blocks, tz)
        if self._plan_tasks is None:
            self._plan_tasks = services.blocks.plan_tasks()
        waiting = unbooked(self._plan_tasks, week.booked_task_ids)
        self.tasks_panel.set_tasks(waiting)
        blocks, focus_target = self.blocks, self._setting("week/focus_target_percent")

        def capacity_of() -> tuple[WeekCapacity, list[date]]:
            capacity = week_capacity_of(
                first,
                tz,
                blocks,
                waiting,
                day_start_hour=start_hour,
                day_end_hour=end_hour,
                focus_target_percent=focus_target,
            )
            return capacity, days

        # Figured out when the panel shows them (not at all while it is not made).
        self._capacity_of = capacity_of
        if self._capacity_panel is not None:
            self._capacity_panel.set_capacity(*capacity_of())
        shown = set(days)
        timed = any(b.start.astimezone(tz).date() in shown for b in self.blocks)
        self.status_label.setText(
            ""
            if timed
            else "Nothing planned this week yet: drag a task from the left onto a day, "
            "or draw on empty time to add a block."
        )

    def _on_ctx_privacy_changed(self, on: bool) -> None:
        """Screen sharing: block titles, all-day titles and task titles are hidden (kind,
        time, quadrant and estimate stay); turning it off shows them again, no reload."""
        self.grid.set_privacy(on)
        self.header.set_privacy(on)
        self.tasks_panel.set_privacy(on)

    def clear_private(self) -> None:
        self.blocks = []
        self._week = None
        self._plan_tasks = None
        self._series_stored_until = self._series_stored_for = None
        self.grid.clear()
        self.tasks_panel.set_tasks([])
        self._capacity_of = None
        if self._capacity_panel is not None:
            self._capacity_panel.clear()
        self.header.set_days([], None, [], self.ctx.clock.tz)
        self.status_label.clear()

    def on_changed(self, changes: ChangeSet) -> None:
        # On screen only (the Area base marks a hidden week stale; it refreshes when shown).
        if changes.touches(ChangeKind.TASKS):
            self._plan_tasks = None
        if changes.touches(ChangeKind.BLOCKS) and not self._extending:
            self._series_stored_until = None  # e.g. a new series, stored 26 weeks ahead
        self._show_week()

    def _on_settings_changed(self, key: str) -> None:
        if key in WEEK_SETTINGS:
            self.refresh_when_shown()

    def _on_clock_timer_timeout(self) -> None:
        if self.ctx.is_unlocked:
            self.grid.set_now(self.ctx.services.clock.now())

    # -- actions ------------------------------------------------------------------------
    def _push(self, text: str, action: Callable[[], BlockChange]) -> bool:
        return self.ctx.push(BlockChangeCommand(self.ctx, text, action))

    def _block(self, block_id: int) -> TimeBlock | None:
        try:
            return self.ctx.services.blocks.get(block_id)
        except LeadDeskError as exc:
            self.ctx.report(exc, self)
            return None

    def _scope_for(self, block: TimeBlock, verb: str) -> Scope | None:
        if block.series_id is None:
            return "this"
        return self.scope_chooser(self, verb)

    def _on_grid_block_change_requested(self, block_id: int, start: datetime, end: datetime):  # type: ignore[no-untyped-def]
        # The row shown says whether the block repeats (the service checks the rest).
        block = next((b for b in self.blocks if b.id == block_id), None) or self._block(block_id)
        if block is None:
            return
        scope = self._scope_for(block, "Move")
        if scope is None:
            self.refresh()
            return
        blocks = self.ctx.services.blocks
        command = BlockChangeCommand(
            self.ctx, "Move block", lambda: blocks.update(block_id, scope, start=start, end=end)
        )
        # This view is the initiator: it shows its own change from the rows the change
        # returns instead of reading the week back (issue 14: no read of one's own write).
        if not self.ctx.push(command, initiator=self):
            self.refresh()
        else:
            self._show_own_change(command.change)
        self.grid.select_block(block_id)

    def _show_own_change(self, change: BlockChange | None) -> None:
        """After a change this view made (announced with it as initiator, so
        :meth:`on_changed` did not run): the week from the change's rows, or read again
        when they cannot tell (see ``services.blocks.week_after``)."""
        week = self._week
        if change is not None and week is not None and self.ctx.is_unlocked:
            patched = week_after(self.first_day, self.tz, week, change)
            if patched is not None:
                self._show_week(patched)
                return
        self._series_stored_until = None  # as on_changed does for a change of blocks
        self._show_week()

    def _on_grid_block_draw_requested(self, start: datetime, end: datetime) -> None:
        kind = BlockKind(self.kind_combo.currentData() or BlockKind.FOCUS)
        blocks = self.ctx.services.blocks
        self._push("New block", lambda: blocks.create(kind.label, kind, start, end))

    def _on_grid_tasks_dropped(self, task_ids: list[int], start: datetime) -> None:
        blocks = self.ctx.services.blocks
        text = "Book task" if len(task_ids) == 1 else f"Book {len(task_ids)} tasks"
        self._push(text, lambda: blocks.book_tasks(task_ids, start))

    def _on_tasks_panel_book_requested(self, task_id: int) -> None:
        """Keyboard alternative to dragging: the earliest free slot of the week that fits,
        around lunch and the stand-up (the week planner's rules); the list keeps its place."""
        self.plan_controller.book_now([task_id])

    def edit_block(self, block_id: int) -> None:
        block = self._block(block_id)
        if block is None:
            return
        services = self.ctx.services
        rule = services.blocks.recurrence_of(block)
        dialog = BlockEditor(self.tz, block, rule=rule, people=self._people(), parent=self)
        # A lock (Ctrl+L, idle, sleep, quit) saves valid edits first instead of losing them.
        dialog.bind(self.ctx, save=lambda: self.apply_editor(block, dialog, quiet=True))
        if dialog.exec() != BlockEditor.DialogCode.Accepted:
            return
        self.apply_editor(block, dialog)

    def apply_editor(self, block: TimeBlock, dialog: BlockEditor, *, quiet: bool = False) -> bool:
        """Save what the editor holds (split out so tests can drive the dialog directly).

        ``quiet`` (saving while the vault locks): no question and no message box; a series
        edit then applies to this block only, and a new repeat rule to this and the
        following blocks (the choices that leave the most of the series as it was).
        """
        values = dialog.values()
        edit = diff_block_edit(
            block,
            title=values.title,
            kind=values.kind,
            start=values.start,
            end=values.end,
            protected=values.protected,
            person_id=values.person_id,
            outcome=values.outcome,
            outcome_reason=values.outcome_reason,
            rule_changed=values.rule_changed,
        )
        if edit.is_empty:
            return False
        question = edit.series_question(quiet=quiet)
        scope: Scope | None = "this"
        if question is not None and quiet:
            scope = question.quiet_scope
        elif question is SeriesQuestion.RULE:
            scope = self.rule_scope_chooser(self)
        elif question is SeriesQuestion.CHANGE:
            scope = self.scope_chooser(self, "Change")
        if scope is None:
            return False
        chosen: Scope = scope
        assert block.id is not None
        block_id = block.id
        blocks = self.ctx.services.blocks
        command = BlockChangeCommand(
            self.ctx,
            edit.label,
            lambda: blocks.edit(
                block_id,
                chosen,
                outcome=values.outcome if edit.outcome_changed else None,
                outcome_reason=values.outcome_reason,
                recurrence=values.recurrence if edit.rule_changed else None,
                **edit.changes,
            ),
        )
        return self.ctx.push(command, quiet=quiet)

    def _people(self) -> list[tuple[int, str]]:
        return [(p.id, p.name) for p in self.ctx.services.people.list() if p.id is not None]

    def new_block_dialog(self, start: datetime | None = None, end: datetime | None = None) -> None:
        """The editor for a new block (toolbar button, Ctrl+Shift+B, double-click on a slot)."""
        now = self.ctx.services.clock.now()
        start, end = new_block_span(now, self.shown_days, self._hours()[0], self.tz, start, end)
        dialog = BlockEditor(self.tz, start=start, end=end, people=self._people(), parent=self)
        dialog.bind(self.ctx, save=lambda: self.create_from_editor(dialog, quiet=True))
        if dialog.exec() != BlockEditor.DialogCode.Accepted:
            return
        self.create_from_editor(dialog)

    def create_from_editor(self, dialog: BlockEditor, *, quiet: bool = False) -> bool:
        """The new block the editor holds, as one undoable command (``quiet``: on lock)."""
        values = dialog.values()
        blocks = self.ctx.services.blocks
        command = BlockChangeCommand(
            self.ctx,
            "New block",
            lambda: blocks.create(
                values.title,
                values.kind,
                values.start,
                values.end,
                protected=values.protected,
                recurrence=values.recurrence,
                person_id=values.person_id,
            ),
        )
        return self.ctx.push(command, quiet=quiet)

    # -- calendar exchange (ui/week/calendar_exchange.py) ------------------------------
    def show_capacity_panel(self, shown: bool) -> None:
        """The capacity panel on or off (Calendar menu); off by itself on a narrow area.
        Made here if it shows now, else when the area next shows (:meth:`showEvent`)."""
        self._capacity_wanted = shown
        if self._capacity_panel is not None or (shown and self.isVisible()):
            self.capacity_panel.setVisible(shown)
        if self.toolbar.capacity_action.isChecked() != shown:
            self.toolbar.capacity_action.setChecked(shown)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._capacity_wanted and self._capacity_panel is None:
            self.capacity_panel.setVisible(True)  # made now: it shows for the first time

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Too narrow for grid and both panels (a 1280 px laptop screen): the capacity panel
        folds away once, so a day column keeps its block titles readable; the Calendar menu
        shows it again, and the status line keeps the week's booked share."""
        super().resizeEvent(event)
        if not self.fold_capacity_when_narrow:
            return
        narrow = event.size().width() < NARROW_WEEK_AREA
        if narrow and not self._folded_for_narrow:
            self._folded_for_narrow = True
            self.show_capacity_panel(False)
        elif not narrow and self._folded_for_narrow:
            self._folded_for_narrow = False
            self.show_capacity_panel(True)

    def import_calendar(self, path: str | None = None) -> CalendarImport | None:
        return import_calendar_file(self, path)

    def export_calendar(self, path: str | None = None, weeks: int = 1) -> None:
        """Write the blocks of the shown week (and ``weeks - 1`` more) as an .ics file."""
        export_calendar_file(self, path, weeks)
