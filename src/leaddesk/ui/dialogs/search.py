"""Ctrl+K: one search across the vault, keyboard only, the hit opened in its area.

Type (the results follow after a short pause), Down or Tab into the list, Enter opens the
current hit (from the field, the first one), Esc closes. Under the privacy screen the field
shows dots and each result only its kind: nothing names a colleague or quotes a record.
The query is never written anywhere (not to QSettings, not to a log).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import LeadDeskError
from ...services.search import SearchResult
from ..context import AppContext

DELAY_MS = 120
LIMIT = 50


class SearchDialog(QDialog):
    """The search window; ``open_hit`` (the main window's) shows a chosen hit."""

    def __init__(
        self,
        ctx: AppContext,
        open_hit: Callable[[SearchResult, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._open_hit = open_hit
        self.hits: list[SearchResult] = []
        self.setObjectName("SearchDialog")
        self.setWindowTitle("Search")
        self.resize(620, 460)
        self.field = QLineEdit()
        self.field.setObjectName("SearchField")
        self.field.setAccessibleName("Search everything")
        self.field.setPlaceholderText("Search people, notes, tasks, delegations, items, topics…")
        self.field.setClearButtonEnabled(True)
        self.field.installEventFilter(self)
        self.field.textChanged.connect(lambda _t: self.timer.start())
        self.status = QLabel("Type to search. Enter opens the first hit, Down goes to the list.")
        self.status.setObjectName("FieldHint")
        self.status.setWordWrap(True)
        self.results = QListWidget()
        self.results.setObjectName("SearchResults")
        self.results.setAccessibleName("Search results")
        self.results.setUniformItemSizes(True)
        self.results.itemActivated.connect(lambda item: self.open_item(item))
        layout = QVBoxLayout(self)
        layout.addWidget(self.field)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.run)
        ctx.privacy_changed.connect(self.set_privacy)
        ctx.locked.connect(self.clear_private)
        self.set_privacy(ctx.privacy_screen)
        self.field.setFocus()

    # -- searching ----------------------------------------------------------------------
    def run(self) -> None:
        self.timer.stop()
        query = self.field.text()
        if not query.strip() or not self.ctx.is_unlocked:
            self.hits = []
            self._fill()
            self.status.setText("Type to search.")
            return
        try:
            self.hits = self.ctx.services.search.search(query, limit=LIMIT)
        except LeadDeskError as exc:  # locked meanwhile, a damaged page: said plainly
            self.hits = []
            self.status.setText(str(exc))
            self._fill()
            return
        self._fill()
        count = len(self.hits)
        self.status.setText(
            "Nothing matches." if not count else f"{count}{'+' if count == LIMIT else ''} found"
        )

    def _fill(self) -> None:
        private = self.ctx.privacy_screen
        texts = []
        for hit in self.hits:
            if private:
                texts.append(f"{hit.kind.label} (hidden)")
            else:
                detail = f"  —  {hit.detail}" if hit.detail else ""
                texts.append(f"{hit.kind.label}: {hit.title}{detail}")
        self.results.clear()
        self.results.addItems(texts)  # one insertion, not one per hit
        if self.results.count():
            self.results.setCurrentRow(0)

    # -- opening ------------------------------------------------------------------------
    def open_item(self, item: QListWidgetItem | None) -> bool:
        if item is None:
            return False
        row = self.results.row(item)
        if not 0 <= row < len(self.hits):
            return False
        hit = self.hits[row]
        query = self.field.text()
        self.accept()
        self._open_hit(hit, query)
        return True

    def open_current(self) -> bool:
        if self.timer.isActive():
            self.run()  # Enter before the pause ended: search now
        return self.open_item(self.results.currentItem() or self.results.item(0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.results.count():
                if self.timer.isActive():
                    self.run()
                self.results.setFocus(Qt.FocusReason.TabFocusReason)
                if self.results.currentRow() < 0:
                    self.results.setCurrentRow(0)
                return True
        return super().eventFilter(watched, event)

    # -- privacy and lock ---------------------------------------------------------------
    def set_privacy(self, on: bool) -> None:
        self.field.setEchoMode(QLineEdit.EchoMode.Password if on else QLineEdit.EchoMode.Normal)
        self._fill()

    def clear_private(self) -> None:
        self.hits = []
        self.results.clear()
        self.field.setText("")
        self.reject()


def open_search(
    ctx: AppContext, parent: QWidget, open_hit: Callable[[SearchResult, str], None]
) -> SearchDialog:
    """Open the search (non-modal: Esc closes, Enter opens a hit) and return it."""
    dialog = SearchDialog(ctx, open_hit, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    ctx.keep_open(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.field.setFocus()
    return dialog
