"""Other calendars: reading .ics files (``reading``), importing and exporting them as time
blocks (``exchange``)."""

from .exchange import CalendarExchangeService, ImportResult
from .reading import CalendarRead, Occurrence, ReadCancelled, SkippedEvent, read_calendar

__all__ = [
    "CalendarExchangeService",
    "CalendarRead",
    "ImportResult",
    "Occurrence",
    "ReadCancelled",
    "SkippedEvent",
    "read_calendar",
]
