"""Expanding parsed events into the occurrences inside the window (``reading.py`` cuts and
parses): wall times to instants in the event's zone or the floating one, repeat rules
through ``domain.calendar_series`` (bounded per series), ``RECURRENCE-ID`` overrides and
``RANGE=THISANDFUTURE``, cancelled occurrences, and the stable keys and stored time texts of
each occurrence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from ...domain.calendar_series import TooManyOccurrences, occurrences
from ...domain.errors import ValidationError
from .decoding import (
    SEP,
    DecodedEvent,
    Skip,
    When,
    cancelled,
    decode,
    is_utc,
    moments,
)
from .plain_events import PlainEvent
from .records import (
    BATCH,
    MAX_OCCURRENCES,
    MAX_PER_SERIES,
    CalendarRead,
    Occurrence,
    ReadCancelled,
    SkippedEvent,
)
from .scan import RawEvent


def _to_wall(value: Any, zone: tzinfo | None, floating: tzinfo) -> datetime:
    """An RDATE/EXDATE/RECURRENCE-ID value as naive wall time in the series' zone."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value
        return value.astimezone(zone or floating).replace(tzinfo=None)
    return datetime.combine(value, time(0))


def _instant(wall: datetime, zone: tzinfo | None, floating: tzinfo) -> datetime:
    """Naive wall time in ``zone`` as an aware UTC instant (gaps resolved through UTC)."""
    zone = zone or floating
    if type(zone) is ZoneInfo:
        # what astimezone does, without making the aware wall time first: a ZoneInfo reads
        # the offset from the wall fields (and fold, 0 here) alone, so a gap or a repeated
        # hour resolves the same (tests/services/calendar/test_fast_paths.py, every quarter
        # hour around transitions)
        offset = zone.utcoffset(wall)
        if offset is not None:  # always, for a ZoneInfo
            return (wall - offset).replace(tzinfo=UTC)
    return wall.replace(tzinfo=zone).astimezone(UTC)


def _make(
    ev: DecodedEvent,
    key: str,
    wall: datetime,
    zone: tzinfo | None,
    at: datetime | None,
    tz: tzinfo,
    calendar_tz: tzinfo,
) -> Occurrence:
    """One occurrence of ``ev`` starting at ``wall`` (``at``: ``wall`` in UTC when the
    caller has it already, timed events only)."""
    if ev.start.all_day:
        start = datetime.combine(wall.date(), time(0), tzinfo=tz).astimezone(UTC)
        stop = datetime.combine(
            wall.date() + timedelta(days=max(1, ev.length.days)), time(0), tzinfo=tz
        ).astimezone(UTC)
    else:
        start = at if at is not None else _instant(wall, zone, calendar_tz)
        stop = _instant(wall + ev.length, zone, calendar_tz)
    return Occurrence(
        key,
        ev.uid,
        ev.title,
        start,
        stop,
        ev.start.all_day,
        ev.kind,
        ev.attendees,
        ev.organizer,
    )


def _add(result: CalendarRead, occ: Occurrence, first: datetime, last: datetime) -> None:
    """Keep ``occ`` if it has a length and touches the window ``first``-``last`` (UTC)."""
    if occ.end <= occ.start:
        result.ignored += 1
        return
    if occ.end <= first or occ.start >= last:
        return
    if len(result.occurrences) >= MAX_OCCURRENCES:
        result.truncated = True
        return
    result.occurrences.append(occ)


