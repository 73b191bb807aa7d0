"""Decoding one parsed calendar event (``icalendar``'s or the fast path's) into LeadDesk's
terms: when it starts (all-day, zoned or floating), how long it lasts, its title, UID,
repeat rules and who attends. ``reading.py`` cuts, parses and expands; this is the part in
between, one event at a time. An event that cannot be read raises :class:`Skip` with a
reason in plain words (never the file's content).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, NamedTuple

from .plain_events import PlainProp
from .scan import RawEvent

SEP = "|"  # joins a UID with the occurrence ("r=") and duplicate ("n=") parts of a key


class Attendee(NamedTuple):  # immutable; hashed in C (equal lists are shared, below)
    email: str  # lower-case, without "mailto:"
    name: str
    status: str  # PARTSTAT, upper-case ("ACCEPTED", "DECLINED", ... or "")


class Skip(Exception):
    pass


@dataclass(slots=True)
class When:
    """A start or end as the file meant it: all-day date, or wall time in a zone."""

    all_day: bool
    wall: datetime  # naive: midnight for dates
    zone: tzinfo | None  # None: floating


def _when(event: Any, name: str, floating: tzinfo, utc_zone: tzinfo | None) -> When:
    prop = event.get(name)
    if prop is None:
        raise Skip(f"has no {name}")
    try:
        value = getattr(prop, "dt", None)
        params = getattr(prop, "params", {}) or {}
    except Exception:  # icalendar keeps a broken value and raises when it is used
        value, params = None, {}
    if isinstance(value, datetime) and str(params.get("VALUE", "")).upper() == "DATE":
        value = value.date()  # a TZID on a date-only value: still a whole day
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return When(False, value, floating)
        if utc_zone is not None and value.utcoffset() == timedelta(0) and is_utc(value):
            value = value.astimezone(utc_zone)
        return When(False, value.replace(tzinfo=None), value.tzinfo)
    if isinstance(value, date):
        return When(True, datetime.combine(value, time(0)), None)
    raise Skip(f"has a {name} that cannot be read")


def is_utc(value: datetime) -> bool:
    name = str(value.tzinfo)
    return name.upper() in ("UTC", "Z", "ETC/UTC", "GMT") or value.tzinfo is UTC


def _title(event: Any) -> str:
    title = str(event.get("SUMMARY", "") or "").strip()
    return (title.splitlines()[0] if title else "Meeting")[:500] or "Meeting"


def _uid(event: Any) -> str:
    uid = str(event.get("UID", "") or "").strip()
    if uid:
        return uid.replace(SEP, "/")[:400]
    raw = (str(event.get("DTSTART", "")) + str(event.get("SUMMARY", ""))).encode()
    return "nouid-" + hashlib.sha256(raw).hexdigest()[:24]


def cancelled(event: Any) -> bool:
    return str(event.get("STATUS", "") or "").strip().upper() == "CANCELLED"


def _people(event: Any) -> tuple[tuple[Attendee, ...], str]:
    values = event.get("ATTENDEE")
    if values is None:
        values = []
    elif not isinstance(values, list):
        values = [values]
    people = [
        _shared_person(value) if type(value) is PlainProp else _person(value) for value in values
    ]
    organizer = str(event.get("ORGANIZER", "") or "").strip()
    if organizer.lower().startswith("mailto:"):
        organizer = organizer[7:]
    return _shared(tuple(people)), organizer.strip().lower()


def _person(value: Any) -> Attendee:
    params = getattr(value, "params", {}) or {}
    email = str(value).strip()
    if email.lower().startswith("mailto:"):
        email = email[7:]
    return _attendee(
        email.strip().lower(),
        str(params.get("CN", "") or "").strip(),
        str(params.get("PARTSTAT", "") or "").strip().upper(),
    )


# the fast path's attendee lines are shared objects (plain_events._shared_line): each is
# read once (keyed by the object itself; they are never changed)
_shared_person = functools.lru_cache(maxsize=4096)(_person)


# The same people attend many meetings: equal (immutable) attendees and lists are shared,
# so a big calendar keeps a few hundred objects alive instead of thousands (what made the
# garbage collector's full passes, in the running app's large heap, cost ~60 ms a read).
@functools.lru_cache(maxsize=4096)
def _attendee(email: str, name: str, status: str) -> Attendee:
    return Attendee(email, name, status)


@functools.lru_cache(maxsize=4096)
def _shared(people: tuple[Attendee, ...]) -> tuple[Attendee, ...]:
    return people


def moments(event: Any, name: str, floating: tzinfo, utc_zone: tzinfo | None) -> list[Any]:
    """RDATE/EXDATE values (dates, times, or period starts) in file order."""
    values = event.get(name)
    if values is None:
        return []
    out = []
    for entry in values if isinstance(values, list) else [values]:
        for item in getattr(entry, "dts", []):
            value = item.dt
            if isinstance(value, tuple):  # a PERIOD: its start
                value = value[0]
            out.append(value)
    return out


@dataclass(slots=True)
class DecodedEvent:
    raw: RawEvent
    event: Any
    uid: str
    start: When
    length: timedelta  # wall-clock length (days for all-day)
    title: str
    kind: str
    attendees: tuple[Attendee, ...]
    organizer: str
    rules: list[str]


def decode(raw: RawEvent, event: Any, floating: tzinfo, utc_zone: tzinfo | None) -> DecodedEvent:
    start = _when(event, "DTSTART", floating, utc_zone)
    if event.get("DTEND") is not None:
        finish = _when(event, "DTEND", floating, utc_zone)
        if start.all_day:
            length = timedelta(days=max(1, (finish.wall.date() - start.wall.date()).days))
        elif finish.zone is not None and start.zone is not None and finish.zone is not start.zone:
            real_end = finish.wall.replace(tzinfo=finish.zone).astimezone(start.zone)
            length = real_end.replace(tzinfo=None) - start.wall
        else:
            length = finish.wall - start.wall
    elif event.get("DURATION") is not None:
        duration = getattr(event.get("DURATION"), "dt", None)
        if not isinstance(duration, timedelta):
            raise Skip("has a DURATION that cannot be read")
        length = duration
    else:
        length = timedelta(days=1) if start.all_day else timedelta(0)
    if length < timedelta(0):
        raise Skip("ends before it starts")
    rules = []
    values = event.get("RRULE")
    for rule in values if isinstance(values, list) else ([values] if values is not None else []):
        rules.append(rule.to_ical().decode("utf-8", errors="replace"))
    kind = str(event.get("X-LEADDESK-KIND", "") or "").strip().lower()
    attendees, organizer = _people(event)
    return DecodedEvent(
        raw,
        event,
        _uid(event),
        start,
        length,
        _title(event),
        kind,
        attendees,
        organizer,
        rules,
    )
