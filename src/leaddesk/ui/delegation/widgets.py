"""Small shared pieces of the tracker's dialogs: date fields, dialog framing and the base of
its dialogs (``TrackerDialog``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDateEdit, QDialog, QWidget

from ..context import AppContext
from ..record_dialog import RecordDialog

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


class TrackerDialog(RecordDialog):
    """A tracker dialog bound to the session (``RecordDialog``): a lock runs its own Save
    (``accept``) when something was typed, so a long check-in note or debrief is not thrown
    away; the privacy screen hides the typed text and :meth:`private_widgets`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.ctx = ctx

    def save_quietly(self) -> bool:
        if not self.ctx.is_unlocked:
            return False
        self.accept()  # shows a refusal inline, never in a message box
        return self.result() == QDialog.DialogCode.Accepted


def show_dialog(dialog: QDialog) -> None:
    """Open ``dialog`` modal without blocking; it is deleted once it is finished.

    A dialog with a parent is deleted by Qt after it closes. One without a parent is kept
    alive by the context while it is open (``ctx.keep_open``, done by ``RecordDialog``).
    """
    if dialog.parent() is None:
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    else:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(dialog.deleteLater)
    QShortcut(QKeySequence("Ctrl+Return"), dialog, dialog.accept)  # save from a text box
    dialog.open()