def expand(
    parsed: list[tuple[RawEvent, Any]],
    result: CalendarRead,
    tz: tzinfo,
    calendar_tz: tzinfo,
    utc_zone: tzinfo | None,
    begin: datetime,
    end: datetime,
    cancel: Callable[[], bool] | None = None,
) -> None:
    # the window in UTC, like every occurrence: aware datetimes in the same zone compare
    # by their fields, in different ones through two offset look-ups each
    first, last = begin.astimezone(UTC), end.astimezone(UTC)
    if len(parsed) == 1 and cancel is None and _lone(parsed[0][1]):
        # one event that neither repeats nor overrides (most of a big calendar): what the
        # general path below does with it, without its sorting and matching
        raw, event = parsed[0]
        decoded = _decoded(result, raw, event, calendar_tz, utc_zone)
        if decoded is None:
            return
        if cancelled(event):
            result.ignored += 1
            return
        try:
            occ = _make(
                decoded, decoded.uid, decoded.start.wall, decoded.start.zone, None, tz, calendar_tz
            )
        except (ValueError, TypeError, OverflowError, AttributeError):
            result.skipped.append(SkippedEvent(raw.position, "has a date LeadDesk cannot use"))
            return
        _add(result, occ, first, last)
        return
    masters: dict[str, list[DecodedEvent]] = {}
    overrides: dict[str, list[DecodedEvent]] = {}
    for raw, event in parsed:
        decoded = _decoded(result, raw, event, calendar_tz, utc_zone)
        if decoded is None:
            continue
        target = overrides if event.get("RECURRENCE-ID") is not None else masters
        target.setdefault(decoded.uid, []).append(decoded)

    def add(occ: Occurrence) -> None:
        _add(result, occ, first, last)

    def make(
        ev: DecodedEvent,
        key: str,
        wall: datetime,
        zone: tzinfo | None,
        at: datetime | None = None,
    ) -> Occurrence:
        return _make(ev, key, wall, zone, at, tz, calendar_tz)

    for count, (uid, group) in enumerate(masters.items()):
        if cancel is not None and count % BATCH == 0 and cancel():
            raise ReadCancelled
        group.sort(key=lambda e: (e.start.wall, e.raw.position))
        for number, ev in enumerate(group, start=1):
            base = uid if number == 1 else f"{uid}{SEP}n={number}"
            own = overrides.pop(uid, []) if number == 1 else []
            try:
                _expand_one(ev, base, own, result, add, make, tz, calendar_tz, begin, end)
            except (TooManyOccurrences, ValidationError) as why:
                result.skipped.append(SkippedEvent(ev.raw.position, _reason(why)))
            except (ValueError, TypeError, OverflowError, AttributeError):
                result.skipped.append(
                    SkippedEvent(ev.raw.position, "has a date LeadDesk cannot use")
                )
    for uid, group in overrides.items():  # exceptions whose series is not in the file
        for ev in group:
            if cancelled(ev.event):
                result.ignored += 1
                continue
            try:
                rid = _to_wall(ev.event.decoded("RECURRENCE-ID"), ev.start.zone, calendar_tz)
                key = f"{uid}{SEP}r={_stamp(rid, ev.start.zone, calendar_tz, ev.start.all_day)}"
                add(make(ev, key, ev.start.wall, ev.start.zone))
            except (ValueError, TypeError, OverflowError, AttributeError, KeyError):
                result.skipped.append(
                    SkippedEvent(ev.raw.position, "has a date LeadDesk cannot use")
                )


def _decoded(
    result: CalendarRead,
    raw: RawEvent,
    event: Any,
    calendar_tz: tzinfo,
    utc_zone: tzinfo | None,
) -> DecodedEvent | None:
    """The event decoded, or None with the reason it is skipped added to ``result``."""
    try:
        return decode(raw, event, calendar_tz, utc_zone)
    except Skip as why:
        result.skipped.append(SkippedEvent(raw.position, str(why)))
    except (ValueError, TypeError, OverflowError, AttributeError, KeyError):
        result.skipped.append(SkippedEvent(raw.position, "has a value that cannot be read"))
    return None


def _lone(event: Any) -> bool:
    """A fast-path event (``plain_events``) that neither repeats nor overrides one."""
    return type(event) is PlainEvent and not (
        "RRULE" in event or "RDATE" in event or "RECURRENCE-ID" in event
    )


def _this_and_future(event: Any) -> bool:
    prop = event.get("RECURRENCE-ID")
    params = getattr(prop, "params", {}) or {}
    return str(params.get("RANGE", "")).strip().upper() == "THISANDFUTURE"


def _wall_in(when: When, zone: tzinfo | None, floating: tzinfo, all_day: bool) -> datetime:
    """An override's start as naive wall time in the series' zone (midnight if all-day)."""
    if all_day or when.all_day:
        return datetime.combine(when.wall.date(), time(0))
    if when.zone is None or when.zone is zone:
        return when.wall
    return _to_wall(when.wall.replace(tzinfo=when.zone), zone, floating)


def _reason(error: Exception) -> str:
    text = str(error).rstrip(".")
    return "was skipped: " + text[0].lower() + text[1:] if text else "could not be read"


def _stamp(wall: datetime, zone: tzinfo | None, floating: tzinfo, all_day: bool) -> str:
    # formatted by hand: strftime imports the time module on every call, and with PySide6
    # loaded every import goes through its import hook (1.8 -> 4.2 us a call measured)
    if all_day:
        return f"{wall.year:04d}{wall.month:02d}{wall.day:02d}"
    return _utc_stamp(_instant(wall, zone, floating))


_STAMP_DAYS: dict[int, str] = {}  # date ordinal -> "YYYYMMDDT" (only added to; any thread)
_STAMP_TIMES: dict[int, str] = {}  # second of the day -> "HHMMSSZ"


