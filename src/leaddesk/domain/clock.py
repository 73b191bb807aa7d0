"""An injectable clock, so rules about "today" and "overdue" can be tested across dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo


def local_zone() -> tzinfo:
    """The system's named time zone (e.g. Europe/Berlin), so DST rules apply to any date.

    ``datetime.now().astimezone()`` only gives today's fixed offset: a week that crosses a
    DST change would show wrong hours. tzlocal reads the zone name the way each OS stores
    it; a fixed offset is the last resort.
    """
    try:
        from tzlocal import get_localzone

        return get_localzone()
    except Exception:  # no zone configured, or an unreadable one
        tz = datetime.now().astimezone().tzinfo
        assert tz is not None
        return tz


class Clock:
    """Wall-clock time in the user's local zone; tests pass a fixed or moving ``now``."""

    def __init__(self, now: Callable[[], datetime] | None = None) -> None:
        self._now = now
        self._zone: tzinfo | None = None

    def now(self) -> datetime:
        if self._now is not None:
            value = self._now()
            if value.tzinfo is None:
                raise ValueError("Clock.now must return a timezone-aware datetime")
            return value
        if self._zone is None:
            self._zone = local_zone()
        return datetime.now(self._zone)

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
