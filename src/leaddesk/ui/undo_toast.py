"""A short status-bar message after every action that changes data, with an Undo button.

"Completed 1 task · Undo": a stray Space that completed a card used to be told only by the
Edit menu. The message is derived from the session's undo stack (a new command on top
means an action just happened), so every undoable action gets one without any area doing
anything. Under the privacy screen, or when the text could name a record, it is neutral
("1 change · Undo"); it is hidden at the lock.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStatusBar, QWidget

from .context import AppContext

SHOW_MS = 8000
NEUTRAL = "1 change"

# First word(s) of a command's text -> the past tense shown after the action.
PAST: tuple[tuple[str, str], ...] = (
    ("Let go of", "Let go of"),
    ("Check in", "Checked in"),
    ("Complete", "Completed"),
    ("Move", "Moved"),
    ("Delete", "Deleted"),
    ("Add", "Added"),
    ("Edit", "Edited"),
    ("Book", "Booked"),
    ("Restore", "Restored"),
    ("Purge", "Purged"),
    ("Tick", "Ticked"),
    ("Reopen", "Reopened"),
    ("Resolve", "Resolved"),
    ("Archive", "Archived"),
    ("Remove", "Removed"),
    ("Mark", "Marked"),
    ("Import", "Imported"),
    ("Snooze", "Snoozed"),
    ("Close", "Closed"),
    ("Delegate", "Delegated"),
    ("Make", "Made"),
    ("Change", "Changed"),
    ("Accept", "Accepted"),
    ("Plan", "Planned"),
    ("Wake", "Woke"),
    ("Record", "Recorded"),
)
# Command texts are short labels ("Complete 1 task"); anything longer or quoted may hold a
# title or a name, and is replaced by the neutral text.
SAFE_MAX = 48


def past_tense(text: str) -> str:
    for verb, past in PAST:
        if text == verb or text.startswith(verb + " "):
            return past + text[len(verb) :]
    return text


def toast_text(command_text: str, private: bool) -> str:
    """What the status bar says after a command with ``command_text`` was done."""
    text = " ".join(command_text.replace("&", "").split())
    if private or not text or len(text) > SAFE_MAX or any(q in text for q in "\"'“”‘’«»:"):
        return NEUTRAL
    return past_tense(text)


class UndoToast(QObject):
    """Watches ``ctx.undo_stack`` and shows the message in ``bar``."""

    def __init__(self, ctx: AppContext, bar: QStatusBar) -> None:
        super().__init__(bar)
        self._ctx = ctx
        self._stack: QUndoStack = ctx.undo_stack
        self._count = self._stack.count()
        self._index = self._stack.index()
        self._next: QUndoCommand | None = self._command_at(self._index)  # what redo brings
        self._command_text = ""
        self._shown_index = -1  # the stack index the Undo button would take back
        self.widget = QWidget()
        self.widget.setObjectName("UndoToast")
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.label = QLabel()
        self.label.setObjectName("UndoToastText")
        self.label.setAccessibleName("Last change")
        self.button = QPushButton("Undo")
        self.button.setObjectName("UndoToastButton")
        self.button.setAccessibleName("Undo the last change")
        self.button.setToolTip("Undo (Ctrl+Z)")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+Z is the keyboard way
        self.button.setFlat(True)
        self.button.clicked.connect(self.undo)
        row.addWidget(self.label)
        row.addWidget(self.button)
        bar.addWidget(self.widget)
        self.widget.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SHOW_MS)
        self.timer.timeout.connect(self.hide)
        self._stack.indexChanged.connect(self._on_stack_index_changed)
        ctx.privacy_changed.connect(self._on_ctx_privacy_changed)
        ctx.locked.connect(self.hide)

    def _command_at(self, index: int) -> QUndoCommand | None:
        if 0 <= index < self._stack.count():
            return self._stack.command(index)
        return None

    def _on_stack_index_changed(self, index: int) -> None:
        count = self._stack.count()
        top = self._command_at(index - 1)
        before_index, before_count, before_next = self._index, self._count, self._next
        self._index, self._count, self._next = index, count, self._command_at(index)
        if count == 0 or (top is None and index >= before_index):
            self.hide()  # history cleared (another vault, a restore)
        elif index < before_index and count == before_count:
            self._show_plain("Undone")
        elif index == before_index + 1 and count == before_count and top is before_next:
            self._show_plain("Redone")
        elif top is not None and index > 0:
            self._show(top.text(), undo_index=index)  # a new action

    def _show(self, command_text: str, *, undo_index: int) -> None:
        self._command_text = command_text
        self._shown_index = undo_index
        self.label.setText(toast_text(command_text, self._ctx.privacy_screen))
        self.button.show()
        self.widget.show()
        self.timer.start()

    def _show_plain(self, text: str) -> None:
        self._command_text = ""
        self._shown_index = -1
        self.label.setText(text)
        self.button.hide()
        self.widget.show()
        self.timer.start(3000)

    def text(self) -> str:
        """What shows now ("" when hidden), e.g. "Completed 1 task · Undo"."""
        if self.widget.isHidden():
            return ""
        return self.label.text() + (" · Undo" if not self.button.isHidden() else "")

    def undo(self) -> None:
        """The Undo button: takes back the action shown, if it is still the last one."""
        if self._stack.index() == self._shown_index and self._stack.canUndo():
            self._stack.undo()

    def hide(self) -> None:
        self.timer.stop()
        self.label.clear()
        self._command_text = ""
        self.widget.hide()

    def _on_ctx_privacy_changed(self, on: bool) -> None:
        if not self.widget.isHidden() and self._command_text:
            self.label.setText(toast_text(self._command_text, on))