def _utc_stamp(at: datetime) -> str:
    """An occurrence's part of its key: its start in UTC, as RECURRENCE-ID writes it
    (``YYYYMMDDTHHMMSSZ``), from the day's and the time's text, each made once."""
    ordinal = at.toordinal()
    day = _STAMP_DAYS.get(ordinal)
    if day is None:
        if len(_STAMP_DAYS) > 50_000:
            _STAMP_DAYS.clear()
        day = _STAMP_DAYS[ordinal] = f"{at.year:04d}{at.month:02d}{at.day:02d}T"
    second = at.hour * 3600 + at.minute * 60 + at.second
    clock = _STAMP_TIMES.get(second)
    if clock is None:
        clock = _STAMP_TIMES[second] = f"{at.hour:02d}{at.minute:02d}{at.second:02d}Z"
    return day + clock


def _expand_one(
    ev: DecodedEvent,
    base: str,
    own: list[DecodedEvent],
    result: CalendarRead,
    add: Callable[[Occurrence], None],
    make: Callable[..., Occurrence],
    tz: tzinfo,
    calendar_tz: tzinfo,
    begin: datetime,
    end: datetime,
) -> None:
    if cancelled(ev.event):
        result.ignored += 1
        return
    zone = ev.start.zone
    rdates = moments(ev.event, "RDATE", calendar_tz, None)
    single = not ev.rules and not rdates
    here = tz if ev.start.all_day else (zone or calendar_tz)
    if single:
        walls = [ev.start.wall]
    else:
        try:
            after = begin.astimezone(here).replace(tzinfo=None) - ev.length - timedelta(days=1)
            before = end.astimezone(here).replace(tzinfo=None) + timedelta(days=1)
        except OverflowError:
            return
        exdates = [
            _to_wall(v, zone, calendar_tz) for v in moments(ev.event, "EXDATE", calendar_tz, None)
        ]
        if ev.start.all_day:
            exdates = [datetime.combine(d.date(), time(0)) for d in exdates]
        walls = occurrences(
            ev.start.wall,
            here,
            ev.rules,
            [_to_wall(v, zone, calendar_tz) for v in rdates],
            exdates,
            after=after,
            before=before,
            limit=MAX_PER_SERIES,
            all_day=ev.start.all_day,
        )
    replaced: dict[str, DecodedEvent] = {}
    # RANGE=THISANDFUTURE: the override's changes hold for its occurrence and every later
    # one (RFC 5545 3.2.13): (the occurrence's wall time, the shift, the override), by time
    future: list[tuple[datetime, timedelta, DecodedEvent]] = []
    for override in own:
        raw_rid = override.event.decoded("RECURRENCE-ID")
        if ev.start.all_day:
            if isinstance(raw_rid, datetime) and raw_rid.tzinfo is not None and is_utc(raw_rid):
                rid_day = raw_rid.astimezone(tz).date()  # UTC midnight of the user's day
            else:
                rid_day = raw_rid.date() if isinstance(raw_rid, datetime) else raw_rid
            replaced[rid_day.strftime("%Y%m%d")] = override
            rid_wall = datetime.combine(rid_day, time(0))
        else:
            rid_wall = _to_wall(raw_rid, zone, calendar_tz)
            replaced[_stamp(rid_wall, zone, calendar_tz, False)] = override
        if _this_and_future(override.event):
            moved = _wall_in(override.start, zone, calendar_tz, ev.start.all_day)
            future.append((rid_wall, moved - rid_wall, override))
    future.sort(key=lambda item: item[0])
    all_day = ev.start.all_day
    for wall in walls:
        at = None  # the occurrence's start in UTC, once worked out for its key
        if single and not replaced:  # one occurrence, nothing to match it with
            stamp, key, replacement = "", base, None
        else:
            if all_day:
                stamp = f"{wall.year:04d}{wall.month:02d}{wall.day:02d}"
            else:
                at = _instant(wall, zone, calendar_tz)
                stamp = _utc_stamp(at)
            key = base if single else f"{base}{SEP}r={stamp}"
            replacement = replaced.pop(stamp, None)
        if replacement is None:
            template = None
            for since, shift, override in future:
                if since >= wall:
                    break
                template = (shift, override)
            if template is None:
                add(make(ev, key, wall, zone, at))
            elif cancelled(template[1].event):
                result.ignored += 1
            else:
                add(make(template[1], key, wall + template[0], zone))
        elif cancelled(replacement.event):
            result.ignored += 1
        else:
            add(make(replacement, key, replacement.start.wall, replacement.start.zone))
    for stamp, override in replaced.items():  # exceptions of occurrences outside the window
        if not cancelled(override.event):
            add(make(override, f"{base}{SEP}r={stamp}", override.start.wall, override.start.zone))
