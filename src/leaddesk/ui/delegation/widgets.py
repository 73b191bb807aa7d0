"""Small shared pieces of the tracker's dialogs: date fields and dialog framing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDateEdit, QDialog, QWidget

NO_DATE = QDate(2000, 1, 1)  # the minimum of optional date fields, shown as "None"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_field(
    name: str, value: date | None, *, optional_text: str = "", parent: QWidget | None = None
) -> QDateEdit:
    """A date edit with a calendar popup; optional ones show ``optional_text`` when empty."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    edit.setAccessibleName(name)
    if optional_text:
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(optional_text)
    edit.setDate(to_qdate(value) if value is not None else NO_DATE)
    return edit


def date_of(edit: QDateEdit) -> date | None:
    """The chosen day, or None for an optional field left empty."""
    if edit.specialValueText() and edit.date() == edit.minimumDate():
        return None
    return edit.date().toPython()  # type: ignore[no-any-return]


_KEPT_ALIVE: list[QDialog] = []


def show_dialog(dialog: QDialog) -> None:
    """Open ``dialog`` modal without blocking; it is deleted once it is finished.

    A dialog with a parent is deleted by Qt after it closes. One without a parent belongs
    to Python: it is kept here until the next dialog opens, and then dropped outside of
    any of its own signal handlers, so Python deletes it safely.
    """
    if dialog.parent() is None:
        _KEPT_ALIVE[:] = [d for d in _KEPT_ALIVE if d.isVisible()]
        _KEPT_ALIVE.append(dialog)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    else:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(dialog.deleteLater)
    QShortcut(QKeySequence("Ctrl+Return"), dialog, dialog.accept)  # save from a text box
    dialog.open()


def save_typing_before_lock(dialog: QDialog, about_to_lock: object) -> None:
    """If the user typed into ``dialog`` and the vault is about to lock (Ctrl+L, idle,
    sleep, quit), run the dialog's own Save (``accept``) while the vault is still open, so a
    long check-in note or debrief is not thrown away. Untouched dialogs are left to close.
    """
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

    def typed() -> bool:
        if any(e.isModified() for e in dialog.findChildren(QLineEdit)):
            return True
        editors = [*dialog.findChildren(QPlainTextEdit), *dialog.findChildren(QTextEdit)]
        return any(e.document().isModified() for e in editors)

    def on_about_to_lock() -> None:
        if dialog.isVisible() and typed():
            dialog.accept()

    about_to_lock.connect(on_about_to_lock)  # type: ignore[attr-defined]
    dialog.destroyed.connect(lambda *_: _disconnect(about_to_lock, on_about_to_lock))


def _disconnect(signal: object, slot: object) -> None:
    import contextlib

    with contextlib.suppress(RuntimeError, TypeError):
        signal.disconnect(slot)  # type: ignore[attr-defined]
