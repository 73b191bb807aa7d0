"""The widgets around the grid: day header, unbooked-task panel, legend, capacity panel."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta, tzinfo

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.capacity import WeekCapacity, format_minutes
from ...domain.model import BlockKind, Task, TimeBlock
from ...domain.week import is_all_day
from .colors import KIND_COLORS, KIND_PATTERNS, KIND_TAGS, tint
from .grid import WeekGrid
from .grid_geometry import GUTTER
from .models import UnbookedTasksModel

ALL_DAY_PRIVATE = "All-day event"


class DayHeader(QWidget):
    """Day names with dates above the grid columns, plus a strip of all-day events."""

    def __init__(self, grid: WeekGrid, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.days: list[date] = []
        self.today: date | None = None
        self.all_day: dict[date, list[str]] = {}
        self.privacy = False  # privacy screen: all-day chips say only "All-day event"
        self.setAccessibleName("Days of the week")
        grid.columns_changed.connect(self.update)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._update_height()

    def set_days(
        self, days: Sequence[date], today: date | None, blocks: Sequence[TimeBlock], tz: tzinfo
    ) -> None:
        shown = (self.days, self.today, self.all_day)
        self.days = list(days)
        self.today = today
        self.all_day = {}
        for block in blocks:
            if is_all_day(block.start, block.end, tz):
                day = block.start.astimezone(tz).date()
                self.all_day.setdefault(day, []).append(block.title.splitlines()[0][:100])
        if (self.days, self.today, self.all_day) == shown:
            return  # nothing the header draws has changed (e.g. a block moved)
        self._update_height()
        names = ", ".join(f"{d:%A %d %B}" for d in self.days)
        self.setAccessibleDescription(names)
        self.update()

    def set_privacy(self, on: bool) -> None:
        self.privacy = on
        self.update()

    def chip_texts(self, day: date) -> list[str]:
        """What the all-day chips of ``day`` say (titles can name people)."""
        titles = self.all_day.get(day, [])
        return [ALL_DAY_PRIVATE] * len(titles) if self.privacy else list(titles)

    def _update_height(self) -> None:
        metrics = QFontMetrics(self.font())
        rows = max((len(v) for v in self.all_day.values()), default=0)
        self.setFixedHeight(metrics.height() * 2 + 14 + rows * (metrics.height() + 3))

    def sizeHint(self) -> QSize:
        return QSize(600, self.height())

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        line = QColor(text)
        line.setAlpha(40)
        font = QFont(self.font())
        metrics = QFontMetrics(font)
        bold = QFont(font)
        bold.setBold(True)
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        small_metrics = QFontMetrics(small)
        width = self.grid.column_width
        offset = self.grid.frameWidth()
        for index, day in enumerate(self.days):
            x = offset + GUTTER + index * width
            is_today = day == self.today
            painter.setPen(highlight if is_today else text)
            painter.setFont(bold if is_today else font)
            painter.drawText(
                QRectF(x, 4, width, metrics.height()),
                Qt.AlignmentFlag.AlignHCenter,
                f"{day:%a}",
            )
            painter.setFont(bold)
            label = f"{day.day} {day:%b}"
            if is_today:
                rect = QRectF(x + width / 2 - 34, 5 + metrics.height(), 68, metrics.height() + 2)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(highlight)
                painter.drawRoundedRect(rect, 8, 8)
                painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            else:
                painter.setPen(text)
                painter.drawText(
                    QRectF(x, 6 + metrics.height(), width, metrics.height()),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )
            y = 12 + metrics.height() * 2
            painter.setFont(small)
            for title in self.chip_texts(day):
                chip = QRectF(x + 3, y, width - 6, small_metrics.height() + 1)
                painter.setPen(QPen(QColor(KIND_COLORS[BlockKind.MEETING]).darker(120), 1))
                painter.setBrush(tint(BlockKind.MEETING, palette.color(QPalette.ColorRole.Base)))
                painter.drawRoundedRect(chip, 3, 3)
                painter.setPen(text)
                painter.drawText(
                    chip.adjusted(4, 0, -2, 0),
                    Qt.AlignmentFlag.AlignVCenter,
                    small_metrics.elidedText(title, Qt.TextElideMode.ElideRight, int(width - 14)),
                )
                y += small_metrics.height() + 3
            painter.setPen(QPen(line, 1))
            painter.drawLine(int(x), 0, int(x), self.height())
        painter.setPen(QPen(line, 1))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        painter.end()


class UnbookedTasksPanel(QWidget):
    """Open Do/Schedule tasks without time this week; drag them onto the grid."""

    book_requested = Signal(int)  # task id (keyboard: book at the next free slot)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel("Not booked this week")
        self.heading.setObjectName("SectionHeading")
        bold = QFont(self.heading.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        layout.addWidget(self.heading)
        self.hint = QLabel("Drag a task onto the week to book time for it.")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.model = UnbookedTasksModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Tasks not booked this week")
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setUniformItemSizes(True)
        # Lay out the first rows at once and the rest in later event-loop turns: a week
        # switch that adds or removes a row then paints in 3-4 ms instead of 8-14 ms.
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAlternatingRowColors(True)
        self.view.setSpacing(1)
        self.view.activated.connect(self._on_view_activated)
        self.empty = QLabel("No open Do or Schedule task is waiting for time this week.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty.setContentsMargins(8, 16, 8, 8)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        self.book_button = QPushButton("Book selected in next free slot")
        self.book_button.setAccessibleName("Book the selected task in the next free slot")
        self.book_button.clicked.connect(self._on_book_clicked)
        layout.addWidget(self.book_button)

    def set_privacy(self, on: bool) -> None:
        """Privacy screen: rows say "Task" with quadrant and estimate, never the title."""
        self.model.set_privacy(on)
        self.hint.setText(
            "Titles are hidden by the privacy screen; drag a task onto the week to book it."
            if on
            else "Drag a task onto the week to book time for it."
        )

    def set_tasks(self, tasks: Sequence[Task]) -> None:
        self.model.set_tasks(tasks)
        self.heading.setText(f"Not booked this week ({len(tasks)})")
        self.stack.setCurrentWidget(self.view if tasks else self.empty)
        self.book_button.setEnabled(bool(tasks))

    def _on_view_activated(self, index) -> None:  # type: ignore[no-untyped-def]
        task = self.model.task_at(index.row())
        if task.id is not None:
            self.book_requested.emit(task.id)

    def _on_book_clicked(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self._on_view_activated(index)
        elif self.model.rowCount():
            self._on_view_activated(self.model.index(0, 0))


class KindSwatch(QWidget):
    def __init__(self, kind: BlockKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setFixedSize(22, 14)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        color = QColor(KIND_COLORS[self.kind])
        painter.fillRect(rect, tint(self.kind, self.palette().color(QPalette.ColorRole.Base)))
        pattern = KIND_PATTERNS.get(self.kind)
        if pattern is not None:
            painter.fillRect(rect, QBrush(color.darker(110), pattern))
        painter.fillRect(QRectF(rect.left(), rect.top(), 4, rect.height()), color)
        painter.setPen(QPen(color.darker(130), 1))
        painter.drawRect(rect)
        painter.end()


class Legend(QWidget):
    """Every block kind with its colour, pattern and tag (no kind told by colour alone)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Block kinds legend")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        heading = QLabel("Block kinds")
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        grid.addWidget(heading, 0, 0, 1, 4)
        for index, kind in enumerate(BlockKind):
            row, col = 1 + index // 2, (index % 2) * 2
            grid.addWidget(KindSwatch(kind), row, col)
            label = QLabel(f"{kind.label} ({KIND_TAGS[kind]})")
            label.setAccessibleName(f"{kind.label}: {KIND_COLORS[kind]}")
            grid.addWidget(label, row, col + 1)
        note = QLabel("Dashed border: imported, read-only · padlock: protected focus · ↻ repeats")
        note.setWordWrap(True)
        small = QFont(note.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        note.setFont(small)
        grid.addWidget(note, 1 + (len(BlockKind) + 1) // 2, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)


class Gauge(QWidget):
    """A horizontal bar with an optional target mark.

    Not a QProgressBar: its ``setValue`` repaints synchronously, which alone cost ~10 ms
    per week switch; this one schedules an ordinary update.
    """

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.value = 0.0
        self.maximum = 1.0
        self.target: float | None = None
        self.text = ""
        self.color = QColor("#0072B2")
        self.setMinimumHeight(QFontMetrics(self.font()).height() + 8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set(self, value: float, maximum: float, text: str, target: float | None = None) -> None:
        shown = (value, max(maximum, 1e-9), text, target)
        if shown == (self.value, self.maximum, self.text, self.target):
            return  # the same bar (another week with the same figures)
        self.value, self.maximum, self.text, self.target = shown
        self.setAccessibleDescription(text)
        self.update()

    def set_color(self, color: QColor) -> None:
        if color != self.color:
            self.color = color
            self.update()

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        palette = self.palette()
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
        share = min(1.0, max(0.0, self.value / self.maximum))
        painter.fillRect(
            QRectF(rect.left(), rect.top(), rect.width() * share, rect.height()), self.color
        )
        border = QColor(palette.color(QPalette.ColorRole.WindowText))
        border.setAlpha(90)
        painter.setPen(QPen(border, 1))
        painter.drawRect(rect)
        if self.target is not None:
            x = rect.left() + rect.width() * min(1.0, self.target / self.maximum)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), 2))
            painter.drawLine(int(x), int(rect.top()), int(x), int(rect.bottom()))
        text_rect = rect.adjusted(6, 0, -6, 0)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.text
        )
        painter.end()


