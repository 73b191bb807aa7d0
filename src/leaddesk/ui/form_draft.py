"""Drafts of forms with a Save button: typed text survives a crash (``FormDraft``).

The autosaving editors write the record itself as the user types; a form with Save and
Cancel (task, block, delegation, check-in, debrief) must not, since Cancel has to leave the
record as it was. So while such a form is open and differs from what it opened with, its
fields are kept as a *draft* in the vault (``services/drafts.py``): at the latest two
seconds after the first unsaved change, even while typing goes on (``ui/autosave.py``).
Save or Cancel forgets the draft. After a crash the same form, opened for the same record
(or the same create form), comes back filled and says so in one line, with a button that
discards the draft. A lock that could not save the form (invalid input) keeps its draft
too, marked as kept by the lock, so that line says which: "... before LeadDesk locked." or,
for a draft last written while typing (the app then closed without a lock: a crash, a
kill), "... before LeadDesk closed.".

A draft write is no undo step and no change notice. Drafts are private text: they are kept
only in the (encrypted) vault, never in a log, QSettings or a temp file; a failed write is
logged by its type only.

``RecordDialog.use_draft`` attaches one to a dialog: the dialog names its form, its record
and its fields (``{"title": title_edit, ...}``); this module knows how to read and set each
kind of field.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QObject, Qt, QTime
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QTimeEdit,
    QWidget,
)

from ..domain.errors import LeadDeskError
from .autosave import Autosave
from .date_field import DateLineEdit

if TYPE_CHECKING:
    from ..services.drafts import KeptDraft
    from .context import AppContext

log = logging.getLogger(__name__)

RESTORED_TEXT = "Restored what you typed before LeadDesk closed."  # a crash, a kill
RESTORED_AT_LOCK_TEXT = "Restored what you were typing before LeadDesk locked."


def restored_text(at_lock: bool) -> str:
    """The one line that says a form was filled from its draft, for why it was kept."""
    return RESTORED_AT_LOCK_TEXT if at_lock else RESTORED_TEXT


Value = Any  # a JSON scalar, or a small list of them (what services/drafts.py keeps)


# -- reading and setting one field -----------------------------------------------------
def _plain(data: object) -> Value:
    """A combo box item's data as a JSON scalar (enums by value), or ``...`` if it has none."""
    if isinstance(data, enum.Enum):
        data = data.value
    if data is None or isinstance(data, str | int | float | bool):
        return data
    return ...


def read_field(widget: QWidget) -> Value:
    """What ``widget`` holds, in a form a draft can keep."""
    if isinstance(widget, DateLineEdit):
        day = widget.value()
        return ["day", day.isoformat() if day is not None else None]
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        if widget.isEditable():
            return ["text", widget.currentText()]
        data = _plain(widget.currentData())
        if data is ... or widget.currentIndex() < 0:
            return ["index", widget.currentIndex()]
        return ["data", data]
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QDateEdit):
        return ["date", widget.date().toString(Qt.DateFormat.ISODate)]
    if isinstance(widget, QTimeEdit):
        return ["time", widget.time().toString("HH:mm")]
    raise TypeError(f"a draft cannot keep a {type(widget).__name__}")


def write_field(widget: QWidget, value: Value) -> None:
    """Show ``value`` (from :func:`read_field`) in ``widget``; a value that no longer fits
    (a person since archived, another kind of field) leaves the field as it is."""
    if value == read_field(widget):
        return
    kind, item = (value[0], value[1]) if isinstance(value, list) and len(value) == 2 else ("", None)
    if isinstance(widget, DateLineEdit) and kind == "day":
        from datetime import date

        try:
            widget.setDate(date.fromisoformat(item) if isinstance(item, str) else None)
        except ValueError:
            return
    elif isinstance(widget, QLineEdit) and isinstance(value, str):
        widget.setText(value)
        widget.setModified(True)  # a lock saves it like typed text
    elif isinstance(widget, QPlainTextEdit | QTextEdit) and isinstance(value, str):
        widget.setPlainText(value)
        widget.moveCursor(QTextCursor.MoveOperation.End)  # typing on continues the text
        widget.document().setModified(True)
    elif isinstance(widget, QComboBox):
        _write_combo(widget, kind, item)
    elif isinstance(widget, QAbstractButton) and isinstance(value, bool):
        widget.setChecked(value)
    elif isinstance(widget, QSpinBox) and isinstance(value, int) and not isinstance(value, bool):
        widget.setValue(value)
    elif isinstance(widget, QDateEdit) and kind == "date" and isinstance(item, str):
        day = QDate.fromString(item, Qt.DateFormat.ISODate)
        if day.isValid():
            widget.setDate(day)
    elif isinstance(widget, QTimeEdit) and kind == "time" and isinstance(item, str):
        moment = QTime.fromString(item, "HH:mm")
        if moment.isValid():
            widget.setTime(moment)


def _write_combo(combo: QComboBox, kind: str, item: Value) -> None:
    if kind == "text" and isinstance(item, str):
        combo.setCurrentText(item)
    elif kind == "index" and isinstance(item, int) and -1 <= item < combo.count():
        combo.setCurrentIndex(item)
    elif kind == "data":
        for index in range(combo.count()):
            if _plain(combo.itemData(index)) == item:
                combo.setCurrentIndex(index)
                return


