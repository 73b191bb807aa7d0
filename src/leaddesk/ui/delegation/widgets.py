"""Small shared pieces of the tracker's dialogs: date fields, dialog framing and the base of
its dialogs (``TrackerDialog``)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDateEdit, QDialog, QWidget

from ...domain.date_range import MAX_DATE, MIN_DATE
from ..context import AppContext
from ..record_dialog import RecordDialog

# The minimum of optional date fields, shown as "None": the day before the first date
# LeadDesk keeps, so every storable date can be shown (2000-01-01 used to swallow 1999).
NO_DATE = QDate(MIN_DATE - timedelta(days=1))


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_field(
    name: str, value: date | None, *, optional_text: str = "", parent: QWidget | None = None
) -> QDateEdit:
    """A date edit with a calendar popup over the dates LeadDesk keeps; optional ones show
    ``optional_text`` when empty. Until the user changes it, :func:`date_of` returns the
    stored ``value`` exactly, even one the box cannot show (saved before the range)."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    edit.setAccessibleName(name)
    edit.setDateRange(NO_DATE if optional_text else to_qdate(MIN_DATE), to_qdate(MAX_DATE))
    if optional_text:
        edit.setSpecialValueText(optional_text)
    edit.setDate(to_qdate(value) if value is not None else NO_DATE)
    edit.setProperty(_STORED, _Stored(value))
    edit.dateChanged.connect(lambda *_: edit.setProperty(_STORED, None))  # touched
    return edit


class _Stored:
    """The value a date field was opened with (a property holds a Python object)."""

    def __init__(self, value: date | None) -> None:
        self.value = value


_STORED = "leaddesk_stored_date"


def set_date_quietly(edit: QDateEdit, day: date) -> None:
    """Change a date field from code without its dateChanged handlers (the value is then
    the field's, no longer the stored one)."""
    edit.blockSignals(True)
    edit.setDate(to_qdate(day))
    edit.blockSignals(False)
    edit.setProperty(_STORED, None)


def date_of(edit: QDateEdit) -> date | None:
    """The chosen day, or None for an optional field left empty; the stored value for a
    field the user did not touch."""
    stored = edit.property(_STORED)
    if isinstance(stored, _Stored):
        return stored.value
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
