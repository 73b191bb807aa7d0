"""Note editors: plain Markdown, autosaved, with typing merged into one undo step.

Autosave (``ui/autosave.py``): a pause of ~700 ms saves, and steady typing saves at least
every 2 s; every focus change saves at once. Killing the app while typing therefore loses at
most the last two seconds. There is no Save button to forget.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ..autosave import IDLE_MS, Autosave
from ..context import AppContext
from .commands import EditNoteCommand, perform_here

AUTOSAVE_DELAY_MS = IDLE_MS
_sessions = itertools.count(1)


def next_edit_session() -> int:
    """A fresh token: saves with the same token merge into one undo step."""
    return next(_sessions)


class MarkdownEdit(QPlainTextEdit):
    """Plain-text Markdown editing: pasted rich text arrives as Markdown, never as HTML."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # keyboard users can leave the editor with Tab

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasHtml() and not source.hasFormat("text/markdown"):
            doc = QTextDocument()
            doc.setHtml(source.html())
            markdown = doc.toMarkdown().strip("\n")
            if markdown:
                self.insertPlainText(markdown)
                return
        if source.hasFormat("text/markdown"):
            self.insertPlainText(
                bytes(source.data("text/markdown").data()).decode("utf-8", "replace")
            )
            return
        if source.hasText():
            self.insertPlainText(source.text())


class AutosaveEdit(MarkdownEdit):
    """A Markdown editor bound to one text field of one note, saving as the user types.

    ``saver(old, new, session)`` performs the write (normally by pushing an undo command)
    and returns True when it happened. The app's Undo/Redo keys go to the app undo stack
    (after saving), so the editor and the undo history never disagree.
    """

    saved = Signal()
    escape_pressed = Signal()  # "done editing"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self._saved_text = ""
        self._loading = False
        self._session = next_edit_session()
        self.saver: Callable[[str, str, int], bool] | None = None
        self.undo_stack_action: Callable[[str], None] | None = None
        self.timer = Autosave(self.flush, self)
        self.textChanged.connect(self._on_text_changed)

    # -- loading -------------------------------------------------------------------------
    def load(self, text: str, *, read_only: bool = False) -> None:
        """Show ``text`` as the saved state (no save is triggered)."""
        self.timer.stop()
        self._loading = True
        try:
            self.setPlainText(text)
        finally:
            self._loading = False
        self._saved_text = text
        self._session = next_edit_session()
        self.setReadOnly(read_only)

    def follow_saved(self, text: str) -> None:
        """The stored text changed elsewhere (undo/redo): show it unless edits are pending."""
        if self.has_pending_edits():
            return
        if text != self.toPlainText():
            position = self.textCursor().position()
            self._loading = True
            try:
                self.setPlainText(text)
            finally:
                self._loading = False
            cursor = self.textCursor()
            cursor.setPosition(min(position, len(self.toPlainText())))
            self.setTextCursor(cursor)
        self._saved_text = text

    def blank(self) -> None:
        """Drop the text from the widget (privacy screen, lock); pending edits are saved."""
        self.flush()
        self.load("", read_only=True)

    @property
    def saved_text(self) -> str:
        return self._saved_text

    def has_pending_edits(self) -> bool:
        return not self.isReadOnly() and self.toPlainText() != self._saved_text

    # -- saving --------------------------------------------------------------------------
    def _on_text_changed(self) -> None:
        if not self._loading and not self.isReadOnly():
            self.timer.touch()

    def flush(self) -> bool:
        """Save now if anything changed; True when the stored text matches the editor."""
        self.timer.stop()
        text = self.toPlainText()
        if self.isReadOnly() or text == self._saved_text or self.saver is None:
            return text == self._saved_text
        old = self._saved_text
        if self.saver(old, text, self._session):
            self._saved_text = text
            self.saved.emit()
            return True
        return False

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._session = next_edit_session()  # a new visit is a new undo step
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        super().focusOutEvent(event)

    def hideEvent(self, event: QEvent) -> None:  # type: ignore[override]
        self.flush()
        super().hideEvent(event)  # type: ignore[arg-type]

    # -- undo keys go to the app's undo stack ------------------------------------------
    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
            )
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.flush()
            self.escape_pressed.emit()
            return
        if self.undo_stack_action is not None:
            if event.matches(QKeySequence.StandardKey.Undo):
                self.flush()
                self.undo_stack_action("undo")
                return
            if event.matches(QKeySequence.StandardKey.Redo):
                self.flush()
                self.undo_stack_action("redo")
                return
        super().keyPressEvent(event)


def bind_note_field(
    editor: AutosaveEdit,
    ctx: AppContext,
    note_id_getter: Callable[[], int | None],
    field: str = "body",
    *,
    applied: Callable[[object], object] | None = None,
) -> None:
    """Make ``editor`` save into ``field`` of the current note through undoable commands.

    ``applied(note)``: the save is the editor's own write (``ChangeSet.initiator``: the views
    holding the editor skip it) and this updates what else they show of the saved note."""

    def save(old: str, new: str, session: int) -> bool:
        note_id = note_id_getter()
        if note_id is None or not ctx.is_unlocked:
            return False
        command = EditNoteCommand(ctx.services, note_id, field, old, new, session)
        if applied is None:
            return ctx.push(command)
        outcome = perform_here(ctx, command, editor)
        if outcome:
            applied(outcome.value)
        return outcome.ok

    def undo_redo(which: str) -> None:
        if which == "undo":
            ctx.undo_stack.undo()
        else:
            ctx.undo_stack.redo()

    editor.saver = save
    editor.undo_stack_action = undo_redo


class FocusWatcher(QObject):
    """Calls ``callback`` whenever a watched widget loses focus (save-on-focus-change)."""

    def __init__(self, callback: Callable[[], object], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.callback()
        return False
