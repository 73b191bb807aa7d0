"""The tracker's table model: a thin adapter over ``TrackerRow`` objects.

Sorting sorts the Python list (no QSortFilterProxyModel: it is slow on large tables), and
filtering is done by the service query, so the model only ever holds what is shown.

History comes in pages (Qt's ``canFetchMore`` / ``fetchMore``: the view asks for the next
page when it is scrolled to the end). The pages arrive newest first, which is the table's
default order (next check-in: closed rows have none, so they follow the open ones, newest
first). Any other sort order needs every row, so choosing one loads the rest first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.delegation_rules import AttentionReason, is_snoozed, level_label, status_label
from ...domain.model import DelegationStatus, GuidanceLevel
from ...services.delegations import TrackerRow
from ..roles import ID_ROLE, OBJECT_ROLE, SORT_ROLE

WHAT, WHO, LEVEL, DUE, NEXT_CHECK_IN, STATUS, NEWS = range(7)
HEADERS = ("What", "To whom", "Guidance", "Due", "Next check-in", "Status", "Last news")
HEADER_TIPS = (
    "The delegated task",
    "The person doing the work",
    "Level of guidance: Telling, Selling, Participating or Delegating",
    "When the outcome is due",
    "The agreed next check-in",
    "Active, blocked, done or cancelled",
    "Days since you last heard about it",
)


LATE = QColor("#c62828")
_FAR_FUTURE = date.max

AnyIndex = QModelIndex | QPersistentModelIndex
# The next page after a cursor: (rows, the cursor after them or None at the end).
Pager = Callable[[int], tuple[list[TrackerRow], int | None]]


def format_day(day: date | None, today: date) -> str:
    """Short, unambiguous day labels: "Today", "Mon 23 Nov", "Mon 23 Nov 2027"."""
    if day is None:
        return "—"
    if day == today:
        return "Today"
    label = f"{day:%a} {day.day} {day:%b}"
    if day.year != today.year:
        label += f" {day.year}"
    return label


def news_label(days: int | None) -> str:
    if days is None:
        return "—"
    if days == 0:
        return "today"
    if days == 1:
        return "1 day ago"
    return f"{days} days ago"


PRIVATE_TEXT = "•••"  # what the title and person columns show under the privacy screen

# Roles as plain ints, compared once per call (the view asks ~10 roles per cell per paint).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_LATE_BRUSH = QBrush(LATE)
# The roles ``data`` answers; the view asks for decoration, font, alignment, background and
# check state of every painted cell too, which are answered before the index is looked at.
_ANSWERED = frozenset(
    {_DISPLAY, _ACCESSIBLE, _FOREGROUND, _TOOLTIP, int(SORT_ROLE), int(OBJECT_ROLE), int(ID_ROLE)}
)


class DelegationTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[TrackerRow] = []
        self._today = date.today()
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._pager: Pager | None = None
        self._cursor: int | None = None
        self._bulk = False  # fetching every page: sort once at the end
        self.private = False  # privacy screen: no task title, no colleague's name
        # A row's cell texts and late columns, worked out once per row (by delegation id)
        # rather than on every paint; dropped whenever the rows, the day or privacy change.
        self._cells: dict[int, tuple[tuple[str, ...], frozenset[int]]] = {}

    def set_private(self, on: bool) -> None:
        if on == self.private:
            return
        self.private = on
        self._cells.clear()
        if self._rows:
            last = self.index(len(self._rows) - 1, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # -- content --------------------------------------------------------------------------
    def set_rows(
        self,
        rows: list[TrackerRow],
        today: date,
        *,
        pager: Pager | None = None,
        cursor: int | None = None,
    ) -> None:
        """Show ``rows``; with ``pager`` and ``cursor``, more rows follow page by page."""
        if (
            not self._rows
            and not rows
            and today == self._today
            and self._pager is None
            and cursor is None
        ):
            return  # empty before and after: no reset, no repaint
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today
        self._cells.clear()
        self._pager, self._cursor = (pager, cursor) if cursor is not None else (None, None)
        if self._sort is not None:
            if not _pages_keep_order(*self._sort):
                self._take_all_pages()
            self._sort_rows(*self._sort)
        self.endResetModel()

    def has_more(self) -> bool:
        """Whether older rows are still to be fetched."""
        return self._pager is not None

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._pager is not None

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._pager is None or self._cursor is None:
            return
        page, self._cursor = self._pager(self._cursor)
        if self._cursor is None:
            self._pager = None
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()
        if self._sort is not None and not self._bulk:
            self._relayout(*self._sort)  # a no-op unless a row belongs above the fold

    def fetch_all(self) -> None:
        self._bulk = True
        try:
            while self.canFetchMore():
                self.fetchMore()
        finally:
            self._bulk = False

    def _take_all_pages(self) -> None:
        """Inside a reset: append every remaining page without signals."""
        while self._pager is not None and self._cursor is not None:
            page, self._cursor = self._pager(self._cursor)
            self._rows.extend(page)
            if self._cursor is None:
                self._pager = None

    def row_object(self, row: int) -> TrackerRow:
        return self._rows[row]

    def row_of(self, delegation_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == delegation_id:
                return i
        return None

    # -- QAbstractTableModel ------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        role = int(role)
        if role not in (_DISPLAY, _TOOLTIP):  # most calls: the role decides at once
            return None
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        return HEADERS[section] if role == _DISPLAY else HEADER_TIPS[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in _ANSWERED:  # five of the seven roles a paint asks per cell
            return None
        if not index.isValid():
            return None
        number = index.row()
        if not 0 <= number < len(self._rows):
            return None
        row = self._rows[number]
        col = index.column()
        if role in (_DISPLAY, _ACCESSIBLE):
            return self._cells_of(row)[0][col]
        if role == _FOREGROUND:
            return _LATE_BRUSH if col in self._cells_of(row)[1] else None
        if role == SORT_ROLE:
            return _sort_key(row, col)
        if role == OBJECT_ROLE:
            return row
        if role == ID_ROLE:
            return row.id
        if role == _TOOLTIP:
            if col == WHAT:
                return None if self.private else row.task_title[:500]
            if row.attention and row.is_open:
                return "; ".join(a.describe() for a in row.attention)
            return None
        return None

    def _cells_of(self, row: TrackerRow) -> tuple[tuple[str, ...], frozenset[int]]:
        found = self._cells.get(row.id)
        if found is None:
            texts = tuple(self._display(row, col) for col in range(len(HEADERS)))
            late = frozenset(col for col in (DUE, NEXT_CHECK_IN, NEWS) if self._is_late(row, col))
            found = self._cells[row.id] = (texts, late)
        return found

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self._sort = (column, order)
        if not _pages_keep_order(column, order):
            self.fetch_all()  # an order over all rows needs all of them
        self._relayout(column, order)

    def _relayout(self, column: int, order: Qt.SortOrder) -> None:
        before = [r.id for r in self._rows]
        ordered = list(self._rows)
        _sort_list(ordered, column, order)
        if [r.id for r in ordered] == before:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()  # usually just the current row
        ids = [self._rows[i.row()].id if i.isValid() else None for i in persistent]
        self._rows = ordered
        if persistent:
            where = {r.id: i for i, r in enumerate(self._rows)}
            for old, rid in zip(persistent, ids, strict=True):
                if rid is not None:
                    self.changePersistentIndex(old, self.index(where[rid], old.column()))
        self.layoutChanged.emit()

    # -- helpers ------------------------------------------------------------------------
    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        _sort_list(self._rows, column, order)

    def _display(self, row: TrackerRow, col: int) -> str:
        d = row.delegation
        if self.private and col in (WHAT, WHO):
            return PRIVATE_TEXT
        if col == WHAT:
            first_line = row.task_title.split("\n", 1)[0]
            return first_line[:300]
        if col == WHO:
            return row.person_name
        if col == LEVEL:
            return level_label(d.level)
        if col == DUE:
            return format_day(d.due_on, self._today)
        if col == NEXT_CHECK_IN:
            return format_day(d.next_check_in_on, self._today) if row.is_open else "—"
        if col == STATUS:
            label = status_label(row.status)
            if row.status != d.status:
                label += " (task)"  # derived from the board: the task was completed there
            elif row.is_open and d.snoozed_until is not None and d.snoozed_until >= self._today:
                label += " · snoozed"
            return label
        if col == NEWS:
            return news_label(row.days_since_news)
        return ""

    def _is_late(self, row: TrackerRow, col: int) -> bool:
        if not row.is_open or is_snoozed(row.delegation, self._today):
            return False  # a snoozed item was seen and deferred: no alarm colour
        reasons = {a.reason for a in row.attention}
        if col == NEXT_CHECK_IN:
            return AttentionReason.CHECK_IN_DUE in reasons
        if col == DUE:
            return AttentionReason.PAST_DUE in reasons
        if col == NEWS:
            return AttentionReason.NO_NEWS in reasons
        return False


def _sort_list(rows: list[TrackerRow], column: int, order: Qt.SortOrder) -> None:
    # Python's sort is stable: newest first as a tie-breaker, then the column.
    rows.sort(key=lambda r: -r.id)
    rows.sort(key=lambda r: _sort_key(r, column), reverse=order == Qt.SortOrder.DescendingOrder)


def _pages_keep_order(column: int, order: Qt.SortOrder) -> bool:
    """Whether pages of closed rows, newest first, can be appended in this sort order:
    by next check-in, ascending, every closed row has the same key and ties go newest
    first, so the next page always belongs at the end."""
    return column == NEXT_CHECK_IN and order == Qt.SortOrder.AscendingOrder


_LEVEL_ORDER = {level: i for i, level in enumerate(GuidanceLevel)}
_STATUS_ORDER = {status: i for i, status in enumerate(DelegationStatus)}


def _sort_key(row: TrackerRow, col: int) -> Any:
    """Comparable keys of one type per column; missing dates sort last."""
    d = row.delegation
    if col == WHAT:
        return row.task_title.casefold()
    if col == WHO:
        return row.person_name.casefold()
    if col == LEVEL:
        return _LEVEL_ORDER[d.level]
    if col == DUE:
        return d.due_on or _FAR_FUTURE
    if col == NEXT_CHECK_IN:
        return (d.next_check_in_on or _FAR_FUTURE) if row.is_open else _FAR_FUTURE
    if col == STATUS:
        return _STATUS_ORDER[row.status]
    if col == NEWS:
        return -1 if row.days_since_news is None else row.days_since_news
    return 0
