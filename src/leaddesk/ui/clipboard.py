"""Copy private text to the clipboard, and take it back later (KeePassXC's clipboard rule).

After ``security/clipboard_clear_seconds`` (default 30; 0 = never) the clipboard is cleared,
but only if it still holds exactly what LeadDesk put there: something the user copied
since, from any program, is never touched. On lock, :meth:`ClipboardGuard.clear_if_ours`
clears it at once. The copy carries ``x-kde-passwordManagerHint: secret`` so clipboard
history managers that honour it (Klipper, several others) do not keep a copy.

Every copy made in LeadDesk goes through the guard: an editor's own Ctrl+C, Cut or
context-menu Copy (which Qt performs itself) is taken over the moment it lands
(:meth:`ClipboardGuard.watch_app_copies`): it is put back marked secret and cleared on the
same timer. On X11 the PRIMARY selection (text merely selected, pasted with the middle
button) is cleared on that timer too when LeadDesk still owns it, and at lock.

One guard lives per AppContext, as a child object: :func:`guard_for` finds or creates it, so
no module-level state is needed.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMimeData, QObject, QTimer, Slot
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication

from .settings import AppSettings

log = logging.getLogger(__name__)

CLEAR_KEY = "security/clipboard_clear_seconds"
SECRET_HINT_FORMAT = "x-kde-passwordManagerHint"


class ClipboardGuard(QObject):
    def __init__(self, settings: AppSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._ours: str | None = None
        self._setting = False  # True while the guard itself sets the clipboard
        self._watching = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_if_ours)
        self._selection_timer = QTimer(self)
        self._selection_timer.setSingleShot(True)
        self._selection_timer.timeout.connect(self.clear_selection_if_ours)

    @property
    def clear_after_seconds(self) -> int:
        try:
            return max(0, int(self._settings.get(CLEAR_KEY)))
        except (TypeError, ValueError):
            return 30

    @property
    def pending(self) -> bool:
        """True while a copy of ours waits to be cleared."""
        return self._ours is not None

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard and schedule clearing it."""
        clipboard = QGuiApplication.clipboard()
        data = QMimeData()
        data.setText(text)
        data.setData(SECRET_HINT_FORMAT, b"secret")
        self._setting = True
        try:
            clipboard.setMimeData(data, QClipboard.Mode.Clipboard)
        finally:
            self._setting = False
        self._ours = text
        seconds = self.clear_after_seconds
        if seconds > 0:
            self._timer.start(seconds * 1000)
        else:
            self._timer.stop()
        log.info("private text copied; clearing in %s s", seconds or "never")

    def watch_app_copies(self) -> None:
        """Treat every copy made while LeadDesk has keyboard focus as ours.

        Note, feedback, task and block text is copied with the editors' own Ctrl+C, Cut or
        context-menu Copy, which never pass through :meth:`copy`: each such copy is taken
        over at once (put back through :meth:`copy`, so marked secret) and cleared on
        time and on lock. Text selected in LeadDesk (X11's PRIMARY selection) is cleared
        on the same timer.
        """
        if self._watching:
            return
        self._watching = True
        clipboard = QGuiApplication.clipboard()
        clipboard.dataChanged.connect(self._on_clipboard_data_changed)
        if clipboard.supportsSelection():
            clipboard.selectionChanged.connect(self._on_clipboard_selection_changed)

    def _on_clipboard_data_changed(self) -> None:
        if self._setting or QApplication.focusWidget() is None:
            return  # our own copy, or another program copied: never ours
        clipboard = QGuiApplication.clipboard()
        data = clipboard.mimeData(QClipboard.Mode.Clipboard)
        text = clipboard.text(QClipboard.Mode.Clipboard)
        if not text:
            return
        if data is not None and data.hasFormat(SECRET_HINT_FORMAT) and text == self._ours:
            return
        self.copy(text)  # mark it secret and schedule clearing it

    def _on_clipboard_selection_changed(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if not clipboard.ownsSelection() or QApplication.focusWidget() is None:
            return
        seconds = self.clear_after_seconds
        if seconds > 0:
            self._selection_timer.start(seconds * 1000)

    @Slot()
    def clear_selection_if_ours(self) -> bool:
        """Clear X11's PRIMARY selection if LeadDesk still owns it (what was selected
        last in one of its windows). Returns True when it cleared."""
        self._selection_timer.stop()
        clipboard = QGuiApplication.clipboard()
        if not clipboard.supportsSelection() or not clipboard.ownsSelection():
            return False
        clipboard.clear(QClipboard.Mode.Selection)
        log.info("selection cleared")
        return True

    @Slot()
    def clear_if_ours(self) -> bool:
        """Clear the clipboard if it still holds our copy. Returns True when it cleared."""
        self._timer.stop()
        ours, self._ours = self._ours, None
        if ours is None:
            return False
        clipboard = QGuiApplication.clipboard()
        if clipboard.text(QClipboard.Mode.Clipboard) != ours:
            return False  # the user copied something else since: leave it alone
        clipboard.clear(QClipboard.Mode.Clipboard)
        log.info("clipboard cleared")
        return True


def guard_for(ctx: QObject) -> ClipboardGuard:
    """The AppContext's clipboard guard (created on first use, cleared on ``ctx.locked``)."""
    guard = ctx.findChild(ClipboardGuard)
    if guard is None:
        guard = ClipboardGuard(ctx.settings, ctx)  # type: ignore[attr-defined]
        locked = getattr(ctx, "locked", None)
        if locked is not None:
            locked.connect(guard.clear_if_ours)
            locked.connect(_clear_selection)
    return guard


def _clear_selection() -> None:
    """At lock: X11's PRIMARY selection may hold the text last selected in a note: drop it
    if LeadDesk still owns it (a selection made in another program since is left alone)."""
    clipboard = QGuiApplication.clipboard()
    if clipboard.supportsSelection() and clipboard.ownsSelection():
        clipboard.clear(QClipboard.Mode.Selection)


def copy_private_text(ctx: QObject, text: str) -> None:
    """What a "Copy" action on note text calls: copy now, clear later (or on lock)."""
    guard_for(ctx).copy(text)