def _changed_signal(widget: QWidget) -> Any:
    if isinstance(widget, DateLineEdit):
        return widget.dateChanged
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return widget.textChanged
    if isinstance(widget, QComboBox):
        return widget.currentTextChanged if widget.isEditable() else widget.currentIndexChanged
    if isinstance(widget, QAbstractButton):
        return widget.toggled
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    if isinstance(widget, QDateEdit):
        return widget.dateChanged
    if isinstance(widget, QTimeEdit):
        return widget.timeChanged
    raise TypeError(f"a draft cannot follow a {type(widget).__name__}")


# -- the draft of one open form --------------------------------------------------------
class FormDraft(QObject):
    """Keeps the fields of one open form as a draft in the vault while they differ from
    what the form opened with (see the module docstring)."""

    def __init__(
        self,
        ctx: AppContext,
        form: str,
        record_id: int | None,
        fields: dict[str, QWidget],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = form
        self.record_id = record_id
        self.fields = dict(fields)
        self.initial = self.values()  # what Discard goes back to
        self.stored = False  # a draft of this form is in the vault
        self.restored = False
        self.restored_at_lock = False  # the restored draft was kept by a lock, not typing
        self.banner: QWidget | None = None
        self._applying = False
        self.autosave = Autosave(self.write, self)
        for widget in self.fields.values():
            _changed_signal(widget).connect(self._on_field_changed)

    # -- what the form holds ------------------------------------------------------------
    def values(self) -> dict[str, Value]:
        return {name: read_field(widget) for name, widget in self.fields.items()}

    def differs(self) -> bool:
        """Does the form hold anything other than what it opened with?"""
        return self.values() != self.initial

    def apply(self, values: dict[str, Value]) -> None:
        """Show ``values`` in the form's fields (in the form's field order, so dependent
        fields, such as a date computed from another, are set after what they follow)."""
        self._applying = True
        try:
            for name, widget in self.fields.items():
                if name in values:
                    write_field(widget, values[name])
        finally:
            self._applying = False

    def _on_field_changed(self, *_: object) -> None:
        if not self._applying:
            self.autosave.touch()

    # -- the vault --------------------------------------------------------------------------
    def _quietly(self, action: Callable[[], object]) -> bool:
        """Run a draft write or read; a refusal or a locked vault is logged by type only
        (the text itself stays in the form, where the lock's own save still sees it)."""
        if not self.ctx.is_unlocked:
            return False
        try:
            action()
        except LeadDeskError as exc:
            log.info("form draft not kept: %s", type(exc).__name__)
            return False
        return True

    def write(self, *, at_lock: bool = False) -> None:
        """Keep the form's fields (or forget the draft once they are back as they were);
        ``at_lock``: the vault is locking (the draft then says so when it comes back)."""
        if self.differs():
            values = self.values()
            drafts = self.ctx.services.drafts if self.ctx.is_unlocked else None
            if drafts is not None and self._quietly(
                lambda: drafts.keep(self.form, values, self.record_id, at_lock=at_lock)
            ):
                self.stored = True
        elif self.stored:
            self.forget()

    def flush(self) -> None:
        """Write now if a write is pending (before a lock that could not save the form)."""
        if self.autosave.isActive():
            self.autosave.flush()

    def forget(self) -> None:
        """Saved or cancelled: no draft any more (and none pending)."""
        self.autosave.stop()
        if self.stored and self.ctx.is_unlocked:
            drafts = self.ctx.services.drafts
            if self._quietly(lambda: drafts.drop(self.form, self.record_id)):
                self.stored = False

    def stop(self) -> None:
        """The vault closed: nothing more to write, and the form's opening values (vault
        text) are not kept in memory past the lock."""
        self.autosave.stop()
        self.initial = {}

    def restore(self) -> bool:
        """Fill the form from a kept draft, if there is one; True when it did."""
        if not self.ctx.is_unlocked:
            return False
        found: list[KeptDraft | None] = []
        drafts = self.ctx.services.drafts
        if not self._quietly(lambda: found.append(drafts.find_kept(self.form, self.record_id))):
            return False
        kept = found[0] if found else None
        if kept is None or not kept.fields:
            return False
        self.apply(kept.fields)
        self.stored = True
        self.restored = True
        self.restored_at_lock = kept.at_lock
        return True

    def discard(self) -> None:
        """The user does not want the restored draft: the form as it opened, no draft."""
        self.autosave.stop()
        self.apply(self.initial)
        for widget in self.fields.values():
            if isinstance(widget, QLineEdit):
                widget.setModified(False)
            elif isinstance(widget, QPlainTextEdit | QTextEdit):
                widget.document().setModified(False)
        self.forget()
        if self.banner is not None:
            self.banner.hide()

    def make_banner(self) -> QWidget:
        """One line saying the form was restored, and a button that discards the draft."""
        box = QWidget()
        box.setObjectName("DraftBanner")
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        text = restored_text(self.restored_at_lock)
        label = QLabel(text)
        label.setObjectName("DraftNotice")
        label.setAccessibleName(text)
        label.setWordWrap(True)
        button = QPushButton("Discard draft")
        button.setAccessibleName("Discard the restored draft")
        button.setToolTip("Show the form as it was before the draft was restored")
        button.setAutoDefault(False)
        button.clicked.connect(self.discard)
        row.addWidget(label, 1)
        row.addWidget(button)
        self.banner = box
        return box