class HoursTable(QTableWidget):
    """The hours per kind and day: as tall as its rows where there is room; where there is
    not (the review's plan step on a 720 px screen, with the proposal open), it gives way
    down to a few rows and scrolls, so the panel never pushes the week's own bar out of
    sight."""

    ROWS_AT_LEAST = 3  # with the header, what stays visible when squeezed

    def __init__(self) -> None:
        super().__init__(0, 0)
        self._full_height = 0
        policy = self.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Preferred)  # shrinks, never grows
        self.setSizePolicy(policy)

    def fit_rows(self, rows: int) -> None:
        """Ask for the height of ``rows`` rows and the header; allow down to a few."""
        row_height = self.verticalHeader().defaultSectionSize()
        chrome = self.horizontalHeader().sizeHint().height() + 4
        self._full_height = row_height * rows + chrome
        self.setMinimumHeight(row_height * min(rows, self.ROWS_AT_LEAST) + chrome)
        self.setMaximumHeight(self._full_height)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self._full_height) if self._full_height else hint


class CapacityPanel(QWidget):
    """Booked vs free, does it fit, focus gauge, hours per kind per day, warnings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Capacity of the week")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)  # the whole table fits beside the proposal on a 720 px screen
        heading = QLabel("Capacity (hours)")
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        layout.addWidget(heading)
        self.booked_label = QLabel()
        self.booked_label.setWordWrap(True)
        layout.addWidget(self.booked_label)
        self.booked_bar = Gauge("Booked share of working hours")
        layout.addWidget(self.booked_bar)
        self.fit_label = QLabel()
        self.fit_label.setWordWrap(True)
        self.fit_label.setAccessibleName("Does it fit")
        layout.addWidget(self.fit_label)
        self.focus_label = QLabel()
        self.focus_label.setWordWrap(True)
        layout.addWidget(self.focus_label)
        self.focus_bar = Gauge("Focus time against the target")
        layout.addWidget(self.focus_bar)
        self.table = HoursTable()
        self.table.setAccessibleName("Hours per block kind and day")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setFrameShape(QFrame.Shape.NoFrame)
        self.table.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        small = QFont(self.table.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        self.table.setFont(small)
        self.table.horizontalHeader().setFont(small)
        self.table.verticalHeader().setFont(small)
        self.table.horizontalHeader().setMinimumSectionSize(20)
        layout.addWidget(self.table)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Warnings")
        layout.addWidget(self.warnings)
        layout.addStretch(1)
        self.capacity: WeekCapacity | None = None
        self._days: list[date] = []
        self._table_shape: tuple[list[str], list[BlockKind]] | None = None

    def set_capacity(self, capacity: WeekCapacity, days: Sequence[date]) -> None:
        if capacity == self.capacity and list(days) == self._days:
            return  # e.g. a block moved within its day: every figure is the same
        self.capacity = capacity
        self._days = list(days)
        booked, working = capacity.booked_minutes, capacity.working_minutes
        self.booked_label.setText(
            f"Booked {format_minutes(booked)} of {format_minutes(working)} working time · "
            f"free {format_minutes(capacity.free_minutes)}"
        )
        self.booked_bar.set(
            booked, max(1, working), f"{100 * booked / working:.0f}% booked" if working else "—"
        )
        tasks = format_minutes(capacity.task_minutes)
        if capacity.fits:
            text = f"✓ Fits: open Do + Schedule tasks need {tasks}"
        else:
            text = (
                f"✗ Does not fit: tasks need {tasks}, "
                f"{format_minutes(capacity.shortfall_minutes)} more than the free time"
            )
        if capacity.tasks_without_estimate:
            text += f" ({capacity.tasks_without_estimate} without estimate, counted as 30m)"
        self.fit_label.setText(text)
        sheet = "" if capacity.fits else "color: #B3261E; font-weight: bold;"
        if self.fit_label.styleSheet() != sheet:  # a new sheet re-polishes the label
            self.fit_label.setStyleSheet(sheet)
        share = capacity.focus_percent
        self.focus_label.setText(
            f"Focus {format_minutes(capacity.focus_minutes)} = {share:.0f}% of working time "
            f"(target {capacity.focus_target_percent}%)"
            + (" ✓" if capacity.focus_on_target else "")
        )
        self.focus_bar.set(
            share,
            max(100.0, share),
            f"{share:.0f}% / target {capacity.focus_target_percent}%",
            target=capacity.focus_target_percent,
        )
        self.focus_bar.set_color(QColor("#0072B2" if capacity.focus_on_target else "#E69F00"))
        self._fill_table(capacity, days)
        self.warnings.setText("\n".join(f"⚠ {w}" for w in capacity.warnings))
        if self.warnings.isVisibleTo(self) != bool(capacity.warnings):
            self.warnings.setVisible(bool(capacity.warnings))

    def _fill_table(self, capacity: WeekCapacity, days: Sequence[date]) -> None:
        """Rows: the days shown and the week; columns: kinds present (by tag) and booked."""
        shown = [d for d in capacity.days if d.day in set(days)]
        kinds = [k for k in BlockKind if capacity.minutes_by_kind.get(k)]
        cells = [
            [_hours(day.minutes_by_kind.get(kind, 0)) for kind in kinds]
            + [_hours(day.booked_minutes)]
            for day in shown
        ]
        cells.append(
            [_hours(capacity.minutes_by_kind.get(kind, 0)) for kind in kinds]
            + [_hours(capacity.booked_minutes)]
        )
        shape = ([f"{d.day:%a}" for d in shown], kinds)
        if shape == self._table_shape:
            # Same rows and columns (the usual week switch or block move): change the texts
            # in place, so only the cells whose figure changed repaint.
            for row, texts in enumerate(cells):
                for col, text in enumerate(texts):
                    item = self.table.item(row, col)
                    if item is not None and item.text() != text:
                        item.setText(text)
            return
        self._table_shape = shape
        self.table.clear()
        self.table.setRowCount(len(shown) + 1)
        self.table.setColumnCount(len(kinds) + 1)
        self.table.setVerticalHeaderLabels([f"{d.day:%a}" for d in shown] + ["Week"])
        for col, kind in enumerate(kinds):
            header = QTableWidgetItem(KIND_TAGS[kind])
            header.setToolTip(kind.label)
            header.setForeground(QColor(KIND_COLORS[kind]).darker(130))
            self.table.setHorizontalHeaderItem(col, header)
        booked = QTableWidgetItem("Σ")
        booked.setToolTip("Working hours covered by blocks (overlaps count once)")
        self.table.setHorizontalHeaderItem(len(kinds), booked)
        for row, texts in enumerate(cells):  # the week row and the Σ column in bold
            for col, text in enumerate(texts):
                self._cell(row, col, text, bold=row == len(shown) or col == len(kinds))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(kinds), QHeaderView.ResizeMode.ResizeToContents)
        self.table.fit_rows(len(shown) + 1)

    def _cell(self, row: int, col: int, text: str, bold: bool = False) -> None:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if bold:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.table.setItem(row, col, item)

    def clear(self) -> None:
        self.capacity = None
        self._days = []
        self._table_shape = None
        self.table.clear()
        self.table.setRowCount(0)
        for label in (self.booked_label, self.fit_label, self.focus_label, self.warnings):
            label.clear()


_QUARTERS = {0: "", 15: "¼", 30: "½", 45: "¾"}


def _hours(minutes: int) -> str:
    """Compact hours for the table: "2", "8¾", "½"; a dot for nothing, so zeros stay quiet."""
    if not minutes:
        return "·"
    whole, rest = divmod(int(minutes), 60)
    if rest in _QUARTERS:
        return (str(whole) if whole or not rest else "") + _QUARTERS[rest]
    return f"{minutes / 60:.1f}"


def week_title(days: Sequence[date], start: date) -> str:
    """ "Week 47 · 16 – 22 Nov 2026" (ISO week number of the week's Monday)."""
    end = days[-1] if days else start
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    week = monday.isocalendar()[1] if start.weekday() else start.isocalendar()[1]
    if start.month == end.month:
        span = f"{start.day} – {end.day} {end:%b %Y}"
    else:
        span = f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"Week {week} · {span}"


__all__ = [
    "CapacityPanel",
    "DayHeader",
    "Legend",
    "UnbookedTasksPanel",
    "week_title",
]
