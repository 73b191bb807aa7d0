"""The Eisenhower matrix board: Inbox beside a 2x2 grid of quadrants, a filter, balance
hints and the Done / Let-go lists.

The board is rebuilt from one ``board_snapshot`` read whenever tasks, people, blocks or
delegations change; a change notice that names the tasks it touched (a move, a completion)
only re-reads those cards. Every user action is an undo command pushed through ``ctx.push``.
"""

from __future__ import annotations

import bisect
import itertools
import logging
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Person, Quadrant
from ...domain.week import week_start
from ...services.base import ChangeKind, ChangeSet
from ...services.tasks import BoardCard, BoardSnapshot
from ..area import Area
from ..context import AppContext
from .balance import balance_hints, counts_line
from .capture import open_quick_capture
from .card_painter import CardLook
from .commands import CompleteTasksCommand, LetGoTasksCommand, MoveTasksCommand
from .delegate_offer import DelegateOfferMixin
from .editor import TaskEditor, open_task_editor
from .lists import FinishedListsPanel
from .model import BoardLookups, QuadrantModel, set_model_private
from .prune_keys import PruneKeys
from .views import EMPTY_TEXT, HELP_LINE, SHORTCUT_OF, CardListView, QuadrantPanel, VerticalLabel

log = logging.getLogger(__name__)

GRID: dict[Quadrant, tuple[int, int]] = {  # (row, column) in the 2x2 grid
    Quadrant.DO: (0, 0),
    Quadrant.SCHEDULE: (0, 1),
    Quadrant.DELEGATE: (1, 0),
    Quadrant.DELETE: (1, 1),
}
FILTERED_EMPTY_TEXT = "No card here matches the filter.\nPress Esc in the filter box to see all."
WATCHED = (ChangeKind.TASKS, ChangeKind.PEOPLE, ChangeKind.BLOCKS, ChangeKind.DELEGATIONS)


def _board_order(card: BoardCard) -> tuple[float, int]:
    return (card.position, card.id)


def matches(card: BoardCard, needle: str, person_name: str) -> bool:
    return (
        needle in card.title.casefold()
        or needle in card.requester.casefold()
        or (bool(person_name) and needle in person_name.casefold())
    )


