"""The Review area: the guided Friday review and the insights over weeks.

The review of the current week can be left at any step and resumed: the step reached and
every text typed are saved in the vault as they change (a lock, crash or restart resumes
where the lead was). Finishing freezes the week's figures into a WeekReview record.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.review_rules import WeekFigures
from ...domain.week import iso_week_label, week_start
from ...services.base import ChangeKind, ChangeSet
from ..area import Area
from ..context import AppContext
from ..lazy_pages import placeholder, put_in_place
from ..roles import ID_ROLE
from .steps import STEP_TITLES, step_class
from .steps.base import StepPage
from .week_hours import working_hours_per_week

if TYPE_CHECKING:
    from .insights import InsightsView

OVERVIEW, INSIGHTS = "overview", "insights"


class OverviewPage(QWidget):
    """Start or resume the review; past reviews stay readable here."""

    def __init__(self, area: ReviewArea) -> None:
        super().__init__(area)
        self.area = area
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        row = QHBoxLayout()
        self.start_button = QPushButton("Start weekly review")
        self.start_button.setAccessibleName("Start or resume the weekly review")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(area.start_review)
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>Past reviews</b>"))
        self.past = QTreeWidget()
        self.past.setAccessibleName("Past weekly reviews")
        self.past.setHeaderLabels(["Week", "Plan vs done", "Focus h", "Lessons"])
        self.past.setRootIsDecorated(False)
        self.past.setUniformRowHeights(True)
        self.past.setColumnWidth(0, 170)
        self.past.setColumnWidth(1, 110)
        self.past.setColumnWidth(2, 80)
        self.past.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read-only: not a Tab stop
        layout.addWidget(self.past, 1)

    def refresh(self) -> None:
        ctx = self.area.ctx
        if not ctx.is_unlocked:
            return
        week = self.area.current_week()
        review = ctx.services.reviews.get(week)
        label = f"{iso_week_label(week)} · {week:%d %b} – {week + timedelta(days=6):%d %b}"
        if review is None:
            state = (
                "Not started. It takes 30–60 minutes: look back, triage, prune, check "
                "people, plan next week."
            )
            self.start_button.setText("Start weekly review")
        elif review.finished_at is None:
            state = f"In progress — you stopped at step {review.step + 1} of 5."
            self.start_button.setText(f"Resume at step {review.step + 1}")
        else:
            state = "Finished. You can go through it again; finishing again updates the figures."
            self.start_button.setText("Review again")
        self.heading.setText(f"<h2>Weekly review — {label}</h2><p>{state}</p>")
        self.past.clear()
        finished = ctx.services.reviews.finished_reviews()
        live = self._live_figures(finished)
        for past in finished:
            # The same figures as the Insights (one definition, ReviewService): what was
            # frozen at "finish" is only the fallback for a week the insights cannot place.
            now = live.get(past.week_start)
            pct = now.plan_done_percent if now else past.figures.get("plan_done_percent")
            focus = now.focus_hours if now else past.figures.get("focus_hours")
            lessons = " ".join(past.lessons.split())
            item = QTreeWidgetItem(
                [
                    f"{iso_week_label(past.week_start)} ({past.week_start:%d %b %Y})",
                    "n/a" if pct is None else f"{pct:.0f}%",
                    "" if focus is None else f"{focus:g}",
                    lessons[:140] + ("…" if len(lessons) > 140 else ""),
                ]
            )
            self.past.addTopLevelItem(item)
        if self.past.topLevelItemCount() == 0:
            self.past.addTopLevelItem(QTreeWidgetItem(["No finished reviews yet.", "", "", ""]))

    def _live_figures(self, finished: list) -> dict[date, WeekFigures]:  # type: ignore[type-arg]
        if not finished:
            return {}
        newest = max(r.week_start for r in finished)
        oldest = min(r.week_start for r in finished)
        weeks = min(260, (newest - oldest).days // 7 + 1)
        ctx = self.area.ctx
        rows = ctx.services.reviews.insights(
            newest,
            weeks,
            working_hours_per_week=working_hours_per_week(ctx),
            focus_target_percent=ctx.settings.get("week/focus_target_percent"),
        )
        return {row.week_start: row for row in rows}

    def clear_private(self) -> None:
        self.past.clear()
        self.heading.clear()


class ReviewArea(Area):
    title = "Review"
    shows = frozenset(
        {
            ChangeKind.TASKS,
            ChangeKind.BLOCKS,
            ChangeKind.DELEGATIONS,
            ChangeKind.NOTES,
            ChangeKind.PEOPLE,
            ChangeKind.REVIEWS,
        }
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.week: date | None = None
        outer = QHBoxLayout(self)
        self.nav = QListWidget()
        self.nav.setAccessibleName("Review steps")
        self.nav.setObjectName("ReviewSteps")
        self.nav.setFixedWidth(240)
        self.nav.setStyleSheet(
            "QListWidget#ReviewSteps { border: none; background: transparent; }"
            "QListWidget#ReviewSteps::item { padding: 8px 10px; border-radius: 6px; }"
            "QListWidget#ReviewSteps::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        self.stack = QStackedWidget()
        self.overview = OverviewPage(self)
        # Each step and the insights are made the first time they are opened (lazy_pages):
        # a placeholder holds their place in the stack until then.
        self._steps: list[StepPage | None] = [None] * len(STEP_TITLES)
        self._insights: InsightsView | None = None
        self._add_page(OVERVIEW, "Overview", self.overview)
        for i, title in enumerate(STEP_TITLES, start=1):
            self._add_page(f"step{i}", f"{i}. {title}", placeholder())
        self._add_page(INSIGHTS, "Insights", placeholder())
        self.nav.currentRowChanged.connect(self._on_nav_row_changed)

        right = QVBoxLayout()
        right.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        self.back_button = QPushButton("◀ Back")
        self.back_button.setAccessibleName("Previous review step")
        self.back_button.clicked.connect(lambda: self._go_step(self._step_index() - 1))
        self.next_button = QPushButton("Next ▶")
        self.next_button.setAccessibleName("Next review step")
        self.next_button.clicked.connect(self._on_next_clicked)
        self.back_button.setToolTip("Previous step (Ctrl+Backspace)")
        self.next_button.setToolTip("Next step; finishes on the last (Ctrl+Enter)")
        # The ritual's own keys, anywhere in the review (a text box keeps Ctrl+Backspace
        # for deleting a word: see step_back).
        for keys, slot in (
            ("Ctrl+Return", self.step_forward),
            ("Ctrl+Enter", self.step_forward),
            ("Ctrl+Backspace", self.step_back),
        ):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        right.addLayout(buttons)
        outer.addWidget(self.nav)
        outer.addLayout(right, 1)
        self.track(ctx.about_to_lock, self._flush_all)
        self.nav.setCurrentRow(0)

    def _add_page(self, key: str, label: str, page: QWidget) -> None:
        item = QListWidgetItem(label)
        item.setData(ID_ROLE, key)
        self.nav.addItem(item)
        self.stack.addWidget(page)

    # -- pages made when first opened ------------------------------------------------------
    def step(self, index: int) -> StepPage:
        """Step ``index`` (0-based), made now if it was never opened."""
        page = self._steps[index]
        if page is None:
            from .steps.inbox import InboxPage

            page = step_class(index)(self.ctx)
            if isinstance(page, InboxPage):  # inbox zero: the keyboard goes on to Next
                page.when_empty = lambda: self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
            self._steps[index] = page
            put_in_place(self.stack, 1 + index, page)
            self._size_to_current_page()  # made while another page shows: takes no room
        return page

    @property
    def steps(self) -> list[StepPage]:
        """Every step page (made now where not opened yet)."""
        return [self.step(i) for i in range(len(self._steps))]

    @property
    def insights(self) -> InsightsView:
        """The insights page, made now if it was never opened."""
        if self._insights is None:
            from .insights import InsightsView

            self._insights = InsightsView(self.ctx)
            put_in_place(self.stack, self.nav.count() - 1, self._insights)
            self._size_to_current_page()
        return self._insights

    def _built_steps(self) -> list[StepPage]:
        return [page for page in self._steps if page is not None]

    def _page_at(self, row: int) -> QWidget | None:
        """The page for nav ``row``, made now if it is a step or the insights."""
        if 1 <= row <= len(self._steps):
            return self.step(row - 1)
        if row == self.nav.count() - 1:
            return self.insights
        return self.stack.widget(row)

    # -- state -------------------------------------------------------------------------------
    def current_week(self) -> date:
        """The week under review: this week (Friday is the ritual's day)."""
        return week_start(self.ctx.clock.today(), self.ctx.settings.get("week/first_weekday"))

    def _step_index(self) -> int:
        """0-based step on screen, or -1 when not on a step page."""
        row = self.nav.currentRow()
        return row - 1 if 1 <= row <= len(self._steps) else -1

    def refresh(self) -> None:
        if not self.ctx.is_unlocked:
            return
        self.week = self.current_week()
        self.overview.refresh()
        page = self.stack.currentWidget()
        if isinstance(page, StepPage):
            page.load(self.week)
        elif page is self._insights:
            self._insights.refresh()
        self._update_buttons()

    def clear_private(self) -> None:
        for page in self._built_steps():
            page.clear_private()
        self.overview.clear_private()
        if self._insights is not None:
            self._insights.clear_private()

    # -- navigation --------------------------------------------------------------------------
    def start_review(self) -> None:
        """Start the review of this week, or resume it at the step where it was left."""
        week = self.current_week()
        review = self.ctx.services.reviews.start(week)
        step = review.step if review.finished_at is None else 0
        self._go_step(step)

    def show_insights(self) -> None:
        self.nav.setCurrentRow(self.nav.count() - 1)

    def _go_step(self, index: int) -> None:
        if index < 0:
            self.nav.setCurrentRow(0)
            return
        self.nav.setCurrentRow(1 + min(index, len(self._steps) - 1))

    def _on_nav_row_changed(self, row: int) -> None:
        shown = self._page_at(row)
        for page in self._built_steps():
            if page is not shown and page.week is not None and self.ctx.is_unlocked:
                page.flush()
        self.stack.setCurrentIndex(row)
        self._size_to_current_page()
        if not self.ctx.is_unlocked:
            return
        week = self.week or self.current_week()
        page = shown
        if isinstance(page, StepPage):
            page.load(week)
            self.ctx.services.reviews.save(week, step=self._step_index())
            if not page.focus_main():
                self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif page is self._insights:
            self._insights.refresh()
        elif page is self.overview:
            self.overview.refresh()
            if not self.nav.hasFocus():
                self.overview.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update_buttons()

    def _size_to_current_page(self) -> None:
        """A stack is as large as its largest page; only the page shown counts here, so
        step 5's week or the insights never make the other steps wider than the screen."""
        current = self.stack.currentWidget()
        ignored, preferred = QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred
        for i in range(self.stack.count()):
            page = self.stack.widget(i)
            policy = preferred if page is current else ignored
            page.setSizePolicy(policy, policy)
        self.stack.updateGeometry()

    def step_forward(self) -> None:
        """Ctrl+Enter: start the review from the overview, else the next step; finish on
        the last."""
        if not self.ctx.is_unlocked:
            return
        if self._step_index() >= 0:
            self._on_next_clicked()
        elif self.stack.currentWidget() is self.overview:
            self.start_review()

    def step_back(self) -> None:
        """Ctrl+Backspace: the previous step (the overview from the first). In a text box it
        keeps its usual meaning, deleting the word before the cursor."""
        focused = QApplication.focusWidget()
        if isinstance(focused, QPlainTextEdit) and not focused.isReadOnly():
            cursor = focused.textCursor()
            if not cursor.hasSelection():
                cursor.movePosition(
                    QTextCursor.MoveOperation.PreviousWord, QTextCursor.MoveMode.KeepAnchor
                )
            cursor.removeSelectedText()
            return
        if isinstance(focused, QLineEdit) and not focused.isReadOnly():
            if not focused.hasSelectedText():
                focused.cursorWordBackward(True)
            focused.del_()
            return
        if self.ctx.is_unlocked and self._step_index() >= 0:
            self._go_step(self._step_index() - 1)

    def _on_next_clicked(self) -> None:
        index = self._step_index()
        if index == len(self._steps) - 1:
            self.finish_review()
        else:
            self._go_step(index + 1 if index >= 0 else 0)

    def _flush_all(self) -> None:
        for page in self._built_steps():
            if page.week is not None:
                page.flush()

    def finish_review(self) -> None:
        week = self.week or self.current_week()
        for page in self._built_steps():  # a step never opened has nothing to save
            page.flush()
        self.ctx.services.reviews.finish(
            week,
            working_hours_per_week=working_hours_per_week(self.ctx),
            focus_target_percent=self.ctx.settings.get("week/focus_target_percent"),
        )
        self.nav.setCurrentRow(0)

    def _update_buttons(self) -> None:
        index = self._step_index()
        on_step = index >= 0
        self.back_button.setVisible(on_step)
        self.next_button.setVisible(on_step or self.nav.currentRow() == 0)
        if index == len(self._steps) - 1:
            self.next_button.setText("Finish review ✓")
        elif on_step:
            self.next_button.setText("Next ▶")
        else:
            self.next_button.setVisible(False)

    def on_changed(self, changes: ChangeSet) -> None:
        # On screen only: while hidden the Area base marks the review stale and it
        # refreshes once when shown (it used to miss changes made meanwhile).
        page = self.stack.currentWidget()
        if isinstance(page, StepPage):
            page.on_changed(changes)
        elif page is self.overview and changes.touches(ChangeKind.REVIEWS):
            self.overview.refresh()


def start_weekly_review(ctx: AppContext, window: QWidget) -> None:
    """Global "Start weekly review" action: show the Review area and start or resume."""
    show = getattr(window, "show_area", None)
    ensure = getattr(window, "ensure_area", None)
    if callable(show):
        show("review")
    area = ensure("review") if callable(ensure) else None
    if isinstance(area, ReviewArea) and ctx.is_unlocked:
        area.start_review()
