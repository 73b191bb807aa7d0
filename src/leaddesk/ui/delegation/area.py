"""The Delegations area: the tracker table, what needs attention, and load per person.

Layout, top to bottom: a toolbar (New delegation, filters by person and status), the
"Needs attention" list (overdue check-ins, past due, no news, stuck), the table, and a
details pane for the selected delegation. Everything is reachable from the keyboard:
Enter edits, Ctrl+I logs a check-in, Ctrl+Shift+Enter closes with a debrief, Ctrl+Shift+S
snoozes, and every button has a mnemonic.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain import delegation_rules as rules
from ...domain.model import DelegationStatus
from ...services.base import ChangeKind, ChangeSet
from ...services.delegations import PAGE_SIZE, TrackerOverview, TrackerRow
from ..area import Area
from ..context import AppContext
from ..empty_state import EmptyState
from .details import details_html, load_summary
from .empty import build_empty_state
from .model import (
    DUE,
    HEADERS,
    LEVEL,
    NEWS,
    NEXT_CHECK_IN,
    STATUS,
    WHAT,
    WHO,
    DelegationTableModel,
)
from .tracker_actions import TrackerActions

STATUS_FILTERS: tuple[tuple[str, tuple[DelegationStatus, ...] | None], ...] = (
    ("Open", (DelegationStatus.ACTIVE, DelegationStatus.BLOCKED)),
    ("Active", (DelegationStatus.ACTIVE,)),
    ("Blocked", (DelegationStatus.BLOCKED,)),
    ("Done", (DelegationStatus.DONE,)),
    ("Cancelled", (DelegationStatus.CANCELLED,)),
    ("All", None),
)
_UNSHOWN = object()  # the details pane before it shows anything
ATTENTION_ROWS_SHOWN = 6  # the list grows up to this many rows, then scrolls
COLUMN_WIDTHS = {WHO: 140, LEVEL: 110, DUE: 110, NEXT_CHECK_IN: 120, STATUS: 110, NEWS: 100}


class DelegationArea(TrackerActions, Area):
    title = "Delegations"
    shows = frozenset({ChangeKind.DELEGATIONS, ChangeKind.TASKS, ChangeKind.PEOPLE})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("DelegationArea")
        self._current_id: int | None = None
        self._attention_rows: list[TrackerRow] = []
        self._has_any = False
        # The last overview: filters over open rows use it until a change or a new day.
        self._overview: TrackerOverview | None = None
        self._people_shown: tuple[tuple[int, str], ...] | None = None
        self._details_key: object = _UNSHOWN  # what the pane shows (None: nothing)
        self._generation = 0  # bumped by every load: the details pane reads again
        self.page_size = PAGE_SIZE  # closed rows fetched per page (tests use fewer)

        # -- toolbar --------------------------------------------------------------------
        self.new_button = QPushButton("&New delegation")
        self.new_button.setAccessibleName("New delegation")
        self.new_button.setToolTip("Hand a task to someone and agree on check-ins")
        self.person_filter = QComboBox()
        self.person_filter.setAccessibleName("Filter by person")
        self.person_filter.setMinimumContentsLength(14)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Filter by status")
        for label, statuses in STATUS_FILTERS:
            self.status_filter.addItem(label, statuses)
        person_label = QLabel("&Person:")
        person_label.setBuddy(self.person_filter)
        status_label = QLabel("S&tatus:")
        status_label.setBuddy(self.status_filter)
        self._filter_widgets = (person_label, self.person_filter, status_label, self.status_filter)
        # Containers go in their place before they are filled: a finished subtree moved into
        # a parent is polished again as a whole (app stylesheet), a third of the build.
        layout = QVBoxLayout(self)
        toolbar = QHBoxLayout()
        layout.addLayout(toolbar)
        toolbar.addWidget(self.new_button)
        toolbar.addSpacing(16)
        toolbar.addWidget(person_label)
        toolbar.addWidget(self.person_filter)
        toolbar.addWidget(status_label)
        toolbar.addWidget(self.status_filter)
        toolbar.addStretch(1)
        self.load_label = QLabel()
        self.load_label.setObjectName("LoadSummary")
        self.load_label.setAccessibleName("Active delegations per person")
        toolbar.addWidget(self.load_label)

        self.hint_label = QLabel()
        self.hint_label.setObjectName("FieldHint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setAccessibleName("Load hint")
        self.hint_label.hide()
        layout.addWidget(self.hint_label)

        # -- the stack: page 0 the empty state (built when first needed), 1 the tracker -----
        self._empty: tuple[EmptyState, QPushButton] | None = None
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.stack.addWidget(QWidget())  # stands in for the empty state until it is needed
        tracker = QWidget()
        self.stack.addWidget(tracker)
        self.stack.setCurrentIndex(1)  # the tracker until a load finds nothing to show
        tracker_layout = QVBoxLayout(tracker)
        tracker_layout.setContentsMargins(0, 0, 0, 0)

        # -- needs attention --------------------------------------------------------------
        self.attention_box = QWidget()
        tracker_layout.addWidget(self.attention_box)
        attention_layout = QVBoxLayout(self.attention_box)
        attention_layout.setContentsMargins(0, 0, 0, 0)
        self.attention_title = QLabel("Needs attention")
        self.attention_title.setObjectName("SectionTitle")
        bold = self.attention_title.font()
        bold.setBold(True)
        self.attention_title.setFont(bold)
        self.attention_list = QListWidget()
        self.attention_list.setAccessibleName("Needs attention")
        self.attention_list.setUniformItemSizes(True)
        self.attention_checkin = QPushButton("Check &in…")
        self.attention_checkin.setAccessibleName("Check in on the selected item")
        self.attention_snooze = QPushButton("Sn&ooze…")
        self.attention_snooze.setAccessibleName("Snooze the selected item")
        attention_buttons = QVBoxLayout()
        attention_buttons.addWidget(self.attention_checkin)
        attention_buttons.addWidget(self.attention_snooze)
        attention_buttons.addStretch(1)
        attention_row = QHBoxLayout()
        attention_row.setAlignment(Qt.AlignmentFlag.AlignTop)
        attention_row.addWidget(self.attention_list, 1)
        attention_row.addLayout(attention_buttons)
        attention_layout.addWidget(self.attention_title)
        attention_layout.addLayout(attention_row)
        self.all_clear = QLabel("Nothing needs your attention today.")
        self.all_clear.setObjectName("FieldHint")
        attention_layout.addWidget(self.all_clear)

        # -- table and details ----------------------------------------------------------
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        tracker_layout.addWidget(self.splitter, 1)
        table_box = QWidget()
        self.splitter.addWidget(table_box)
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        self.model = DelegationTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("DelegationTable")
        self.table.setAccessibleName("Delegations")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NEXT_CHECK_IN, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        vheader = self.table.verticalHeader()
        vheader.hide()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 12)
        hheader = self.table.horizontalHeader()
        hheader.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        for column, width in COLUMN_WIDTHS.items():
            hheader.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            hheader.resizeSection(column, width)
        hheader.setHighlightSections(False)

        self.edit_button = QPushButton("E&dit…")
        self.edit_button.setAccessibleName("Edit the selected delegation")
        self.checkin_button = QPushButton("&Check in…")
        self.checkin_button.setAccessibleName("Log a check-in for the selected delegation")
        self.checkin_button.setToolTip("Log a check-in (Ctrl+I)")
        self.close_button = QPushButton("C&lose…")
        self.close_button.setAccessibleName("Close the selected delegation with a debrief")
        self.close_button.setToolTip(
            "Close as done or cancelled, with a debrief (Ctrl+Shift+Enter)"
        )
        self.reopen_button = QPushButton("&Reopen")
        self.reopen_button.setAccessibleName("Reopen the selected delegation")
        self.snooze_button = QPushButton("&Snooze…")
        self.snooze_button.setAccessibleName("Snooze the selected delegation")
        actions = QHBoxLayout()
        for button in (
            self.edit_button,
            self.checkin_button,
            self.close_button,
            self.reopen_button,
            self.snooze_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("FieldHint")
        actions.addWidget(self.count_label)

        self.details = QTextBrowser()
        self.details.setObjectName("DelegationDetails")
        self.details.setAccessibleName("Details of the selected delegation")
        self.details.setOpenLinks(False)
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.viewport().setAutoFillBackground(False)
        self.details.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)

        table_layout.addWidget(self.table, 1)
        table_layout.addLayout(actions)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        line = self.fontMetrics().lineSpacing()
        self.splitter.setSizes([line * 24, line * 8])

        # -- keyboard -------------------------------------------------------------------
        self._shortcut(QKeySequence("Ctrl+I"), self.check_in_current)  # Ctrl+K: search
        self._shortcut(QKeySequence("Ctrl+Shift+Return"), self.close_current)
        self._shortcut(QKeySequence("Ctrl+Shift+S"), self.snooze_current)
        self.setTabOrder(self.new_button, self.person_filter)
        self.setTabOrder(self.person_filter, self.status_filter)
        self.setTabOrder(self.status_filter, self.attention_list)
        self.setTabOrder(self.attention_list, self.attention_checkin)
        self.setTabOrder(self.attention_checkin, self.attention_snooze)
        self.setTabOrder(self.attention_snooze, self.table)
        self.setTabOrder(self.table, self.edit_button)

        # -- wiring -----------------------------------------------------------------------
        self.new_button.clicked.connect(self.new_delegation)
        self.person_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.status_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        self.table.activated.connect(self._on_table_activated)
        self.attention_list.currentRowChanged.connect(self._on_attention_current_changed)
        self.attention_list.itemActivated.connect(lambda _item: self.check_in_current())
        self.attention_checkin.clicked.connect(self.check_in_current)
        self.attention_snooze.clicked.connect(self.snooze_current)
        self.edit_button.clicked.connect(self.edit_current)
        self.checkin_button.clicked.connect(self.check_in_current)
        self.close_button.clicked.connect(self.close_current)
        self.reopen_button.clicked.connect(self.reopen_current)
        self.snooze_button.clicked.connect(self.snooze_current)
        self.track(ctx.privacy_changed, self._on_privacy_changed)
        if ctx.privacy_screen:  # built while the screen is on
            self.model.set_private(True)
            for widget in self._filter_widgets[:2]:
                widget.hide()
        self._update_buttons()

    @property
    def empty_state(self) -> EmptyState:
        return self._empty_page()[0]

    @property
    def empty_new(self) -> QPushButton:
        return self._empty_page()[1]

    def _empty_page(self) -> tuple[EmptyState, QPushButton]:
        """The empty state (page 0 of the stack), built on first use (``empty.py``)."""
        if self._empty is None:
            self._empty = build_empty_state(self.new_delegation)
            stand_in = self.stack.widget(0)
            current = self.stack.currentIndex()
            self.stack.insertWidget(0, self._empty[0])
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            self.stack.setCurrentIndex(current)
        return self._empty

    def _shortcut(self, keys: QKeySequence, slot: object) -> None:
        shortcut = QShortcut(keys, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)  # type: ignore[arg-type]

    # -- Area contract ----------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.ctx.is_unlocked:
            self.clear_private()
            return
        self._stale = False  # everything is read now: being shown needs no second read
        self._load(people=True)

    def _load(self, *, people: bool, keep_depth: bool = False) -> None:
        """Read the overview once (two statements) and show it: the person filter (when
        ``people``), the table, what needs attention and the load per person."""
        self._overview = self.ctx.services.delegations.overview()
        self._generation += 1
        if people:
            self._reload_people()
        self._reload_rows(keep_depth=keep_depth)
        self._reload_attention()
        self._reload_load()

    def clear_private(self) -> None:
        self._current_id = None
        self._overview = None
        self._people_shown = None
        self._details_key = _UNSHOWN
        self.model.set_rows([], self.ctx.clock.today())
        self.attention_list.clear()
        self._attention_rows = []
        self.person_filter.blockSignals(True)
        self.person_filter.clear()
        self.person_filter.blockSignals(False)
        self.details.clear()
        self.load_label.clear()
        self.load_label.setToolTip("")
        self.hint_label.clear()
        self.hint_label.hide()
        self.count_label.clear()

    # -- loading ------------------------------------------------------------------------
    def _reload_people(self) -> None:
        assert self._overview is not None
        people = self._overview.people
        if people == self._people_shown:
            return  # the same names in the same order: the combo stays as it is
        self._people_shown = people
        chosen = self.person_filter.currentData()
        self.person_filter.blockSignals(True)
        self.person_filter.clear()
        self.person_filter.addItem("Everyone", None)
        for person_id, name in people:
            self.person_filter.addItem(name, person_id)
        index = self.person_filter.findData(chosen) if chosen is not None else 0
        self.person_filter.setCurrentIndex(max(index, 0))
        self.person_filter.blockSignals(False)

    def _reload_rows(self, *, keep_depth: bool = False) -> None:
        """Load the table for the filters. ``keep_depth`` (a reload after a change): as many
        pages as were loaded before, so the selection and the scroll position stay."""
        before = self.model.rowCount()
        depth = before if keep_depth else 0
        service = self.ctx.services.delegations
        overview = self._overview
        assert overview is not None
        person_id = self.person_filter.currentData()
        statuses = self.status_filter.currentData()
        wanted = set(DelegationStatus if statuses is None else statuses)
        history = {x for x in wanted if not x.is_open}
        keep = self._current_id
        today = overview.today
        # The open rows are few and already read (the overview): filtered here, no SQL.
        rows = [
            row
            for row in overview.open_rows
            if row.status in wanted and (person_id is None or row.delegation.person_id == person_id)
        ]
        if not history:
            self.model.set_rows(rows, today)
            shown = len(rows)
        else:
            # History ("Done", "Cancelled", "All") grows for ever: the open rows at once,
            # closed ones newest first, a page at a time (keyset on the id).
            page_size = self.page_size

            def pager(before_id: int | None) -> tuple[list[TrackerRow], int | None]:
                page = service.rows_page(
                    person_id=person_id, statuses=history, before_id=before_id, limit=page_size
                )
                return page, (page[-1].id if len(page) == page_size else None)

            first, cursor = pager(None)
            rows = rows + first
            shown = len(rows)
            if cursor is not None:
                shown = len(rows) - len(first)
                shown += service.count_rows(person_id=person_id, statuses=history)
            self.model.set_rows(rows, today, pager=pager, cursor=cursor)
            while self.model.rowCount() < depth and self.model.canFetchMore():
                self.model.fetchMore()
        self._has_any = bool(rows) or overview.has_any
        if not self._has_any:
            self._empty_page()
        self.stack.setCurrentIndex(1 if self._has_any else 0)
        for number, widget in enumerate(self._filter_widgets):
            # nothing to filter on an empty tracker; no names under the privacy screen
            widget.setVisible(self._has_any and (number >= 2 or not self.ctx.privacy_screen))
        self.count_label.setText("1 delegation" if shown == 1 else f"{shown:,} delegations")
        selected = False
        if keep is not None:
            selected = self.select_delegation(keep)
        if not selected and rows:
            selected = self.select_delegation(self.model.row_object(0).id)
        if not selected:  # else the selection change already updated them
            self._update_details()
            self._update_buttons()
        if self.model.rowCount() != before:
            self._lay_out_table()

    def _lay_out_table(self) -> None:
        """Lay the table out now, once, when its rows changed in number.

        From an empty "Open" to a page of history the vertical scroll bar appears, the
        viewport narrows and the stretched "What" column shrinks. Left to Qt, that happened
        after the first paint, and the column resize asked for a second full paint of the
        table (QTableView's column-resize timer) with the same pixels. Laid out here, with
        the header's resize signals held (the whole viewport is painted after a reset
        anyway), the table is painted once; its column widths and pixels are the same."""
        table = self.table
        if not table.isVisible():
            return  # laid out when shown
        header = table.horizontalHeader()
        blocked = header.blockSignals(True)
        try:
            table.doItemsLayout()  # the scroll bar's range, shown or hidden
            QCoreApplication.sendPostedEvents(table, QEvent.Type.LayoutRequest)
        finally:
            header.blockSignals(blocked)
        table.doItemsLayout()  # the view's geometry after the columns moved

    def _reload_attention(self) -> None:
        assert self._overview is not None
        rows = list(self._overview.attention)
        self._attention_rows = rows
        self.attention_list.blockSignals(True)
        self.attention_list.clear()
        private = self.ctx.privacy_screen  # then neither the title nor the person shows
        for row in rows:
            title = row.task_title.split("\n", 1)[0][:120]
            why = " · ".join(a.describe() for a in row.attention)
            text = f"{why} — {row.person_name}: {title}" if not private else f"{why} — •••"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.attention_list.addItem(item)
        self.attention_list.blockSignals(False)
        count = len(rows)
        self.attention_title.setText(
            "Needs attention" if not count else f"Needs attention ({count})"
        )
        self.attention_list.setVisible(bool(count))
        shown = min(max(count, 1), ATTENTION_ROWS_SHOWN)
        row_height = self.attention_list.sizeHintForRow(0) if count else 0
        frame = self.attention_list.frameWidth() * 2
        self.attention_list.setFixedHeight(
            max(row_height, self.fontMetrics().height()) * shown + frame + 4
        )
        self.attention_checkin.setVisible(bool(count))
        self.attention_snooze.setVisible(bool(count))
        self.all_clear.setVisible(not count)

    def _reload_load(self) -> None:
        service = self.ctx.services.delegations
        assert self._overview is not None
        loads = list(self._overview.loads)
        private = self.ctx.privacy_screen  # names only off the privacy screen
        text, tip = load_summary(loads, private)
        self.load_label.setText(text)
        self.load_label.setToolTip(tip)
        found = service.load_hint(loads)
        if found is None or private:
            self.hint_label.hide()
        else:
            name, hint = found
            self.hint_label.setText(hint.describe(name))
            self.hint_label.show()

    # -- selection --------------------------------------------------------------------
    def current_row(self) -> TrackerRow | None:
        if self._current_id is None:
            return None
        index = self.model.row_of(self._current_id)
        if index is not None:
            return self.model.row_object(index)
        for row in self._attention_rows:
            if row.id == self._current_id:
                return row
        return None

    def select_delegation(self, delegation_id: int) -> bool:
        """Make a delegation current in the table (False: the filter hides it)."""
        index = self.model.row_of(delegation_id)
        if index is None:
            self._current_id = None
            return False
        self._current_id = delegation_id
        if self.table.currentIndex().row() == index:
            self._update_details()  # same row after a reload: no change signal comes
            self._update_buttons()
        self.table.selectionModel().setCurrentIndex(
            self.model.index(index, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(index, 0))
        return True

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._current_id = self.model.row_object(current.row()).id
        self._update_details()
        self._update_buttons()

    def _on_attention_current_changed(self, row: int) -> None:
        if 0 <= row < len(self._attention_rows):
            self._current_id = self._attention_rows[row].id
            self.select_delegation(self._current_id)
            self._update_details()
            self._update_buttons()

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_current()

    def _on_filter_changed(self) -> None:
        if not self.ctx.is_unlocked:
            return
        if self._overview is None or self._overview.today != self.ctx.clock.today():
            self._load(people=False)  # a new day: attention and "last news" move too
        else:
            self._reload_rows()

    def _update_buttons(self) -> None:
        row = self.current_row()
        stored_open = row is not None and row.delegation.status.is_open
        self.edit_button.setEnabled(row is not None)
        self.checkin_button.setEnabled(stored_open and row is not None and row.is_open)
        self.close_button.setEnabled(stored_open)
        self.reopen_button.setEnabled(row is not None and not stored_open)
        self.snooze_button.setEnabled(row is not None and row.is_open)
        snoozed = row is not None and rules.is_snoozed(row.delegation, self.ctx.clock.today())
        self.snooze_button.setText("Wake &up" if snoozed else "&Snooze…")

    def _update_details(self) -> None:
        row = self.current_row()
        private = self.ctx.privacy_screen
        key = None if row is None else (row.id, self._generation, private)
        if key == self._details_key:
            return  # the same delegation (or none), nothing reloaded since: up to date
        self._details_key = key
        if row is None or private:
            self.details.setHtml(
                "" if row is None else "<i>Details hidden while the privacy screen is on.</i>"
            )
            return
        self.details.setHtml(details_html(self.ctx, row))

    # -- change feed --------------------------------------------------------------------
    def on_changed(self, changes: ChangeSet) -> None:
        # On screen only: while hidden the Area base marks the area stale (no SQL) and it
        # refreshes once when shown.
        self._load(people=changes.touches(ChangeKind.PEOPLE), keep_depth=True)

    def _on_privacy_changed(self, on: bool) -> None:
        self.model.set_private(on)
        for widget in self._filter_widgets[:2]:  # the person filter lists names
            widget.setVisible(not on and self._has_any)
        if self.ctx.is_unlocked and self._overview is not None:
            self._reload_attention()  # from the overview read last: no SQL
            self._reload_load()
        self._update_details()


__all__ = ["HEADERS", "DelegationArea"]
