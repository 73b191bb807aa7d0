"""What the main window opens from its menus: Preferences, the shortcut list, the search
(Ctrl+K) and where a hit opens, About. Functions of the window (``self``), kept apart so the
shell module stays about building, switching areas and locking."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from .. import APP_NAME, __version__
from .actions import ActionId
from .area import AREAS

if TYPE_CHECKING:
    from .main_window import MainWindow


def open_preferences(self: MainWindow) -> QDialog:
    from .dialogs.preferences import PreferencesDialog

    self.ensure_all_areas()  # areas register their preference pages on import
    dialog = PreferencesDialog(self.ctx, self)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_shortcuts(self: MainWindow) -> QDialog:
    from .dialogs.shortcuts import ShortcutsDialog, area_rows

    a = self.actions_by_id
    groups = [
        ("File", [a[i] for i in (ActionId.QUICK_CAPTURE, ActionId.QUICK_NOTE, ActionId.LOCK)]),
        ("File", [a[ActionId.QUIT]]),
        (
            "Edit",
            [self.undo_action, self.redo_action, a[ActionId.SEARCH], a[ActionId.PREFERENCES]],
        ),
        ("View", [*self.area_actions, a[ActionId.PRIVACY_SCREEN]]),
        ("Help", [a[ActionId.SHORTCUTS]]),
    ]
    self.ensure_all_areas()  # each area lists the keys it registers
    area_rows_ = [
        row for spec in AREAS for row in area_rows(spec.title, spec.key, self.areas.get(spec.key))
    ]
    dialog = ShortcutsDialog(groups, self, areas=area_rows_)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_search(self: MainWindow) -> QDialog | None:
    """Ctrl+K from every area: one search, the chosen hit opened in its area."""
    if not self.ctx.is_unlocked:
        return None
    from .dialogs.search import SearchDialog, open_search

    existing = self.ctx.find_open_window(SearchDialog)
    if isinstance(existing, SearchDialog):
        existing.activateWindow()
        existing.field.setFocus()
        existing.field.selectAll()
        return existing
    return open_search(self.ctx, self, self.open_hit)


def open_hit(self: MainWindow, hit: Any, query: str = "") -> QWidget | None:
    """Show a search hit where it lives: a person's page (their note, item or topic),
    the card on the board (or its editor when it is off the board), the delegation in
    the tracker. Returns the widget that got the focus."""
    from ..services.search import HitKind

    kind = hit.kind
    if kind in (HitKind.PERSON, HitKind.NOTE, HitKind.ACTION_ITEM, HitKind.TOPIC):
        self.show_area("people", focus=False)
        people: Any = self.areas.get("people")
        if people is None or hit.person_id is None:
            return None
        note_id = hit.record_id if kind is HitKind.NOTE else None
        people.open_person(hit.person_id, note_id, query if note_id else "")
        page = people.person_page
        target = page.notes.timeline if note_id else page.tabs  # Ctrl+Tab / arrows go on
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return self.focusWidget()
    if kind is HitKind.DELEGATION:
        self.show_area("delegations", focus=False)
        tracker: Any = self.areas.get("delegations")
        if tracker is None:
            return None
        if not tracker.select_delegation(hit.record_id):
            tracker.status_filter.setCurrentIndex(0)  # "All": a filter may hide it
            tracker.select_delegation(hit.record_id)
        tracker.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return tracker.table
    if kind is HitKind.TASK:
        self.show_area("matrix", focus=False)
        board: Any = self.areas.get("matrix")
        if board is None:
            return None
        view = board.show_card(hit.record_id)
        if view is not None:
            return view
        from .matrix.editor import open_task_editor

        return open_task_editor(self.ctx, board, hit.record_id)  # done or let go
    return None


def about_text() -> str:
    from PySide6 import __version__ as pyside_version

    from ..services.unlocking import sqlcipher_version

    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Private weekly planning for tech leads, in one encrypted file.</p>"
        f"<p>SQLCipher {sqlcipher_version() or 'unavailable'}<br>"
        f"Qt {pyside_version} (PySide6)</p>"
    )


def open_about(self: MainWindow) -> None:
    QMessageBox.about(self, f"About {APP_NAME}", about_text())