class MatrixArea(DelegateOfferMixin, Area):
    title = "Matrix"
    shows = frozenset(WATCHED)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("matrix-area")
        self._snapshot: BoardSnapshot | None = None
        self._stale = True
        self._people: list[Person] | None = None
        self._lookups = BoardLookups()
        self._people_names: dict[int, str] = {}
        self._lists_panel: FinishedListsPanel | None = None  # see lists_panel
        # cards moved into Delegate whose delegate dialog is pending: origin and undo step
        self._delegate_moves: dict[int, tuple[Quadrant, tuple[int, int, frozenset[int]]]] = {}
        self.models: dict[Quadrant, QuadrantModel] = {}
        self.panels: dict[Quadrant, QuadrantPanel] = {}
        # Every widget is made inside its final parent (the splitter and the grid's host
        # first): a widget added to a layout or splitter from another parent is re-parented,
        # and that walks its whole subtree again for font, palette and style (issue 18:
        # ~5 ms of building the board).
        # In the splitter's order: the Inbox, then the grid's host (a splitter's children
        # join it in the order they are made; moving one afterwards cost ~1 ms each).
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        grid_host: QWidget | None = None
        looks: dict[tuple[object, ...], CardLook] = {}  # the painters' shared looks
        for quadrant in Quadrant:
            model = QuadrantModel(quadrant, lambda: self.ctx.services.tasks, ctx.push, self)
            model.moved_in.connect(self._on_model_moved_in)
            self.models[quadrant] = model
            if quadrant is Quadrant.INBOX:
                home = self.splitter
            else:
                if grid_host is None:
                    grid_host = QWidget(self.splitter)
                home = grid_host
            panel = QuadrantPanel(model, home)
            panel.view.card_painter.share_looks(looks)
            self.panels[quadrant] = panel
            view = panel.view
            view.move_requested.connect(lambda q, v=view: self.move_selected(v, q))
            view.reorder_requested.connect(lambda step, v=view: self.reorder_selected(v, step))
            view.complete_requested.connect(lambda v=view: self.complete_selected(v))
            view.card_painter.complete_clicked.connect(self.complete_task)
            view.edit_requested.connect(lambda v=view: self.edit_current(v))
            view.let_go_requested.connect(lambda v=view: self.let_go_selected(v))
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, v=view: self._on_view_context_menu(v, pos)
            )
        assert grid_host is not None
        self._grid_host = grid_host
        self._build_layout()
        self.prune_keys = PruneKeys(self, ctx)  # E: estimate, D: defer the selected card
        self.track(ctx.locked, self.clear_private)
        self.track(ctx.privacy_changed, self.set_privacy)
        self.set_privacy(ctx.privacy_screen)

    # -- layout ----------------------------------------------------------------------
    def _build_layout(self) -> None:
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by text or person…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter cards")
        self.filter_edit.textChanged.connect(lambda _t: self._apply_snapshot())
        self.filter_edit.installEventFilter(self)  # Esc clears it
        self.person_combo = QComboBox(self)
        self.person_combo.setAccessibleName("Filter by person")
        self.person_combo.addItem("Anyone", None)
        self.person_combo.currentIndexChanged.connect(lambda _i: self._apply_snapshot())
        self.capture_button = QPushButton("+ Capture", self)
        self.capture_button.setAccessibleName("Capture a task")
        self.capture_button.setToolTip("Capture a request or idea into the Inbox (Ctrl+N)")
        self.capture_button.clicked.connect(lambda: open_quick_capture(self.ctx, self.window()))
        self.done_button = QPushButton("Done", self)
        self.done_button.setCheckable(True)
        self.done_button.setAccessibleName("Show the Done list")
        self.done_button.setToolTip("Tasks completed this week; un-complete from here")
        self.let_go_button = QPushButton("Let go", self)
        self.let_go_button.setCheckable(True)
        self.let_go_button.setAccessibleName("Show the Let-go list")
        self.let_go_button.setToolTip("Tasks let go from Delete; restore or purge them")
        self.done_button.toggled.connect(
            lambda on: self._show_lists(on, FinishedListsPanel.DONE_TAB)
        )
        self.let_go_button.toggled.connect(
            lambda on: self._show_lists(on, FinishedListsPanel.LET_GO_TAB)
        )
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 2)
        top.addWidget(self.person_combo, 1)
        top.addStretch(1)
        top.addWidget(self.capture_button)
        top.addWidget(self.done_button)
        top.addWidget(self.let_go_button)

        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("matrix-counts")
        self.counts_label.setAccessibleName("Cards per quadrant")
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("matrix-hint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setAccessibleName("Balance hint")
        self.hint_label.setStyleSheet(
            "QLabel#matrix-hint { background: palette(alternate-base); border-radius: 4px;"
            " padding: 4px 8px; }"
        )
        self.hint_label.hide()

        grid_host = self._grid_host
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        for text, column in (("Urgent", 1), ("Not urgent", 2)):
            label = QLabel(text, grid_host)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setEnabled(False)
            grid.addWidget(label, 0, column)
        for text, row in (("Important", 1), ("Not important", 2)):
            label = VerticalLabel(text, grid_host)
            label.setEnabled(False)
            grid.addWidget(label, row, 0)
        for quadrant, (row, column) in GRID.items():
            grid.addWidget(self.panels[quadrant], row + 1, column + 1)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)

        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([280, 840])

        self.help_label = QLabel(HELP_LINE, self)
        self.help_label.setEnabled(False)
        self.help_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.addLayout(top)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.help_label)

        order: list[QWidget] = [self.filter_edit, self.person_combo]
        order += [self.panels[q].view for q in Quadrant]
        order += [self.capture_button, self.done_button, self.let_go_button]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    @property
    def lists_panel(self) -> FinishedListsPanel:
        """The Done / Let-go side panel, made the first time it is wanted: it starts hidden,
        and making it was ~3 ms of every board build (issue 18). It joins the splitter as
        the third part, hidden with no width, as it was when made with the board."""
        panel = self._lists_panel
        if panel is None:
            sizes = self.splitter.sizes()
            panel = self._lists_panel = FinishedListsPanel(self.ctx, self.splitter)
            panel.hide()
            panel.currentChanged.connect(lambda _i: self._sync_list_buttons())
            self.splitter.setStretchFactor(2, 1)
            self.splitter.setSizes([*sizes[:2], 0])
            private = self.ctx.privacy_screen
            for model in (panel.done_model, panel.let_go_model):
                set_model_private(model, private)
        return panel

    def _lists_shown(self) -> bool:
        return self._lists_panel is not None and self._lists_panel.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.filter_edit.text()
        ):
            self.filter_edit.setText("")  # clear() keeps the text in undo history
            return True
        return super().eventFilter(watched, event)

    def main_view(self) -> QWidget:
        """Where the focus goes when the board is switched to: the Inbox, else the first
        quadrant that has cards (its current card gets selected on focus-in)."""
        for quadrant in Quadrant:
            if self.models[quadrant].rowCount():
                return self.panels[quadrant].view
        return self.panels[Quadrant.INBOX].view

    def show_card(self, task_id: int) -> CardListView | None:
        """Select a card and give its quadrant the focus (a search hit); the filter is
        cleared if it hides the card. None when the task is not on the board."""
        if self._stale or self._snapshot is None:
            self.refresh()
        snapshot = self._snapshot
        if snapshot is None:
            return None
        quadrant = next(
            (q for q, cards in snapshot.cards.items() if any(c.id == task_id for c in cards)),
            None,
        )
        if quadrant is None:
            return None
        view = self.panels[quadrant].view
        if view.quadrant_model().row_of(task_id) < 0:  # filtered out
            self.filter_edit.setText("")
            self.person_combo.setCurrentIndex(0)
        view.select_ids([task_id])
        view.setFocus(Qt.FocusReason.OtherFocusReason)
        return view

    # -- Area contract ---------------------------------------------------------------
    def refresh(self, *, people: bool = True) -> None:
        """Reload the whole board in one read and redistribute it to the quadrants
        (``people=False``: keep the cached names and initials, e.g. after a task move)."""
        if not self.ctx.is_unlocked:
            return
        self._stale = False
        services = self.ctx.services
        if people or self._people is None:
            self._people = services.people.list()
            self._people_names = {p.id: p.name for p in self._people if p.id is not None}
            self._refresh_person_filter(self._people)
        snapshot = services.tasks.board_snapshot(self.week_start())
        self._snapshot = snapshot
        self._lookups = BoardLookups(
            {p.id: (p.initials, p.name) for p in self._people if p.id is not None},
            snapshot.delegated_ids,
            snapshot.booked_ids,
            self.ctx.clock.today(),
        )
        self._apply_snapshot()
        if self._lists_shown():
            self.lists_panel.refresh(self.week_start())

    def clear_private(self) -> None:
        self._snapshot = None
        self._stale = True
        self._people = None
        self._lookups = BoardLookups()
        self._people_names = {}
        for model in self.models.values():
            model.clear()
        for panel in self.panels.values():
            panel.set_count(0, 0)
            panel.view.card_painter.clear_cache()
        if self._lists_panel is not None:
            self._lists_panel.clear()
            self._lists_panel.hide()
        self._sync_list_buttons()
        self.filter_edit.setText("")  # clear() keeps the text in undo history
        self.person_combo.blockSignals(True)
        self.person_combo.clear()
        self.person_combo.addItem("Anyone", None)
        self.person_combo.blockSignals(False)
        self.counts_label.clear()
        self.hint_label.clear()
        self.hint_label.hide()
        for child in self.window().findChildren(TaskEditor):
            child.reject()

    def set_privacy(self, on: bool) -> None:
        """The privacy screen: cards show no title, requester or initials, the lists no
        titles, the person filter (names) hides and the filter box shows dots."""
        for quadrant, model in self.models.items():
            set_model_private(model, on)
            view = self.panels[quadrant].view
            view.card_painter.private = on
            view.viewport().update()
        if self._lists_panel is not None:  # else made with the screen's state
            for model in (self._lists_panel.done_model, self._lists_panel.let_go_model):
                set_model_private(model, on)
        echo = QLineEdit.EchoMode.Password if on else QLineEdit.EchoMode.Normal
        if self.filter_edit.echoMode() != echo:  # setting it re-lays the box out (~1 ms)
            self.filter_edit.setEchoMode(echo)
        self.person_combo.setVisible(not on)

    def week_start(self) -> date:
        first = int(self.ctx.settings.get("week/first_weekday"))
        return week_start(self.ctx.clock.today(), first)

    # -- distributing the snapshot ---------------------------------------------------
    def _refresh_person_filter(self, people: Sequence) -> None:  # type: ignore[type-arg]
        combo = self.person_combo
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("Anyone", None)
        for person in people:
            combo.addItem(person.name, person.id)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)

    def _apply_snapshot(self) -> None:
        snapshot = self._snapshot
        if snapshot is None:
            return
        needle = self.filter_edit.text().strip().casefold()
        person_id = self.person_combo.currentData()
        names = self._people_names
        for quadrant, cards in snapshot.cards.items():
            shown = cards
            if person_id is not None:
                shown = [c for c in shown if c.person_id == person_id]
            if needle:
                shown = [c for c in shown if matches(c, needle, names.get(c.person_id or -1, ""))]
            panel = self.panels[quadrant]
            view = panel.view
            keep = view.selected_ids()
            current = view.currentIndex().row()
            view.card_painter.today = self._lookups.today
            changed = self.models[quadrant].set_cards(shown, self._lookups)
            if changed and keep:
                view.select_ids(keep, current)
            panel.set_count(len(shown), len(cards))
            filtered_out = bool(cards) and not shown
            empty_text = FILTERED_EMPTY_TEXT if filtered_out else EMPTY_TEXT[quadrant]
            if changed or empty_text != view.empty_text:  # untouched quadrants keep their pixels
                view.empty_text = empty_text
                view.viewport().update()
        counts = snapshot.counts()
        self.counts_label.setText(counts_line(counts))
        unbooked = sum(
            1 for c in snapshot.cards[Quadrant.SCHEDULE] if c.id not in snapshot.booked_ids
        )
        hints = balance_hints(counts, unbooked)
        self.hint_label.setText("  ".join(hints))
        self.hint_label.setVisible(bool(hints))

    def on_changed(self, changes: ChangeSet) -> None:
        # Only while the board is on screen (the Area base marks it stale while hidden).
        named = changes.ids.get(ChangeKind.TASKS)
        if changes.kinds == {ChangeKind.TASKS} and named is not None and self._can_patch():
            self._patch_cards(named)
        else:
            self.refresh(people=changes.touches(ChangeKind.PEOPLE))

    def _can_patch(self) -> bool:
        snapshot = self._snapshot
        return (
            not self._stale
            and snapshot is not None
            and snapshot.week_start == self.week_start()  # else "booked" means another week
        )

    def _patch_cards(self, task_ids: frozenset[int]) -> None:
        """Only these tasks changed: re-read their cards and put them in place (a card move
        costs a read of one row, not of the whole board). Markers do not depend on a task's
        own fields, so they stay as they are."""
        snapshot = self._snapshot
        assert snapshot is not None
        fresh = self.ctx.services.tasks.board_cards(task_ids)
        cards = dict(snapshot.cards)
        for quadrant, old in snapshot.cards.items():
            if any(c.id in task_ids for c in old):
                cards[quadrant] = [c for c in old if c.id not in task_ids]
        for card in sorted(fresh, key=lambda c: (c.position, c.id)):
            column = cards[card.quadrant]
            if column is snapshot.cards[card.quadrant]:
                column = cards[card.quadrant] = list(column)
            at = bisect.bisect_left(column, (card.position, card.id), key=_board_order)
            column.insert(at, card)
        self._snapshot = BoardSnapshot(
            cards, snapshot.delegated_ids, snapshot.booked_ids, snapshot.week_start
        )
        self._apply_snapshot()
        if self._lists_shown():
            self.lists_panel.refresh(self.week_start())

    def _show_lists(self, on: bool, tab: int) -> None:
        if on:
            self.lists_panel.setCurrentIndex(tab)
            self.lists_panel.show()
            self.lists_panel.refresh(self.week_start())
            sizes = self.splitter.sizes()
            if sizes[2] < 200:
                self.splitter.setSizes([sizes[0], max(sizes[1] - 300, 300), 300])
        elif self._lists_panel is not None:
            self._lists_panel.hide()
        self._sync_list_buttons()

    def _sync_list_buttons(self) -> None:
        """The two toggles mirror the side panel: which tab shows, or none (a check mark
        makes the state visible whatever the style)."""
        panel = self._lists_panel
        shown = panel is not None and panel.isVisibleTo(self)
        tab = panel.currentIndex() if panel is not None else -1
        for button, own_tab, text in (
            (self.done_button, FinishedListsPanel.DONE_TAB, "Done"),
            (self.let_go_button, FinishedListsPanel.LET_GO_TAB, "Let go"),
        ):
            on = shown and tab == own_tab
            button.blockSignals(True)
            button.setChecked(on)
            button.setText(f"✓ {text}" if on else text)
            button.blockSignals(False)

    # -- actions (all undoable) ------------------------------------------------------
    def move_selected(self, view: CardListView, quadrant: Quadrant) -> bool:
        """Move the selected cards to the end of ``quadrant`` (keyboard, context menu)."""
        ids = view.selected_ids()
        if not ids or quadrant == view.quadrant:
            return False
        row = view.currentIndex().row()
        moved = self.models[quadrant].move_cards_before_row(ids, -1)
        if moved:
            view.select_ids([], row)  # the next card, ready for the next triage key
        return moved

    def reorder_selected(self, view: CardListView, step: int) -> bool:
        """Move the selected cards one place up or down among the visible cards."""
        ids = view.selected_ids()
        model = view.quadrant_model()
        if not ids:
            return False
        rows = sorted(model.row_of(i) for i in ids)
        others = [i for i in model.task_ids() if i not in ids]
        first_other_after = sum(1 for i in model.task_ids()[: rows[0]] if i not in ids)
        target = first_other_after + (-1 if step < 0 else 1)
        if target < 0 or target > len(others):
            return False
        before_id = others[target] if target < len(others) else None
        row = model.row_of(before_id) if before_id is not None else -1
        moved = model.move_cards_before_row(ids, row)
        if moved:
            view.select_ids(ids)
        return moved

    def complete_selected(self, view: CardListView) -> bool:
        ids = view.selected_ids()
        if not ids:
            return False
        row = view.currentIndex().row()
        done = self.ctx.push(CompleteTasksCommand(self.ctx.services.tasks, ids))
        if done:
            view.select_ids([], row)
        return done

    def complete_task(self, task_id: int) -> bool:
        """The card's circle was clicked: complete just that card."""
        return self.ctx.push(CompleteTasksCommand(self.ctx.services.tasks, [task_id]))

    def let_go_selected(self, view: CardListView) -> bool:
        """Let go (from Delete at once; from elsewhere only after asking)."""
        ids = view.selected_ids()
        if not ids:
            return False
        if view.quadrant != Quadrant.DELETE:
            noun = "this task" if len(ids) == 1 else f"these {len(ids)} tasks"
            answer = QMessageBox.question(
                self,
                "Let go",
                f"Let go of {noun}? It leaves the board and stays restorable from the "
                "Let-go list (Ctrl+Z undoes it).",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        row = view.currentIndex().row()
        done = self.ctx.push(LetGoTasksCommand(self.ctx.services.tasks, ids))
        if done:
            view.select_ids([], row)
        return done

    def edit_current(self, view: CardListView) -> TaskEditor | None:
        index = view.currentIndex()
        if not index.isValid():
            return None
        task_id = view.quadrant_model().card(index.row()).id
        editor = open_task_editor(self.ctx, self, task_id)
        editor.accepted.connect(lambda e=editor, t=task_id: self._on_editor_accepted(e, t))
        return editor

    def _on_editor_accepted(self, editor: TaskEditor, task_id: int) -> None:
        if editor.moved_to_delegate:
            QTimer.singleShot(0, self, lambda: self._offer_delegations([task_id]))

    def _on_view_context_menu(self, view: CardListView, pos: QPoint) -> None:
        self.context_menu(view).popup(view.viewport().mapToGlobal(pos))

    def context_menu(self, view: CardListView) -> QMenu:
        menu = QMenu(view)
        has = bool(view.selected_ids())
        for quadrant in Quadrant:
            if quadrant == view.quadrant:
                continue
            action = QAction(f"Move to {quadrant.label}", menu)
            action.setShortcut(SHORTCUT_OF[quadrant])
            action.setEnabled(has)
            action.triggered.connect(lambda _c=False, q=quadrant: self.move_selected(view, q))
            menu.addAction(action)
        menu.addSeparator()
        for text, keys, slot in (
            ("Move up", "Alt+Up", lambda: self.reorder_selected(view, -1)),
            ("Move down", "Alt+Down", lambda: self.reorder_selected(view, 1)),
            ("Complete", "Space", lambda: self.complete_selected(view)),
            ("Edit…", "Return", lambda: self.edit_current(view)),
            ("Let go", "Del", lambda: self.let_go_selected(view)),
        ):
            action = QAction(text, menu)
            action.setShortcut(keys)
            action.setEnabled(has)
            action.triggered.connect(lambda _c=False, s=slot: s())
            menu.addAction(action)
        return menu


__all__ = ["MatrixArea", "MoveTasksCommand"]
