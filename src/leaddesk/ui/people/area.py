"""The People area: who is overdue for a one-on-one, each person's page, note search."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import LeadDeskError
from ...services.base import ChangeKind, ChangeSet
from ..area import Area
from ..context import AppContext
from ..lazy_pages import placeholder, put_in_place
from ..roles import OBJECT_ROLE, SORT_ROLE
from .commands import AddPersonCommand
from .dialogs import PersonDialog
from .drafts import save_dialog_before_lock
from .models import PeopleModel, SearchModel
from .widgets import HtmlDelegate

if TYPE_CHECKING:
    from .page.shell import PersonPage

LIST, PERSON, RESULTS = range(3)
SEARCH_DELAY_MS = 150


class PeopleArea(Area):
    title = "People"
    shows = frozenset({ChangeKind.PEOPLE, ChangeKind.NOTES, ChangeKind.BLOCKS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._stashed_query = ""
        self._person_page: PersonPage | None = None  # made when a person is first opened
        self._build()
        self.track(ctx.privacy_changed, self._on_privacy_changed)
        self.track(ctx.about_to_lock, self._on_ctx_about_to_lock)
        self.people_model.set_privacy(ctx.privacy_screen)  # names hidden while shared

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.setContentsMargins(8, 8, 8, 0)
        self.search_box = QLineEdit()
        self.search_box.setAccessibleName("Search all notes")
        self.search_box.setPlaceholderText("Search all notes…  (Ctrl+F)")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._on_search_text_changed)
        self.search_box.returnPressed.connect(self._on_search_return)
        self.add_button = QPushButton("&Add person…")
        self.add_button.setAccessibleName("Add person")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.show_archived = QCheckBox("Show a&rchived")
        self.show_archived.setAccessibleName("Show archived people")
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        top.addWidget(self.search_box, 1)
        top.addWidget(self.show_archived)
        top.addWidget(self.add_button)
        layout.addLayout(top)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

        list_page = QWidget()
        lp = QVBoxLayout(list_page)
        lp.setContentsMargins(8, 8, 8, 8)
        self.summary_label = QLabel()
        lp.addWidget(self.summary_label)
        self.people_model = PeopleModel(self)
        self.people_proxy = QSortFilterProxyModel(self)  # ≤ a few dozen rows: sorting is cheap
        self.people_proxy.setSourceModel(self.people_model)
        self.people_proxy.setSortRole(SORT_ROLE)
        self.people_view = QTableView()
        self.people_view.setAccessibleName("People")
        self.people_view.setModel(self.people_proxy)
        self.people_view.setSortingEnabled(True)
        self.people_view.sortByColumn(PeopleModel.NAME, Qt.SortOrder.AscendingOrder)
        self.people_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.people_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.people_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people_view.verticalHeader().hide()
        self.people_view.setAlternatingRowColors(True)
        header = self.people_view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(PeopleModel.ROLE, QHeaderView.ResizeMode.Stretch)
        for col, width in (
            (PeopleModel.NAME, 170),
            (PeopleModel.RELATIONSHIP, 100),
            (PeopleModel.STARTED, 100),
            (PeopleModel.CADENCE, 140),
            (PeopleModel.LAST, 190),
        ):
            self.people_view.setColumnWidth(col, width)
        self.people_view.activated.connect(self._on_people_activated)
        self.people_view.doubleClicked.connect(self._on_people_activated)
        lp.addWidget(self.people_view, 1)
        # The empty state fills the page, centred (it used to share the height with the
        # hidden table's place and the "0 people" line, sitting half-way down).
        self.empty_label = QLabel(
            "<p style='font-size:15px'><b>No people yet</b></p>"
            "<p>Add the people you work with: reports, peers, your manager.<br>"
            "<b>Add person…</b> (Alt+A) — one-on-one cadence, notes and the brief follow.</p>"
        )
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.empty_label.setObjectName("EmptyState")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("padding:24px;")
        lp.addWidget(self.empty_label, 1)
        self.stack.addWidget(list_page)

        self.stack.addWidget(placeholder())  # the person page (PERSON), made when needed

        results_page = QWidget()
        rp = QVBoxLayout(results_page)
        rp.setContentsMargins(8, 8, 8, 8)
        self.results_label = QLabel()
        rp.addWidget(self.results_label)
        self.search_model = SearchModel(self)
        self.results_view = QListView()
        self.results_view.setAccessibleName("Search results")
        self.results_view.setModel(self.search_model)
        self.results_view.setItemDelegate(HtmlDelegate(self.results_view))
        self.results_view.setUniformItemSizes(True)
        self.results_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_view.activated.connect(self._on_result_activated)
        self.results_view.clicked.connect(self._on_result_activated)
        rp.addWidget(self.results_view, 1)
        self.stack.addWidget(results_page)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        _shortcut(
            QKeySequence.StandardKey.Find,
            self,
            self._on_find_shortcut,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        for widget in (self.search_box, self.results_view):
            _shortcut(
                QKeySequence("Escape"),
                widget,
                self._on_search_escape,
                Qt.ShortcutContext.WidgetShortcut,
            )
        self.setTabOrder(self.search_box, self.show_archived)
        self.setTabOrder(self.show_archived, self.add_button)
        self.setTabOrder(self.add_button, self.people_view)

    @property
    def person_page(self) -> PersonPage:
        """One person's page, made the first time it is needed: hundreds of widgets a
        session that only looks at the list never shows (ui/lazy_pages.py)."""
        if self._person_page is None:
            from .page.shell import PersonPage  # its tabs' modules too: imported when needed

            page = PersonPage(self.ctx)
            page.back_requested.connect(self.show_list)
            self._person_page = page
            put_in_place(self.stack, PERSON, page)
        return self._person_page

    def main_view(self) -> QWidget | None:
        """What holds the focus when the area is switched to: the list, or the person
        page's tabs (main_window.main_view_of), without making the person page for it."""
        page = self._person_page
        for view in (self.people_view, page.tabs if page is not None else None):
            if view is not None and _takes_tab(view, self):
                return view
        return next(
            (child for child in self.findChildren(QWidget) if _takes_tab(child, self)), None
        )

    # == Area contract ====================================================================
    def refresh(self) -> None:
        if not self.ctx.is_unlocked:
            return
        rows = self.ctx.services.notes.people_overview(
            include_archived=self.show_archived.isChecked()
        )
        current = self.people_view.currentIndex()
        keep = current.data(OBJECT_ROLE).person.id if current.isValid() else None
        self.people_model.set_rows(rows)
        active = [r for r in rows if not r.person.archived]
        overdue = sum(1 for r in active if r.cadence.is_overdue)
        self.summary_label.setText(
            f"{len(active)} people · "
            + (f"{overdue} overdue for a one-on-one" if overdue else "no one-on-one overdue")
        )
        self.summary_label.setStyleSheet("color:#b3261e; font-weight:600;" if overdue else "")
        self.empty_label.setVisible(not rows)
        self.people_view.setVisible(bool(rows))
        self.summary_label.setVisible(bool(rows))
        if keep is not None:
            self._select_person_row(keep)
        if self.stack.currentIndex() == RESULTS and self.search_box.text().strip():
            self.run_search()

    def _on_ctx_about_to_lock(self) -> None:
        if self.ctx.is_unlocked and self._person_page is not None:
            self._person_page.save_drafts_before_lock()

    def clear_private(self) -> None:
        self.search_timer.stop()
        if self._person_page is not None:
            self._person_page.clear_private()
        self.people_model.clear()
        self.search_model.clear()
        self.search_box.setText("")  # clear() keeps the text in undo history
        self._stashed_query = ""
        self.results_label.clear()
        self.summary_label.clear()
        self.stack.setCurrentIndex(LIST)

    # == navigation =======================================================================
    def show_list(self) -> None:
        if self._person_page is not None:
            self._person_page.flush()
        self.stack.setCurrentIndex(LIST)
        self.catch_up()  # changes made while a person page was open
        self.people_view.setFocus()

    def open_person(self, person_id: int, note_id: int | None = None, query: str = "") -> None:
        self.person_page.show_person(person_id)
        self.stack.setCurrentIndex(PERSON)
        self._select_person_row(person_id)
        if note_id is not None:
            self.person_page.show_note(note_id, query)
            self.person_page.notes.timeline.setFocus()

    def _select_person_row(self, person_id: int) -> None:
        row = self.people_model.row_of(person_id)
        if row >= 0:
            index = self.people_proxy.mapFromSource(self.people_model.index(row, 0))
            self.people_view.setCurrentIndex(index)

    # == search ===========================================================================
    def run_search(self) -> None:
        query = self.search_box.text()
        if not query.strip():
            self.search_model.clear()
            return
        try:
            hits = self.ctx.services.notes.search(query, limit=100)
        except LeadDeskError:  # locked meanwhile (the search runs on a timer)
            self.search_model.clear()
            return
        self.search_model.set_hits(hits)
        self.search_model.set_privacy(self.ctx.privacy_screen)
        self.results_label.setText(
            f"{len(hits)}{'+' if len(hits) == 100 else ''} matching note"
            f"{'s' if len(hits) != 1 else ''}"
            if hits
            else "No notes match."
        )

    def _on_search_text_changed(self, text: str) -> None:
        if text.strip():
            if self._person_page is not None:
                self._person_page.flush()
            self.stack.setCurrentIndex(RESULTS)
            self.search_timer.start()
        else:
            self.search_timer.stop()
            self.search_model.clear()
            self.stack.setCurrentIndex(LIST)

    def _on_search_return(self) -> None:
        self.search_timer.stop()
        self.run_search()
        if self.search_model.rowCount():
            self.results_view.setCurrentIndex(self.search_model.index(0, 0))
            self.results_view.setFocus()

    def _on_search_escape(self) -> None:
        self.search_box.setText("")  # clear() keeps the text in undo history
        self.people_view.setFocus()

    def _on_find_shortcut(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _on_result_activated(self, index: QModelIndex) -> None:
        hit = index.data(OBJECT_ROLE)
        if hit is None:
            return
        query = self.search_box.text()
        self.search_box.blockSignals(True)
        self.search_box.setText("")  # clear() keeps the text in undo history
        self.search_box.blockSignals(False)
        self.open_person(hit.person_id, hit.note_id, query)

    # == slots ============================================================================
    def _on_people_activated(self, index: QModelIndex) -> None:
        row = index.data(OBJECT_ROLE)
        if row is not None:
            self.open_person(row.person.id)

    def _on_add_clicked(self) -> None:
        dialog = PersonDialog(self)

        def command() -> AddPersonCommand | None:
            values = dialog.values()
            name = values.pop("name")
            if not name.strip():
                return None
            return AddPersonCommand(self.ctx.services, name, **values)

        save_dialog_before_lock(self.ctx, dialog, command)  # a lock keeps the typing
        accepted = dialog.exec()
        if accepted:
            values = dialog.values()
            name = values.pop("name")
            self.ctx.push(AddPersonCommand(self.ctx.services, name, **values))

    def on_changed(self, changes: ChangeSet) -> None:
        self._reload()

    def made_by_me(self, initiator: object) -> bool:
        """The people list follows every change, the person page's own writes included: the
        page updates itself (it skips them), but the list's cadence and names come from the
        vault (read when the list is shown again)."""
        return False

    def _reload(self) -> None:
        if self.stack.currentIndex() == PERSON:
            # The list is behind the person page (which follows changes itself): read it
            # when the user goes back (show_list catches up).
            self._stale = True
            return
        self.refresh()

    def _on_privacy_changed(self, on: bool) -> None:
        """Search terms can be as telling as notes: hide the query too, restore it after."""
        self.search_model.set_privacy(on)
        self.people_model.set_privacy(on)
        if on and self.search_box.text():
            self._stashed_query = self.search_box.text()
            self.search_box.setText("")  # clear() keeps the text in undo history
        elif not on and self._stashed_query:
            query, self._stashed_query = self._stashed_query, ""
            self.search_box.setText(query)


def _takes_tab(widget: QWidget, area: QWidget) -> bool:
    """Is ``widget`` a keyboard stop on screen in ``area`` (as main_window.main_view_of
    asks)?"""
    return (
        widget.isVisibleTo(area)
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )


def _shortcut(
    keys: QKeySequence, parent: QWidget, slot: object, context: Qt.ShortcutContext
) -> QShortcut:
    """A shortcut limited to ``context`` (PySide6 ignores a context passed to the constructor,
    and a window-wide Escape would steal the note editor's "done editing")."""
    shortcut = QShortcut(keys, parent)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)  # type: ignore[arg-type]
    return shortcut
