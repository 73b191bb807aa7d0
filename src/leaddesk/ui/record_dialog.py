"""The base of every window that shows or takes a record's text: ``RecordDialog``.

One way, for every dialog, to do the three things each one used to do on its own:

- **Save on lock.** The AppContext keeps every open RecordDialog (``ctx.keep_open``) and,
  while the vault is still open, calls :meth:`RecordDialog.save_before_lock`: a dialog
  whose fields were changed saves them through its normal undoable command, quietly (no
  message box may pop up in the middle of a lock); invalid or untouched input is dropped.
  Right after the vault closed it calls :meth:`clear_private` and closes the dialog.
- **The privacy screen.** :meth:`set_privacy` follows the context: line edits show dots,
  text boxes hide their text, and :meth:`private_widgets` (names, titles in labels and
  lists) are hidden. The text itself stays, so nothing typed is lost.
- **Signal hygiene.** Connections to the context made with :meth:`track` are dropped when
  the dialog finishes or goes away, so a closed dialog never hears from the context again
  and is never kept alive by a connection.

- **Drafts.** A form with a Save button names its fields with :meth:`use_draft`: while it
  is open and changed, they are kept as a draft in the vault (``ui/form_draft.py``), so a
  crash loses nothing; Save or Cancel forgets it, Cancel of a changed form asks first, and
  the next time the form opens for the same record it comes back filled (saying whether a
  lock or a crash left it).

Dialogs that live on their own (no parent) are kept alive by the context while open: no
module-level lists. A dialog made without a context (tests build editors alone) is bound
later with :meth:`bind`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from .form_draft import FormDraft

if TYPE_CHECKING:
    from .context import AppContext


class RecordDialog(QDialog):
    """A dialog bound to the session: saves before a lock, follows the privacy screen."""

    def __init__(self, ctx: AppContext | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tracked: list[tuple[Any, Callable[..., Any]]] = []
        self._bound_ctx: AppContext | None = None
        self._privacy_on = False
        self._quiet_save: Callable[[], object] | None = None
        self.saved_on_lock = False
        self._draft_spec: tuple[str, int | None, dict[str, QWidget]] | None = None
        self.draft: FormDraft | None = None  # made when the dialog is first shown
        # Cancel of a changed form asks first; replaceable (tests, scripting).
        self.confirm_discard: Callable[[QWidget], bool] = _ask_discard
        self.finished.connect(self._drop_connections)
        if ctx is not None:
            self.bind(ctx)

    # -- session ------------------------------------------------------------------------
    def bind(self, ctx: AppContext, *, save: Callable[[], object] | None = None) -> None:
        """Join ``ctx``'s open windows. ``save`` (optional) is what :meth:`save_quietly`
        runs when the dialog is not a subclass that overrides it."""
        self._bound_ctx = ctx
        if save is not None:
            self._quiet_save = save
        ctx.keep_open(self)

    def showEvent(self, event: QShowEvent) -> None:
        # Built while the screen is shared: start hidden (subclasses build their fields
        # after this base's __init__, so this is the first moment they all exist).
        ctx = self._bound_ctx
        if ctx is not None and ctx.privacy_screen != self._privacy_on:
            self.set_privacy(ctx.privacy_screen)
        if self.draft is None and self._draft_spec is not None:
            self._start_draft()
        super().showEvent(event)

    def track(self, signal: Any, slot: Callable[..., Any]) -> None:
        """Connect ``slot`` to a context signal until the dialog is finished."""
        signal.connect(slot)
        self._tracked.append((signal, slot))

    def _drop_connections(self, *_: object) -> None:
        tracked, self._tracked = self._tracked, []
        for signal, slot in tracked:
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    # -- drafts ---------------------------------------------------------------------------
    def use_draft(self, form: str, record_id: int | None, fields: dict[str, QWidget]) -> None:
        """Keep ``fields`` as a draft of ``form`` for ``record_id`` (None: a new record)
        while the dialog is open and changed. Call it once the fields hold what the form
        opens with; the draft starts when the dialog is first shown (bound by then)."""
        self._draft_spec = (form, record_id, dict(fields))

    def _start_draft(self) -> None:
        ctx = self._bound_ctx
        if ctx is None or not ctx.is_unlocked or self._draft_spec is None:
            return
        form, record_id, fields = self._draft_spec
        self.draft = FormDraft(ctx, form, record_id, fields, self)
        if self.draft.restore():
            layout = self.layout()
            if isinstance(layout, QBoxLayout | QFormLayout):
                banner = self.draft.make_banner()
                if isinstance(layout, QFormLayout):
                    layout.insertRow(0, banner)  # the person dialog is one form
                else:
                    layout.insertWidget(0, banner)
                banner.show()  # the dialog is being shown: its new child is not by itself
                from .dialogs.common import fit_height

                fit_height(self)  # grow by the banner's line: the fields keep their room

    def accept(self) -> None:
        """Saved: the draft goes (subclasses call this once their save succeeded)."""
        if self.draft is not None:
            self.draft.forget()
        super().accept()

    def reject(self) -> None:
        """Cancel (button, Escape, the window's close box): a changed form asks first;
        then the draft goes."""
        draft = self.draft
        changed = draft is not None and self.isVisible() and draft.differs()
        if changed and not self.confirm_discard(self):
            return
        if draft is not None:
            draft.forget()
        super().reject()

    # -- saving before a lock -------------------------------------------------------------
    def is_modified(self) -> bool:
        """Did the user type or change anything? (Text fields edited by the user.)"""
        if any(e.isModified() for e in self.findChildren(QLineEdit)):
            return True
        return any(box.document().isModified() for box in self._text_boxes())

    def save_quietly(self) -> object:
        """Save what the dialog holds with no question and no message box (vault still
        open); True when something was saved. Subclasses override; by default the ``save``
        given to :meth:`bind` runs."""
        return self._quiet_save() if self._quiet_save is not None else False

    def wants_save_on_lock(self) -> bool:
        """Is there something a lock should save? A ``save`` given to :meth:`bind` decides
        itself whether anything changed (its command compares)."""
        return self._quiet_save is not None or self.is_modified()

    def save_before_lock(self) -> None:
        """Called by the context just before the vault locks (still open): save what the
        dialog holds; what could not be saved stays in the form's draft for next time."""
        if not self.isVisible():
            return
        if self.wants_save_on_lock():
            self.saved_on_lock = bool(self.save_quietly())
        draft = self.draft
        if draft is not None:
            if self.saved_on_lock:
                draft.forget()
            else:
                # e.g. an empty title: refused now, kept for next time (as kept by a lock)
                draft.write(at_lock=True)

    # -- what is private ------------------------------------------------------------------
    def private_widgets(self) -> list[QWidget]:
        """Widgets shown with vault text that is not in an editable text field (names and
        titles in labels, combo boxes): hidden under the privacy screen, emptied at lock."""
        return []

    def _text_boxes(self) -> list[QPlainTextEdit | QTextEdit]:
        return [*self.findChildren(QPlainTextEdit), *self.findChildren(QTextEdit)]

    def _text_fields(self) -> list[QLineEdit]:
        """Line edits with user text (a date or number box's inner line edit is not one)."""
        return [e for e in self.findChildren(QLineEdit) if not _inside_spin_box(e)]

    def set_privacy(self, on: bool) -> None:
        """The privacy screen: dots in line edits, text boxes and private widgets hidden."""
        self._privacy_on = on
        mode = QLineEdit.EchoMode.Password if on else QLineEdit.EchoMode.Normal
        for edit in self._text_fields():
            edit.setEchoMode(mode)
        for box in self._text_boxes():
            box.viewport().setVisible(not on)
        for widget in self.private_widgets():
            widget.setVisible(not on)

    @property
    def privacy_on(self) -> bool:
        return self._privacy_on

    def clear_private(self) -> None:
        """The vault closed: drop every text from the vault or typed (and its undo history)."""
        if self.draft is not None:
            self.draft.stop()
        for edit in self._text_fields():
            edit.blockSignals(True)
            edit.setText("")  # clear() would keep the text in the line edit's undo history
            edit.blockSignals(False)
        for box in self._text_boxes():
            box.blockSignals(True)
            box.clear()  # also drops the document's undo history
            box.blockSignals(False)
        for combo in self.findChildren(QComboBox):
            combo.blockSignals(True)
            combo.clear()
            combo.blockSignals(False)
        for widget in self.private_widgets():
            for label in [widget, *widget.findChildren(QLabel)]:
                if isinstance(label, QLabel):
                    label.clear()
            widget.setToolTip("")


def _ask_discard(parent: QWidget) -> bool:
    """ "Discard changes?" for Cancel of a changed form; True to discard."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("LeadDesk")
    box.setText("Discard changes?")
    box.setInformativeText("What you changed in this form has not been saved.")
    discard = box.addButton(QMessageBox.StandardButton.Discard)
    keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def _inside_spin_box(edit: QLineEdit) -> bool:
    parent = edit.parentWidget()
    return isinstance(parent, QAbstractSpinBox)
