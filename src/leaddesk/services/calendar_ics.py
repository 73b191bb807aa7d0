"""Kept for imports written before the calendar code moved to ``services.calendar``."""

from .calendar.exchange import PRODID, CalendarExchangeService, ImportResult
from .calendar.reading import MAX_FILE_BYTES, WINDOW_AHEAD, WINDOW_BACK

IMPORT_BACK = WINDOW_BACK
IMPORT_AHEAD = WINDOW_AHEAD

__all__ = [
    "IMPORT_AHEAD",
    "IMPORT_BACK",
    "MAX_FILE_BYTES",
    "PRODID",
    "CalendarExchangeService",
    "ImportResult",
]
