"""Step 5 of the review: plan next week in the week grid, carry work over, export the plan."""

from __future__ import annotations

import importlib
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ....domain.model import Quadrant
from ....services.base import ChangeKind, ChangeSet
from ...context import AppContext
from ...export_warning import confirm_plaintext_export
from ...file_dialogs import save_file_name
from .base import StepPage, heading

WIDE_PLAN_PAGE = 900  # step 5 narrower than this (a 1280 px screen): no task list beside


class PlanPage(StepPage):
    """Next week's grid (the week area's own widget) with unfinished work to carry over."""

    title = "Plan next week"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
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
            self.week_view.fold_capacity_when_narrow = False  # here the task list folds
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
            "calendar_button",
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
