"""An injectable clock, so rules about "today" and "overdue" can be tested across dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo


class Clock:
    """Wall-clock time in the user's local zone; tests pass a fixed or moving ``now``."""

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        self._now = now

    def now(self) -> datetime:
        if self._now is not None:
            value = self._now()
            if value.tzinfo is None:
                raise ValueError("Clock.now must return a timezone-aware datetime")
            return value
        return datetime.now().astimezone()

    def today(self) -> date:
        return self.now().date()

    @property
    def tz(self) -> tzinfo:
        tz = self.now().tzinfo
        assert tz is not None
        return tz


class FixedClock(Clock):
    """A clock that stands still until moved (for tests and the demo)."""

    def __init__(self, at: datetime) -> None:
        super().__init__(lambda: self.at)
        self.at = at

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.at = self.at + timedelta(**delta)
