"""What reading a calendar file gives: the occurrences inside the window, the events
skipped (by position and a reason in plain words, never the file's content), and how many
were left out. Shared by the read (``reading.py``) and the expansion (``expansion.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from .decoding import Attendee

MAX_OCCURRENCES = 5_000  # in the whole window, over all events of one file
MAX_PER_SERIES = 1_000
BATCH = 250  # events parsed between two looks at cancel()


class ReadCancelled(Exception):
    """The user cancelled reading the file; nothing was changed."""


class Occurrence(NamedTuple):
    """One meeting of the file inside the window. (Immutable like a frozen dataclass, and
    made ~3x faster: a first read makes thousands.)"""

    key: str  # stable across re-reads: UID, plus the occurrence and duplicate parts
    uid: str
    title: str
    start: datetime  # aware, UTC
    end: datetime  # aware, UTC; all-day events run from local midnight to midnight
    all_day: bool
    kind: str = ""  # X-LEADDESK-KIND of LeadDesk's own exports
    attendees: tuple[Attendee, ...] = ()
    organizer: str = ""


@dataclass(frozen=True, slots=True)
class SkippedEvent:
    position: int  # 1-based position of the VEVENT in the file, exceptions included
    reason: str  # plain words, never the file's content

    def __str__(self) -> str:
        return f"event {self.position} {self.reason}"


@dataclass
class CalendarRead:
    occurrences: list[Occurrence] = field(default_factory=list)
    skipped: list[SkippedEvent] = field(default_factory=list)
    ignored: int = 0  # left out: events without length (reminders), cancelled, declined
    outside: int = 0  # events that surely lie outside the window: cut before parsing
    truncated: bool = False
    identity: str = ""  # a hash of the calendar's own name/id, "" if it has none
    events: int = 0  # VEVENTs in the file
