"""A typeable date field: one Tab stop, the quick-capture grammar ("fri", "+3d", "4 dec",
"2026-12-04", optionally "thu 14:00" where a time is wanted).

A ``QDateEdit`` is a row of sections: Tab lands in the day section and typing "14" there
moves the date to the 14th (in the block editor: into another week). This field is a line
edit instead. Focus by Tab selects all of it, so typing replaces the whole date; text that
is not a day is shown as a problem and changes nothing; Enter or leaving the field shows
the date read ("Fri 4 Dec 2026"). An optional field is empty for "no date".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from ..domain.capture_parse import parse_day_time
from ..domain.date_range import MAX_DATE, MIN_DATE, in_range

DISPLAY_FORMAT = "%a %d %b %Y"
EXAMPLES = "fri, next tue, +3d, 4 dec, 2026-12-04"
NO_DATE_WORDS = frozenset({"none", "no", "-", "never", "no date"})


def format_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def read_day(text: str, today: date, *, with_time: bool = False) -> tuple[date, time | None] | None:
    """The day (and, with ``with_time``, the time) typed; None if it is not one."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    for fmt in (DISPLAY_FORMAT, "%a %d %b %Y %H:%M"):
        try:
            shown = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        if not in_range(shown.date()):
            return None
        at = shown.time() if fmt.endswith("%M") else None
        if at is not None and not with_time:
            return None
        return shown.date(), at
    found = parse_day_time(cleaned, today)
    if found is None or (found[1] is not None and not with_time):
        return None
    return found


class DateLineEdit(QLineEdit):
    """See the module docstring. ``dateChanged`` mirrors ``QDateEdit`` (an invalid
    ``QDate`` for "no date"); ``timeTyped`` carries a time typed after the day."""

    dateChanged = Signal(QDate)
    timeTyped = Signal(object)  # datetime.time

    def __init__(
        self,
        value: date | None,
        today: Callable[[], date],
        *,
        optional: bool = False,
        with_time: bool = False,
        empty_text: str = "No date",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._optional = optional
        self._with_time = with_time
        self._value = value
        self._valid = True
        self.setPlaceholderText(f"{empty_text} — type {EXAMPLES}" if optional else EXAMPLES)
        hint = "Type a day: " + EXAMPLES + (", or thu 14:00" if with_time else "")
        if optional:
            hint += "; empty for no date"
        self._hint = hint
        self.setToolTip(hint)
        self.setText("" if value is None else format_day(value))
        self.textEdited.connect(self._on_edited)
        self.editingFinished.connect(self._show_value)

    # -- QDateEdit-like API ---------------------------------------------------------------
    def value(self) -> date | None:
        return self._value

    def is_valid(self) -> bool:
        """False while the text is not a day (the last valid date stays the value)."""
        return self._valid

    def problem(self) -> str:
        return "" if self._valid else f"“{self.text().strip()}” is not a day. {self._hint}."

    def date(self) -> QDate:
        return QDate() if self._value is None else QDate(self._value)

    def setDate(self, value: QDate | date | None) -> None:
        day = value.toPython() if isinstance(value, QDate) and value.isValid() else value
        if isinstance(value, QDate) and not value.isValid():
            day = None
        assert day is None or isinstance(day, date)
        if day is not None and not in_range(day):
            day = min(max(day, MIN_DATE), MAX_DATE)
        self._set_valid(True)
        self.setText("" if day is None else format_day(day))
        self._change(day)

    def minimumDate(self) -> QDate:
        return QDate(MIN_DATE)

    def maximumDate(self) -> QDate:
        return QDate(MAX_DATE)

    # -- typing ---------------------------------------------------------------------------
    def _on_edited(self, text: str) -> None:
        cleaned = " ".join(text.split())
        if not cleaned or cleaned.casefold() in NO_DATE_WORDS:
            if self._optional:
                self._set_valid(True)
                self._change(None)
            else:
                self._set_valid(False)
            return
        found = read_day(cleaned, self._today(), with_time=self._with_time)
        if found is None:
            self._set_valid(False)  # the date stays what it was
            return
        self._set_valid(True)
        self._change(found[0])
        if found[1] is not None:
            self.timeTyped.emit(found[1])

    def _show_value(self) -> None:
        if self._valid:
            self.setText("" if self._value is None else format_day(self._value))

    def _change(self, day: date | None) -> None:
        if day != self._value:
            self._value = day
            self.dateChanged.emit(self.date())

    def _set_valid(self, valid: bool) -> None:
        if valid == self._valid:
            return
        self._valid = valid
        self.setProperty("invalid", not valid)
        self.setStyleSheet("" if valid else "QLineEdit { border: 1px solid #d1242f; }")
        self.setToolTip(self._hint if valid else self.problem())
