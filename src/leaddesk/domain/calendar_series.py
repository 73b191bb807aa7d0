"""Occurrences of a repeating event from another calendar, lazily and within a window.

Real calendar files (Google, Outlook/Exchange, Apple, Thunderbird, CalDAV servers) repeat
events with RFC 5545 ``RRULE``/``RDATE``/``EXDATE``. LeadDesk needs only the occurrences in
a window around today, and a hostile or broken file must never hang the app. So:

* **Wall-clock expansion.** Everything here is naive wall time in the event's own zone
  (midnight for all-day events). "Every Tuesday 09:00 Berlin" stays 09:00 across DST, and
  an ``UNTIL`` given as a date, a floating time or a UTC time can all be compared (the
  caller passes the zone so a UTC ``UNTIL`` becomes wall time). That is how Google writes
  all-day series (date ``UNTIL``) and how many servers write zoned ones (floating
  ``UNTIL``); dateutil refuses both when given aware times.
* **Fast-forward.** A rule without ``COUNT`` is re-anchored a whole number of periods
  before the window (a ``FREQ=MINUTELY`` series from 1990 or a daily series from year 1
  costs as little as one that started last week). Rules with ``COUNT`` are bounded by it.
* **Bounded.** ``INTERVAL`` must be 1..1000; a series with more than ``limit``
  occurrences inside the window raises :class:`TooManyOccurrences` (the caller skips that
  one event and says so).
* ``DTSTART`` is always an occurrence, even when it is not on the rule, and ``RDATE``s
  are added; ``EXDATE``s are removed. This matches the ``recurring-ical-events`` library
  the tests compare against.

Pure Python over dateutil; imports nothing of ours but the error class.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from dateutil.rrule import rruleset, rrulestr

from .errors import ValidationError

_FREQ_ORDER = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_FIXED_PERIOD = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
}
MAX_INTERVAL = 1_000
MAX_COUNT = 100_000
_WALL = "%Y%m%dT%H%M%S"


class RepeatRuleError(ValidationError):
    """A repeat rule that cannot be read (the message names no content)."""


class TooManyOccurrences(ValidationError):
    """A series repeats more often inside the window than LeadDesk plans around."""


@dataclass(frozen=True)
class SeriesRule:
    """One ``RRULE`` value split into its parts (names and values upper-case)."""

    parts: dict[str, str]

    @classmethod
    def parse(cls, text: str) -> SeriesRule:
        parts: dict[str, str] = {}
        for chunk in text.strip().removeprefix("RRULE:").split(";"):
            if not chunk.strip():
                continue
            key, sep, value = chunk.partition("=")
            if not sep:
                raise RepeatRuleError("The repeat rule cannot be read.")
            parts[key.strip().upper()] = value.strip().upper()
        freq = parts.get("FREQ")
        if freq not in _FREQ_ORDER:
            raise RepeatRuleError("The repeat rule has no valid frequency.")
        try:
            interval = int(parts.get("INTERVAL", "1") or "1")
            count = int(parts["COUNT"]) if "COUNT" in parts else None
        except ValueError as exc:
            raise RepeatRuleError("The repeat rule has a number that cannot be read.") from exc
        if not 1 <= interval <= MAX_INTERVAL:
            raise RepeatRuleError("The repeat rule has an interval below 1 or too large.")
        if count is not None and not 0 <= count <= MAX_COUNT:
            raise RepeatRuleError("The repeat rule has a count that is too large.")
        return cls(parts)

    @property
    def freq(self) -> str:
        return self.parts["FREQ"]

    @property
    def interval(self) -> int:
        return int(self.parts.get("INTERVAL", "1") or "1")


def wall_until(value: str, zone: tzinfo, all_day: bool = False) -> datetime:
    """An ``UNTIL`` value as naive wall time in ``zone``: a UTC time is converted, a floating
    time is taken as it is, a date means the start of that day (as recurring-ical-events)."""
    value = value.strip()
    try:
        if len(value) == 8:
            return datetime.strptime(value, "%Y%m%d")
        if value.endswith("Z") and all_day:  # Outlook: the last day, written as UTC 00:00
            return datetime.strptime(value[:8], "%Y%m%d")
        if value.endswith("Z"):
            moment = datetime.strptime(value[:-1], _WALL).replace(tzinfo=UTC)
            try:
                return moment.astimezone(zone).replace(tzinfo=None)
            except OverflowError:  # an UNTIL at the very edge of year 1 or 9999
                return moment.replace(tzinfo=None)
        return datetime.strptime(value, _WALL)
    except (ValueError, OverflowError) as exc:
        raise RepeatRuleError("The repeat rule has an end date that cannot be read.") from exc


def _months_between(a: datetime, b: datetime) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


def _fast_forward(
    rule: SeriesRule, start: datetime, after: datetime
) -> tuple[datetime, dict[str, str]]:
    """A later anchor for ``rule`` (a whole number of periods after ``start``, at least one
    period before ``after``) and the rule parts to use with it, so that every occurrence
    from ``after`` on is the same as with the original anchor."""
    parts = dict(rule.parts)
    if "COUNT" in parts or after <= start:
        return start, parts
    freq, interval = rule.freq, rule.interval
    if freq in _FIXED_PERIOD:
        period = _FIXED_PERIOD[freq] * interval
        steps = (after - start) // period - 1
        if steps <= 0:
            return start, parts
        return start + period * steps, parts
    by = {"BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"}
    if freq == "MONTHLY":
        if not by & parts.keys():
            parts["BYMONTHDAY"] = str(start.day)
        steps = (_months_between(start, after) // interval - 1) * interval
        if steps <= 0:
            return start, dict(rule.parts)
        month0 = start.month - 1 + steps
        anchor = datetime.combine(date(start.year + month0 // 12, month0 % 12 + 1, 1), start.time())
        return anchor, parts
    # YEARLY
    if not by & parts.keys():  # dateutil's default: the anchor's month and day
        parts.setdefault("BYMONTH", str(start.month))
        parts["BYMONTHDAY"] = str(start.day)
    steps = ((after.year - start.year) // interval - 1) * interval
    if steps <= 0:
        return start, dict(rule.parts)
    return datetime.combine(date(start.year + steps, 1, 1), start.time()), parts


def occurrences(
    start: datetime,
    zone: tzinfo,
    rules: Iterable[str],
    rdates: Iterable[datetime] = (),
    exdates: Iterable[datetime] = (),
    *,
    after: datetime,
    before: datetime,
    limit: int = 1_000,
    all_day: bool = False,
) -> list[datetime]:
    """Naive wall-time starts of the series in ``[after, before)``, sorted.

    ``start``, ``rdates``, ``exdates``, ``after`` and ``before`` are naive wall times in
    ``zone`` (``zone`` only converts UTC ``UNTIL`` values). Raises :class:`RepeatRuleError`
    for a rule that cannot be read and :class:`TooManyOccurrences` past ``limit``.
    """
    excluded = set(exdates)
    found: set[datetime] = set()

    def keep(moment: datetime) -> None:
        if after <= moment < before and moment not in excluded:
            found.add(moment)
            if len(found) > limit:
                raise TooManyOccurrences(
                    f"It repeats more than {limit:,} times in the weeks LeadDesk reads."
                )

    keep(start)
    for moment in rdates:
        keep(moment)
    for text in rules:
        rule = SeriesRule.parse(text)
        anchor, parts = _fast_forward(rule, start, after)
        until = None
        if "UNTIL" in parts:
            until = wall_until(parts["UNTIL"], zone, all_day)
            if until < start:
                continue
            parts["UNTIL"] = until.strftime(_WALL)
        _check_parts(rule.freq, parts)
        expanded: Iterable[datetime] | None = _simple(rule.freq, parts, anchor, until, before)
        if expanded is None:
            if not _may_match(rule.freq, rule.interval, parts, anchor, after, before):
                continue  # no day of the window can match: dateutil would search until 9999
            body = ";".join(f"{k}={v}" for k, v in parts.items())
            try:
                expanded = rrulestr("RRULE:" + body, dtstart=anchor, forceset=True)
            except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
                raise RepeatRuleError("The repeat rule cannot be read.") from exc
            assert isinstance(expanded, rruleset)
        try:
            for moment in expanded:
                if moment >= before:
                    break
                if moment >= start:
                    keep(moment)
        except ValidationError:
            raise
        except (ValueError, OverflowError):
            # dateutil steps past year 9999 at the far end of a rule: the rest is out of reach
            pass
    return sorted(found)


# -- the common rules by direct arithmetic ----------------------------------------------------
# What calendars write most (every day, weekdays, every week or two on some weekdays, the
# first Monday or the 15th of each month), stepped through directly: dateutil takes ~5 us an
# occurrence and parsing the rule again for every series. The same moments in the same order
# as dateutil's rrule gives for these rules (tests/domain/test_calendar_series_fast.py
# compares the two over thousands of random rules); anything else goes to dateutil.
_SIMPLE_PARTS = frozenset({"FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY", "BYMONTHDAY"})


def _simple(
    freq: str,
    parts: dict[str, str],
    anchor: datetime,
    until: datetime | None,
    before: datetime,
) -> Iterable[datetime] | None:
    """The rule's moments from ``anchor`` on (dateutil's rrule with ``dtstart=anchor``),
    ending before ``before`` is passed, or None when the rule is not one of the simple ones."""
    if freq not in ("DAILY", "WEEKLY", "MONTHLY") or not parts.keys() <= _SIMPLE_PARTS:
        return None
    if anchor.microsecond or anchor.tzinfo is not None or {"COUNT", "UNTIL"} <= parts.keys():
        return None
    interval_text = parts.get("INTERVAL", "1")
    count_text = parts.get("COUNT", "1")
    if not (interval_text.isdigit() and count_text.isdigit() and interval_text.isascii()):
        return None
    interval, count = int(interval_text), (int(count_text) if "COUNT" in parts else None)
    if interval < 1 or (count is not None and count < 1) or not count_text.isascii():
        return None
    if parts.get("WKST", "MO") not in _DAY_CODES:
        return None
    wkst = _DAY_CODES.index(parts.get("WKST", "MO"))
    codes = [c for c in parts["BYDAY"].split(",")] if "BYDAY" in parts else []
    if freq == "MONTHLY":
        if "BYDAY" in parts and "BYMONTHDAY" in parts:
            return None
        if "BYDAY" in parts:
            if len(codes) != 1 or codes[0][-2:] not in _DAY_CODES:
                return None
            number = codes[0][:-2].lstrip("+")
            sign = -1 if number.startswith("-") else 1
            digits = number.removeprefix("-")
            if not (digits.isascii() and digits.isdigit() and 1 <= int(digits) <= 5):
                return None
            return _monthly(
                anchor,
                interval,
                count,
                until,
                before,
                None,
                (_DAY_CODES.index(codes[0][-2:]), sign * int(digits)),
            )
        monthday_text = parts.get("BYMONTHDAY", str(anchor.day))
        if (
            not (monthday_text.isascii() and monthday_text.isdigit())
            or not 1 <= int(monthday_text) <= 31
        ):
            return None
        return _monthly(anchor, interval, count, until, before, int(monthday_text), None)
    if "BYMONTHDAY" in parts or any(c not in _DAY_CODES for c in codes):
        return None
    weekdays = {_DAY_CODES.index(c) for c in codes}
    if freq == "WEEKLY":
        return _weekly(anchor, interval, count, until, before, weekdays or {anchor.weekday()}, wkst)
    return _daily(anchor, interval, count, until, before, weekdays or None)


def _emit(
    days: Iterable[date],
    anchor: datetime,
    count: int | None,
    until: datetime | None,
    before: datetime,
) -> Iterator[datetime]:
    """dateutil's yield loop over candidate days (in order) at the anchor's time of day."""
    clock = anchor.time()
    left = count
    for day in days:
        moment = datetime.combine(day, clock)
        if until is not None and moment > until:
            return
        if moment >= anchor:
            if left is not None:
                left -= 1
                if left < 0:
                    return
            yield moment
        if moment >= before:
            return  # the caller stops at the first moment from ``before`` on


def _daily(
    anchor: datetime,
    interval: int,
    count: int | None,
    until: datetime | None,
    before: datetime,
    weekdays: set[int] | None,
) -> Iterator[datetime]:
    def days() -> Iterator[date]:
        day = anchor.date()
        step = timedelta(days=interval)
        try:
            while True:
                if weekdays is None or day.weekday() in weekdays:
                    yield day
                elif datetime.combine(day, anchor.time()) >= before:
                    return  # a day that does not match, past the window: none will
                day += step
        except OverflowError:
            return  # past year 9999, where dateutil stops too

    return _emit(days(), anchor, count, until, before)


def _weekly(
    anchor: datetime,
    interval: int,
    count: int | None,
    until: datetime | None,
    before: datetime,
    weekdays: set[int],
    wkst: int,
) -> Iterator[datetime]:
    def days() -> Iterator[date]:
        # the weeks start on WKST, every ``interval`` weeks from the anchor's week
        first = anchor.date() - timedelta(days=(anchor.weekday() - wkst) % 7)
        offsets = sorted((w - wkst) % 7 for w in weekdays)
        step = timedelta(weeks=interval)
        week = first
        try:
            while True:
                for offset in offsets:
                    yield week + timedelta(days=offset)
                if datetime.combine(week, anchor.time()) >= before:
                    return
                week += step
        except OverflowError:
            return

    return _emit(days(), anchor, count, until, before)


def _monthly(
    anchor: datetime,
    interval: int,
    count: int | None,
    until: datetime | None,
    before: datetime,
    monthday: int | None,
    nth: tuple[int, int] | None,
) -> Iterator[datetime]:
    def days() -> Iterator[date]:
        month0 = anchor.year * 12 + anchor.month - 1
        while True:
            year, month = divmod(month0, 12)
            if year > 9999:
                return
            first = date(year, month + 1, 1)
            length = calendar.monthrange(year, month + 1)[1]
            if monthday is not None:
                if monthday <= length:
                    yield first.replace(day=monthday)
            else:
                assert nth is not None
                weekday, number = nth
                if number > 0:
                    day = 1 + (weekday - first.weekday()) % 7 + 7 * (number - 1)
                else:
                    last = first.replace(day=length)
                    day = length - (last.weekday() - weekday) % 7 + 7 * (number + 1)
                if 1 <= day <= length:
                    yield first.replace(day=day)
            if datetime.combine(first, anchor.time()) >= before:
                return
            month0 += interval

    return _emit(days(), anchor, count, until, before)


_RANGES = {
    "BYSECOND": (0, 60),
    "BYMINUTE": (0, 59),
    "BYHOUR": (0, 23),
    "BYMONTH": (1, 12),
    "BYMONTHDAY": (-31, 31),
    "BYYEARDAY": (-366, 366),
    "BYWEEKNO": (-53, 53),
    "BYSETPOS": (-366, 366),
}
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _numbers(value: str) -> list[int]:
    try:
        return [int(v) for v in value.split(",") if v.strip()]
    except ValueError as exc:
        raise RepeatRuleError("The repeat rule has a number that cannot be read.") from exc


def _check_parts(freq: str, parts: dict[str, str]) -> None:
    """Refuse values outside RFC 5545's ranges and the combinations that could make dateutil
    search for centuries: BY-parts on rules repeating more often than daily (no calendar
    writes those) and BYSETPOS outside monthly and yearly rules."""
    for name, (low, high) in _RANGES.items():
        if name in parts:
            values = _numbers(parts[name])
            if (
                not values
                or any(v == 0 and name not in ("BYSECOND", "BYMINUTE", "BYHOUR") for v in values)
                or any(not low <= v <= high for v in values)
            ):
                raise RepeatRuleError("The repeat rule has a value out of range.")
    if "BYDAY" in parts:
        for code in parts["BYDAY"].split(","):
            code = code.strip()
            if code[-2:] not in _DAY_CODES:
                raise RepeatRuleError("The repeat rule has a weekday that cannot be read.")
            if code[:-2]:
                _numbers(code[:-2].lstrip("+"))
    if freq in ("SECONDLY", "MINUTELY", "HOURLY") and any(k.startswith("BY") for k in parts):
        raise RepeatRuleError("The repeat rule is too complex for an hourly or finer series.")
    if "BYSETPOS" in parts and freq not in ("MONTHLY", "YEARLY"):
        raise RepeatRuleError("The repeat rule uses positions outside monthly or yearly rules.")


def _may_match(
    freq: str,
    interval: int,
    parts: dict[str, str],
    anchor: datetime,
    after: datetime,
    before: datetime,
) -> bool:
    """Whether some day from ``after`` to ``before`` passes the rule's day filters (a
    necessary condition; ordinal weekdays count as plain ones). Daily and weekly intervals
    are honoured, so "every 7 days on Tuesdays" from a Monday is seen to never match."""
    day_filters = {"BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY"}
    if not day_filters & parts.keys():
        return True
    months = set(_numbers(parts["BYMONTH"])) if "BYMONTH" in parts else None
    monthdays = set(_numbers(parts["BYMONTHDAY"])) if "BYMONTHDAY" in parts else None
    yeardays = set(_numbers(parts["BYYEARDAY"])) if "BYYEARDAY" in parts else None
    weeknos = set(_numbers(parts["BYWEEKNO"])) if "BYWEEKNO" in parts else None
    weekdays = (
        {_DAY_CODES.index(c.strip()[-2:]) for c in parts["BYDAY"].split(",")}
        if "BYDAY" in parts
        else None
    )
    first = max(after.date(), anchor.date()) - timedelta(days=7)
    last = before.date() + timedelta(days=7)
    anchor_week = anchor.date() - timedelta(days=anchor.weekday())
    day = first
    while day <= last:
        off_phase = (freq == "DAILY" and (day - anchor.date()).days % interval) or (
            freq == "WEEKLY" and ((day - anchor_week).days // 7) % interval
        )
        if not off_phase and _day_matches(day, months, monthdays, yeardays, weeknos, weekdays):
            return True
        day += timedelta(days=1)
    return False


def _day_matches(
    day: date,
    months: set[int] | None,
    monthdays: set[int] | None,
    yeardays: set[int] | None,
    weeknos: set[int] | None,
    weekdays: set[int] | None,
) -> bool:
    if months is not None and day.month not in months:
        return False
    if monthdays is not None:
        length = ((day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).day
        if day.day not in monthdays and day.day - length - 1 not in monthdays:
            return False
    if yeardays is not None:
        number = day.timetuple().tm_yday
        length = 366 if (day.year % 4 == 0 and (day.year % 100 or day.year % 400 == 0)) else 365
        if number not in yeardays and number - length - 1 not in yeardays:
            return False
    if weeknos is not None:
        week = day.isocalendar()[1]
        if week not in weeknos and not any(w < 0 for w in weeknos):
            return False
    return weekdays is None or day.weekday() in weekdays


def day_start(day: date) -> datetime:
    """Midnight of ``day`` as naive wall time (the start of an all-day occurrence)."""
    return datetime.combine(day, time(0))
